"""Several outputs of the same real data published together (issue 15), on the Shanghai file of
../shared (skipped, exit 77, without it): 216 DERIVED townships, community health centres as
bases, township seats as candidates, youth and teams synthesised by scripts/make-shanghai-youth
(scale 0.3: about 7,300 youth). `site` and `pair` run in aggregate mode, each planned alone,
then `pair --published-with site.gpkg`; the full-mode runs give the true values. The attacker's
system of test_privacy.py (per-figure hierarchies, identities within a row, a township's other
class known 0, the targets hierarchy, site_effect after >= before; no grid here: GDAL's
point-in-cell counts would take minutes) joins the two outputs, and HiGHS bounds every withheld
count of 1-4: with the option every interval must reach 0 and 5. How many the outputs planned
alone narrow is printed (2 when this was written: a township's unserved 4, exactly).
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import test_privacy as tp  # noqa: E402
from cli_case import check, finish  # noqa: E402

SUNPLAN, SRC = sys.argv[1], sys.argv[2]
SHARED = sys.argv[3] if len(sys.argv) > 3 else ""
GPKG = os.path.join(SHARED, "shanghai-demo", "shanghai_demo_wgs84.gpkg")
if not SHARED or not os.path.exists(GPKG):
    print(f"skipped: {GPKG} not found (../shared data)")
    sys.exit(77)

SCENARIO = """[run]
name = "Shanghai, two outputs"
output = "{tmp}/run.gpkg"
[layers.townships]
source = "{gpkg}"
layer = "township_voronoi_DERIVED"
[layers.townships.fields]
code = "code9"
name = "name"
urban_share = "urban_share"
[layers.counties]
source = "{gpkg}"
layer = "district"
[layers.counties.fields]
code = "adcode"
name = "name"
[layers.bases]
source = "{gpkg}"
layer = "poi_hospital"
where = "name LIKE '%社区卫生服务中心'"
default_status = "existing"
[layers.bases.fields]
id = "@fid"
name = "name"
type = ""
[layers.candidates]
source = "{gpkg}"
layer = "township_seat_2016"
where = "has_point = 1"
[layers.candidates.fields]
id = "code9"
name = "name"
[layers.youth]
source = "{youth}"
layer = "youth"
mode = "points"
[layers.youth.fields]
id = "id"
age = "age"
category = "category"
township = "township"
[layers.teams]
source = "{youth}"
layer = "teams"
[layers.teams.fields]
id = "id"
name = "name"
capacity = "capacity"
volunteers = "volunteers"
term_end = "term_end"
township = "township"
[privacy]
mode = "{mode}"
min_count = 5
"""


def sunplan(*args):
    r = subprocess.run([SUNPLAN] + list(args) + ["--progress", "none"], capture_output=True, text=True)
    check(r.returncode == 0, f"sunplan {args[0]} {os.path.basename(args[3])} exits 0 ({r.stderr[-300:]})")
    return r


with tempfile.TemporaryDirectory() as tmp:
    youth = os.path.join(tmp, "youth.gpkg")
    subprocess.run(["/usr/bin/python3", os.path.join(SRC, "scripts/make-shanghai-youth"), "--out", youth,
                    "--scale", "0.3", "--teams", "--source", GPKG], check=True, capture_output=True)
    scen = {}
    for mode in ("full", "aggregate"):
        scen[mode] = os.path.join(tmp, f"{mode}.toml")
        open(scen[mode], "w", encoding="utf-8").write(SCENARIO.format(tmp=tmp, gpkg=GPKG, youth=youth, mode=mode))
    site_args = ["--model", "mclp", "--add", "20"]
    for mode, prefix in (("full", "f"), ("aggregate", "")):
        sunplan("pair", scen[mode], "-o", f"{tmp}/{prefix}pair.gpkg")
    sunplan("site", scen["full"], "-o", f"{tmp}/fsite.gpkg", *site_args)
    site_json = json.loads(sunplan("site", scen["aggregate"], "-o", f"{tmp}/site.gpkg", *site_args, "--json").stdout)
    sunplan("pair", scen["aggregate"], "-o", f"{tmp}/pairw.gpkg", "--published-with", f"{tmp}/site.gpkg")
    site, pair, pairw, fsite, fpair = (tp.read_layers(f"{tmp}/{n}.gpkg")
                                       for n in ("site", "pair", "pairw", "fsite", "fpair"))

    def pair_build(layers):
        def build(s):
            town = tp.unit_system(s, layers, fpair)
            tp.targets_system(s, layers, fpair, town)
        return build

    def site_build(s):
        town = tp.unit_system(s, site, fsite)
        tp.site_system(s, site, fsite, site_json, town)

    def withheld(layers):
        return {r["code"] for r in layers["townships"] if r["suppressed"]}

    check(withheld(site) <= withheld(pairw),
          f"pair --published-with site withholds every township site withholds ({len(withheld(pairw))}; alone "
          f"site {len(withheld(site))}, pair {len(withheld(pair))}, of {len(site['townships'])})")
    _, narrow = tp.narrow_intervals("pair and site alone, together", tp.together([pair_build(pair), site_build]))
    print(f"     pair and site planned alone, held together: {len(narrow)} withheld counts narrowed {narrow[:3]}")
    tp.check_intervals("pair --published-with site, held with site", tp.together([pair_build(pairw), site_build]))
finish()
