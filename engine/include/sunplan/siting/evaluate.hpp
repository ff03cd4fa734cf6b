// Exact objective of a given set of new sites, independent of how it was found: every
// solver's reported objective comes from here, so heuristics and the MIP are judged alike.
//
//   std::int64_t covered = covered_weight(instance, spec, sites);
//   double cost = pmedian_cost(instance, spec, sites);
//   std::int64_t served = served_weight(instance, spec, sites);   // max flow under capacity
#pragma once

#include <cstdint>
#include <span>

#include "sunplan/siting/instance.hpp"
#include "sunplan/siting/model.hpp"

namespace sunplan::siting {

std::int64_t covered_weight(const Instance& in, const ModelSpec& spec,
                            std::span<const std::uint32_t> sites);
double pmedian_cost(const Instance& in, const ModelSpec& spec,
                    std::span<const std::uint32_t> sites);
// Youth served under capacity: a max flow from demand through reach edges to open sites.
std::int64_t served_weight(const Instance& in, const ModelSpec& spec,
                           std::span<const std::uint32_t> sites);

}  // namespace sunplan::siting
