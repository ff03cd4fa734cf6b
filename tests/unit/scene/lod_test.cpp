// Levels of detail: the chooser's thresholds worked by hand; simplified levels checked by
// brute force against the full geometry (Hausdorff distance within the level's bound) and
// their triangulations against the simplified rings' shoelace area.
#include "sunplan/scene/lod.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "sunplan/scene/scene.hpp"
#include "test_data.hpp"

namespace {

using sunplan::MultiPolygon;
using sunplan::NullProgress;
using sunplan::Polygon;
using sunplan::Ring;
using sunplan::Vec2;
using sunplan::scene::Layer;
using sunplan::scene::LayerKind;
using sunplan::scene::LodLevel;
using sunplan::scene::SceneOptions;

double segment_distance(Vec2 p, Vec2 a, Vec2 b) {
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return sunplan::distance(p, {a.x + t * dx, a.y + t * dy});
}

// Largest distance from a vertex of `from` to the nearest segment of `to`; with both
// directions this is the Hausdorff distance of two polylines up to vertex sampling (exact
// when one is a vertex subset of the other, as Douglas-Peucker output is).
double directed(const std::vector<Ring>& from, const std::vector<Ring>& to) {
  double worst = 0.0;
  for (const Ring& r : from)
    for (Vec2 p : r) {
      double best = std::numeric_limits<double>::infinity();
      for (const Ring& s : to)
        for (std::size_t k = 0; k + 1 < s.size(); ++k)
          best = std::min(best, segment_distance(p, s[k], s[k + 1]));
      worst = std::max(worst, best);
    }
  return worst;
}

std::vector<Ring> rings_of(const MultiPolygon& mp) {
  std::vector<Ring> out;
  for (const Polygon& p : mp)
    for (const Ring& r : p.rings) out.push_back(r);
  return out;
}

std::vector<Ring> level_rings(const LodLevel& lv, std::size_t f) {
  std::vector<Ring> out;
  const auto fp = lv.feature_parts[f];
  for (std::uint32_t k = fp.first; k < fp.first + fp.count; ++k) {
    const auto part = lv.line_parts[k];
    out.emplace_back(lv.line_vertices.begin() + part.first,
                     lv.line_vertices.begin() + part.first + part.count);
  }
  return out;
}

double triangles_area(const LodLevel& lv, std::size_t f) {
  const auto span = lv.fill_index_spans[f];
  double sum = 0.0;
  for (std::uint32_t k = span.first; k < span.first + span.count; k += 3) {
    const Vec2 a = lv.fill_vertices[lv.fill_indices[k]],
               b = lv.fill_vertices[lv.fill_indices[k + 1]],
               c = lv.fill_vertices[lv.fill_indices[k + 2]];
    sum += std::fabs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2.0;
  }
  return sum;
}

// Shell area minus holes, by the shoelace formula on the level's own rings (the first
// ring of each polygon is its shell: level_rings keeps the polygon/ring order).
double rings_area(const std::vector<Ring>& rings, const MultiPolygon& shape_of_original) {
  double sum = 0.0;
  std::size_t k = 0;
  for (const Polygon& p : shape_of_original)
    for (std::size_t r = 0; r < p.rings.size(); ++r, ++k)
      sum += (r == 0 ? 1.0 : -1.0) * std::fabs(sunplan::signed_area(rings[k]));
  return sum;
}

// A wobbly ring: radius_m ± 3% noise, `n` vertices, counter-clockwise and closed.
Ring wobbly(Vec2 c, double radius_m, int n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> noise(-0.03, 0.03);
  Ring r;
  for (int i = 0; i < n; ++i) {
    const double a = 2.0 * std::numbers::pi * i / n;
    const double rr = radius_m * (1.0 + noise(rng));
    r.push_back({c.x + rr * std::cos(a), c.y + rr * std::sin(a)});
  }
  r.push_back(r.front());
  return r;
}

Layer wobbly_layer() {
  std::mt19937_64 rng(42);
  Layer l;
  l.name = "units";
  l.kind = LayerKind::polygon;
  for (int f = 0; f < 12; ++f) {
    const Vec2 c{f * 30000.0, (f % 3) * 30000.0};
    Polygon p;
    p.rings.push_back(wobbly(c, 12000.0, 1500, rng));
    if (f % 2 == 0) {  // a hole, clockwise
      Ring hole = wobbly(c, 4000.0, 400, rng);
      std::reverse(hole.begin(), hole.end());
      p.rings.push_back(hole);
    }
    l.shapes.push_back({p});
  }
  return l;
}

TEST(Lod, ChooserPicksTheCoarsestLevelUnderThePixelError) {
  Layer l;
  l.kind = LayerKind::polygon;
  for (double e : {100.0, 500.0, 2100.0, 8500.0}) {
    LodLevel lv;
    lv.max_error_m = e;
    l.lods.push_back(lv);
  }
  // max error 1 px: level k qualifies when max_error_m <= metres per pixel.
  EXPECT_EQ(sunplan::scene::choose_lod(l, 10.0), 0u);
  EXPECT_EQ(sunplan::scene::choose_lod(l, 99.9), 0u);
  EXPECT_EQ(sunplan::scene::choose_lod(l, 100.0), 1u);
  EXPECT_EQ(sunplan::scene::choose_lod(l, 700.0), 2u);
  EXPECT_EQ(sunplan::scene::choose_lod(l, 2100.0), 3u);
  EXPECT_EQ(sunplan::scene::choose_lod(l, 6000.0), 3u);
  EXPECT_EQ(sunplan::scene::choose_lod(l, 8500.0), 4u);
  EXPECT_EQ(sunplan::scene::choose_lod(l, 20000.0, 0.25), 3u);  // 5000 m allowed
  Layer none;
  EXPECT_EQ(sunplan::scene::choose_lod(none, 1e6), 0u);
}

void expect_levels_within_bounds(const Layer& l) {
  ASSERT_FALSE(l.lods.empty());
  double previous_error = 0.0;
  for (const LodLevel& lv : l.lods) {
    EXPECT_GT(lv.max_error_m, previous_error);
    previous_error = lv.max_error_m;
    ASSERT_EQ(lv.fill_index_spans.size(), l.size());
    ASSERT_EQ(lv.feature_parts.size(), l.size());
    for (std::size_t f = 0; f < l.size(); ++f) {
      const std::vector<Ring> full = rings_of(l.shapes[f]);
      const std::vector<Ring> simple = level_rings(lv, f);
      if (full.empty()) continue;
      ASSERT_EQ(simple.size(), full.size()) << "feature " << f << " lost a ring";
      const double hausdorff = std::max(directed(full, simple), directed(simple, full));
      EXPECT_LE(hausdorff, lv.max_error_m * (1 + 1e-9))
          << "feature " << f << " at tolerance " << lv.tolerance_m;
      const double want = rings_area(simple, l.shapes[f]);
      EXPECT_NEAR(triangles_area(lv, f), want, 1e-6 * want) << "feature " << f;
    }
  }
}

TEST(Lod, LevelsStayWithinTheirErrorAndTriangulateTheSimplifiedArea) {
  Layer l = wobbly_layer();
  l.fids.resize(l.shapes.size());
  SceneOptions o;
  o.lod_min_vertices = 0;
  o.lod_base_tolerance_m = 50.0;
  NullProgress progress;
  sunplan::scene::build_lods(l, o, progress, 0.0, 1.0);
  expect_levels_within_bounds(l);
  // Each kept level drops at least 30% of the previous level's vertices.
  std::size_t full = 0;
  for (const MultiPolygon& mp : l.shapes)
    for (const Ring& r : rings_of(mp)) full += r.size();
  std::size_t previous = full;
  for (const LodLevel& lv : l.lods) {
    EXPECT_LE(static_cast<double>(lv.line_vertices.size()), 0.7 * static_cast<double>(previous));
    previous = lv.line_vertices.size();
  }
}

TEST(Lod, SmallLayersGetNoLevels) {
  Layer l = wobbly_layer();
  l.fids.resize(l.shapes.size());
  SceneOptions o;  // lod_min_vertices = 50,000 > 12 · 1,900
  NullProgress progress;
  sunplan::scene::build_lods(l, o, progress, 0.0, 1.0);
  EXPECT_TRUE(l.lods.empty());
}

TEST(Lod, DemoTownshipsFromLoadScene) {
  const auto demo = sunplan::test::source_dir() / "datasets/demo/demo.gpkg";
  if (!std::filesystem::exists(demo)) GTEST_SKIP() << "no " << demo;
  SceneOptions o;
  o.layers = {"townships"};
  o.lod_min_vertices = 0;
  o.lod_base_tolerance_m = 20.0;
  NullProgress progress;
  const auto scene = sunplan::scene::load_scene(demo.string(), o, progress);
  expect_levels_within_bounds(scene.layers.at(0));
}

}  // namespace
