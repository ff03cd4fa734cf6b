"""--layers / --skip-layers / [run] skip_output_layers (issue 17, item 5) on the demo county
(coverage and pairing): the chosen layers and only those are written, and every layer both
results hold, and the reports, are the same with and without the per-youth layers (read back
with GDAL, feature by feature)."""
import os
import re
import shutil
import sys
import tempfile

from osgeo import ogr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import Sunplan, check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], sys.argv[2]
DEMO = os.path.join(SRC, "datasets/demo")
PER_YOUTH = {"youth", "assignments", "youth_pairing", "pairings", "relay"}
ALWAYS = {"run_metadata", "problems"}


sunplan = Sunplan(SUNPLAN, "--progress", "none")


def run(folder, *args):
    os.makedirs(folder)
    out = os.path.join(folder, "demo.gpkg")
    sunplan.ok("run", os.path.join(DEMO, "scenario.toml"), "-o", out, *args)
    return out


def layers(path):
    ds = ogr.Open(path)
    names = {ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())}
    return names - {"layer_styles"}


def rows(path, name):
    """Every feature of a layer as (fields, geometry WKT), in FID order; run_metadata without
    its clock."""
    ds = ogr.Open(path)
    out = []
    for f in ds.GetLayerByName(name):
        values = tuple(f.GetField(i) for i in range(f.GetFieldCount()))
        if name == "run_metadata" and values[0] == "time_utc":
            continue
        g = f.GetGeometryRef()
        out.append((values, g.ExportToWkt() if g else None))
    return out


def styled(path):
    ds = ogr.Open(path)
    return {f.GetField("f_table_name") for f in ds.GetLayerByName("layer_styles")}


def report(path):
    text = open(path.replace(".gpkg", "-report.md"), encoding="utf-8").read()
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?", "TIME", text)


with tempfile.TemporaryDirectory() as tmp:
    full = run(os.path.join(tmp, "full"))
    all_layers = layers(full)
    # The demo has no relay date, so no relay layer; the four others are there.
    check(PER_YOUTH - {"relay"} <= all_layers, f"the full demo result has the per-youth layers ({sorted(PER_YOUTH - all_layers)} missing)")

    skip = run(os.path.join(tmp, "skip"), "--skip-layers", "per_youth")
    check(layers(skip) == all_layers - PER_YOUTH, f"--skip-layers per_youth writes all but those: {sorted(layers(skip) ^ (all_layers - PER_YOUTH))} differ")
    for name in sorted(layers(skip)):
        check(rows(skip, name) == rows(full, name), f"layer {name}: every feature equal with and without the per-youth layers")
    check(styled(skip) <= layers(skip), "no style for a layer that is not written")
    check(report(skip) == report(full), "the Markdown report is the same")
    for suffix in ("-map.svg",):
        a = open(full.replace(".gpkg", suffix), encoding="utf-8").read()
        b = open(skip.replace(".gpkg", suffix), encoding="utf-8").read()
        check(a == b, f"{suffix} is the same")

    only = run(os.path.join(tmp, "only"), "--layers", "townships,bases,youth")
    check(layers(only) == {"townships", "bases", "youth"} | ALWAYS, f"--layers townships,bases,youth writes those and {sorted(ALWAYS)}: {sorted(layers(only))}")
    for name in ("townships", "bases", "youth"):
        check(rows(only, name) == rows(full, name), f"layer {name} equal in the --layers result")

    both = run(os.path.join(tmp, "both"), "--layers", "bases,youth", "--skip-layers", "youth")
    check(layers(both) == {"bases"} | ALWAYS, f"--layers bases,youth --skip-layers youth writes bases: {sorted(layers(both))}")

    # The scenario's [run] key, on a copy of the demo.
    copy = os.path.join(tmp, "scenario")
    shutil.copytree(DEMO, copy)
    toml = os.path.join(copy, "scenario.toml")
    text = open(toml, encoding="utf-8").read().replace("[run]\n", "[run]\nskip_output_layers = [\"youth\", \"pairings\"]\n", 1)
    open(toml, "w", encoding="utf-8").write(text)
    out = os.path.join(tmp, "key.gpkg")
    r = sunplan("run", toml, "-o", out)
    check(r.returncode == 0 and layers(out) == all_layers - {"youth", "pairings"}, "[run] skip_output_layers leaves out youth and pairings")
    r = sunplan("check", toml)
    check(r.returncode == 0, "sunplan check accepts the key")

    # Mistakes: exit 2 and a message naming the flag and the layer.
    for args, words in ((["--layers", "youths"], ["--layers", "'youths' is not a result layer"]),
                        (["--skip-layers", "problems"], ["--skip-layers", "always written"])):
        r = sunplan("run", os.path.join(DEMO, "scenario.toml"), "-o", os.path.join(tmp, "bad.gpkg"), *args)
        check(r.returncode == 2 and all(w in r.stderr for w in words), f"{' '.join(args)}: exit 2 naming it ({r.returncode}: {r.stderr.strip()[:200]})")
        check(not os.path.exists(os.path.join(tmp, "bad.gpkg")), f"{' '.join(args)}: nothing written")
    text = text.replace("skip_output_layers = [\"youth\", \"pairings\"]", "output_layers = [\"gapz\"]")
    open(toml, "w", encoding="utf-8").write(text)
    r = sunplan("check", toml)
    check(r.returncode == 2 and "run.output_layers" in r.stderr and "gapz" in r.stderr, f"check names a wrong layer in the scenario ({r.returncode}: {r.stderr.strip()[:200]})")

finish()
