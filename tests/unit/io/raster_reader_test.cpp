// io::RasterReader on a 2 x 2 grey PGM written here byte by byte: grey g reads as RGBA
// (g, g, g, 255); a PGM has no georeferencing and no overviews.
#include "sunplan/io/raster_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace sunplan::io;

namespace {

std::string grey_pgm() {
  const fs::path p =
      fs::temp_directory_path() / ("sunplan_raster_reader_" + std::to_string(::getpid()) + ".pgm");
  std::ofstream out(p, std::ios::binary);
  out << "P5\n2 2\n255\n";
  const unsigned char pixels[] = {0, 100, 200, 255};
  out.write(reinterpret_cast<const char*>(pixels), sizeof pixels);
  return p.string();
}

}  // namespace

TEST(RasterReader, GreyReadsAsOpaqueRgba) {
  const std::string path = grey_pgm();
  const RasterReader r(path);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.width(), 2);
  EXPECT_EQ(r.height(), 2);
  EXPECT_FALSE(r.geo_transform().has_value());
  EXPECT_EQ(r.overview_count(), 0);
  EXPECT_FALSE(r.metadata("minzoom").has_value());
  std::vector<std::uint8_t> rgba;
  ASSERT_TRUE(r.read_rgba(0, 0, 2, 2, 2, 2, rgba));
  EXPECT_EQ(rgba, (std::vector<std::uint8_t>{0, 0, 0, 255, 100, 100, 100, 255, 200, 200, 200, 255,
                                             255, 255, 255, 255}));
  ASSERT_TRUE(r.read_rgba(1, 1, 1, 1, 1, 1, rgba));  // the window at (1, 1)
  EXPECT_EQ(rgba, (std::vector<std::uint8_t>{255, 255, 255, 255}));
  fs::remove(path);
}

TEST(RasterReader, OnlyTheNamedDriverOpens) {
  const std::string path = grey_pgm();
  EXPECT_FALSE(RasterReader(path, "MBTiles"));
  EXPECT_TRUE(RasterReader(path, "PNM"));
  EXPECT_FALSE(RasterReader(path + ".missing"));
  fs::remove(path);
}
