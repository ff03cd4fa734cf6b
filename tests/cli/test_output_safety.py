"""Output safety (issue 15): no verb ever writes over, into or beside-over one of its inputs.

Every input file of a scenario is hashed (SHA-256) before and after each verb, with each output
option pointed at each input under every name it has (as given, "./sub/../x", an absolute
path, a symlink, a hard link), with and without --force. Each call must be refused (exit 2,
message naming the input), and every file of the folder must keep its bytes, with no new file
left behind. The files a verb writes *beside* its output are covered too: a [targets] file
named "plan-report.md" makes `-o plan.gpkg` write its report over an input.

    /usr/bin/python3 test_output_safety.py SUNPLAN SOURCE_DIR [SHARED_DATA]

Runs on a copy of the demo dataset and, when the shared data is there, on a copy of the real
Shanghai GeoPackage (the originals are never an output of the test)."""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

from osgeo import gdal, ogr

ogr.UseExceptions()
gdal.UseExceptions()
gdal.PushErrorHandler("CPLQuietErrorHandler")  # the dBase field-name warnings
SUNPLAN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SHARED = sys.argv[3] if len(sys.argv) > 3 else ""
failures = []
calls = 0


def check(cond, what):
    if not cond:
        print("FAIL " + what)
        failures.append(what)


def snapshot(folder):
    """Every file under `folder` (symlinks as their target text) -> its SHA-256."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, folder)
            if os.path.islink(p):
                out[rel] = "link:" + os.readlink(p)
            else:
                out[rel] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return out


def sunplan(*args, cwd):
    global calls
    calls += 1
    return subprocess.run([SUNPLAN, *args, "--progress", "none"], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def names_of(folder, rel):
    """Every way to name the input `rel` of `folder` (relative to cwd = folder)."""
    base = os.path.splitext(os.path.basename(rel))
    link = os.path.join("aliases", base[0] + "-link" + base[1])
    hard = os.path.join("aliases", base[0] + "-hard" + base[1])
    if not os.path.lexists(os.path.join(folder, link)):
        os.symlink(os.path.join(folder, rel), os.path.join(folder, link))
        os.link(os.path.join(folder, rel), os.path.join(folder, hard))
    return [rel, os.path.join("sub", "..", rel), os.path.join(folder, rel), link, hard]


def expect_refused(folder, label, args, want):
    before = snapshot(folder)
    r = sunplan(*args, cwd=folder)
    after = snapshot(folder)
    check(r.returncode == 2, f"{label}: exit 2 (got {r.returncode}: {r.stderr.strip()[:300]})")
    check(want in r.stderr, f"{label}: message says '{want}' (got: {r.stderr.strip()[:300]})")
    changed = [k for k in before if after.get(k) != before[k]]
    new = [k for k in after if k not in before]
    check(not changed, f"{label}: no input changed (changed: {changed})")
    check(not new, f"{label}: no file left behind (new: {new})")


def make_demo(folder):
    """The demo dataset with townships as a Shapefile, youth as a CSV and a targets file."""
    shutil.copy(os.path.join(SRC, "datasets/demo/demo.gpkg"), folder)
    gdal.VectorTranslate(os.path.join(folder, "townships.shp"), os.path.join(folder, "demo.gpkg"),
                         layers=["townships"], layerCreationOptions=["ENCODING=UTF-8"])
    gdal.VectorTranslate(os.path.join(folder, "youth.csv"), os.path.join(folder, "demo.gpkg"),
                         layers=["youth"], layerCreationOptions=["GEOMETRY=AS_XY"])
    text = open(os.path.join(SRC, "datasets/demo/scenario.toml"), encoding="utf-8").read()
    text = text.replace('source = "demo.gpkg"\nlayer = "townships"', 'source = "townships.shp"')
    text = text.replace('source = "demo.gpkg"\nlayer = "youth"',
                        'source = "youth.csv"\nx = "X"\ny = "Y"\ncrs = "EPSG:4326"')
    text = text.replace('urban_share = "urban_share"', 'urban_share = "urban_shar"')  # dBase: 10
    text += '\n[targets]\nfile = "plan-report.md"\n'
    open(os.path.join(folder, "scenario.toml"), "w", encoding="utf-8").write(text)
    open(os.path.join(folder, "plan-report.md"), "w").write("pairing_rate = 0.6\n")
    inputs = ["scenario.toml", "demo.gpkg", "townships.shp", "townships.dbf", "townships.prj",
              "youth.csv", "plan-report.md"]
    return "scenario.toml", inputs


def make_shanghai(folder):
    src = os.path.join(SHARED, "shanghai-demo/shanghai_demo_wgs84.gpkg")
    shutil.copy(src, os.path.join(folder, "shanghai.gpkg"))
    open(os.path.join(folder, "shanghai.toml"), "w", encoding="utf-8").write(
        '[layers.townships]\nsource = "shanghai.gpkg"\nlayer = "township_voronoi_DERIVED"\n'
        '[layers.townships.fields]\ncode = "code9"\nname = "name"\n'
        '[layers.bases]\nsource = "shanghai.gpkg"\nlayer = "poi_hospital"\n'
        "where = \"name LIKE '%社区卫生服务中心'\"\n"
        '[layers.bases.fields]\nid = "@fid"\nname = "name"\ntype = ""\n'
        '[layers.youth]\nsource = "shanghai.gpkg"\nlayer = "village_2016_urcode"\n'
        'where = "geom IS NOT NULL"\n'  # villages without a point would fail the layer's verdict
        '[layers.youth.fields]\nid = "code12"\n')
    return "shanghai.toml", ["shanghai.toml", "shanghai.gpkg"]


def exercise(folder, scenario, inputs):
    os.makedirs(os.path.join(folder, "sub"))
    os.makedirs(os.path.join(folder, "aliases"))
    # An earlier result: the input of export, and a result that must survive every refusal.
    r = sunplan("run", scenario, "-o", "res/r.gpkg", cwd=folder)
    check(r.returncode == 0, f"{scenario}: the first run works ({r.stderr[-300:]})")
    inputs = inputs + ["res/r.gpkg"]
    writers = [
        ("run", lambda out: ["run", scenario, "-o", out]),
        ("site", lambda out: ["site", scenario, "--model", "mclp", "--add", "2", "-o", out]),
        ("pair", lambda out: ["pair", scenario, "-o", out]),
        ("check --problems", lambda out: ["check", scenario, "--problems", out]),
        ("export kml", lambda out: ["export", "res/r.gpkg", "-f", "kml", "-o", out]),
        ("export gtiff", lambda out: ["export", "res/r.gpkg", "-f", "gtiff", "-o", out]),
    ]
    # run at the scenario and the main GeoPackage under every name (with and without --force
    # on the plain one); site, pair and check --problems, which share its code path, under the
    # plain name and a hard link; every other input by run and check. export's one input is
    # the result: every name for KML, two for the GeoTIFF.
    main = {"scenario.toml", "shanghai.toml", "demo.gpkg", "shanghai.gpkg"}
    for rel in inputs:
        names = names_of(folder, rel)
        for verb, args in writers:
            if (rel == "res/r.gpkg") != verb.startswith("export"):
                continue
            if verb in ("run", "export kml"):
                chosen = names if rel in main or rel == "res/r.gpkg" else names[:1]
            elif verb == "pair" and scenario == "shanghai.toml":
                continue  # no teams: pair stops before looking at its output
            elif rel in main or rel == "res/r.gpkg":
                chosen = [names[4]]
            elif verb == "check --problems":
                chosen = names[:1]
            else:
                continue
            for k, name in enumerate(chosen):
                for force in ([], ["--force"]) if k == 0 and verb in ("run", "export kml") else ([],):
                    expect_refused(folder, f"{scenario}: {verb} -o {name} {' '.join(force)}",
                                   args(name) + force, "is an input of this command")
    # The inputs the result was made from (its run_metadata) are export's inputs too.
    for force in ([], ["--force"]):
        expect_refused(folder, f"{scenario}: export kml -o {inputs[1]} {' '.join(force)}",
                       ["export", "res/r.gpkg", "-f", "kml", "-o", inputs[1]] + force,
                       "source of this result")
    # A folder export's files over an input: the folder holds townships.shp/.dbf/.prj.
    if scenario == "scenario.toml":
        for force in ([], ["--force"]):
            expect_refused(folder, f"export -f shp -o . {' '.join(force)}",
                           ["export", "res/r.gpkg", "-f", "shp", "-o", "."] + force,
                           "is an input of this command")
    # A folder export given an input file as its folder.
    expect_refused(folder, f"{scenario}: export -f geojson -o {inputs[1]}",
                   ["export", "res/r.gpkg", "-f", "geojson", "-o", inputs[1]], "is a file")
    # init pointed at the scenario's folder would replace the scenario.
    if scenario == "scenario.toml":
        before = snapshot(folder)
        r = subprocess.run([SUNPLAN, "init", "."], capture_output=True, text=True, cwd=folder)
        check(r.returncode == 2 and "exists; sunplan does not replace it" in r.stderr and
              snapshot(folder) == before, f"init . refused, nothing changed ({r.stderr.strip()})")
        # The report written beside the output would replace the [targets] file.
        expect_refused(folder, "run -o plan.gpkg (plan-report.md is an input)",
                       ["run", scenario, "-o", "plan.gpkg"], "is an input of this command")


with tempfile.TemporaryDirectory(prefix="sunplan-output-safety-") as tmp:
    demo = os.path.join(tmp, "demo")
    os.makedirs(demo)
    exercise(demo, *make_demo(demo))
    if SHARED and os.path.exists(os.path.join(SHARED, "shanghai-demo/shanghai_demo_wgs84.gpkg")):
        sh = os.path.join(tmp, "shanghai")
        os.makedirs(sh)
        exercise(sh, *make_shanghai(sh))
    else:
        print("real data not found: the Shanghai part is skipped")

print(f"{calls} calls; " + (f"{len(failures)} failed" if failures else "all checks passed"))
sys.exit(1 if failures else 0)
