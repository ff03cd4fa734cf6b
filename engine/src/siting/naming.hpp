// The order to name a chosen set of new sites in, and what each adds, for any model:
// greedy over the set (covering and p-median on their unreduced models; capacitated covering
// by the max flow of each prefix). Internal to siting.
#pragma once

#include <cstdint>
#include <span>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/instance.hpp"
#include "sunplan/siting/model.hpp"
#include "sunplan/siting/result.hpp"

namespace sunplan::siting::detail {

// Sets r.opened (naming order) and r.marginal_gain: youth newly in reach (covering), youth
// newly served (capacitated) or the cost change (p-median, negative for a saving).
void name_in_order(const Instance& in, const ModelSpec& spec, std::span<const std::uint32_t> sites,
                   SitingResult& r, Progress& progress);

}  // namespace sunplan::siting::detail
