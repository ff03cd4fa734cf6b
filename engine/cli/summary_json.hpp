// The JSON summaries `sunplan run`, `site` and `pair` print: one builder per stage, so `run
// --json` holds the same siting, pairing and targets summaries as `site --json` and `pair
// --json`, and every coverage figure names the standard it was measured against.
#pragma once

#include <nlohmann/json.hpp>

#include "sunplan/pipeline/coverage_standard.hpp"
#include "sunplan/pipeline/run.hpp"

namespace sunplan::cli {

nlohmann::json standard_json(const CoverageStandard& s);
// Siting: model, the plan, its bound, the objective's standard and the figures before and
// after (with theirs). Requires run.siting.
nlohmann::json siting_json(const RunResult& run);
// Pairing (and the relay when planned). Requires run.pairing.
nlohmann::json pairing_json(const RunResult& run);
// Progress against the targets. Requires run.pairing.
nlohmann::json targets_json(const RunResult& run);

}  // namespace sunplan::cli
