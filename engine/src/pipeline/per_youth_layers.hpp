// The per-youth layers (youth, assignments, pairings, youth_pairing, relay): millions of rows
// each at national size, and most of a run's memory if they were all held before the write.
// A run that writes its results keeps only a placeholder for each (OutputLayer::deferred) and
// builds each one from the run's data when its turn comes to be written, so at most one of them
// is in memory at a time (docs/performance.md). The viewer and compute-only runs build them all
// up front, as before.
#pragma once

#include <atomic>
#include <string>

#include "result_layers.hpp"
#include "sunplan/pipeline/layer_choice.hpp"
#include "sunplan/pipeline/run.hpp"

namespace sunplan {

// The id a per-youth layer shows for youth point i: the youth's own id, or its pseudonym
// (youth_pseudonym, [privacy] youth_ids = "pseudonym", the default), which is what
// apply_privacy puts in place of each id in layers built up front (ids are unique after loading).
struct YouthIds {
  const Dataset& d;
  bool pseudonym = false;
  std::string operator()(std::size_t i) const {
    return pseudonym ? youth_pseudonym(d.youth.source_row[i]) : d.youth.id[i];
  }
};

// Rows [begin, end) of what a layer is built from (youth points; the relay's handovers),
// clamped to what there is.
struct RowRange {
  std::size_t begin = 0, end = static_cast<std::size_t>(-1);
  std::size_t last(std::size_t n) const { return end < n ? end : n; }
};

// A placeholder for the per-youth layer `name`: no fields or rows, deferred = true.
OutputLayer deferred_layer(const std::string& name);

// Adds the per-youth layer `name` to a run's layers: built now by `build()` when the run keeps
// its layers in memory (`wanted` is nullptr: the viewer, compute-only runs), a placeholder when
// the run writes its results and `wanted` chooses the layer, nothing otherwise.
template <class Build>
void add_per_youth_layer(std::vector<OutputLayer>& out, const std::string& name,
                         const LayerChoice* wanted, Build&& build) {
  if (!wanted)
    out.push_back(build());
  else if (wanted->wants(name))
    out.push_back(deferred_layer(name));
}

// Writes the per-youth layer `name` of run `r` to `out`, with ids as `privacy` publishes them,
// in parts of `part_rows` youth points (or handovers), each built, written and freed before the
// next: about 30 MB at a time instead of 2 GB for 5 million rows. Returns between two parts
// once `stop` is set (the run ended early; layer_stream.hpp). It reads r's loaded data,
// coverage and network, and for the pairing layers r.pairing.
void write_deferred_layer(ResultWriter& out, const std::string& name, const RunResult& r,
                          const PrivacyOptions& privacy, const std::atomic<bool>* stop = nullptr,
                          std::size_t part_rows = std::size_t{1} << 16);

// The builders, one layer each (result_layers.cpp and pairing_stage.cpp), over `rows`.
OutputLayer coverage_youth_layer(const Dataset& d, const coverage::CoverageResult& c,
                                 const Routable* routable, const YouthIds& ids, RowRange rows = {});
OutputLayer coverage_assignments_layer(const Dataset& d, const coverage::CoverageResult& c,
                                       const YouthIds& ids, RowRange rows = {});
OutputLayer pairing_lines_layer(const Dataset& d, const PairingStage& p, const YouthIds& ids,
                                RowRange rows = {});
OutputLayer pairing_youth_layer(const Dataset& d, const PairingStage& p, const YouthIds& ids,
                                RowRange rows = {});
OutputLayer pairing_relay_layer(const Dataset& d, const PairingStage& p, const YouthIds& ids,
                                RowRange rows = {});

}  // namespace sunplan
