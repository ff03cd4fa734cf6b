#include "sunplan/geo/transformer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "sunplan/core/error.hpp"
#include "sunplan/geo/chinese_datums.hpp"
#include "sunplan/geo/working_crs.hpp"

namespace sunplan::geo {
namespace {

// Runs PROJ's own cs2cs on one line of input and returns the first two numbers it prints.
// cs2cs follows each CRS's authority axis order, so callers pass lat/lon for EPSG:4326/4490
// and read northing/easting for EPSG:4547: that is the point of using it as the oracle.
bool run_cs2cs(const std::string& from, const std::string& to, double a, double b, double& out_a,
               double& out_b) {
  char input[128];
  std::snprintf(input, sizeof input, "%.10f %.10f", a, b);
  // Unquoted: cs2cs wants a PROJ string as separate +key=value arguments after +to.
  const std::string cmd =
      "echo '" + std::string(input) + "' | cs2cs -f %.6f " + from + " +to " + to + " 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return false;
  char line[256] = {0};
  const bool got = std::fgets(line, sizeof line, pipe) != nullptr;
  const int status = pclose(pipe);
  if (!got || status != 0) return false;
  std::istringstream in(line);
  return static_cast<bool>(in >> out_a >> out_b);
}

bool have_cs2cs() {
  return std::system("command -v cs2cs >/dev/null 2>&1") == 0;
}

struct LonLat {
  double lon, lat;
};

TEST(Transformer, Wgs84ToUtm51MatchesCs2cs) {
  if (!have_cs2cs()) GTEST_SKIP() << "cs2cs (proj-bin) not installed";
  const LonLat pts[] = {{121.4737, 31.2304}, {120.5, 30.0}, {122.9, 35.1}, {123.0, 25.5}};
  Transformer t("EPSG:4326", "EPSG:32651");
  for (const LonLat& p : pts) {
    double e = 0, n = 0;
    ASSERT_TRUE(run_cs2cs("EPSG:4326", "EPSG:32651", p.lat, p.lon, e, n));
    double x = p.lon, y = p.lat;
    ASSERT_TRUE(t.transform(x, y));
    EXPECT_NEAR(x, e, 1e-5);
    EXPECT_NEAR(y, n, 1e-5);
  }
}

TEST(Transformer, Cgcs2000ToGaussKruger114MatchesCs2cs) {
  if (!have_cs2cs()) GTEST_SKIP() << "cs2cs (proj-bin) not installed";
  // EPSG:4547 = CGCS2000 / 3-degree Gauss-Kruger CM 114E; its EPSG axes are (N, E).
  const LonLat pts[] = {{114.05, 22.54}, {113.3, 23.1}, {115.2, 24.0}};
  Transformer t("EPSG:4490", "EPSG:4547");
  std::vector<double> xs, ys, want_e, want_n;
  for (const LonLat& p : pts) {
    double n = 0, e = 0;
    ASSERT_TRUE(run_cs2cs("EPSG:4490", "EPSG:4547", p.lat, p.lon, n, e));
    xs.push_back(p.lon);
    ys.push_back(p.lat);
    want_e.push_back(e);
    want_n.push_back(n);
  }
  EXPECT_EQ(t.transform(xs, ys), 0u);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    EXPECT_NEAR(xs[i], want_e[i], 1e-5);  // x is easting whatever EPSG says
    EXPECT_NEAR(ys[i], want_n[i], 1e-5);
  }
  EXPECT_GT(xs[0], 400000.0);  // easting near the 500 km false easting, not a northing
  EXPECT_LT(xs[0], 600000.0);
}

TEST(Transformer, Wgs84ToChinaAlbersMatchesCs2cs) {
  if (!have_cs2cs()) GTEST_SKIP() << "cs2cs (proj-bin) not installed";
  const std::string albers = std::string(kChinaAlbers) + " +type=crs";
  const LonLat pts[] = {{105.0, 35.0}, {87.6, 43.8}, {126.6, 45.75}, {110.3, 20.0}};
  Transformer t("EPSG:4326", kChinaAlbers);
  for (const LonLat& p : pts) {
    double e = 0, n = 0;
    ASSERT_TRUE(run_cs2cs("EPSG:4326", albers, p.lat, p.lon, e, n));
    double x = p.lon, y = p.lat;
    ASSERT_TRUE(t.transform(x, y));
    EXPECT_NEAR(x, e, 1e-5);
    EXPECT_NEAR(y, n, 1e-5);
  }
  // On the central meridian x is 0 by construction of lon_0=105.
  double x = 105.0, y = 35.0;
  ASSERT_TRUE(t.transform(x, y));
  EXPECT_NEAR(x, 0.0, 1e-6);
}

TEST(Transformer, GeographicStaysLonLat) {
  Transformer t("EPSG:4326", "EPSG:4490");
  double x = 121.47, y = 31.23;
  ASSERT_TRUE(t.transform(x, y));
  EXPECT_NEAR(x, 121.47, 1e-6);  // WGS84 and CGCS2000 agree to centimetres
  EXPECT_NEAR(y, 31.23, 1e-6);
}

TEST(Transformer, PseudoCrsGoesThroughWgs84) {
  const Vec2 gcj{121.4737, 31.2304};
  Transformer from_gcj("GCJ-02", "EPSG:32651");
  Transformer from_wgs("EPSG:4326", "EPSG:32651");
  const Vec2 w = gcj02_to_wgs84(gcj);
  double x1 = gcj.x, y1 = gcj.y, x2 = w.x, y2 = w.y;
  ASSERT_TRUE(from_gcj.transform(x1, y1));
  ASSERT_TRUE(from_wgs.transform(x2, y2));
  EXPECT_DOUBLE_EQ(x1, x2);
  EXPECT_DOUBLE_EQ(y1, y2);

  const Vec2 bd = wgs84_to_bd09(w);
  Transformer from_bd("bd09", "EPSG:4326");
  double x3 = bd.x, y3 = bd.y;
  ASSERT_TRUE(from_bd.transform(x3, y3));
  EXPECT_NEAR(x3, w.x, 1e-9);
  EXPECT_NEAR(y3, w.y, 1e-9);

  Transformer to_gcj("EPSG:4326", "GCJ02");
  double x4 = w.x, y4 = w.y;
  ASSERT_TRUE(to_gcj.transform(x4, y4));
  EXPECT_NEAR(x4, gcj.x, 1e-9);
  EXPECT_NEAR(y4, gcj.y, 1e-9);
}

TEST(Transformer, ReportsNonFiniteResults) {
  Transformer t("EPSG:4326", "EPSG:32651");
  std::vector<double> x{121.0, std::numeric_limits<double>::quiet_NaN(), 121.5};
  std::vector<double> y{31.0, 31.0, std::numeric_limits<double>::infinity()};
  EXPECT_EQ(t.transform(x, y), 2u);
  EXPECT_TRUE(std::isfinite(x[0]) && std::isfinite(y[0]));
  EXPECT_FALSE(std::isfinite(x[1]) && std::isfinite(y[1]));
}

TEST(Transformer, CloneGivesSameNumbers) {
  Transformer t("EPSG:4326", "EPSG:32650");
  Transformer c = t.clone();
  double x1 = 116.4, y1 = 39.9, x2 = 116.4, y2 = 39.9;
  ASSERT_TRUE(t.transform(x1, y1));
  ASSERT_TRUE(c.transform(x2, y2));
  EXPECT_EQ(x1, x2);
  EXPECT_EQ(y1, y2);
}

TEST(Transformer, BadCrsIsInputError) {
  EXPECT_THROW(Transformer("EPSG:4326", "EPSG:999999"), InputError);
  EXPECT_THROW(Transformer("not a crs", "EPSG:4326"), InputError);
  EXPECT_THROW(describe_crs("nonsense"), InputError);
}

TEST(Transformer, DescribeCrs) {
  const CrsInfo utm = describe_crs("EPSG:32651");
  EXPECT_TRUE(utm.is_projected);
  EXPECT_TRUE(utm.is_metric);
  EXPECT_EQ(utm.name, "WGS 84 / UTM zone 51N");
  const CrsInfo geo = describe_crs("EPSG:4490");
  EXPECT_TRUE(geo.is_geographic);
  EXPECT_FALSE(geo.is_projected);
  EXPECT_TRUE(describe_crs(kChinaAlbers).is_metric);
  // EPSG:2263 is NAD83 / New York Long Island in US survey feet.
  const CrsInfo feet = describe_crs("EPSG:2263");
  EXPECT_TRUE(feet.is_projected);
  EXPECT_FALSE(feet.is_metric);
  EXPECT_TRUE(is_gcj02_name("gcj-02"));
  EXPECT_TRUE(is_bd09_name("BD09"));
  EXPECT_FALSE(is_bd09_name("EPSG:4326"));
}

}  // namespace
}  // namespace sunplan::geo
