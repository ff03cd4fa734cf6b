"""scripts/make-national-synthetic at a small size (issue 8): the output is a valid GeoPackage,
`sunplan check` accepts it with nothing rejected, the totals equal the flags (counted by GDAL, not
by the generator), every youth point lies in the township its `township` field names (OGR/GEOS
Contains), existing pairs never exceed a team's capacity, the same seed gives the same rows,
and `sunplan run` counts the same youth and bases.

    test_national_generator.py SUNPLAN SRC MODE [SHARED]     MODE = synthetic | real
Real mode exits 77 (skipped) without the shared data."""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter

from osgeo import ogr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC, MODE = sys.argv[1], sys.argv[2], sys.argv[3]
SHARED = sys.argv[4] if len(sys.argv) > 4 else os.path.join(SRC, "..", "shared", "data")
GEN = os.path.join(SRC, "scripts", "make-national-synthetic")
VALIDATE = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
TOWNSHIPS = os.path.join(SHARED, "cn-township-approx-DERIVED/cn_township_voronoi_DERIVED_wgs84.gpkg")
if MODE == "real" and not os.path.exists(TOWNSHIPS):
    print(f"real data {TOWNSHIPS} not found; skipping")
    sys.exit(77)

FLAGS = {"youth": 20000, "candidates": 700, "existing": 40, "teams": 300}


def generate(out, seed=7):
    args = ["/usr/bin/python3", GEN, "--out", out, "--region", "31", "--seed", str(seed), "--shared", SHARED]
    args += [f"--{k}={v}" for k, v in FLAGS.items()]
    if MODE == "synthetic":
        args.append("--synthetic")
    r = subprocess.run(args, capture_output=True, text=True)
    check(r.returncode == 0, f"generator exits 0 ({r.stderr[-500:]})")
    return json.loads(r.stdout)


def rows_digest(path):
    ds = ogr.Open(path)
    h = hashlib.sha256()
    for name in ("youth", "bases", "teams"):
        for f in ds.GetLayerByName(name):
            h.update(repr((name, f.items(), f.GetGeometryRef().ExportToWkt())).encode())
    return h.hexdigest()


with tempfile.TemporaryDirectory() as tmp:
    a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    manifest = generate(a)
    gpkg = os.path.join(a, "national.gpkg")
    scenario = os.path.join(a, "scenario.toml")
    check(manifest["mode"] == ("synthetic_grid" if MODE == "synthetic" else "real_units"), f"mode {manifest['mode']}")

    v = subprocess.run(["/usr/bin/python3", VALIDATE, gpkg], capture_output=True, text=True)
    check(v.returncode == 0, "validate_gpkg.py accepts the output " + v.stdout[-300:] + v.stderr[-300:])

    # Totals, counted by GDAL.
    ds = ogr.Open(gpkg)
    youth = ds.GetLayerByName("youth")
    check(youth.GetFeatureCount() == FLAGS["youth"], f"youth rows {youth.GetFeatureCount()} == {FLAGS['youth']}")
    status = Counter(f.GetField("status") for f in ds.GetLayerByName("bases"))
    check(status == Counter({"existing": FLAGS["existing"], "candidate": FLAGS["candidates"]}), f"bases {dict(status)}")
    teams = {f.GetField("id"): f.GetField("capacity") for f in ds.GetLayerByName("teams")}
    check(len(teams) == FLAGS["teams"], f"teams {len(teams)} == {FLAGS['teams']}")

    # Every youth point is inside the township its field names; pairs respect capacity.
    if MODE == "synthetic":
        cells_ds, cells_layer, code_field = ds, ds.GetLayerByName("townships"), "code"
    else:
        cells_ds = ogr.Open(TOWNSHIPS)
        cells_layer, code_field = cells_ds.GetLayer(0), "code9"
        cells_layer.SetAttributeFilter("code9 LIKE '31%'")
    cells = {f.GetField(code_field): f.GetGeometryRef().Clone() for f in cells_layer if f.GetGeometryRef()}
    outside, unknown, load, ids = 0, 0, Counter(), set()
    youth.ResetReading()
    for f in youth:
        cell = cells.get(f.GetField("township"))
        if cell is None:
            unknown += 1
        elif not cell.Contains(f.GetGeometryRef()):
            outside += 1
        if f.GetField("paired_team"):
            load[f.GetField("paired_team")] += 1
        ids.add(f.GetField("id"))
    check(unknown == 0 and outside == 0, f"youth in their own township cell (unknown {unknown}, outside {outside})")
    check(len(ids) == FLAGS["youth"], "youth ids unique")
    check(all(t in teams and n <= teams[t] for t, n in load.items()), "existing pairs within team capacity")
    check(sum(load.values()) == manifest["paired_youth"] > 0, f"{sum(load.values())} paired youth as in the manifest")

    # sunplan check accepts it and rejects nothing.
    r = subprocess.run([SUNPLAN, "check", scenario, "--json"], capture_output=True, text=True)
    check(r.returncode == 0, f"sunplan check exits 0 ({r.stderr[-500:]})")
    if r.returncode == 0:
        rep = {l["role"]: l for l in json.loads(r.stdout)["layers"]}
        check(rep["youth"]["kept"] == FLAGS["youth"] and rep["youth"]["rejected"] == 0, f"check youth {rep['youth']}")
        check(rep["youth"]["outside_units"] == 0, "check: no youth outside the townships")
        check(rep["bases"]["kept"] == FLAGS["existing"] + FLAGS["candidates"], "check: every base kept")
        check(rep["teams"]["kept"] == FLAGS["teams"], "check: every team kept")

    # sunplan run counts the same youth and existing bases.
    r = subprocess.run([SUNPLAN, "run", scenario, "-o", os.path.join(tmp, "out.gpkg"), "--json", "--progress", "none",
                        "--no-report"], capture_output=True, text=True)
    check(r.returncode == 0, f"sunplan run exits 0 ({r.stderr[-500:]})")
    if r.returncode == 0:
        s = json.loads(r.stdout)
        check(s["youth"]["total"] == FLAGS["youth"], f"run: youth {s['youth']['total']}")
        check(s["bases"]["existing"] == FLAGS["existing"], f"run: existing bases {s['bases']['existing']}")
        check(s["bases"]["candidate"] == FLAGS["candidates"], f"run: candidates {s['bases']['candidate']}")

    # Deterministic: same seed, same rows; another seed, other rows.
    generate(b)
    check(rows_digest(gpkg) == rows_digest(os.path.join(b, "national.gpkg")), "same seed gives the same rows")
    c = os.path.join(tmp, "c")
    generate(c, seed=8)
    check(rows_digest(gpkg) != rows_digest(os.path.join(c, "national.gpkg")), "another seed gives other rows")

finish()
