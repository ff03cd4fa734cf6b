#include "per_youth_layers.hpp"

#include <future>
#include <optional>

#include "network_stage.hpp"
#include "sunplan/core/error.hpp"

namespace sunplan {

OutputLayer deferred_layer(const std::string& name) {
  OutputLayer l(name, GeometryKind::none);
  l.deferred = true;
  return l;
}

namespace {

// Part `rows` of the per-youth layer `name`.
OutputLayer build_part(const std::string& name, const RunResult& r, const YouthIds& ids,
                       const Routable* routable, RowRange rows) {
  const Dataset& d = r.load.dataset;
  if (name == "youth") return coverage_youth_layer(d, r.coverage, routable, ids, rows);
  if (name == "assignments") return coverage_assignments_layer(d, r.coverage, ids, rows);
  if (r.pairing && name == "pairings") return pairing_lines_layer(d, *r.pairing, ids, rows);
  if (r.pairing && name == "youth_pairing") return pairing_youth_layer(d, *r.pairing, ids, rows);
  if (r.pairing && r.pairing->relay && name == "relay")
    return pairing_relay_layer(d, *r.pairing, ids, rows);
  throw Error(ExitCode::failure, "internal: no per-youth layer '" + name + "' in this run");
}

}  // namespace

void write_deferred_layer(ResultWriter& out, const std::string& name, const RunResult& r,
                          const PrivacyOptions& privacy, const std::atomic<bool>* stop,
                          std::size_t part_rows) {
  const Dataset& d = r.load.dataset;
  const YouthIds ids{d, !privacy.keep_youth_ids};
  std::optional<Routable> routable;
  if (name == "youth" && r.network) routable = routable_of(*r.network);
  const std::size_t n = name == "relay" && r.pairing && r.pairing->relay
                            ? r.pairing->relay->handovers.size()
                            : d.youth.size();
  auto build = [&, rt = routable ? &*routable : nullptr](std::size_t begin) {
    return build_part(name, r, ids, rt, {begin, begin + part_rows});
  };
  // Each part is built on a second thread while the one before is written: building the rows
  // (ids, codes, variants) is about half the work, and the writing thread is one core.
  std::future<OutputLayer> next = std::async(std::launch::async, build, std::size_t{0});
  for (std::size_t begin = 0; begin == 0 || begin < n; begin += part_rows) {
    OutputLayer part = next.get();
    if (begin + part_rows < n) next = std::async(std::launch::async, build, begin + part_rows);
    if (stop && *stop) break;  // the run ended early: its output is discarded
    if (begin == 0)
      out.write(part);
    else
      out.append(part);
  }
  if (next.valid()) next.wait();  // the builder reads `routable`, which ends here
}

}  // namespace sunplan
