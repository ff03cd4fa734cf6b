"""Real data (issue 5): on Shanghai, name community health centres and township seats so that
every urban (街道) township's youth are in reach (set covering, urban scope). Checked
independently: numpy brute force says which urban youth any candidate can reach, and the
chosen sites must reach all of them; CBC's proven optimum must lie between the plan's bound
and its objective, and the reported gap must be |objective - bound| / |bound|."""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from osgeo import ogr, osr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC, SHARED = sys.argv[1], sys.argv[2], sys.argv[3]
GPKG = os.path.join(SHARED, "shanghai-demo/shanghai_demo_wgs84.gpkg")
if not os.path.exists(GPKG):
    print(f"real data {GPKG} not found; skipping")
    sys.exit(77)


with tempfile.TemporaryDirectory() as tmp:
    youth_path = os.path.join(tmp, "youth.gpkg")
    subprocess.run(["/usr/bin/python3", os.path.join(SRC, "scripts/make-shanghai-youth"), "--out", youth_path,
                    "--scale", "0.3", "--source", GPKG], check=True, capture_output=True)
    text = open(os.path.join(SRC, "tests/data/shanghai/siting_urban.toml"), encoding="utf-8").read()
    text = text.replace("@YOUTH_GPKG@", youth_path).replace("../../../../shared/data", SHARED)
    scenario = os.path.join(tmp, "siting.toml")
    open(scenario, "w", encoding="utf-8").write(text)
    r = subprocess.run([SUNPLAN, "site", scenario, "--exact", "--time-limit", "120", "-o", os.path.join(tmp, "out.gpkg"),
                        "--json", "--progress", "none"], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
        sys.exit(1)
    got = json.loads(r.stdout)

    ds = ogr.Open(GPKG)
    cells = {}
    for f in ds.GetLayerByName("township_voronoi_DERIVED"):
        cells[f.GetField("code9")] = (f.GetGeometryRef().Clone(), f.GetField("name").endswith("街道"))
    wgs, utm = osr.SpatialReference(), osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    utm.ImportFromEPSG(32651)
    for s in (wgs, utm):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_utm = osr.CoordinateTransformation(wgs, utm)

    cand = {}  # id -> (x, y, radius): type "other", 1 km in urban (街道) townships, 5 km elsewhere
    for layer, where, idf in [("poi_hospital", "name LIKE '%社区卫生服务中心'", None), ("township_seat_2016", "has_point = 1", "code9")]:
        lyr = ds.GetLayerByName(layer)
        lyr.SetAttributeFilter(where)
        for f in lyr:
            g = f.GetGeometryRef()
            urban = next((u for (cell, u) in cells.values() if cell.Contains(g)), False)
            x, y, _ = to_utm.TransformPoint(g.GetX(), g.GetY())
            cand[str(f.GetFID()) if idf is None else f.GetField(idf)] = (x, y, 1000.0 if urban else 5000.0)
    ids = list(cand)
    cx = np.array([cand[i][0] for i in ids])
    cy = np.array([cand[i][1] for i in ids])
    cr = np.array([cand[i][2] for i in ids])
    chosen = np.array([i in set(got["chosen"]) for i in ids])

    youth_ds = ogr.Open(youth_path)
    urban_total = reachable = covered = 0
    for f in youth_ds.GetLayerByName("youth"):
        if not cells[f.GetField("township")][1]:
            continue
        g = f.GetGeometryRef()
        x, y, _ = to_utm.TransformPoint(g.GetX(), g.GetY())
        within = np.hypot(cx - x, cy - y) <= cr
        urban_total += 1
        reachable += bool(within.any())
        covered += bool((within & chosen).any())

    print(f"urban youth {urban_total}, reachable by some candidate {reachable}, in reach of the plan {covered}")
    print(f"plan: {len(got['chosen'])} sites, bound {got['bound']}, gap {got['gap']:.4f}; CBC {got['exact']}")
    check(covered == reachable, "every reachable urban youth is in reach of the chosen sites")
    check(got["objective"] == len(got["chosen"]), "the objective is the number of sites named")
    exact = got["exact"]
    check(exact["proven_optimal"], "CBC proves its optimum within the time limit")
    check(got["bound"] <= exact["objective"] + 1e-9 <= got["objective"] + 1e-9,
          "bound <= optimum <= plan (an honest bound, a feasible plan)")
    check(abs(got["gap"] - abs(got["objective"] - got["bound"]) / max(abs(got["bound"]), 1)) < 1e-9,
          "the gap is |plan - bound| / |bound| (docs/siting.md)")
    check(urban_total - reachable > 0 and any("out of reach" in n for n in got["notes"]),
          "youth no candidate reaches are reported, not hidden")

finish()
