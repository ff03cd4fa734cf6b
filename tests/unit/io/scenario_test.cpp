#include "sunplan/io/scenario.hpp"

#include <gtest/gtest.h>

#include "sunplan/core/error.hpp"

namespace sunplan {
namespace {

const char* kMinimal = R"(
[run]
name = "test"
[layers.townships]
source = "units.gpkg"
layer = "township"
[layers.townships.fields]
code = "code9"
[layers.bases]
source = "/abs/bases.csv"
x = "lon"
y = "lat"
[network]
max_snap_m = 1500
cutoffs_min = [15, 30]
)";

TEST(Scenario, ResolvesRelativePathsAgainstTheScenarioFolder) {
  const Scenario sc = parse_scenario(kMinimal, "/data/project/scenario.toml");
  EXPECT_EQ(sc.layer("townships")->source, "/data/project/units.gpkg");
  EXPECT_EQ(sc.layer("bases")->source, "/abs/bases.csv");
  EXPECT_EQ(sc.output, "/data/project/out/scenario.gpkg");
}

TEST(Scenario, FieldMappingDefaultsToTheSunplanName) {
  const Scenario sc = parse_scenario(kMinimal, "/p/s.toml");
  EXPECT_EQ(sc.layer("townships")->field("code"), "code9");
  EXPECT_EQ(sc.layer("townships")->field("name"), "name");  // read only if mapped (load.cpp)
  EXPECT_FALSE(sc.layer("townships")->maps("name"));
  EXPECT_EQ(sc.layer("bases")->x_field, "lon");
}

TEST(Scenario, ParameterSectionsAreReadThroughSettings) {
  const Scenario sc = parse_scenario(kMinimal, "/p/s.toml");
  EXPECT_DOUBLE_EQ(sc.settings.number("network.max_snap_m"), 1500.0);
  EXPECT_EQ(sc.settings.numbers("network.cutoffs_min"), (std::vector<double>{15, 30}));
  EXPECT_NO_THROW(sc.settings.require_all_used({"network"}));
}

TEST(Scenario, UnreadParameterIsReportedAsUnknownKeyWithLine) {
  const Scenario sc = parse_scenario(kMinimal, "/p/s.toml");
  sc.settings.number("network.max_snap_m");
  try {
    sc.settings.require_all_used({"network"});
    FAIL() << "expected an unknown-key error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("network.cutoffs_min (line 15)"), std::string::npos)
        << e.what();
  }
}

TEST(Scenario, WrongTypeNamesKeyAndLine) {
  try {
    parse_scenario("[layers.townships]\nsource='a'\n[siting]\nadd = 'ten'\n", "/p/s.toml");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "/p/s.toml:4: key 'siting.add' must be a whole number");
  }
}

TEST(Scenario, SyntaxErrorGivesLine) {
  try {
    parse_scenario("[layers.townships]\nsource = \n", "/p/s.toml");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/p/s.toml:2:", 0), 0u) << e.what();
    EXPECT_EQ(e.code(), ExitCode::usage);
  }
}

TEST(Scenario, UnknownLayerSectionAndKeyAreErrors) {
  EXPECT_THROW(
      parse_scenario("[layers.townships]\nsource='a'\n[layers.rivers]\nsource='b'\n", "/p/s.toml"),
      UsageError);
  EXPECT_THROW(parse_scenario("[layers.townships]\nsource='a'\nsorce='b'\n", "/p/s.toml"),
               UsageError);
  EXPECT_THROW(parse_scenario("[layers.townships]\nsource='a'\n[siteing]\nadd=1\n", "/p/s.toml"),
               UsageError);
  EXPECT_THROW(parse_scenario("[run]\nname='x'\n", "/p/s.toml"), UsageError);  // no townships
}

TEST(Scenario, PasswordsAreRedacted) {
  EXPECT_EQ(redact_connection("PG:dbname=plan user=a password=secret host=x"),
            "PG:dbname=plan user=a password=*** host=x");
  EXPECT_EQ(redact_connection("PG:dbname=plan password='s e c'"), "PG:dbname=plan password=***");
  EXPECT_EQ(redact_connection("/tmp/password=1.gpkg"), "/tmp/password=1.gpkg");
  // A scenario text: the quoted source keeps its closing quote.
  EXPECT_EQ(redact_passwords("source = \"PG:dbname=p password=x1 user=u\"\nlayer = \"a\""),
            "source = \"PG:dbname=p password=*** user=u\"\nlayer = \"a\"");
  EXPECT_EQ(redact_passwords("source = \"PG:dbname=p password=x1\""),
            "source = \"PG:dbname=p password=***\"");
}

}  // namespace
}  // namespace sunplan
