// redact_secrets: every connection-string form libpq and GDAL accept, worked by hand.
#include "sunplan/core/redact.hpp"

#include <gtest/gtest.h>

namespace sunplan {
namespace {

TEST(Redact, UriUserinfo) {
  EXPECT_EQ(redact_secrets("PG:postgresql://alice:S3cret@db.example/plan"),
            "PG:postgresql://alice:***@db.example/plan");
  EXPECT_EQ(redact_secrets("postgres://u:p%40ss@h:5432/d?sslmode=require"),
            "postgres://u:***@h:5432/d?sslmode=require");
  // No password in the userinfo: nothing to hide, nothing changed.
  EXPECT_EQ(redact_secrets("PG:postgresql://alice@db/plan"), "PG:postgresql://alice@db/plan");
  // Inside an error message, twice.
  EXPECT_EQ(redact_secrets("cannot connect to postgresql://a:x@h/d (was postgresql://b:y@h/d)"),
            "cannot connect to postgresql://a:***@h/d (was postgresql://b:***@h/d)");
}

TEST(Redact, QueryParameters) {
  EXPECT_EQ(redact_secrets("PG:postgresql://alice@h/db?password=S3cret&sslmode=disable"),
            "PG:postgresql://alice@h/db?password=***&sslmode=disable");
  EXPECT_EQ(redact_secrets("PG:postgresql://h/db?sslmode=disable&password=S3cret"),
            "PG:postgresql://h/db?sslmode=disable&password=***");
  EXPECT_EQ(redact_secrets("postgresql://h/db?sslpassword=k"), "postgresql://h/db?sslpassword=***");
}

TEST(Redact, Keywords) {
  EXPECT_EQ(redact_secrets("PG:dbname=plan user=a password=secret host=x"),
            "PG:dbname=plan user=a password=*** host=x");
  EXPECT_EQ(redact_secrets("PG:password=secret dbname=p"), "PG:password=*** dbname=p");
  EXPECT_EQ(redact_secrets("PG:dbname=plan password='s e c'"), "PG:dbname=plan password=***");
  EXPECT_EQ(redact_secrets(R"(PG:dbname=plan password='it\'s' user=u)"),
            "PG:dbname=plan password=*** user=u");
  EXPECT_EQ(redact_secrets("PG:dbname=p PASSWORD = x1"), "PG:dbname=p PASSWORD = ***");
  EXPECT_EQ(redact_secrets("PG:dbname=p sslpassword=k passfile=/home/a/.pgpass"),
            "PG:dbname=p sslpassword=*** passfile=***");
  // In a scenario text the closing quote stays.
  EXPECT_EQ(redact_secrets("source = \"PG:dbname=p password=x1\"\nlayer = \"a\""),
            "source = \"PG:dbname=p password=***\"\nlayer = \"a\"");
  // A file name is not a connection word.
  EXPECT_EQ(redact_secrets("/tmp/password=1.gpkg"), "/tmp/password=1.gpkg");
}

TEST(Redact, EnvironmentAndServiceFiles) {
  EXPECT_EQ(redact_secrets("PGPASSWORD=S3cret sunplan run x.toml"),
            "PGPASSWORD=*** sunplan run x.toml");
  EXPECT_EQ(redact_secrets("export PGPASSFILE=/srv/keys/pgpass"), "export PGPASSFILE=***");
  EXPECT_EQ(redact_secrets("PGSERVICEFILE=/srv/keys/pg_service.conf"), "PGSERVICEFILE=***");
  EXPECT_EQ(
      redact_secrets("PQconnectdb failed.\nservice file \"/srv/keys/pg_service.conf\" not found"),
      "PQconnectdb failed.\nservice file \"***\" not found");
  EXPECT_EQ(redact_secrets("password file \"/root/.pgpass\" has group or world access"),
            "password file \"***\" has group or world access");
}

TEST(Redact, PlainTextUnchanged) {
  const std::string text = "file 'demo.gpkg', layer 'youth', row 3: no geometry";
  EXPECT_EQ(redact_secrets(text), text);
  EXPECT_EQ(redact_secrets(""), "");
}

}  // namespace
}  // namespace sunplan
