"""sunplan run on the demo in network mode (datasets/demo/scenario-network.toml), checked against
an independent travel-time oracle written here from docs/network.md with networkx: the demo's
road lines projected with GDAL/OSR, one node per vertex, the largest strongly connected part,
nearest-segment snapping within max_snap_m, off-road legs at 5 km/h, and a multi-source
Dijkstra towards the bases. Every youth's bases-in-reach count and minutes to the nearest base
must agree; the GeoTIFF and the new layers must be there."""
import json
import math
import os
import subprocess
import sys
import tempfile

import networkx as nx
from osgeo import gdal, ogr, osr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import check, finish  # noqa: E402

gdal.UseExceptions()
ogr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], sys.argv[2]
SCENARIO = os.path.join(SRC, "datasets/demo/scenario-network.toml")

# The scenario's [network]: ebike, 15 min, max_snap_m 1000; the ebike speeds of docs/network.md.
SPEED = {"primary": 20, "secondary": 20, "tertiary": 20, "residential": 20, "track": 16}
CUTOFF_S, MAX_SNAP_M, WALK = 15 * 60, 1000.0, 5 / 3.6
ACTIVE = {"existing", "planned"}


def transformer(working_crs):
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(4326)
    dst.SetFromUserInput(working_crs)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    keep = (src, dst, ct)  # the SRS objects must outlive the transformation
    return lambda lon, lat: keep[2].TransformPoint(lon, lat)[:2]


def build_graph(project):
    g = nx.DiGraph()
    pos = {}
    demo = ogr.Open(os.path.join(SRC, "datasets/demo/demo.gpkg"))  # keep: layers die with it
    roads = demo.GetLayerByName("roads")
    for f in roads:
        kmh = SPEED.get(f.GetField("highway"))
        if kmh is None:
            continue
        oneway = (f.GetField("oneway") or "no") == "yes"
        geom = f.GetGeometryRef()
        pts = [project(*geom.GetPoint_2D(i)) for i in range(geom.GetPointCount())]
        keys = []
        for x, y in pts:
            k = (round(x * 1000), round(y * 1000))
            pos[k] = (x, y)
            if not keys or keys[-1] != k:
                keys.append(k)
        for a, b in zip(keys, keys[1:]):
            t = math.dist(pos[a], pos[b]) / (kmh / 3.6)
            for u, v in ((a, b),) if oneway else ((a, b), (b, a)):
                if not g.has_edge(u, v) or g[u][v]["s"] > t:
                    g.add_edge(u, v, s=t)
    keep = max(nx.strongly_connected_components(g), key=len)
    return g.subgraph(keep).copy(), pos


def snap(segments, p):
    best = None
    for (a, b), (ax, ay, bx, by) in segments:
        dx, dy = bx - ax, by - ay
        L2 = dx * dx + dy * dy
        f = 0.0 if L2 == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / L2))
        d = math.dist(p, (ax + f * dx, ay + f * dy))
        if best is None or d < best[0]:
            best = (d, a, b, f)
    return best if best and best[0] <= MAX_SNAP_M else None


def seg_time(g, u, v, frac):
    if frac == 0:
        return 0.0
    return frac * g[u][v]["s"] if g.has_edge(u, v) else math.inf


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "demo-network.gpkg")
    r = subprocess.run([SUNPLAN, "run", SCENARIO, "-o", out, "--json", "--progress", "none"],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"run exits 0 (stderr: {r.stderr[-400:]})")
    if r.returncode != 0:
        sys.exit(1)
    summary = json.loads(r.stdout)
    res = ogr.Open(out)
    meta = {f.GetField("key"): f.GetField("value") for f in res.GetLayerByName("run_metadata")}
    project = transformer(meta["working_crs"])
    g, pos = build_graph(project)
    segments = []
    for u, v in g.edges():
        if (v, u) in g.edges() and v < u:
            continue  # one entry per undirected segment
        segments.append(((u, v), (*pos[u], *pos[v])))

    # Bases: ids and statuses from the result layer (same order as the input).
    bases = []
    for f in res.GetLayerByName("bases"):
        gm = f.GetGeometryRef()
        bases.append((f.GetField("id"), f.GetField("status"), project(gm.GetX(), gm.GetY())))
    base_snap = [snap(segments, p) if st in ACTIVE else None for _, st, p in bases]

    # Per-base Dijkstra towards the base on the reversed graph, for in-reach counts.
    rg = g.reverse(copy=False)
    per_base = []
    for (bid, st, p), s in zip(bases, base_snap):
        if s is None:
            per_base.append(None)
            continue
        d, a, b, f = s
        start = d / WALK
        h = nx.DiGraph(rg)
        src = ("src", bid)
        # Reaching a from the base position means travelling a -> base along a->b (forward).
        for node, t in ((a, seg_time(g, a, b, f)), (b, seg_time(g, b, a, 1 - f))):
            if math.isfinite(t):
                h.add_edge(src, node, s=start + t)
        per_base.append((s, nx.single_source_dijkstra_path_length(h, src, weight="s")))

    def time_to(base_entry, ys):
        (bd, ba, bb, bf), dist = base_entry
        yd, ya, yb, yf = ys
        best = min(seg_time(g, yb, ya, yf) + dist.get(ya, math.inf),
                   seg_time(g, ya, yb, 1 - yf) + dist.get(yb, math.inf))
        for s, t in (((ya, yb), yf), ((yb, ya), 1 - yf)):  # base on the same segment
            if (ba, bb) == s and bf >= t:
                best = min(best, bd / WALK + seg_time(g, ba, bb, bf - t))
            if (bb, ba) == s and 1 - bf >= t:
                best = min(best, bd / WALK + seg_time(g, bb, ba, 1 - bf - t))
        return best + yd / WALK

    mismatches_count, mismatches_time, borderline, unroutable, checked = 0, 0, 0, 0, 0
    for f in res.GetLayerByName("youth"):
        gm = f.GetGeometryRef()
        ys = snap(segments, project(gm.GetX(), gm.GetY()))
        if ys is None:
            unroutable += 1
            mismatches_count += f.GetField("bases_in_reach") != 0
            continue
        times = [time_to(e, ys) for e in per_base if e is not None]
        count = sum(t <= CUTOFF_S for t in times)
        if any(abs(t - CUTOFF_S) < 0.5 for t in times):
            borderline += 1
            continue
        checked += 1
        mismatches_count += count != f.GetField("bases_in_reach")
        nearest = min(times, default=math.inf)
        got = f.GetField("nearest_min")
        if math.isfinite(nearest):
            mismatches_time += got is None or abs(got - nearest / 60) > 0.01
        else:
            mismatches_time += got is not None
    check(checked > 2000, f"{checked} youth compared with the networkx oracle ({borderline} within 0.5 s of the cutoff skipped)")
    check(mismatches_count == 0, f"bases in reach agree with the oracle ({mismatches_count} differ)")
    check(mismatches_time == 0, f"minutes to the nearest base agree within 0.01 min ({mismatches_time} differ)")
    problems = res.GetLayerByName("problems")
    problems.SetAttributeFilter("layer = 'youth' AND reason LIKE 'unroutable%'")
    check(problems.GetFeatureCount() == unroutable,
          f"unroutable youth reported: {problems.GetFeatureCount()} (oracle: {unroutable} beyond {MAX_SNAP_M:.0f} m)")
    in_reach = sum(1 for f in res.GetLayerByName("youth") if f.GetField("bases_in_reach") > 0)
    check(summary["youth"]["in_reach"] == in_reach, "summary in_reach equals youth with a base in reach")

    # New layers and fields.
    check(res.GetLayerByName("isochrones").GetFeatureCount() == 3, "isochrones: one dissolved polygon per band")
    check(res.GetLayerByName("roads") is not None, "roads layer written")
    defn = res.GetLayerByName("townships").GetLayerDefn()
    check(defn.GetFieldIndex("mean_nearest_min") >= 0 and defn.GetFieldIndex("mean_nearest_m") < 0,
          "townships carry mean_nearest_min in network mode")
    tif = os.path.join(tmp, "demo-network-travel-time.tif")
    check(os.path.exists(tif), "travel-time GeoTIFF beside the GeoPackage")
    if os.path.exists(tif):
        raster = gdal.Open(tif)
        band = raster.GetRasterBand(1)
        lo, hi = band.ComputeRasterMinMax(False)
        check(band.GetNoDataValue() == -9999 and 0 <= lo and hi <= 30 + 1e-3,
              f"raster minutes within [0, 30] (largest band), nodata -9999: {lo:.2f}..{hi:.2f}")

    # Pairing by travel time (issues 4 and 6): every pair's minutes equal the oracle's trip
    # time from the youth to its team and stay within the cutoff; a youth left with "no team
    # in reach" has no team within it; no team is above its capacity.
    teams = []
    for f in res.GetLayerByName("teams"):
        gm = f.GetGeometryRef()
        teams.append((f.GetField("id"), f.GetField("capacity"), f.GetField("load"), project(gm.GetX(), gm.GetY())))
    per_team = {}
    for tid, _, _, p in teams:
        s_ = snap(segments, p)
        if s_ is None:
            continue
        d, a, b, fr = s_
        h = nx.DiGraph(rg)
        src = ("team", tid)
        for node, t in ((a, seg_time(g, a, b, fr)), (b, seg_time(g, b, a, 1 - fr))):
            if math.isfinite(t):
                h.add_edge(src, node, s=d / WALK + t)
        per_team[tid] = (s_, nx.single_source_dijkstra_path_length(h, src, weight="s"))
    where = {f.GetField("id"): f.GetGeometryRef().Clone() for f in res.GetLayerByName("youth_pairing")}
    bad_time = bad_limit = pairs = 0
    for f in res.GetLayerByName("pairings"):
        gm = where[f.GetField("youth_id")]
        ys = snap(segments, project(gm.GetX(), gm.GetY()))
        t = time_to(per_team[f.GetField("team_id")], ys) if ys and f.GetField("team_id") in per_team else math.inf
        pairs += 1
        bad_time += abs(f.GetField("minutes") - t / 60) > 0.01
        bad_limit += f.GetField("minutes") > CUTOFF_S / 60 + 1e-9
    check(pairs > 0 and bad_time == 0, f"{pairs} pairs: minutes agree with the networkx oracle ({bad_time} differ)")
    check(bad_limit == 0, "no pair beyond the 15-minute cutoff")
    wrong_reason = 0
    for f in res.GetLayerByName("youth_pairing"):
        if f.GetField("reason") != "no_team_in_reach":
            continue
        ys = snap(segments, project(f.GetGeometryRef().GetX(), f.GetGeometryRef().GetY()))
        times = [time_to(e, ys) for e in per_team.values()] if ys else []
        wrong_reason += any(t <= CUTOFF_S - 0.5 for t in times)
    check(wrong_reason == 0, f"'no team in reach' youth have no team within 15 minutes ({wrong_reason} do)")
    check(all(load <= cap for _, cap, load, _ in teams), "no team above its capacity")

    # Distance mode is untouched: scenario.toml still runs in distance mode.
    r2 = subprocess.run([SUNPLAN, "run", os.path.join(SRC, "datasets/demo/scenario.toml"), "-o",
                         os.path.join(tmp, "demo.gpkg"), "--json", "--progress", "none"], capture_output=True, text=True)
    check(r2.returncode == 0, "distance-mode demo still runs")
    d = ogr.Open(os.path.join(tmp, "demo.gpkg"))
    check(d.GetLayerByName("isochrones") is None and
          d.GetLayerByName("townships").GetLayerDefn().GetFieldIndex("mean_nearest_m") >= 0,
          "distance mode: no isochrones, distance fields in metres")

finish()
