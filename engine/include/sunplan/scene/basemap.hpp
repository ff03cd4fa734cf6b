// A raster background from local map tiles, for the viewer and the atlas.
//
//   scene::BasemapSource tiles{"tiles.mbtiles", scene::TileDatum::gcj02};
//   scene::RasterImage img = scene::render_basemap(tiles, "EPSG:3857", view_box, 1280, 800);
//   // img.rgba: 1280 × 800 × 4 bytes, row 0 at the top (north), alpha 0 where no tile is
//
// Sources: an MBTiles file (GDAL's MBTiles driver) or an XYZ folder of {z}/{x}/{y}.png (or
// .jpg/.jpeg/.webp) tiles, y counted from the north as web maps do. Both are Web Mercator
// tiles of 256 pixels. The image is resampled (nearest tile pixel) onto any north-up grid of
// any CRS PROJ knows, with the tile zoom level chosen to match the grid's resolution.
//
// Chinese web maps (AMap/Gaode, Tencent, Google China) draw their tiles in GCJ-02: a place at
// WGS84 position p appears where the tiles' Mercator puts gcj02(p), some hundreds of metres
// off. With TileDatum::gcj02 each output pixel (a WGS84 position) samples the tiles at
// wgs84_to_gcj02(p) (geo/chinese_datums.hpp), i.e. the tiles are shifted onto the data.
// Baidu's BD-09 tiles use a tiling of their own and are not supported.
//
// Reads through GDAL (this file's header stays GDAL-free, for the viewer). Throws InputError
// naming the path when it is neither an MBTiles file nor a folder of zoom-level folders.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sunplan/core/geometry.hpp"

namespace sunplan::scene {

enum class TileDatum : std::uint8_t { wgs84, gcj02 };
// "wgs84" (also "web", "osm") or "gcj02" (also "gcj-02", "amap", "gaode", "tencent");
// false when unknown.
bool parse_tile_datum(const std::string& text, TileDatum& out);

struct BasemapSource {
  std::string path;
  TileDatum datum = TileDatum::wgs84;
};

struct RasterImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;  // width × height × 4, rows from the top
  int zoom = -1;                   // tile zoom level read (-1: nothing drawn)
  std::size_t tiles_read = 0;
  bool empty() const { return width == 0 || height == 0; }
};

// Checks that `source` opens and says what it holds ("MBTiles, zoom 8-14" / "XYZ folder, zoom
// 10-16"); throws InputError otherwise. Cheap: no tile is decoded.
std::string describe_basemap(const BasemapSource& source);

// The tiles on a north-up grid: pixel (c, r) covers extent.min_x + (c, c + 1) × extent.width
// / width, and rows run from extent.max_y down. `crs`: "EPSG:3857" (the viewer, no PROJ call)
// or any CRS PROJ accepts (the atlas's working CRS).
RasterImage render_basemap(const BasemapSource& source, const std::string& crs, const Box& extent,
                           int width, int height);

}  // namespace sunplan::scene
