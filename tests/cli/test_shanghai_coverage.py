"""Real data (issue 3): Shanghai's community health centres as bases and youth synthesised
from the village urban-rural codes. The run's urban/rural youth and in-reach figures are
checked against an independent computation: GDAL reads the inputs, OSR projects them, the
urban class comes from the village codes directly, and reach is brute force with numpy."""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from osgeo import ogr, osr

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
    text = open(os.path.join(SRC, "tests/data/shanghai/coverage.toml"), encoding="utf-8").read()
    text = text.replace("@YOUTH_GPKG@", youth_path).replace("../../../../shared/data", SHARED)
    scenario = os.path.join(tmp, "coverage.toml")
    open(scenario, "w", encoding="utf-8").write(text)
    r = subprocess.run([SUNPLAN, "run", scenario, "-o", os.path.join(tmp, "out.gpkg"), "--json", "--progress", "none"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
        sys.exit(1)
    got = json.loads(r.stdout)

    # Urban class per township, straight from the data: village codes first (share of 1xx
    # >= 0.5), then the cell's urban_share, then the name.
    ds = ogr.Open(GPKG)
    villages = {}
    for f in ds.GetLayerByName("village_2016_urcode"):
        code, ur = f.GetField("code12"), f.GetField("ur_code")
        if code and ur:
            u, n = villages.get(code[:9], (0, 0))
            villages[code[:9]] = (u + (int(ur) < 200), n + 1)
    cls, cells = {}, {}
    for f in ds.GetLayerByName("township_voronoi_DERIVED"):
        code = f.GetField("code9")
        if code in villages:
            u, n = villages[code]
            cls[code] = u / n >= 0.5
        elif f.GetField("urban_share") is not None:
            cls[code] = f.GetField("urban_share") >= 0.5
        else:
            cls[code] = f.GetField("name").endswith("街道")
        cells[code] = f.GetGeometryRef().Clone()

    wgs, utm = osr.SpatialReference(), osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    utm.ImportFromEPSG(32651)
    for s in (wgs, utm):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_utm = osr.CoordinateTransformation(wgs, utm)

    bases = ds.GetLayerByName("poi_hospital")
    bases.SetAttributeFilter("name LIKE '%社区卫生服务中心'")
    bx, by, br = [], [], []
    for f in bases:
        g = f.GetGeometryRef()
        town = next((c for c, cell in cells.items() if cell.Contains(g)), None)
        x, y, _ = to_utm.TransformPoint(g.GetX(), g.GetY())
        bx.append(x)
        by.append(y)
        br.append(1000.0 if town is not None and cls[town] else 5000.0)  # type "other": urban 1 km, rural 5 km
    bx, by, br = map(np.array, (bx, by, br))

    youth_ds = ogr.Open(youth_path)  # keep the dataset alive while its layer is read
    yl = youth_ds.GetLayerByName("youth")
    tot = {"youth": 0, "in_reach": 0, "urban_youth": 0, "urban_in_reach": 0, "rural_youth": 0, "rural_in_reach": 0}
    for f in yl:
        g = f.GetGeometryRef()
        x, y, _ = to_utm.TransformPoint(g.GetX(), g.GetY())
        reach = bool(np.any(np.hypot(bx - x, by - y) <= br))
        key = "urban" if cls[f.GetField("township")] else "rural"
        tot["youth"] += 1
        tot["in_reach"] += reach
        tot[key + "_youth"] += 1
        tot[key + "_in_reach"] += reach

expected = tot
actual = {"youth": got["youth"]["total"], "in_reach": got["youth"]["in_reach"],
          "urban_youth": got["urban"]["youth"], "urban_in_reach": got["urban"]["in_reach"],
          "rural_youth": got["rural"]["youth"], "rural_in_reach": got["rural"]["in_reach"]}
print("oracle:", expected)
print("sunplan:", actual)
print(f"bases: {len(bx)}")
ok = expected == actual and len(bx) == got["bases"]["existing"]
print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
sys.exit(0 if ok else 1)
