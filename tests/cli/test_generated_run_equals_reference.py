"""Issue 8: at a small size, the whole `sunplan run` (coverage, siting, pairing) on data made by
scripts/make-national-synthetic equals unoptimised reference computations written here from the
definitions in docs/, sharing no code with the engine:

* townships of the points: OGR's own Contains on the township source layer;
* urban/rural of each township: the generator's urban_share >= 0.5 (docs/coverage.md);
* nearest base and bases in reach of every youth: brute-force distances in the run's working CRS
  (points projected by OSR) against the radius table of docs/coverage.md;
* served: a networkx max flow (youth -> bases in reach -> capacity), then networkx
  max_flow_min_cost for the least total distance;
* siting (MCLP, k new bases, `[siting] radius_m`): the exact optimum from HiGHS (scipy.optimize.milp) and the
  covered weight of the chosen sites recounted by brute force;
* pairing: networkx max_flow_min_cost on youth -> teams within max_distance_m under capacity.

    test_generated_run_equals_reference.py SUNPLAN SRC [SHARED]
With ../shared/data the townships are its DERIVED cells of Hangzhou; without it (a clean CI)
the generator's made-up square townships of the same code prefix, so the test always runs.
Exits 77 (skipped) only without scipy."""
import json
import math
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

import networkx as nx
import numpy as np
from osgeo import ogr, osr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], sys.argv[2]
SHARED = sys.argv[3] if len(sys.argv) > 3 else os.path.join(SRC, "..", "shared", "data")
GEN = os.path.join(SRC, "scripts", "make-national-synthetic")
TOWNSHIPS = os.path.join(SHARED, "cn-township-approx-DERIVED/cn_township_voronoi_DERIVED_wgs84.gpkg")
REAL = os.path.exists(TOWNSHIPS)
if not REAL:
    print(f"real data {TOWNSHIPS} not found: generated square townships instead")
try:
    from scipy.optimize import LinearConstraint, milp
except ImportError:
    print("scipy (python3-scipy, for the HiGHS MILP oracle) not installed; skipping")
    sys.exit(77)

REGION = "3301"  # Hangzhou (real cells): dense urban districts and rural counties
FLAGS = {"youth": 5000, "candidates": 250, "existing": 25, "teams": 70}
K_NEW = 12
SITING_RADIUS_M = 2500.0  # [siting] radius_m: one coverage standard for every facility
PAIR_LIMIT_M = 3000.0
# docs/coverage.md, section 1: (urban, rural) radius in metres per base type.
RADIUS = {"warm_home": (1000, 5000), "work_therapy": (1000, 5000), "rehab": (3000, 10000),
          "care": (3000, 10000), "youth_centre": (1000, 5000), "community_station": (500, 2000),
          "other": (1000, 5000)}
ZH_TYPE = {"温馨家园": "warm_home", "工疗站": "work_therapy", "康复中心": "rehab", "托养中心": "care",
           "青年中心": "youth_centre", "社区志愿服务站": "community_station"}


def features(path, layer, where=None):
    """Attribute dicts with the geometry's WKT; the dataset stays open while iterating."""
    ds = ogr.Open(path)
    lyr = ds.GetLayerByName(layer)
    if where:
        lyr.SetAttributeFilter(where)
    out = []
    for f in lyr:
        d = f.items()
        g = f.GetGeometryRef()
        d["_wkt"] = g.ExportToWkt() if g else None
        out.append(d)
    return out


def lonlat_of(rows):
    pts = []
    for r in rows:
        g = ogr.CreateGeometryFromWkt(r["_wkt"])
        pts.append((g.GetX(), g.GetY()))
    return pts


def projector(epsg_text):
    src = osr.SpatialReference()
    src.ImportFromEPSG(4326)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst = osr.SpatialReference()
    dst.SetFromUserInput(epsg_text)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    return lambda pts: np.array([ct.TransformPoint(x, y)[:2] for x, y in pts]).reshape(-1, 2)


def min_cost_assignment(demand, supply_cap, arcs):
    """Max flow, then least cost: demand {d: units}, supply_cap {s: cap or None}, arcs
    [(d, s, cost_int)]. Returns (flow value, cost, flow dict)."""
    g = nx.DiGraph()
    for d, n in demand.items():
        g.add_edge("SRC", ("d", d), capacity=n, weight=0)
    total = sum(demand.values())
    for s, cap in supply_cap.items():
        g.add_edge(("s", s), "SNK", capacity=total if cap is None else cap, weight=0)
    for d, s, c in arcs:
        g.add_edge(("d", d), ("s", s), capacity=demand[d], weight=c)
    if not arcs:
        return 0, 0, {}
    flow = nx.max_flow_min_cost(g, "SRC", "SNK")
    value = sum(flow["SRC"].values())
    return value, nx.cost_of_flow(g, flow), flow


with tempfile.TemporaryDirectory() as tmp:
    data = os.path.join(tmp, "gen")
    r = subprocess.run(["/usr/bin/python3", GEN, "--out", data, "--region", REGION, "--seed", "11",
                        "--shared", SHARED] + ([] if REAL else ["--synthetic"])
                       + [f"--{k}={v}" for k, v in FLAGS.items()],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"generator exits 0 {r.stderr[-400:]}")
    scenario = os.path.join(data, "scenario.toml")
    with open(scenario, "a", encoding="utf-8") as f:
        f.write(f'\n[siting]\nmodel = "mclp"\nadd = {K_NEW}\nradius_m = {SITING_RADIUS_M}\n'
                f'\n[pairing]\nmax_distance_m = {PAIR_LIMIT_M}\nkeep_existing = false\n'
                f'\n[privacy]\nyouth_ids = "keep"\n')
    out = os.path.join(tmp, "result.gpkg")
    r = subprocess.run([SUNPLAN, "run", scenario, "--output", out], capture_output=True, text=True)
    check(r.returncode == 0, f"sunplan run exits 0 ({r.stderr[-600:]})")
    if r.returncode != 0:
        sys.exit(1)
    meta = {m["key"]: m["value"] for m in features(out, "run_metadata")}
    project = projector(meta["working_crs"])

    # --- townships: class from urban_share, membership by OGR Contains -------------------
    if REAL:
        src_towns = features(TOWNSHIPS, "township_voronoi_DERIVED", f"code9 LIKE '{REGION}%'")
    else:  # the generator's own township layer (field code)
        src_towns = [dict(t, code9=t["code"]) for t in
                     features(os.path.join(data, "national.gpkg"), "townships", f"code LIKE '{REGION}%'")]
    town_class = {t["code9"]: ("urban" if t["urban_share"] >= 0.5 else "rural") for t in src_towns}
    out_towns = {t["code"]: t for t in features(out, "townships")}
    check(set(out_towns) == set(town_class), f"{len(town_class)} townships, the same codes")
    check(all(out_towns[c]["urban_rural"] == k for c, k in town_class.items()),
          "urban/rural of every township = urban_share >= 0.5")
    town_geom = [(t["code9"], ogr.CreateGeometryFromWkt(t["_wkt"])) for t in src_towns]

    def containing(lonlat):
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(*lonlat)
        return [c for c, g in town_geom if g.Contains(p)]

    youth_in = features(os.path.join(data, "national.gpkg"), "youth")
    bases_in = features(os.path.join(data, "national.gpkg"), "bases")
    teams_in = features(os.path.join(data, "national.gpkg"), "teams")
    youth_out = {y["id"]: y for y in features(out, "youth")}
    check(len(youth_out) == len(youth_in) == FLAGS["youth"], f"{FLAGS['youth']} youth in and out")
    y_ll = lonlat_of(youth_in)
    y_xy = project(y_ll)
    y_id = [y["id"] for y in youth_in]
    y_count = np.array([y.get("count") or 1 for y in youth_in])
    ambiguous = 0
    y_town = []
    for i, ll in enumerate(y_ll):
        cands = containing(ll)
        engine = youth_out[y_id[i]]["township"]
        if len(cands) > 1:  # DERIVED cells overlap in slivers: the engine must pick one of them
            ambiguous += 1
            check(engine in cands, f"youth {y_id[i]} in one of its overlapping cells {cands}")
            y_town.append(engine)
        else:
            y_town.append(cands[0] if cands else None)
    check(all(youth_out[y_id[i]]["township"] == y_town[i] for i in range(len(y_id))),
          f"township of every youth = OGR Contains ({ambiguous} in overlapping cells)")
    youth_per_town = Counter()
    for i, t in enumerate(y_town):
        youth_per_town[t] += int(y_count[i])
    check(all(out_towns[c]["youth"] == youth_per_town.get(c, 0) for c in out_towns),
          "youth per township")

    def town_of_point(ll):
        c = containing(ll)
        return c[0] if c else None

    def radius(row):
        cls = town_class.get(town_of_point(row["_ll"]), "rural")
        kind = ZH_TYPE.get(row["type"], row["type"] if row["type"] in RADIUS else "other")
        return RADIUS[kind][0 if cls == "urban" else 1]

    # --- coverage: nearest base, bases in reach, served --------------------------------------
    for b, ll in zip(bases_in, lonlat_of(bases_in)):
        b["_ll"] = ll
    active = [b for b in bases_in if b["status"] in ("existing", "planned")]
    a_xy = project([b["_ll"] for b in active])
    a_r = np.array([radius(b) for b in active], dtype=float)
    out_bases = {b["id"]: b for b in features(out, "bases")}
    check(all(abs(out_bases[b["id"]]["radius_m"] - rr) < 1e-9 for b, rr in zip(active, a_r)),
          f"radius of each of the {len(active)} active bases from the table")
    dist = np.hypot(y_xy[:, None, 0] - a_xy[None, :, 0], y_xy[:, None, 1] - a_xy[None, :, 1])
    in_reach = dist <= a_r[None, :]
    nearest = dist.min(axis=1)
    bad_near = [y_id[i] for i in range(len(y_id))
                if abs(youth_out[y_id[i]]["nearest_m"] - nearest[i]) > 1e-6 * max(1.0, nearest[i])]
    check(not bad_near, f"nearest base distance of every youth, brute force ({bad_near[:5]})")
    bad_reach = [y_id[i] for i in range(len(y_id))
                 if youth_out[y_id[i]]["bases_in_reach"] != int(in_reach[i].sum())]
    check(not bad_reach, f"bases in reach of every youth, brute force ({bad_reach[:5]})")
    reach_per_town = Counter()
    for i, t in enumerate(y_town):
        if in_reach[i].any():
            reach_per_town[t] += int(y_count[i])
    check(all(out_towns[c]["in_reach"] == reach_per_town.get(c, 0) for c in out_towns),
          "in_reach per township")

    demand = {i: int(y_count[i]) for i in range(len(y_id)) if in_reach[i].any()}
    cap = {j: (None if b["capacity"] is None else int(b["capacity"])) for j, b in enumerate(active)}
    arcs = [(i, j, int(round(dist[i, j] * 10))) for i in demand for j in np.nonzero(in_reach[i])[0]]
    served, _, flow = min_cost_assignment(demand, cap, arcs)
    engine_served = sum(t["served"] for t in out_towns.values())
    check(engine_served == served, f"served: engine {engine_served}, networkx max flow {served}")
    ref_dist = sum(f * dist[d[1], s[1]] for d, row in flow.items() if d != "SRC" and d[0] == "d"
                   for s, f in row.items() if f)
    a_index = {b["id"]: j for j, b in enumerate(active)}
    eng_dist = sum(dist[y_id.index(a["youth_id"]), a_index[a["base_id"]]] * a["count"]
                   for a in features(out, "assignments"))
    check(abs(eng_dist - ref_dist) <= 0.1 * served + 1e-6 * ref_dist,
          f"total distance of the served: engine {eng_dist:.1f} m, networkx {ref_dist:.1f} m")

    # --- siting: MCLP, k new sites among candidates, one radius for every facility -------------
    summary = {s["key"]: s["value"] for s in features(out, "siting_summary")}
    check(summary.get("coverage_standard", "").startswith("2500"),
          f"siting_summary records the standard ({summary.get('coverage_standard')})")
    sites = features(out, "sites")
    cand = [b for b in bases_in if b["status"] == "candidate"]
    c_xy = project([b["_ll"] for b in cand])
    c_reach = np.hypot(y_xy[:, None, 0] - c_xy[None, :, 0],
                       y_xy[:, None, 1] - c_xy[None, :, 1]) <= SITING_RADIUS_M
    base_cov = (dist <= SITING_RADIUS_M).any(axis=1)
    chosen = [next(j for j, c in enumerate(cand) if c["id"] == s["id"]) for s in sites]
    check(len(chosen) <= K_NEW, f"{len(chosen)} sites chosen, at most {K_NEW}")
    recount = int(y_count[base_cov | c_reach[:, chosen].any(axis=1)].sum())
    objective = float(summary["objective"])
    check(abs(recount - objective) < 1e-6,
          f"MCLP objective {objective} = youth covered by existing + chosen, recounted ({recount})")
    # HiGHS: max sum w_i z_i, z_i <= base_cov_i + sum_{j covers i} x_j, sum x_j <= k, binary.
    open_rows = [i for i in range(len(y_id)) if not base_cov[i] and c_reach[i].any()]
    n_c, n_z = len(cand), len(open_rows)
    cost = np.concatenate([np.zeros(n_c), -y_count[open_rows].astype(float)])
    a = np.zeros((n_z + 1, n_c + n_z))
    for row, i in enumerate(open_rows):
        a[row, :n_c] = -c_reach[i].astype(float)
        a[row, n_c + row] = 1.0
    a[n_z, :n_c] = 1.0
    res = milp(cost, constraints=LinearConstraint(a, -np.inf, np.r_[np.zeros(n_z), K_NEW]),
               integrality=np.ones(n_c + n_z), bounds=(0, 1))
    check(res.success, f"HiGHS solves the MCLP ({res.message})")
    optimum = int(y_count[base_cov].sum()) - res.fun
    bound = float(summary["bound"])
    check(objective <= optimum + 1e-6 and bound >= optimum - 1e-6,
          f"engine objective {objective} <= HiGHS optimum {optimum:.0f} <= engine bound {bound}")
    if summary["proven_optimal"] == "yes":
        check(abs(objective - optimum) < 1e-6, "proven optimal: objective = HiGHS optimum")

    # --- pairing: youth -> teams within the limit, under capacity -----------------------------
    t_xy = project(lonlat_of(teams_in))
    t_dist = np.hypot(y_xy[:, None, 0] - t_xy[None, :, 0], y_xy[:, None, 1] - t_xy[None, :, 1])
    t_reach = t_dist <= PAIR_LIMIT_M
    p_demand = {i: int(y_count[i]) for i in range(len(y_id)) if t_reach[i].any()}
    p_cap = {j: int(t["capacity"] or 0) for j, t in enumerate(teams_in)}
    p_arcs = [(i, j, int(round(t_dist[i, j] * 10))) for i in p_demand
              for j in np.nonzero(t_reach[i])[0]]
    paired, _, p_flow = min_cost_assignment(p_demand, p_cap, p_arcs)
    pairs = features(out, "pairings")
    check(sum(p["count"] for p in pairs) == paired,
          f"paired: engine {sum(p['count'] for p in pairs)}, networkx max flow {paired}")
    t_index = {t["id"]: j for j, t in enumerate(teams_in)}
    load = Counter()
    for p in pairs:
        load[p["team_id"]] += p["count"]
    check(all(load[t["id"]] <= (t["capacity"] or 0) for t in teams_in), "no team over capacity")
    check(all(t_dist[y_id.index(p["youth_id"]), t_index[p["team_id"]]] <= PAIR_LIMIT_M + 1e-6
              for p in pairs), "every pair within the limit")
    p_ref = sum(f * t_dist[d[1], s[1]] for d, row in p_flow.items() if d != "SRC" and d[0] == "d"
                for s, f in row.items() if f)
    p_eng = sum(t_dist[y_id.index(p["youth_id"]), t_index[p["team_id"]]] * p["count"] for p in pairs)
    check(abs(p_eng - p_ref) <= 0.1 * paired + 1e-6 * p_ref,
          f"total pairing distance: engine {p_eng:.1f} m, networkx {p_ref:.1f} m")

finish()
