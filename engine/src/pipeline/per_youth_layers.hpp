// The per-youth layers (youth, assignments, pairings, youth_pairing, relay): millions of rows
// each at national size, and most of a run's memory if they were all held before the write.
// A run that writes its results keeps only a placeholder for each (OutputLayer::deferred) and
// builds each one from the run's data when its turn comes to be written, so at most one of them
// is in memory at a time (docs/performance.md). The viewer and compute-only runs build them all
// up front, as before.
#pragma once

#include <string>

#include "result_layers.hpp"
#include "sunplan/pipeline/run.hpp"

namespace sunplan {

// The id a per-youth layer shows for youth point i: the youth's own id, or its pseudonym
// "r<source row>" ([privacy] youth_ids = "pseudonym", the default), which is what apply_privacy
// puts in place of each id in layers built up front (ids are unique after loading).
struct YouthIds {
  const Dataset& d;
  bool pseudonym = false;
  std::string operator()(std::size_t i) const {
    return pseudonym ? "r" + std::to_string(d.youth.source_row[i]) : d.youth.id[i];
  }
};

// A placeholder for the per-youth layer `name`: no fields or rows, deferred = true.
OutputLayer deferred_layer(const std::string& name);

// The per-youth layer `name` of run `r`, built now, with ids as `privacy` publishes them.
OutputLayer build_deferred_layer(const std::string& name, const RunResult& r,
                                 const PrivacyOptions& privacy);

// The builders, one layer each (result_layers.cpp and pairing_stage.cpp).
OutputLayer coverage_youth_layer(const Dataset& d, const coverage::CoverageResult& c,
                                 const Routable* routable, const YouthIds& ids);
OutputLayer coverage_assignments_layer(const Dataset& d, const coverage::CoverageResult& c,
                                       const YouthIds& ids);
OutputLayer pairing_lines_layer(const Dataset& d, const PairingStage& p, const YouthIds& ids);
OutputLayer pairing_youth_layer(const Dataset& d, const PairingStage& p, const YouthIds& ids);
OutputLayer pairing_relay_layer(const Dataset& d, const PairingStage& p, const YouthIds& ids);

}  // namespace sunplan
