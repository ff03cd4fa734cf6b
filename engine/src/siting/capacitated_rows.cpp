#include "capacitated_rows.hpp"

#include <algorithm>

#include "cover_reduction.hpp"

namespace sunplan::siting::detail {

CapacitatedRows capacitated_rows(const Instance& in, const ModelSpec& spec) {
  Rows rows;
  for (std::size_t i = 0; i < in.demand_count(); ++i) {
    const auto w = spec.weight_of(i, in.weight);
    if (w == 0) continue;
    const auto first = static_cast<std::ptrdiff_t>(rows.facility.size());
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
      if (in.reach.cost[e] <= spec.cover_limit) rows.facility.push_back(in.reach.facility[e]);
    // Sorted and unique: merging compares rows, and a facility twice would count youth twice.
    std::sort(rows.facility.begin() + first, rows.facility.end());
    rows.facility.erase(std::unique(rows.facility.begin() + first, rows.facility.end()),
                        rows.facility.end());
    if (rows.facility.size() == static_cast<std::size_t>(first)) continue;  // never served
    rows.offsets.push_back(rows.facility.size());
    rows.weight.push_back(w);
  }
  rows = merge_identical(rows);
  CapacitatedRows m;
  const auto f = in.facility_count();
  m.capacity.assign(f, 0);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (auto e = rows.offsets[r]; e < rows.offsets[r + 1]; ++e)
      m.capacity[rows.facility[e]] += static_cast<double>(rows.weight[r]);
  for (std::size_t j = 0; j < f; ++j)
    m.capacity[j] = std::min(m.capacity[j], static_cast<double>(in.facility_capacity(j)));
  m.weight.assign(rows.weight.begin(), rows.weight.end());
  m.cols = transpose(rows.offsets, rows.facility, f);
  m.row_offsets = std::move(rows.offsets);
  m.row_facility = std::move(rows.facility);
  return m;
}

}  // namespace sunplan::siting::detail
