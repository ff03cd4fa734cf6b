// Renders the small result under Xvfb and checks pixels at positions projected
// independently (OGR to EPSG:3857, web-map scale by formula).
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <stb_image.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>

#include "temp_dir.hpp"
#include "test_data.hpp"
#include "test_gpkg.hpp"

namespace {

constexpr int kW = 640, kH = 480;
constexpr double kLon = 121.15, kLat = 31.05, kZoom = 11.0;

struct Rgb {
  int r, g, b;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};
std::ostream& operator<<(std::ostream& os, const Rgb& c) {
  return os << "(" << c.r << "," << c.g << "," << c.b << ")";
}

constexpr Rgb kGap{215, 48, 39}, kGood{26, 152, 80}, kNoData{190, 190, 190},
    kBackground{242, 239, 233}, kWarmHome{230, 97, 1};

// `top` drawn at 0.8 opacity over the map background, rounded as the 8-bit framebuffer does.
Rgb at_opacity_08(const Rgb& top) {
  auto blend = [](int t, int under) {
    return static_cast<int>(std::lround(0.8 * t + 0.2 * under));
  };
  return {blend(top.r, kBackground.r), blend(top.g, kBackground.g), blend(top.b, kBackground.b)};
}

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> px;
  Rgb at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * w + x) * 4;
    return {px[i], px[i + 1], px[i + 2]};
  }
};

Image load_png(const std::filesystem::path& p) {
  Image img;
  int n = 0;
  unsigned char* data = stbi_load(p.c_str(), &img.w, &img.h, &n, 4);
  if (!data) return img;
  img.px.assign(data, data + static_cast<std::size_t>(img.w) * img.h * 4);
  stbi_image_free(data);
  return img;
}

// Pixel of a lon/lat in the --view above: OGR projects, the scale is 2*pi*R/256/2^zoom.
std::pair<int, int> pixel_of(double lon, double lat) {
  OGRSpatialReference wgs84, merc;
  wgs84.importFromEPSG(4326);
  merc.importFromEPSG(3857);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  merc.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &merc));
  double x = lon, y = lat, cx = kLon, cy = kLat;
  ct->Transform(1, &x, &y);
  ct->Transform(1, &cx, &cy);
  const double mpp = 2.0 * M_PI * 6378137.0 / 256.0 / std::pow(2.0, kZoom);
  return {static_cast<int>(std::floor(kW / 2.0 + (x - cx) / mpp)),
          static_cast<int>(std::floor(kH / 2.0 - (y - cy) / mpp))};
}

class Screenshot : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists("/usr/bin/xvfb-run"))
      GTEST_SKIP() << "xvfb-run not installed; skipping";
    m_gpkg = sunplan::test::write_small_result(m_tmp.path() / "small.gpkg");
  }

  // Runs the viewer; returns its stdout+stderr and loads the PNG.
  Image shoot(const std::string& name, const std::string& extra, std::string* output = nullptr) {
    const auto png = m_tmp.path() / (name + ".png");
    const auto log = m_tmp.path() / (name + ".log");
    std::ostringstream cmd;
    cmd << "xvfb-run -a -s '-screen 0 1280x800x24' '" << SUNPLAN_VIEWER_EXE << "' '"
        << m_gpkg.string() << "' --screenshot '" << png.string() << "' --size " << kW << "x" << kH
        << " --view " << kLon << "," << kLat << "," << kZoom << " " << extra << " > '"
        << log.string() << "' 2>&1";
    const int rc = std::system(cmd.str().c_str());
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(rc, 0) << cmd.str() << "\n" << text;
    if (output) *output = text;
    Image img = load_png(png);
    EXPECT_EQ(img.w, kW) << text;
    EXPECT_EQ(img.h, kH);
    return img;
  }

  Rgb at_lonlat(const Image& img, double lon, double lat) {
    const auto [x, y] = pixel_of(lon, lat);
    return img.at(x, y);
  }

  sunplan::test::TempDir m_tmp;
  std::filesystem::path m_gpkg;
};

int count_differing(const Image& a, const Image& b, int x0, int y0, int x1, int y1) {
  int n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) n += a.at(x, y) == b.at(x, y) ? 0 : 1;
  return n;
}

TEST_F(Screenshot, ChoroplethColoursAtKnownTownships) {
  const Image img = shoot("choropleth", "--no-labels --lang en");
  ASSERT_FALSE(img.px.empty());
  EXPECT_EQ(at_lonlat(img, 121.02, 31.08), kGap);         // T1, served_rate 0
  EXPECT_EQ(at_lonlat(img, 121.11, 31.02), kGood);        // T2, served_rate 1
  EXPECT_EQ(at_lonlat(img, 121.15, 31.05), kBackground);  // T2's hole
  EXPECT_EQ(at_lonlat(img, 121.28, 31.08), kNoData);      // T3, served_rate NULL
  EXPECT_EQ(at_lonlat(img, 121.40, 31.05), kBackground);  // outside every unit
  EXPECT_EQ(at_lonlat(img, 121.05, 31.05), kWarmHome);    // base B1's symbol centre
}

TEST_F(Screenshot, TogglingTheBasesLayerChangesTheBasePixels) {
  const Image with = shoot("with", "--no-labels --layer townships --layer bases");
  const Image without = shoot("without", "--no-labels --layer townships");
  ASSERT_FALSE(with.px.empty());
  ASSERT_FALSE(without.px.empty());
  EXPECT_EQ(at_lonlat(with, 121.05, 31.05), kWarmHome);
  EXPECT_EQ(at_lonlat(without, 121.05, 31.05), kGap);  // T1 shows through
  const auto [bx, by] = pixel_of(121.15, 31.09);       // B2, a candidate square
  EXPECT_GT(count_differing(with, without, bx - 6, by - 6, bx + 7, by + 7), 60);
  // Away from the bases nothing changed.
  EXPECT_EQ(count_differing(with, without, 0, 0, kW, 100), 0);
}

TEST_F(Screenshot, ChineseLabelsAndLegendRender) {
  std::string log;
  const Image zh = shoot("zh", "--lang zh", &log);
  const Image bare = shoot("bare", "--lang zh --no-labels");
  const Image en = shoot("en", "--lang en");
  ASSERT_FALSE(zh.px.empty());
  EXPECT_NE(log.find("missing glyphs: 0"), std::string::npos) << log;
  // The label 金山测试镇 at T3's centre: text pixels where the plain fill was.
  const auto [x0, y0] = pixel_of(121.20, 31.10);
  const auto [x1, y1] = pixel_of(121.30, 31.00);
  EXPECT_GT(count_differing(zh, bare, x0 + 3, y0 + 3, x1 - 3, y1 - 3), 80);
  // The legend (bottom-left window, drawn over the map): its ramp runs from the gap
  // colour to the good colour (interpolated, so compare within a few levels).
  auto near = [](Rgb a, Rgb b) {
    return std::abs(a.r - b.r) <= 6 && std::abs(a.g - b.g) <= 6 && std::abs(a.b - b.b) <= 6;
  };
  int gap = 0, good = 0;
  for (int y = kH - 200; y < kH; ++y)
    for (int x = 0; x < 240; ++x) {
      gap += near(zh.at(x, y), kGap) ? 1 : 0;
      good += near(zh.at(x, y), kGood) ? 1 : 0;
    }
  EXPECT_GT(gap, 5);
  EXPECT_GT(good, 5);
  const Image no_legend_layer = shoot("hidden", "--lang zh --layer bases");  // nothing to explain
  int gap_hidden = 0;
  for (int y = kH - 200; y < kH; ++y)
    for (int x = 0; x < 240; ++x) gap_hidden += near(no_legend_layer.at(x, y), kGap) ? 1 : 0;
  EXPECT_EQ(gap_hidden, 0);
  // 图例 vs Legend: the legend's text differs between the languages.
  EXPECT_GT(count_differing(zh, en, 0, kH - 150, 300, kH), 30);
  // ... and the map itself does not.
  EXPECT_EQ(count_differing(zh, en, 0, 0, kW, 100), 0);
}

// A scenario TOML opens directly: the viewer runs it in memory (no output written) and
// draws the townships choropleth. Every demo township's interior point (OGR
// PointOnSurface, projected by OGR) is painted, and a point well outside the county is not.
TEST_F(Screenshot, ScenarioTomlRendersTheChoropleth) {
  const auto toml = sunplan::test::source_dir() / "datasets" / "demo" / "scenario.toml";
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open((toml.parent_path() / "demo.gpkg").c_str(),
                                            GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  ASSERT_TRUE(ds);
  OGRLayer* townships = ds->GetLayerByName("townships");
  ASSERT_NE(townships, nullptr);
  OGRSpatialReference merc;
  merc.importFromEPSG(3857);
  merc.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(
      OGRCreateCoordinateTransformation(townships->GetSpatialRef(), &merc));
  std::vector<std::pair<double, double>> inside;  // Web Mercator metres
  double min_x = 1e300, min_y = 1e300, max_x = -1e300, max_y = -1e300;
  for (auto& f : *townships) {
    std::unique_ptr<OGRGeometry> g(f->GetGeometryRef()->clone());
    g->transform(ct.get());
    OGREnvelope e;
    g->getEnvelope(&e);
    min_x = std::min(min_x, e.MinX), min_y = std::min(min_y, e.MinY);
    max_x = std::max(max_x, e.MaxX), max_y = std::max(max_y, e.MaxY);
    OGRGeometryH p = OGR_G_PointOnSurface(OGRGeometry::ToHandle(g.get()));
    ASSERT_NE(p, nullptr);
    inside.emplace_back(OGR_G_GetX(p, 0), OGR_G_GetY(p, 0));
    OGR_G_DestroyGeometry(p);
  }
  ASSERT_GT(inside.size(), 5u);
  // A view with the county in the middle half of the image.
  const double cx = (min_x + max_x) / 2, cy = (min_y + max_y) / 2;
  const double mpp_needed = std::max((max_x - min_x) / (kW / 2.0), (max_y - min_y) / (kH / 2.0));
  const double world_mpp = 2.0 * M_PI * 6378137.0 / 256.0;
  const double zoom = std::floor(std::log2(world_mpp / mpp_needed));
  const double mpp = world_mpp / std::pow(2.0, zoom);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> back(
      OGRCreateCoordinateTransformation(&merc, &wgs84));
  double lon = cx, lat = cy;
  back->Transform(1, &lon, &lat);

  const auto png = m_tmp.path() / "demo.png";
  std::ostringstream cmd;
  cmd.precision(12);
  cmd << "xvfb-run -a -s '-screen 0 1280x800x24' '" << SUNPLAN_VIEWER_EXE << "' '" << toml.string()
      << "' --screenshot '" << png.string() << "' --size " << kW << "x" << kH << " --view " << lon
      << "," << lat << "," << zoom << " --no-labels --layer townships > '"
      << (m_tmp.path() / "demo.log").string() << "' 2>&1";
  ASSERT_EQ(std::system(cmd.str().c_str()), 0) << cmd.str();
  const Image img = load_png(png);
  ASSERT_EQ(img.w, kW);
  auto pixel = [&](double x, double y) {
    return img.at(static_cast<int>(std::floor(kW / 2.0 + (x - cx) / mpp)),
                  static_cast<int>(std::floor(kH / 2.0 - (y - cy) / mpp)));
  };
  int painted = 0;
  for (const auto& [x, y] : inside) painted += pixel(x, y) == kBackground ? 0 : 1;
  EXPECT_EQ(painted, static_cast<int>(inside.size()));
  // Top-right corner: outside the county (it fills at most the middle half).
  EXPECT_EQ(img.at(kW - 5, 5), kBackground);
}

// A youth layer with a dense cluster (3,000 youth within ~10 m of 121.15 E 31.05 N) and 300
// youth scattered over 121.00-121.08 E, drawn as a density surface: the cluster's pixel
// is the ramp's high colour (189,0,38) at the layer's opacity 0.8 over the background, and
// land 20 km from every youth stays background (the ramp is transparent at zero).
TEST_F(Screenshot, DensitySurfacePeaksAtTheClusterAndLeavesEmptyLandBare) {
  GDALAllRegister();
  const auto gpkg = m_tmp.path() / "youth.gpkg";
  {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(drv->Create(gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(ds);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* l = sunplan::test::detail::make_layer(*ds, "youth", wkbPoint, &wgs84, {});
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> jitter(-0.0001, 0.0001), lon(121.0, 121.08),
        lat(31.0, 31.1);
    ASSERT_EQ(l->StartTransaction(), OGRERR_NONE);
    for (int i = 0; i < 3300; ++i) {
      OGRFeature f(l->GetLayerDefn());
      OGRPoint p = i < 3000 ? OGRPoint(121.15 + jitter(rng), 31.05 + jitter(rng))
                            : OGRPoint(lon(rng), lat(rng));
      f.SetGeometry(&p);
      ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
    }
    ASSERT_EQ(l->CommitTransaction(), OGRERR_NONE);
  }
  m_gpkg = gpkg;
  std::string log;
  const Image img = shoot("density", "--no-labels --lang en --density", &log);
  ASSERT_FALSE(img.px.empty());
  const Rgb want = at_opacity_08(Rgb{189, 0, 38});  // the ramp's top colour
  const Rgb got = at_lonlat(img, 121.15, 31.05);
  EXPECT_LE(std::abs(got.r - want.r), 2) << got << " want " << want << "\n" << log;
  EXPECT_LE(std::abs(got.g - want.g), 2) << got << " want " << want;
  EXPECT_LE(std::abs(got.b - want.b), 2) << got << " want " << want;
  EXPECT_EQ(at_lonlat(img, 121.33, 31.12), kBackground);
  // Drawn as points instead, the cluster pixel is the youth symbol colour, not the ramp.
  const Image points = shoot("points", "--no-labels --lang en --points");
  EXPECT_NE(at_lonlat(points, 121.15, 31.05), got);
}

// The thinning key of feature f (splitmix64 of f, high 32 bits; worked independently of
// scene/point_tiles.cpp): a point is in the 1-in-2^m sample iff key < 2^(32-m).
std::uint32_t splitmix_high(std::uint64_t f) {
  std::uint64_t z = f + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<std::uint32_t>((z ^ (z >> 31)) >> 32);
}

// 60,000 youth over the view (about 2.5 symbols per pixel of a 4 px disc, so the view is
// thinned) and two isolated ones: K, whose key puts it in every sample (key < 2^22), and
// T, in none but the full set (key >= 2^31). Drawn as points, K's projected pixel is the
// youth colour and T's is the background; the frame drew fewer symbols than there are.
TEST_F(Screenshot, ThinnedPointsKeepTheSampleAtTheirProjectedPixels) {
  GDALAllRegister();
  const auto gpkg = m_tmp.path() / "youth60k.gpkg";
  constexpr int kCount = 60000;
  int k_index = -1, t_index = -1;
  for (int i = 0; i < kCount && (k_index < 0 || t_index < 0); ++i) {
    const std::uint32_t key = splitmix_high(static_cast<std::uint64_t>(i));
    if (k_index < 0 && key < (1u << 22)) k_index = i;
    if (t_index < 0 && key >= (1u << 31)) t_index = i;
  }
  ASSERT_GE(k_index, 0);
  ASSERT_GE(t_index, 0);
  const double k_lon = kLon - 0.05, t_lon = kLon + 0.05;
  {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(drv->Create(gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(ds);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* l = sunplan::test::detail::make_layer(*ds, "youth", wkbPoint, &wgs84, {});
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> lon(kLon - 0.15, kLon + 0.15),
        lat(kLat - 0.1, kLat + 0.1);
    ASSERT_EQ(l->StartTransaction(), OGRERR_NONE);
    for (int i = 0; i < kCount; ++i) {
      OGRFeature f(l->GetLayerDefn());
      double x = k_lon, y = kLat;
      if (i == t_index) {
        x = t_lon;
      } else if (i != k_index) {
        do {  // keep 0.02° (about 30 px) clear around K and T
          x = lon(rng);
          y = lat(rng);
        } while (std::hypot(x - k_lon, y - kLat) < 0.02 || std::hypot(x - t_lon, y - kLat) < 0.02);
      }
      OGRPoint p(x, y);
      f.SetGeometry(&p);
      ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
    }
    ASSERT_EQ(l->CommitTransaction(), OGRERR_NONE);
  }
  m_gpkg = gpkg;
  std::string log;
  const Image img = shoot("thinned", "--no-labels --lang en --points", &log);
  ASSERT_FALSE(img.px.empty());
  // Above 50,000 points youth defaults to density at opacity 0.8, which --points keeps:
  // the symbol colour (60,60,160) at 0.8 over the background.
  const Rgb youth = at_opacity_08(Rgb{60, 60, 160});
  EXPECT_EQ(at_lonlat(img, k_lon, kLat), youth) << log;
  EXPECT_EQ(at_lonlat(img, t_lon, kLat), kBackground) << log;
  const auto at = log.find("features drawn: ");
  ASSERT_NE(at, std::string::npos) << log;
  const long drawn = std::stol(log.substr(at + 16));
  EXPECT_GT(drawn, 1000) << log;
  EXPECT_LT(drawn, kCount / 2) << log;
}

}  // namespace

// Aggregate privacy mode (#15): the demo scenario drawn with only its youth layer, as points.
// In full mode the youth points paint pixels; with [privacy] mode = "aggregate" the viewer has
// no youth layer to draw (the run's outputs have none either), so the frame is background
// only and no feature is drawn.
TEST_F(Screenshot, AggregateModeDrawsNoYouthPoint) {
  const auto demo = sunplan::test::source_dir() / "datasets" / "demo";
  auto render = [&](const std::string& mode, std::string& log_text) {
    const auto dir = m_tmp.path() / mode;
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(demo / "demo.gpkg", dir / "demo.gpkg");
    std::filesystem::copy_file(demo / "scenario.toml", dir / "scenario.toml");
    std::ofstream(dir / "scenario.toml", std::ios::app)
        << "\n[privacy]\nmode = \"" << mode << "\"\nmin_count = 5\n";
    const auto png = dir / "shot.png";
    const auto log = dir / "shot.log";
    std::ostringstream cmd;
    cmd << "xvfb-run -a -s '-screen 0 1280x800x24' '" << SUNPLAN_VIEWER_EXE << "' '"
        << (dir / "scenario.toml").string() << "' --screenshot '" << png.string() << "' --size "
        << kW << "x" << kH << " --no-labels --lang en --layer youth --points > '" << log.string()
        << "' 2>&1";
    const int rc = std::system(cmd.str().c_str());
    std::ifstream in(log);
    log_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    EXPECT_EQ(rc, 0) << cmd.str() << "\n" << log_text;
    return load_png(png);
  };
  auto painted = [](const Image& img) {
    int n = 0;
    for (int y = 0; y < img.h; ++y)
      for (int x = 0; x < img.w; ++x) n += img.at(x, y) == kBackground ? 0 : 1;
    return n;
  };
  std::string full_log, agg_log;
  const Image full = render("full", full_log);
  const Image agg = render("aggregate", agg_log);
  ASSERT_EQ(full.w, kW) << full_log;
  ASSERT_EQ(agg.w, kW) << agg_log;
  EXPECT_GT(painted(full), 100) << full_log;  // the youth points are there to hide
  EXPECT_EQ(painted(agg), 0) << agg_log;
  EXPECT_NE(agg_log.find("features drawn: 0,"), std::string::npos) << agg_log;
}
