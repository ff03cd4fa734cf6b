// A hand-worked small town shared by the unit-figure, gap and pipeline tests.
//
//   province 31 ─ county 310101 ─┬─ A 310101001 (urban, 街道)
//                                ├─ B 310101002 (rural)
//                                └─ C 310101003 (rural)
//
//   y (m)
//   4000 |                                        y4(1)
//    800 | y1(2)
//    400 |    y0(2)
//      0 | b0 ------y6(1)------------ y3(3) b1 ------------------ y5(4) ------- b2
//        0   300   3000              9000 10000  13000        20000        30000  x (m)
//
// b0 warm_home existing, township A (urban -> 1000 m), capacity 3
// b1 warm_home existing, township B (rural -> 5000 m), unlimited
// b2 rehab candidate, township C: left out (candidates excluded by default)
// Youth (count, township): y0 (2, A) 500 m from b0; y1 (2, A) 800 m from b0;
// y3 (3, B) 1000 m from b1; y4 (1, B) exactly 5000 m from b1 (3-4-5 triangle, inclusive);
// y5 (4, C) 10000 m from b1, nothing in reach; y6 (1, A) 3000 m from b0, nothing in reach.
#pragma once

#include "sunplan/core/dataset.hpp"

namespace sunplan::coverage::testing {

inline Dataset small_town() {
  Dataset d;
  auto unit = [&](std::string code, AdminLevel level, std::int32_t parent, UrbanRural ur) {
    AdminUnit u;
    u.code = std::move(code);
    u.name = u.code;
    u.level = level;
    u.parent = parent;
    u.urban_rural = ur;
    d.admin.units.push_back(std::move(u));
  };
  unit("31", AdminLevel::province, kNone, UrbanRural::unknown);
  unit("310101", AdminLevel::county, 0, UrbanRural::unknown);
  unit("310101001", AdminLevel::township, 1, UrbanRural::urban);
  unit("310101002", AdminLevel::township, 1, UrbanRural::rural);
  unit("310101003", AdminLevel::township, 1, UrbanRural::rural);
  d.admin.townships = {2, 3, 4};

  auto base = [&](Vec2 p, BaseType t, BaseStatus s, std::int32_t cap, std::int32_t town) {
    d.bases.pos.push_back(p);
    d.bases.id.push_back(std::string("b").append(std::to_string(d.bases.id.size())));
    d.bases.name.push_back(d.bases.id.back());
    d.bases.type.push_back(t);
    d.bases.status.push_back(s);
    d.bases.capacity.push_back(cap);
    d.bases.has_specialist.push_back(0);
    d.bases.cost.push_back(1.0);
    d.bases.township.push_back(town);
    d.bases.source_row.push_back(static_cast<std::int64_t>(d.bases.id.size()));
  };
  base({0, 0}, BaseType::warm_home, BaseStatus::existing, 3, 2);
  base({10000, 0}, BaseType::warm_home, BaseStatus::existing, kUnlimited, 3);
  base({30000, 0}, BaseType::rehab, BaseStatus::candidate, 10, 4);

  auto youth = [&](Vec2 p, std::int32_t count, std::int32_t town) {
    d.youth.pos.push_back(p);
    d.youth.id.push_back(std::string("y").append(std::to_string(d.youth.id.size())));
    d.youth.count.push_back(count);
    d.youth.age.push_back(-1);
    d.youth.category.push_back(0);
    d.youth.paired_team.emplace_back();
    d.youth.township.push_back(town);
    d.youth.source_row.push_back(static_cast<std::int64_t>(d.youth.id.size()));
  };
  youth({300, 400}, 2, 2);     // y0
  youth({0, 800}, 2, 2);       // y1
  youth({5000, 5000}, 0, 2);   // y2: a zero count must change nothing
  youth({9000, 0}, 3, 3);      // y3
  youth({13000, 4000}, 1, 3);  // y4
  youth({20000, 0}, 4, 4);     // y5
  youth({3000, 0}, 1, 2);      // y6
  return d;
}

}  // namespace sunplan::coverage::testing
