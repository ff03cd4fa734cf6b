#include "per_youth_layers.hpp"

#include "network_stage.hpp"
#include "sunplan/core/error.hpp"

namespace sunplan {

OutputLayer deferred_layer(const std::string& name) {
  OutputLayer l(name, GeometryKind::none);
  l.deferred = true;
  return l;
}

OutputLayer build_deferred_layer(const std::string& name, const RunResult& r,
                                 const PrivacyOptions& privacy) {
  const Dataset& d = r.load.dataset;
  const YouthIds ids{d, !privacy.keep_youth_ids};
  if (name == "youth") {
    if (!r.network) return coverage_youth_layer(d, r.coverage, nullptr, ids);
    const Routable routable = routable_of(*r.network);
    return coverage_youth_layer(d, r.coverage, &routable, ids);
  }
  if (name == "assignments") return coverage_assignments_layer(d, r.coverage, ids);
  if (r.pairing && name == "pairings") return pairing_lines_layer(d, *r.pairing, ids);
  if (r.pairing && name == "youth_pairing") return pairing_youth_layer(d, *r.pairing, ids);
  if (r.pairing && r.pairing->relay && name == "relay")
    return pairing_relay_layer(d, *r.pairing, ids);
  throw Error(ExitCode::failure, "internal: no per-youth layer '" + name + "' in this run");
}

}  // namespace sunplan
