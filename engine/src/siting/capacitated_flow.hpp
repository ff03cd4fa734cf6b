// Youth served under capacity as a max flow (LEMON's Preflow, Goldberg & Tarjan 1988):
// source -> demand (its weight) -> open facility in reach -> sink (its capacity), internal.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/siting/instance.hpp"
#include "sunplan/siting/model.hpp"

namespace sunplan::siting::detail {

// Facility -> demand within the limit (every facility, existing ones too).
struct Columns {
  std::vector<std::uint64_t> offsets;
  std::vector<std::uint32_t> demand;
  std::span<const std::uint32_t> of(std::size_t j) const {
    return {demand.data() + offsets[j], demand.data() + offsets[j + 1]};
  }
};

Columns columns(const Instance& in, float limit);

struct ServedFlow {
  std::int64_t served = 0;
  std::vector<std::int64_t> per_site;  // flow through each facility
  std::vector<std::int64_t> unserved;  // per demand: weight not served
};

ServedFlow served_flow(const Instance& in, const ModelSpec& spec,
                       std::span<const std::uint32_t> sites);
// The same from columns(in, spec.cover_limit), made once: a search that evaluates many plans
// reads only the open facilities' columns.
ServedFlow served_flow(const Instance& in, const ModelSpec& spec, const Columns& cols,
                       std::span<const std::uint32_t> sites);

}  // namespace sunplan::siting::detail
