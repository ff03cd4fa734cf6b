// Which result layers a run writes (`--layers`, `--skip-layers`, [run] output_layers and
// skip_output_layers): a national run without the per-youth layers writes a fraction of the
// rows (docs/outputs.md, docs/performance.md).
//
//   LayerChoice c = layer_choice(scenario, cli_only, cli_skip);   // UsageError on unknown names
//   if (c.wants("youth")) ...
//
// run_metadata and problems are always written: they say where the result came from and which
// input rows were rejected.
#pragma once

#include <string>
#include <vector>

#include "sunplan/io/scenario.hpp"

namespace sunplan {

struct LayerChoice {
  std::vector<std::string> only;  // empty: every layer the run produces
  std::vector<std::string> skip;  // left out, also from `only`
  bool wants(const std::string& layer) const;
};

// Every result layer a run can write, in the order of docs/outputs.md.
const std::vector<std::string>& result_layer_names();

// The layers with one row per youth point (or per youth and base/team): most of a national
// result's rows.
const std::vector<std::string>& per_youth_layer_names();

// The choice from the command line (`only`, `skip`: --layers, --skip-layers) or, for each one
// not given there, the scenario's [run] output_layers / skip_output_layers. "per_youth" stands
// for per_youth_layer_names(). Throws UsageError naming the flag or key for a name that is no
// result layer or for a layer that is always written. With both lists, the layers of `only`
// that `skip` does not name are written.
LayerChoice layer_choice(const Scenario& scenario, const std::vector<std::string>& only,
                         const std::vector<std::string>& skip);

}  // namespace sunplan
