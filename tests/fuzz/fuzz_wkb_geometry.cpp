// libFuzzer target: the path from an OGR feature's geometry into engine geometry, as the
// loader walks it: WKB bytes -> OGRGeometryFactory::createFromWkb -> io::to_point /
// io::to_multipolygon -> (finite, in range) geo::make_valid. Checks what the loader relies on:
// rings of at least 4 points, and MakeValid's result is valid.
//
//   build/fuzz/fuzz_wkb_geometry tests/fuzz/corpus/wkb_geometry -max_total_time=30
#include <ogr_geometry.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "ogr_layer.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/geo/geos_ops.hpp"

namespace {

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

// The loader rejects non-finite and out-of-range coordinates before MakeValid; projected
// coordinates of real data stay within 1e7 m.
bool usable(const sunplan::MultiPolygon& mp) {
  for (const auto& p : mp)
    for (const auto& r : p.rings)
      for (const auto& v : r)
        if (!std::isfinite(v.x) || !std::isfinite(v.y) || std::abs(v.x) > 1e7 ||
            std::abs(v.y) > 1e7)
          return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  OGRGeometry* raw = nullptr;
  if (OGRGeometryFactory::createFromWkb(data, nullptr, &raw, size, wkbVariantIso) != OGRERR_NONE)
    return 0;
  std::unique_ptr<OGRGeometry> g(raw);
  std::string reason;
  sunplan::Vec2 pt;
  if (!sunplan::io::to_point(g.get(), pt, reason))
    require(!reason.empty(), "to_point gives a reason");
  (void)sunplan::io::geometry_type_name(g.get());

  sunplan::MultiPolygon mp;
  reason.clear();
  if (!sunplan::io::to_multipolygon(g.get(), mp, reason)) {
    require(!reason.empty(), "to_multipolygon gives a reason");
    require(mp.empty(), "a rejected geometry leaves no polygon");
    return 0;
  }
  require(!mp.empty(), "an accepted geometry has a polygon");
  for (const auto& p : mp) {
    require(!p.rings.empty(), "every polygon has a ring");
    for (const auto& r : p.rings) require(r.size() >= 4, "every ring has at least 4 points");
  }
  if (!usable(mp)) return 0;
  try {
    const auto fixed = sunplan::geo::make_valid(mp);
    if (!fixed.was_valid) require(!fixed.reason.empty(), "MakeValid says why");
    // GEOS 3.11's MakeValid alone can leave a 1e-13 spike (corpus/wkb_geometry/
    // make_valid_invalid_spike); geo::make_valid re-validates, so its result must be valid.
    require(sunplan::geo::is_valid(fixed.geometry), "MakeValid's result is valid");
  } catch (const sunplan::Error& e) {
    // GEOS refusing a geometry is reported as an error, not a crash.
    require(e.code() == sunplan::ExitCode::failure, "GEOS errors are failures");
  }
  return 0;
}
