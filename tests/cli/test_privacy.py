"""Personal data (issue 9): in aggregate-only mode no personal field and no exact youth location
leaves sunplan. Every vertex of every layer is compared with every youth input location, every
text value with every youth id, and grid cells of fewer than 5 youth must be suppressed. In the
default mode youth ids are pseudonyms."""
import os
import subprocess
import sys
import tempfile

from osgeo import ogr

ogr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], sys.argv[2]
DEMO_DIR = os.path.join(SRC, "datasets/demo")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def vertices(g, out):
    if g is None:
        return
    if g.GetGeometryCount() > 0:
        for i in range(g.GetGeometryCount()):
            vertices(g.GetGeometryRef(i), out)
    else:
        for i in range(g.GetPointCount()):
            out.append((round(g.GetX(i), 6), round(g.GetY(i), 6)))


src = ogr.Open(os.path.join(DEMO_DIR, "demo.gpkg"))
youth_ids, youth_at = set(), set()
for f in src.GetLayerByName("youth"):
    youth_ids.add(f.GetField("id"))
    youth_at.add((round(f.GetGeometryRef().GetX(), 6), round(f.GetGeometryRef().GetY(), 6)))
personal = {"age", "category", "paired_team", "phone", "address", "id_number"}

with tempfile.TemporaryDirectory() as tmp:
    text = open(os.path.join(DEMO_DIR, "scenario.toml"), encoding="utf-8").read()
    text = text.replace('source = "demo.gpkg"', 'source = "' + os.path.join(DEMO_DIR, "demo.gpkg") + '"')
    for mode in ("aggregate", "full"):
        scenario = os.path.join(tmp, mode + ".toml")
        open(scenario, "w", encoding="utf-8").write(text + f'\n[privacy]\nmode = "{mode}"\nmin_count = 5\n')
        out = os.path.join(tmp, mode + ".gpkg")
        r = subprocess.run([SUNPLAN, "run", scenario, "-o", out, "--progress", "none"], capture_output=True, text=True)
        check(r.returncode == 0, f"{mode}: run exits 0 {r.stderr[-300:]}")
        ds = ogr.Open(out)
        leaked_ids = leaked_points = 0
        personal_fields = set()
        for layer in ds:
            defn = layer.GetLayerDefn()
            names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
            personal_fields |= personal & set(names)
            for f in layer:
                for i, n in enumerate(names):
                    if defn.GetFieldDefn(i).GetType() == ogr.OFTString and f.GetField(i) in youth_ids:
                        leaked_ids += 1
                if mode == "aggregate":
                    pts = []
                    vertices(f.GetGeometryRef(), pts)
                    leaked_points += sum(p in youth_at for p in pts)
        check(not personal_fields, f"{mode}: no personal field in any layer ({personal_fields or 'none'})")
        check(leaked_ids == 0, f"{mode}: no youth id in any layer ({leaked_ids} found)")
        report = open(os.path.join(tmp, mode + "-report.md"), encoding="utf-8").read()
        check(not any(i in report for i in youth_ids), f"{mode}: no youth id in the report")
        if mode == "aggregate":
            check(leaked_points == 0, f"aggregate: no vertex at a youth location ({leaked_points} found)")
            layers = {l.GetName() for l in ds}
            check(not layers & {"youth", "assignments", "pairings", "youth_pairing", "relay", "gaps"},
                  "aggregate: no point-level youth layer")
            grid = ds.GetLayerByName("youth_grid")
            shown = [f.GetField("youth") for f in grid if not f.GetField("suppressed")]
            grid.ResetReading()
            hidden = [f for f in grid if f.GetField("suppressed")]
            check(all(n >= 5 for n in shown), "aggregate: every published grid count is at least 5")
            check(all(f.GetField("youth") is None for f in hidden), "aggregate: suppressed cells carry no count")
            check(sum(shown) + 4 * len(hidden) >= len(youth_ids) >= sum(shown),
                  "aggregate: published plus suppressed cells account for every youth")
            towns = ds.GetLayerByName("townships")
            check(all(f.GetField("youth") is None or f.GetField("youth") == 0 or f.GetField("youth") >= 5 for f in towns),
                  "aggregate: townships with 1-4 youth show no counts")

print(f"{len(failures)} failed" if failures else "all checks passed")
sys.exit(1 if failures else 0)
