#include "flow_components.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/union_find.hpp"
#include "sunplan/coverage/served_assignment.hpp"

namespace sunplan::pairing::detail {
namespace {

struct FlowPart {
  std::vector<std::uint32_t> demand;      // global demand indexes, ascending
  std::vector<std::uint32_t> facilities;  // global facility indexes, ascending
  coverage::ServedAssignment result;
};

// 1. Facilities joined by a demand point that reaches both belong to one part. Parts are
// numbered by their first demand point: a function of the data alone.
std::vector<FlowPart> split_flow_parts(std::span<const std::int32_t> count,
                                       const ReachMatrix& reach, std::size_t facility_count) {
  const std::size_t n = count.size();
  UnionFind uf(facility_count);
  for (std::size_t i = 0; i < n; ++i) {
    if (count[i] <= 0 || reach.row_size(i) < 2) continue;
    const std::uint32_t first = reach.facility[reach.offsets[i]];
    for (auto k = reach.offsets[i] + 1; k < reach.offsets[i + 1]; ++k)
      uf.unite(first, reach.facility[k]);
  }
  std::vector<std::int32_t> part_of_root(facility_count, kNone);
  std::vector<FlowPart> parts;
  for (std::size_t i = 0; i < n; ++i) {
    if (count[i] <= 0 || reach.row_size(i) == 0) continue;
    const std::uint32_t root = uf.find(reach.facility[reach.offsets[i]]);
    if (part_of_root[root] == kNone) {
      part_of_root[root] = static_cast<std::int32_t>(parts.size());
      parts.emplace_back();
    }
    parts[static_cast<std::size_t>(part_of_root[root])].demand.push_back(
        static_cast<std::uint32_t>(i));
  }
  for (std::size_t f = 0; f < facility_count; ++f) {
    const std::int32_t p = part_of_root[uf.find(static_cast<std::uint32_t>(f))];
    if (p != kNone)
      parts[static_cast<std::size_t>(p)].facilities.push_back(static_cast<std::uint32_t>(f));
  }
  return parts;
}

// One part as its own served assignment, in part-local indexes.
void solve_flow_part(FlowPart& part, std::span<const std::int32_t> count, const ReachMatrix& reach,
                     std::span<const std::int32_t> capacity,
                     const coverage::ServedOptions& served_options) {
  ReachMatrix sub;
  sub.offsets.reserve(part.demand.size() + 1);
  std::vector<std::int32_t> sub_count;
  sub_count.reserve(part.demand.size());
  std::vector<std::int32_t> sub_capacity;
  sub_capacity.reserve(part.facilities.size());
  for (std::uint32_t f : part.facilities) sub_capacity.push_back(capacity[f]);
  for (std::uint32_t i : part.demand) {
    sub_count.push_back(count[i]);
    for (auto k = reach.offsets[i]; k < reach.offsets[i + 1]; ++k) {
      // Facilities ascend within the part, so local indexes keep the row order.
      const auto it =
          std::lower_bound(part.facilities.begin(), part.facilities.end(), reach.facility[k]);
      sub.facility.push_back(static_cast<std::uint32_t>(it - part.facilities.begin()));
      sub.cost.push_back(reach.cost[k]);
    }
    sub.offsets.push_back(sub.facility.size());
  }
  NullProgress quiet;
  part.result = coverage::assign_served(sub_count, sub, sub_capacity, served_options, quiet);
}

// 2. Solve the parts in batches; progress and cancellation between batches (the callback is
// not called from worker threads).
void solve_flow_parts(std::vector<FlowPart>& parts, std::span<const std::int32_t> count,
                      const ReachMatrix& reach, std::span<const std::int32_t> capacity,
                      double cost_unit, Progress& progress, std::string_view stage) {
  std::vector<std::size_t> entries_of(parts.size(), 0);
  std::size_t total_entries = 0;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    for (std::uint32_t i : parts[p].demand) entries_of[p] += reach.row_size(i);
    total_entries += entries_of[p];
  }
  const coverage::ServedOptions served_options{cost_unit};
  auto solve = [&](std::size_t p) {
    solve_flow_part(parts[p], count, reach, capacity, served_options);
  };
  const std::size_t batch_entries = std::max<std::size_t>(1, total_entries / 20);
  std::size_t done_entries = 0;
  for (std::size_t begin = 0; begin < parts.size();) {
    std::size_t end = begin, batch = 0;
    while (end < parts.size() && (batch < batch_entries || end == begin))
      batch += entries_of[end++];
    tbb::parallel_for(begin, end, solve);
    done_entries += batch;
    begin = end;
    report_or_cancel(progress,
                     0.05 + 0.9 * static_cast<double>(done_entries) /
                                static_cast<double>(std::max<std::size_t>(total_entries, 1)),
                     stage);
  }
}

// 3. Back to global indexes, demand in input order; each flow's cost from the point's row.
ComponentFlows gather_flow_parts(const std::vector<FlowPart>& parts, std::size_t n,
                                 const ReachMatrix& reach, std::size_t facility_count) {
  ComponentFlows out;
  out.components = parts.size();
  out.served.assign(n, 0);
  out.load.assign(facility_count, 0);
  std::vector<std::uint32_t> part_of(n, UINT32_MAX), local_of(n, 0);
  for (std::size_t p = 0; p < parts.size(); ++p)
    for (std::size_t l = 0; l < parts[p].demand.size(); ++l) {
      part_of[parts[p].demand[l]] = static_cast<std::uint32_t>(p);
      local_of[parts[p].demand[l]] = static_cast<std::uint32_t>(l);
    }
  out.offsets.reserve(n + 1);
  out.offsets.push_back(0);
  for (std::size_t i = 0; i < n; ++i) {
    if (part_of[i] != UINT32_MAX) {
      const FlowPart& part = parts[part_of[i]];
      const coverage::ServedAssignment& s = part.result;
      const std::uint32_t l = local_of[i];
      for (auto k = s.flow_offsets[l]; k < s.flow_offsets[l + 1]; ++k) {
        const std::uint32_t f = part.facilities[s.flow_facility[k]];
        float c = 0.0f;
        for (auto e = reach.offsets[i]; e < reach.offsets[i + 1]; ++e)
          if (reach.facility[e] == f) {
            c = reach.cost[e];
            break;
          }
        out.facility.push_back(f);
        out.count.push_back(s.flow_count[k]);
        out.cost.push_back(c);
        out.served[i] += s.flow_count[k];
        out.load[f] += s.flow_count[k];
      }
    }
    out.offsets.push_back(out.facility.size());
  }
  return out;
}

}  // namespace

ComponentFlows solve_by_components(std::span<const std::int32_t> count, const ReachMatrix& reach,
                                   std::span<const std::int32_t> capacity, double cost_unit,
                                   Progress& progress, std::string_view stage) {
  const std::size_t n = count.size();
  if (reach.demand_count() != n)
    throw std::invalid_argument("solve_by_components: reach matrix and counts differ in size");
  for (std::uint32_t f : reach.facility)
    if (f >= capacity.size())
      throw std::invalid_argument("solve_by_components: facility index beyond capacity list");
  std::vector<FlowPart> parts = split_flow_parts(count, reach, capacity.size());
  report_or_cancel(progress, 0.05, stage);
  solve_flow_parts(parts, count, reach, capacity, cost_unit, progress, stage);
  ComponentFlows out = gather_flow_parts(parts, n, reach, capacity.size());
  report_or_cancel(progress, 1.0, stage);
  return out;
}

}  // namespace sunplan::pairing::detail
