"""sunplan run on the demo county: the GeoPackage validates, layer counts match the inputs
(counted by GDAL), served never exceeds in reach, and bad input gives the documented exit codes."""
import json
import math
import os
import subprocess
import sys
import tempfile

from osgeo import ogr, osr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import Sunplan, check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], sys.argv[2]
DEMO = os.path.join(SRC, "datasets/demo/scenario.toml")


run = Sunplan(SUNPLAN)


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "demo.gpkg")
    r = run("run", DEMO, "-o", out, "--json", "--progress", "none")
    check(r.returncode == 0, f"run exits 0 (stderr: {r.stderr[-400:]})")
    summary = json.loads(r.stdout)
    v = subprocess.run(["/usr/bin/python3", "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py", out],
                       capture_output=True, text=True)
    check(v.returncode == 0, "validate_gpkg.py accepts the result: " + v.stdout + v.stderr)
    src = ogr.Open(os.path.join(SRC, "datasets/demo/demo.gpkg"))
    res = ogr.Open(out)
    for layer, src_layer in [("townships", "townships"), ("bases", "bases"), ("youth", "youth")]:
        check(res.GetLayerByName(layer).GetFeatureCount() == src.GetLayerByName(src_layer).GetFeatureCount(),
              f"{layer}: as many features as the input")
    # Per-township figures add up to the summary, and served <= in reach <= youth everywhere.
    tot = {"youth": 0, "in_reach": 0, "served": 0}
    ok = True
    for f in res.GetLayerByName("townships"):
        for k in tot:
            tot[k] += f.GetField(k)
        ok &= f.GetField("served") <= f.GetField("in_reach") <= f.GetField("youth")
    check(ok, "served <= in reach <= youth in every township")
    check(tot == {"youth": summary["youth"]["total"], "in_reach": summary["youth"]["in_reach"], "served": summary["youth"]["served"]}, f"township sums {tot} equal the summary {summary['youth']}")
    # Base loads never exceed capacities, and they sum to the youth served.
    loads = 0
    ok = True
    for f in res.GetLayerByName("bases"):
        loads += f.GetField("load")
        if f.GetField("capacity") is not None:
            ok &= f.GetField("load") <= f.GetField("capacity")
    check(ok, "no base serves more youth than its capacity")
    check(loads == summary["youth"]["served"], "base loads sum to youth served")
    # Styles for QGIS.
    styles = res.ExecuteSQL("SELECT f_table_name FROM layer_styles")
    styled = {f.GetField(0) for f in styles}
    res.ReleaseResultSet(styles)
    check({"townships", "bases", "gaps"} <= styled, f"layer_styles has townships, bases, gaps: {styled}")
    check(os.path.exists(os.path.join(tmp, "demo-report.html")), "HTML report written")
    check(os.path.exists(os.path.join(tmp, "demo-map.svg")), "SVG map written")

    # Catchment polygons: the buffer of each base's radius clipped to the study area, checked
    # with GDAL/GEOS in the working CRS, and never larger than the circle pi r^2.
    meta = {f.GetField("key"): f.GetField("value") for f in res.GetLayerByName("run_metadata")}
    work = osr.SpatialReference()
    work.SetFromUserInput(meta["working_crs"])
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    for srs in (work, wgs):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_work = osr.CoordinateTransformation(wgs, work)
    area = ogr.Geometry(ogr.wkbMultiPolygon)
    for f in res.GetLayerByName("townships"):
        g = f.GetGeometryRef().Clone()
        g.Transform(to_work)
        area = area.Union(g)
    where = {}
    for f in res.GetLayerByName("bases"):
        g = f.GetGeometryRef().Clone()
        g.Transform(to_work)
        where[f.GetField("id")] = g
    worst = 0.0
    ok = True
    for f in res.GetLayerByName("catchments"):
        g = f.GetGeometryRef().Clone()
        g.Transform(to_work)
        r_m = f.GetField("radius_m")
        expected = where[f.GetField("base_id")].Buffer(r_m, 16).Intersection(area).GetArea()
        worst = max(worst, abs(g.GetArea() - expected) / expected)
        ok &= g.GetArea() <= math.pi * r_m * r_m
    check(worst < 1e-3, f"catchment areas equal GEOS buffer-and-clip (worst relative error {worst:.2e})")
    check(ok, "no catchment is larger than pi r^2")

    # A second run into the same file that fails must leave the first result intact.
    before = open(out, "rb").read()
    bad = os.path.join(tmp, "bad.toml")
    text = open(DEMO, encoding="utf-8").read().replace('layer = "bases"', 'layer = "no_such_layer"')
    text = text.replace('source = "demo.gpkg"', 'source = "' + os.path.join(SRC, "datasets/demo/demo.gpkg") + '"')
    open(bad, "w", encoding="utf-8").write(text)
    r = run("run", bad, "-o", out, "--progress", "none")
    check(r.returncode == 3, f"a missing layer exits 3 (got {r.returncode})")
    check("no_such_layer" in r.stderr and "no such layer" in r.stderr, "the message names the layer: " + r.stderr.strip())
    check(open(out, "rb").read() == before, "the earlier result is untouched")
    check(not any(".tmp-" in n for n in os.listdir(tmp)), "no temporary file left behind")

    # Usage errors exit 2.
    syntax = os.path.join(tmp, "syntax.toml")
    open(syntax, "w").write("[layers.townships]\nsource = \n")
    r = run("check", syntax)
    check(r.returncode == 2 and "syntax.toml:2" in r.stderr, f"a TOML syntax error exits 2 with the line: {r.stderr.strip()}")
    r = run("run", os.path.join(tmp, "missing.toml"))
    check(r.returncode == 2, "a missing scenario file exits 2")
    r = run("frobnicate")
    check(r.returncode == 2, "an unknown verb exits 2")
    # init writes a template that parses (check fails only on its placeholder data file: exit 3).
    r = run("init", os.path.join(tmp, "new"))
    check(r.returncode == 0, "init writes a template")
    r = run("check", os.path.join(tmp, "new", "scenario.toml"))
    check(r.returncode == 3 and "data.gpkg" in r.stderr, f"the template parses; its data file is missing: {r.stderr.strip()}")

finish()
