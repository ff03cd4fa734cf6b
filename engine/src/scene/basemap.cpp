#include "sunplan/scene/basemap.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <optional>

#include "sunplan/core/error.hpp"
#include "sunplan/geo/chinese_datums.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/io/name_match.hpp"
#include "sunplan/io/raster_reader.hpp"
#include "sunplan/scene/display_crs.hpp"

namespace sunplan::scene {

namespace fs = std::filesystem;

namespace {

constexpr double kWorldM = 2.0 * std::numbers::pi * kEarthRadiusM;
constexpr int kTile = 256;
constexpr int kMaxMosaicPx = 4096;

// Mercator metres -> global pixel position at zoom z (y from the north).
double global_x(double mx, int z) {
  return (mx + kWorldM / 2) / kWorldM * kTile * std::ldexp(1.0, z);
}
double global_y(double my, int z) {
  return (kWorldM / 2 - my) / kWorldM * kTile * std::ldexp(1.0, z);
}

struct ZoomRange {
  int min = 0, max = -1;
};

// An XYZ folder: zoom folders named by integers; the first tile's extension is used.
struct XyzFolder {
  fs::path root;
  ZoomRange zooms;
  std::string ext;
};

std::optional<XyzFolder> open_xyz(const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return std::nullopt;
  XyzFolder f{root, {99, -1}, ""};
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory() || name.empty() || name.size() > 2 ||
        !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    const int z = std::stoi(name);
    f.zooms.min = std::min(f.zooms.min, z);
    f.zooms.max = std::max(f.zooms.max, z);
    if (f.ext.empty())
      for (const auto& x : fs::recursive_directory_iterator(entry.path(), ec))
        if (x.is_regular_file()) {
          f.ext = x.path().extension().string();
          break;
        }
  }
  if (f.zooms.max < 0 || f.ext.empty()) return std::nullopt;
  return f;
}

struct MbTiles {
  io::RasterReader ds;
  double origin_x = 0, origin_y = 0, res = 0;  // of the full-resolution raster, Mercator metres
  ZoomRange zooms;
};

std::optional<MbTiles> open_mbtiles(const std::string& path) {
  io::RasterReader ds(path, "MBTiles");
  if (!ds) return std::nullopt;
  const auto gt = ds.geo_transform();
  if (!gt) return std::nullopt;
  MbTiles m{std::move(ds), 0, 0, 0, {}};
  m.origin_x = (*gt)[0];
  m.origin_y = (*gt)[3];
  m.res = (*gt)[1];
  m.zooms.max = static_cast<int>(std::lround(zoom_for(m.res)));
  m.zooms.min = m.zooms.max - m.ds.overview_count();
  if (const auto minzoom = m.ds.metadata("minzoom"))
    m.zooms.min = std::max(m.zooms.min, std::atoi(minzoom->c_str()));
  return m;
}

// The tiles around [gx0, gx1) × [gy0, gy1) (global pixels at zoom z) as one RGBA mosaic.
struct Mosaic {
  int x0 = 0, y0 = 0, w = 0, h = 0;  // global pixel window
  std::vector<std::uint8_t> rgba;    // alpha 0 where there is no tile
  std::size_t tiles = 0;
};

Mosaic mosaic_xyz(const XyzFolder& f, int z, int x0, int y0, int w, int h) {
  Mosaic m{x0, y0, w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * 4, 0), 0};
  const int n = 1 << z;
  std::vector<std::uint8_t> tile;
  for (int ty = std::max(0, y0 / kTile); ty <= std::min(n - 1, (y0 + h - 1) / kTile); ++ty)
    for (int tx = std::max(0, x0 / kTile); tx <= std::min(n - 1, (x0 + w - 1) / kTile); ++tx) {
      const fs::path p =
          f.root / std::to_string(z) / std::to_string(tx) / (std::to_string(ty) + f.ext);
      std::error_code ec;
      if (!fs::is_regular_file(p, ec)) continue;
      const io::RasterReader ds(p.string());
      if (!ds || ds.width() != kTile || ds.height() != kTile) continue;
      if (!ds.read_rgba(0, 0, kTile, kTile, kTile, kTile, tile)) continue;
      ++m.tiles;
      for (int r = 0; r < kTile; ++r) {
        const int gy = ty * kTile + r - y0;
        if (gy < 0 || gy >= h) continue;
        for (int c = 0; c < kTile; ++c) {
          const int gx = tx * kTile + c - x0;
          if (gx < 0 || gx >= w) continue;
          std::copy_n(&tile[(static_cast<std::size_t>(r) * kTile + c) * 4], 4,
                      &m.rgba[(static_cast<std::size_t>(gy) * w + gx) * 4]);
        }
      }
    }
  return m;
}

Mosaic mosaic_mbtiles(const MbTiles& t, int z, int x0, int y0, int w, int h) {
  Mosaic m{x0, y0, w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * 4, 0), 0};
  // The window in the dataset's full-resolution pixels.
  const double scale = metres_per_pixel(z) / t.res;  // full-resolution pixels per zoom-z pixel
  const double gx_origin = global_x(t.origin_x, z), gy_origin = global_y(t.origin_y, z);
  // Clip the zoom-z window to the dataset.
  const int W = t.ds.width(), H = t.ds.height();
  const int cx0 = std::max(x0, static_cast<int>(std::ceil(gx_origin)));
  const int cy0 = std::max(y0, static_cast<int>(std::ceil(gy_origin)));
  const int cx1 = std::min(x0 + w, static_cast<int>(std::floor(gx_origin + W / scale)));
  const int cy1 = std::min(y0 + h, static_cast<int>(std::floor(gy_origin + H / scale)));
  if (cx1 <= cx0 || cy1 <= cy0) return m;
  const int src_x = static_cast<int>(std::lround((cx0 - gx_origin) * scale));
  const int src_y = static_cast<int>(std::lround((cy0 - gy_origin) * scale));
  const int src_w = std::min(W - src_x, static_cast<int>(std::lround((cx1 - cx0) * scale)));
  const int src_h = std::min(H - src_y, static_cast<int>(std::lround((cy1 - cy0) * scale)));
  std::vector<std::uint8_t> part;
  if (src_w <= 0 || src_h <= 0 ||
      !t.ds.read_rgba(src_x, src_y, src_w, src_h, cx1 - cx0, cy1 - cy0, part))
    return m;
  m.tiles = 1;
  for (int r = 0; r < cy1 - cy0; ++r)
    std::copy_n(&part[static_cast<std::size_t>(r) * (cx1 - cx0) * 4],
                static_cast<std::size_t>(cx1 - cx0) * 4,
                &m.rgba[(static_cast<std::size_t>(r + cy0 - y0) * w + (cx0 - x0)) * 4]);
  return m;
}

std::string zoom_text(const ZoomRange& z) {
  return z.min == z.max ? "zoom " + std::to_string(z.min)
                        : "zoom " + std::to_string(z.min) + "-" + std::to_string(z.max);
}

}  // namespace

bool parse_tile_datum(const std::string& text, TileDatum& out) {
  const std::string t = io::ascii_lower(text);
  if (t == "wgs84" || t == "web" || t == "osm") {
    out = TileDatum::wgs84;
    return true;
  }
  if (t == "gcj02" || t == "gcj-02" || t == "amap" || t == "gaode" || t == "tencent") {
    out = TileDatum::gcj02;
    return true;
  }
  return false;
}

std::string describe_basemap(const BasemapSource& source) {
  if (auto f = open_xyz(source.path)) return "XYZ folder, " + zoom_text(f->zooms);
  if (auto m = open_mbtiles(source.path)) return "MBTiles, " + zoom_text(m->zooms);
  throw InputError("basemap " + source.path +
                   ": neither an MBTiles file nor an XYZ folder of {z}/{x}/{y} tiles");
}

RasterImage render_basemap(const BasemapSource& source, const std::string& crs, const Box& extent,
                           int width, int height) {
  std::optional<XyzFolder> xyz = open_xyz(source.path);
  std::optional<MbTiles> mb;
  if (!xyz) mb = open_mbtiles(source.path);
  if (!xyz && !mb)
    throw InputError("basemap " + source.path +
                     ": neither an MBTiles file nor an XYZ folder of {z}/{x}/{y} tiles");
  RasterImage img;
  img.width = width;
  img.height = height;
  img.rgba.assign(static_cast<std::size_t>(width) * height * 4, 0);
  if (width <= 0 || height <= 0 || extent.empty()) return img;

  // Where each output pixel centre is in the tiles' Mercator metres.
  const std::size_t n = static_cast<std::size_t>(width) * height;
  std::vector<double> x(n), y(n);
  const double dx = (extent.max_x - extent.min_x) / width,
               dy = (extent.max_y - extent.min_y) / height;
  for (int r = 0; r < height; ++r)
    for (int c = 0; c < width; ++c) {
      const std::size_t i = static_cast<std::size_t>(r) * width + c;
      x[i] = extent.min_x + (c + 0.5) * dx;
      y[i] = extent.max_y - (r + 0.5) * dy;
    }
  const bool mercator = crs == "EPSG:3857";
  if (!mercator) geo::Transformer(crs, "EPSG:4326").transform(x, y);
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    if (!mercator && source.datum == TileDatum::wgs84) {
      const Vec2 m = lonlat_to_display({x[i], y[i]});
      x[i] = m.x, y[i] = m.y;
    } else if (source.datum == TileDatum::gcj02) {
      const Vec2 wgs = mercator ? display_to_lonlat({x[i], y[i]}) : Vec2{x[i], y[i]};
      const Vec2 m = lonlat_to_display(geo::wgs84_to_gcj02(wgs));
      x[i] = m.x, y[i] = m.y;
    }
  }
  Box src;
  for (std::size_t i = 0; i < n; ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) src.expand(Vec2{x[i], y[i]});
  if (src.empty()) return img;

  // The zoom whose pixels are closest to the output's, within what the source holds.
  const ZoomRange zooms = xyz ? xyz->zooms : mb->zooms;
  const double out_res =
      std::max((src.max_x - src.min_x) / width, (src.max_y - src.min_y) / height);
  int z = std::clamp(static_cast<int>(std::lround(zoom_for(out_res))), zooms.min, zooms.max);
  auto window = [&](int zz, int& x0, int& y0, int& w, int& h) {
    x0 = static_cast<int>(std::floor(global_x(src.min_x, zz))) - 1;
    y0 = static_cast<int>(std::floor(global_y(src.max_y, zz))) - 1;
    w = static_cast<int>(std::ceil(global_x(src.max_x, zz))) + 2 - x0;
    h = static_cast<int>(std::ceil(global_y(src.min_y, zz))) + 2 - y0;
  };
  int x0 = 0, y0 = 0, w = 0, h = 0;
  window(z, x0, y0, w, h);
  while (z > zooms.min && (w > kMaxMosaicPx || h > kMaxMosaicPx)) window(--z, x0, y0, w, h);
  if (w > kMaxMosaicPx || h > kMaxMosaicPx)
    return img;  // the view is far wider than the tiles allow
  const Mosaic m = xyz ? mosaic_xyz(*xyz, z, x0, y0, w, h) : mosaic_mbtiles(*mb, z, x0, y0, w, h);
  img.zoom = z;
  img.tiles_read = m.tiles;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    const int gx = static_cast<int>(std::floor(global_x(x[i], z))) - m.x0;
    const int gy = static_cast<int>(std::floor(global_y(y[i], z))) - m.y0;
    if (gx < 0 || gy < 0 || gx >= m.w || gy >= m.h) continue;
    std::copy_n(&m.rgba[(static_cast<std::size_t>(gy) * m.w + gx) * 4], 4, &img.rgba[i * 4]);
  }
  return img;
}

}  // namespace sunplan::scene
