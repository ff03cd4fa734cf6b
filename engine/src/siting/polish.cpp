#include "polish.hpp"

#include <algorithm>

#include "naming.hpp"
#include "sunplan/siting/mip.hpp"

namespace sunplan::siting::detail {

void polish(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
            const std::vector<std::uint8_t>& fixed_out, SitingResult& r, Progress& progress) {
  MipOptions mo;
  mo.time_limit_seconds = options.polish_seconds;
  mo.start = r.opened;
  mo.fixed_out = fixed_out;
  mo.fixed_out_value = r.objective;
  SitingResult e = solve_mip(in, spec, mo, progress);
  const auto fixed = static_cast<std::size_t>(std::count(fixed_out.begin(), fixed_out.end(), 1));
  e.method = "cbc on the reduced model";
  e.bound_method = fixed > 0 ? "cbc on the reduced model, " + std::to_string(fixed) +
                                   " candidates left out by lagrangian reduced costs"
                             : "cbc on the reduced model";
  e.notes.clear();
  for (auto& s : e.stages) s.name = "cbc polish";
  if (e.has_plan) name_in_order(in, spec, e.opened, e, progress);
  adopt_better(r, e);
}

}  // namespace sunplan::siting::detail
