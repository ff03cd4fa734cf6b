// Internal: the teams a demand group can reach, enumerated on demand instead of stored, so
// the sparse assignment (sparse_assignment.hpp) never holds every (location, team) pair.
//
//   DistanceCandidates src(group_pos, ranked_team_pos, active, max_distance_m);
//   std::vector<Candidate> c;
//   src.in_reach(g, 1200.0, c);   // every team in reach of group g costing <= 1200 m
//
// Two sources: straight-line distance over an R-tree of team positions (the reach rule is
// coverage::distance_reach's: double distance <= limit, cost = float(distance)), and rows of
// an already materialised ReachMatrix (network mode, where the travel matrix bounds memory).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/reach.hpp"

namespace sunplan::pairing::detail {

struct Candidate {
  float cost;          // metres or the matrix's unit, as the ReachMatrix would hold it
  std::uint32_t team;  // team rank
};

class CandidateSource {
 public:
  virtual ~CandidateSource() = default;
  virtual std::size_t size() const = 0;  // demand groups
  // Appends every team in reach of group g whose cost is <= bound (unsorted). A bound of
  // +infinity gives the whole reach row. Safe to call from several threads at once.
  virtual void in_reach(std::uint32_t g, double bound, std::vector<Candidate>& out) const = 0;
};

class DistanceCandidates final : public CandidateSource {
 public:
  // team_pos by rank; active: per rank, 0 = never in reach (empty = all teams).
  DistanceCandidates(const PointSet& group_pos, const PointSet& team_pos,
                     std::span<const std::uint8_t> active, double max_distance_m);
  ~DistanceCandidates() override;
  std::size_t size() const override { return m_group_pos.size(); }
  void in_reach(std::uint32_t g, double bound, std::vector<Candidate>& out) const override;

 private:
  struct Tree;
  const PointSet& m_group_pos;
  const PointSet& m_team_pos;
  double m_max_distance_m;
  std::unique_ptr<Tree> m_tree;
};

class MatrixCandidates final : public CandidateSource {
 public:
  explicit MatrixCandidates(const ReachMatrix& rows) : m_rows(rows) {}
  std::size_t size() const override { return m_rows.demand_count(); }
  void in_reach(std::uint32_t g, double bound, std::vector<Candidate>& out) const override;

 private:
  const ReachMatrix& m_rows;  // rows sorted by cost, facilities = team ranks
};

}  // namespace sunplan::pairing::detail
