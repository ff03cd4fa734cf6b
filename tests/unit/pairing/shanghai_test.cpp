// Real data: synthesised Shanghai youth (scripts/make-shanghai-youth, from the shared demo's
// village codes) paired with teams at poi_university points. Checked against independent
// computations: a brute-force in-reach count per district, a separate max-flow (Dinic) for the
// most youth that can be paired, and per-district rates counted straight from the pairs.
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <string>

#include "make_data.hpp"
#include "sunplan/pairing/pair_youth.hpp"
#include "sunplan/pairing/relay.hpp"
#include "sunplan/pairing/targets.hpp"
#include "test_data.hpp"

namespace sunplan::pairing {
namespace {

namespace fs = std::filesystem;

// Local equirectangular projection around central Shanghai: metres, good to ~0.1% here,
// which is all a pairing test on one city needs (both the engine and the oracles use it).
Vec2 project(double lon, double lat) {
  constexpr double kR = 6371008.8, kLat0 = 31.2, kLon0 = 121.5, kDeg = 3.14159265358979323846 / 180;
  return {kR * std::cos(kLat0 * kDeg) * (lon - kLon0) * kDeg, kR * (lat - kLat0) * kDeg};
}

std::int32_t days_since_epoch(const std::string& ymd) {  // "YYYY-MM-DD", civil calendar
  int y = std::stoi(ymd.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(ymd.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(ymd.substr(8, 2)));
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Loaded {
  Youth youth;
  Teams teams;
  std::vector<std::string> youth_township;  // 9-digit code
  std::vector<std::string> team_township;
};

Loaded read(const fs::path& gpkg) {
  Loaded out;
  GDALAllRegister();
  GDALDatasetH ds =
      GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (ds == nullptr) throw std::runtime_error("cannot open " + gpkg.string());
  auto field = [](OGRFeatureH f, const char* name) -> std::string {
    const int k = OGR_F_GetFieldIndex(f, name);
    return k >= 0 && OGR_F_IsFieldSetAndNotNull(f, k) ? OGR_F_GetFieldAsString(f, k) : "";
  };
  OGRLayerH youth = GDALDatasetGetLayerByName(ds, "youth");
  OGR_L_ResetReading(youth);
  while (OGRFeatureH f = OGR_L_GetNextFeature(youth)) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    const Vec2 p = project(OGR_G_GetX(g, 0), OGR_G_GetY(g, 0));
    test::add_youth(out.youth, p.x, p.y, field(f, "id"));
    out.youth_township.push_back(field(f, "township"));
    OGR_F_Destroy(f);
  }
  OGRLayerH teams = GDALDatasetGetLayerByName(ds, "teams");
  OGR_L_ResetReading(teams);
  while (OGRFeatureH f = OGR_L_GetNextFeature(teams)) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    const Vec2 p = project(OGR_G_GetX(g, 0), OGR_G_GetY(g, 0));
    const std::string term = field(f, "term_end");
    test::add_team(out.teams, p.x, p.y, field(f, "id"), std::stoi(field(f, "capacity")),
                   term.empty() ? kNoDate : days_since_epoch(term), field(f, "specialist"));
    out.team_township.push_back(field(f, "township"));
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  return out;
}

// Dinic's max flow on the bipartite youth -> team graph: the oracle for "most youth paired".
std::int64_t max_pairs(const Youth& youth, const Teams& teams, double limit_m) {
  struct Edge {
    int to;
    std::int64_t cap;
  };
  const int n = static_cast<int>(youth.size()), m = static_cast<int>(teams.size());
  const int s = n + m, t = s + 1;
  std::vector<Edge> edges;
  std::vector<std::vector<int>> adj(static_cast<std::size_t>(t + 1));
  auto add = [&](int a, int b, std::int64_t c) {
    adj[static_cast<std::size_t>(a)].push_back(static_cast<int>(edges.size()));
    edges.push_back({b, c});
    adj[static_cast<std::size_t>(b)].push_back(static_cast<int>(edges.size()));
    edges.push_back({a, 0});
  };
  for (int i = 0; i < n; ++i) {
    add(s, i, youth.count[static_cast<std::size_t>(i)]);
    for (int j = 0; j < m; ++j)
      if (distance(youth.pos[static_cast<std::size_t>(i)],
                   teams.pos[static_cast<std::size_t>(j)]) <= limit_m)
        add(i, n + j, 1 << 30);
  }
  for (int j = 0; j < m; ++j) add(n + j, t, teams.capacity[static_cast<std::size_t>(j)]);
  std::vector<int> level, it;
  std::int64_t flow = 0;
  std::function<std::int64_t(int, std::int64_t)> dfs = [&](int v, std::int64_t f) -> std::int64_t {
    if (v == t) return f;
    for (int& k = it[static_cast<std::size_t>(v)];
         k < static_cast<int>(adj[static_cast<std::size_t>(v)].size()); ++k) {
      Edge& e = edges[static_cast<std::size_t>(
          adj[static_cast<std::size_t>(v)][static_cast<std::size_t>(k)])];
      if (e.cap > 0 &&
          level[static_cast<std::size_t>(e.to)] == level[static_cast<std::size_t>(v)] + 1)
        if (std::int64_t d = dfs(e.to, std::min(f, e.cap)); d > 0) {
          e.cap -= d;
          edges[static_cast<std::size_t>(
                    adj[static_cast<std::size_t>(v)][static_cast<std::size_t>(k)] ^ 1)]
              .cap += d;
          return d;
        }
    }
    return 0;
  };
  while (true) {
    level.assign(static_cast<std::size_t>(t + 1), -1);
    std::queue<int> q;
    q.push(s);
    level[static_cast<std::size_t>(s)] = 0;
    while (!q.empty()) {
      const int v = q.front();
      q.pop();
      for (int k : adj[static_cast<std::size_t>(v)]) {
        const Edge& e = edges[static_cast<std::size_t>(k)];
        if (e.cap > 0 && level[static_cast<std::size_t>(e.to)] < 0) {
          level[static_cast<std::size_t>(e.to)] = level[static_cast<std::size_t>(v)] + 1;
          q.push(e.to);
        }
      }
    }
    if (level[static_cast<std::size_t>(t)] < 0) return flow;
    it.assign(static_cast<std::size_t>(t + 1), 0);
    while (std::int64_t f = dfs(s, std::numeric_limits<std::int64_t>::max())) flow += f;
  }
}

TEST(ShanghaiPairing, PerDistrictRatesMatchDirectComputation) {
  const auto source = sunplan::test::shared_data("shanghai-demo/shanghai_demo_wgs84.gpkg");
  if (!source)
    GTEST_SKIP() << sunplan::test::missing_message("shanghai-demo/shanghai_demo_wgs84.gpkg");
  const fs::path script = sunplan::test::source_dir() / "scripts" / "make-shanghai-youth";
  if (!fs::exists(script) || !fs::exists("/usr/bin/python3"))
    GTEST_SKIP() << "scripts/make-shanghai-youth or /usr/bin/python3 missing; skipping";
  const fs::path dir =
      fs::temp_directory_path() /
      ("sunplan_pairing_" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  fs::create_directories(dir);
  const fs::path gpkg = dir / "youth.gpkg";
  const std::string cmd = "/usr/bin/python3 '" + script.string() + "' --source '" +
                          source->string() + "' --out '" + gpkg.string() + "' --teams > '" +
                          (dir / "log.txt").string() + "' 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "make-shanghai-youth failed; see " << dir / "log.txt";
  Loaded d = read(gpkg);
  fs::remove_all(dir);
  ASSERT_GT(d.youth.size(), 10000u);
  ASSERT_GT(d.teams.size(), 100u);

  PairingOptions opt;
  opt.max_distance_m = 5000;
  NullProgress progress;
  const PairingResult r = pair_youth(d.youth, d.teams, nullptr, opt, progress);

  // Oracle 1: the most youth that can be paired, by an independent max flow.
  EXPECT_EQ(r.total_paired, max_pairs(d.youth, d.teams, opt.max_distance_m));

  // Admin units from the codes: city 3101 > districts (6 digits) > townships (9 digits).
  AdminUnits admin;
  std::map<std::string, std::int32_t> index;
  auto unit_for = [&](const std::string& code9) -> std::int32_t {
    if (code9.size() != 9) return kNone;
    if (index.empty()) {
      admin.units.push_back(
          AdminUnit{"3101", "上海市", AdminLevel::city, kNone, UrbanRural::unknown, "", {}, -1});
      index["3101"] = 0;
    }
    const std::string county = code9.substr(0, 6);
    if (!index.count(county)) {
      index[county] = static_cast<std::int32_t>(admin.units.size());
      admin.units.push_back(
          AdminUnit{county, county, AdminLevel::county, 0, UrbanRural::unknown, "", {}, -1});
    }
    if (!index.count(code9)) {
      index[code9] = static_cast<std::int32_t>(admin.units.size());
      admin.units.push_back(AdminUnit{
          code9, code9, AdminLevel::township, index[county], UrbanRural::unknown, "", {}, -1});
      admin.townships.push_back(index[code9]);
    }
    return index[code9];
  };
  for (std::size_t i = 0; i < d.youth.size(); ++i)
    d.youth.township[i] = unit_for(d.youth_township[i]);
  for (std::size_t k = 0; k < d.teams.size(); ++k)
    d.teams.township[k] = unit_for(d.team_township[k]);
  Bases no_bases;
  const TargetsProgress tp = target_progress(
      {admin, d.youth.count, d.youth.township, r.paired, {}, no_bases, d.teams, r.load}, Targets{});

  // Oracle 2: per district, youth and paired counted straight from the pairs by code prefix,
  // and youth with no team within 5 km by brute force over every team.
  struct District {
    std::int64_t youth = 0, paired = 0, no_team = 0, no_team_result = 0;
  };
  std::map<std::string, District> direct;
  for (std::size_t i = 0; i < d.youth.size(); ++i) {
    if (d.youth_township[i].size() != 9) continue;
    District& dd = direct[d.youth_township[i].substr(0, 6)];
    dd.youth += d.youth.count[i];
    for (auto k = r.flow_offsets[i]; k < r.flow_offsets[i + 1]; ++k) dd.paired += r.flow_count[k];
    bool any = false;
    for (std::size_t t = 0; t < d.teams.size() && !any; ++t)
      any = distance(d.youth.pos[i], d.teams.pos[t]) <= opt.max_distance_m;
    if (!any) dd.no_team += d.youth.count[i];
    if (r.reason[i] == UnpairedReason::no_team_in_reach)
      dd.no_team_result += d.youth.count[i] - r.paired[i];
  }
  ASSERT_GE(direct.size(), 10u);
  int districts_with_no_team = 0;
  for (const auto& [code, dd] : direct) {
    const UnitProgress& u = tp.units[static_cast<std::size_t>(index.at(code))];
    EXPECT_EQ(u.youth, dd.youth) << code;
    EXPECT_EQ(u.paired, dd.paired) << code;
    EXPECT_DOUBLE_EQ(u.pairing_rate, static_cast<double>(dd.paired) / static_cast<double>(dd.youth))
        << code;
    EXPECT_EQ(dd.no_team_result, dd.no_team) << code;
    districts_with_no_team += dd.no_team > 0;
  }
  EXPECT_GT(districts_with_no_team, 0) << "outer districts should have youth beyond 5 km";
  // Capacity is binding somewhere (10,320 places for ~24,500 youth).
  EXPECT_GT(r.unpaired_full, 0);
  for (std::size_t k = 0; k < d.teams.size(); ++k) ASSERT_LE(r.load[k], d.teams.capacity[k]);

  // Relay on 2026-06-30: every team with that term end leaves; what is handed over plus what is
  // listed equals what the leaving teams held.
  RelayOptions ro;
  ro.date_days = days_since_epoch("2026-06-30");
  ro.max_distance_m = 5000;
  const RelayPlan plan = plan_relay(d.youth, d.teams, pairs_of(r), nullptr, ro, progress);
  ASSERT_FALSE(plan.leaving.empty());
  std::int64_t held = 0;
  for (std::int32_t t : plan.leaving) held += r.load[static_cast<std::size_t>(t)];
  EXPECT_EQ(plan.youth_to_hand_over, held);
  EXPECT_EQ(plan.handed_over + plan.not_handed_full + plan.not_handed_no_team, held);
  for (std::size_t k = 0; k < d.teams.size(); ++k)
    ASSERT_LE(plan.load_after[k], d.teams.capacity[k]);
}

}  // namespace
}  // namespace sunplan::pairing
