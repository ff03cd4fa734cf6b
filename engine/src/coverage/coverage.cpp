#include "sunplan/coverage/coverage.hpp"

namespace sunplan::coverage {

CoverageResult run_coverage(const Dataset& d, const CoverageOptions& options, Progress& progress) {
  CoverageResult r;
  r.radius = base_radii_m(d.bases, d.admin, options.radii);
  r.reach = distance_reach(d.youth.pos, d.bases.pos, r.radius, options.reach, progress);
  r.served =
      assign_served(d.youth.count, r.reach.reach, d.bases.capacity, options.served, progress);
  const UnitFiguresInput in{d.admin, d.youth.count, d.youth.township, d.bases,
                            r.reach, r.served,      r.radius};
  r.figures = unit_figures(in, options.figures, progress);
  r.gaps = rank_gaps(d.admin, r.figures, options.gaps);
  return r;
}

}  // namespace sunplan::coverage
