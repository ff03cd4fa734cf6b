// Reprojection between any two CRSs PROJ knows, plus the GCJ-02 and BD-09 pseudo-CRSs.
//
//   sunplan::geo::Transformer to_utm("EPSG:4326", "EPSG:32651");
//   std::vector<double> x{121.47}, y{31.23};           // lon, lat: always this order
//   std::size_t bad = to_utm.transform(x, y);          // in place; bad = non-finite results
//
// Axis order is fixed here and nowhere else: every CRS is used in traditional GIS order
// (lon/lat, easting/northing) through proj_normalize_for_visualization, whatever its
// EPSG definition says (EPSG:4326 and EPSG:4490 are lat/lon by the book).
//
// "GCJ-02"/"GCJ02" and "BD-09"/"BD09" (any case) are accepted as source or target: they
// go through chinese_datums.hpp to WGS84 and PROJ does the rest.
//
// Threads: a Transformer owns its own PJ_CONTEXT and is NOT thread-safe (PROJ keeps
// per-context state while transforming). Give each thread its own: clone() or construct
// one per thread; both are cheap (milliseconds) next to transforming a layer.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace sunplan::geo {

class Transformer {
 public:
  // Throws sunplan::InputError when PROJ cannot parse either CRS or find an operation.
  Transformer(const std::string& source_crs, const std::string& target_crs);
  ~Transformer();
  Transformer(Transformer&&) noexcept;
  Transformer& operator=(Transformer&&) noexcept;
  Transformer(const Transformer&) = delete;
  Transformer& operator=(const Transformer&) = delete;

  Transformer clone() const { return Transformer(m_source, m_target); }

  // Transforms in place; a point PROJ cannot transform (or a non-finite input) becomes
  // +inf/NaN. Returns how many points are not finite afterwards.
  std::size_t transform(std::vector<double>& x, std::vector<double>& y) const;
  // Single point; returns false when the result is not finite.
  bool transform(double& x, double& y) const;

  const std::string& source() const { return m_source; }
  const std::string& target() const { return m_target; }

 private:
  struct Impl;
  std::string m_source, m_target;
  std::unique_ptr<Impl> m_impl;
};

// What kind of CRS a definition names, for checks such as "the working CRS must be
// projected and metric". Throws sunplan::InputError when PROJ cannot parse it.
struct CrsInfo {
  std::string name;  // PROJ's name for it, e.g. "WGS 84 / UTM zone 51N"
  bool is_geographic = false;
  bool is_projected = false;
  bool is_metric = false;  // both horizontal axes in metres
};
CrsInfo describe_crs(const std::string& definition);

// True for the pseudo-CRS names handled by chinese_datums.hpp.
bool is_gcj02_name(const std::string& crs);
bool is_bd09_name(const std::string& crs);

}  // namespace sunplan::geo
