#include "naming.hpp"

#include <vector>

#include "capacitated_flow.hpp"
#include "sunplan/siting/assign_model.hpp"
#include "sunplan/siting/greedy.hpp"

namespace sunplan::siting::detail {

void name_in_order(const Instance& in, const ModelSpec& spec, std::span<const std::uint32_t> sites,
                   SitingResult& r, Progress& progress) {
  r.opened.clear();
  r.marginal_gain.clear();
  switch (spec.kind) {
    case ModelKind::mclp:
    case ModelKind::lscp: {
      // Unreduced: a dominated site named to fill a quota still covers its own youth here.
      const CoverModel full = make_cover_model(in, {spec.cover_limit, spec.weight, false});
      const auto order = naming_order(covering_model(full), sites, progress);
      r.opened = order.picked;
      r.marginal_gain = order.gain;
      break;
    }
    case ModelKind::pmedian: {
      const auto order = naming_order(pmedian_model(in, spec), sites, progress);
      r.opened = order.picked;
      for (double g : order.gain) r.marginal_gain.push_back(-g);
      break;
    }
    case ModelKind::cmclp: {
      r.opened.assign(sites.begin(), sites.end());
      const Columns cols = columns(in, spec.cover_limit);  // once, not per flow
      std::int64_t before = served_flow(in, spec, cols, {}).served;
      for (std::size_t t = 0; t < sites.size(); ++t) {
        const auto now = served_flow(in, spec, cols, sites.first(t + 1)).served;
        r.marginal_gain.push_back(static_cast<double>(now - before));
        before = now;
      }
      break;
    }
  }
}

}  // namespace sunplan::siting::detail
