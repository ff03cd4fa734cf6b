#include "sunplan/monitor/trajectory.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace sunplan::monitor {

std::string_view to_string(Outlook o) {
  switch (o) {
    case Outlook::reached:
      return "reached";
    case Outlook::on_track:
      return "on track";
    case Outlook::off_track:
      return "off track";
    case Outlook::never:
      return "never at this pace";
    case Outlook::unknown:
      return "unknown";
  }
  return "unknown";
}

Projection project(std::span<const SeriesPoint> series, double target, std::int32_t deadline,
                   int pace_runs) {
  std::vector<SeriesPoint> s;
  for (const SeriesPoint& p : series)
    if (p.day != kNoDate && std::isfinite(p.value)) s.push_back(p);
  // Stable: two runs on one day keep the order they were recorded in (the later one last).
  std::stable_sort(s.begin(), s.end(),
                   [](const SeriesPoint& a, const SeriesPoint& b) { return a.day < b.day; });
  Projection out;
  out.pace_per_day = std::numeric_limits<double>::quiet_NaN();
  if (s.empty()) return out;

  // A tolerance of a rounding error, so that 0.7 computed as 2310/3300 counts as met.
  constexpr double kEps = 1e-9;
  if (s.back().value >= target - kEps) {
    std::size_t first = s.size() - 1;
    while (first > 0 && s[first - 1].value >= target - kEps) --first;
    out.outlook = Outlook::reached;
    out.day = s[first].day;
    return out;
  }

  const std::size_t n = std::min(s.size(), static_cast<std::size_t>(std::max(pace_runs, 2)));
  const std::span<const SeriesPoint> last(s.data() + (s.size() - n), n);
  out.runs_used = static_cast<int>(n);
  // Days relative to the latest run keep the sums small and exact for whole days.
  const double origin = last.back().day;
  double mx = 0, my = 0;
  for (const SeriesPoint& p : last) {
    mx += p.day - origin;
    my += p.value;
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0;
  for (const SeriesPoint& p : last) {
    const double dx = p.day - origin - mx;
    sxx += dx * dx;
    sxy += dx * (p.value - my);
  }
  if (sxx <= 0) return out;  // every point on one day: no pace to speak of
  const double slope = sxy / sxx;
  out.pace_per_day = slope;
  if (!(slope > 0)) {
    out.outlook = Outlook::never;
    return out;
  }
  // Where the line meets the target; the small tolerance keeps 90.0000000001 days at 90.
  const double x = mx + (target - my) / slope;
  const double day = std::ceil(x - 1e-6);
  const double latest = 0.0;
  const double limit = static_cast<double>(std::numeric_limits<std::int32_t>::max()) - origin;
  if (day > limit) {
    // Farther than any date we can write: as good as never, but say the pace is positive.
    out.outlook = Outlook::off_track;
    out.day = kNoDate;
    return out;
  }
  out.day = static_cast<std::int32_t>(origin + std::max(day, latest));
  out.outlook =
      (deadline == kNoDate || out.day <= deadline) ? Outlook::on_track : Outlook::off_track;
  return out;
}

}  // namespace sunplan::monitor
