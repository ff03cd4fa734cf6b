// One place that hides secrets before text leaves sunplan (stderr, progress, logs, reports,
// run_metadata).
//
//   redact_secrets("PG:postgresql://alice:pw@db/plan")  == "PG:postgresql://alice:***@db/plan"
//   redact_secrets("PG:dbname=plan password='a b'")     == "PG:dbname=plan password=***"
//
// Every way a PostgreSQL (libpq) connection can carry a secret is covered: keyword values
// (password, sslpassword, passfile), URI userinfo (scheme://user:secret@host), URI query
// parameters (?password=..., &sslpassword=...), environment-style assignments (PGPASSWORD=...,
// PGPASSFILE=..., PGSERVICEFILE=...) and the service/password file paths libpq quotes in its
// messages (service file "...", password file "..."). A keyword counts only at the start of a
// connection word (after a space, quote, '?', '&', ';' or "PG:"), so a file called
// "/tmp/password=1.gpkg" keeps its name.
#pragma once

#include <string>
#include <string_view>

namespace sunplan {

std::string redact_secrets(std::string_view text);

}  // namespace sunplan
