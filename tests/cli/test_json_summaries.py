"""What the JSON summaries say they measured (issue 13, item 6), on the demo county:
* `run --json` holds the pairing and targets summaries when teams exist, and the siting summary
  when [siting] is set; they equal `pair --json` and `site --json`, and the pairing totals are
  recounted from the result's youth_pairing layer with GDAL;
* `site --json` names the coverage standard of the objective and that of the before/after
  figures separately: with --radius 3000 the objective's is one 3000 m radius, the figures' the
  [catchment] radii by type and class, whose range is recounted from the bases layer;
* the figures before naming are those of a plain `run` (same standard)."""
import os
import shutil
import sys
import tempfile

from osgeo import ogr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import Sunplan, check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], sys.argv[2]


run = Sunplan(SUNPLAN, "--progress", "none", "--no-report").json


with tempfile.TemporaryDirectory() as tmp:
    # A copy of the demo scenario beside its data, with a [siting] section.
    shutil.copy(os.path.join(SRC, "datasets/demo/demo.gpkg"), tmp)
    text = open(os.path.join(SRC, "datasets/demo/scenario.toml"), encoding="utf-8").read()
    plain = os.path.join(tmp, "plain.toml")
    open(plain, "w", encoding="utf-8").write(text)
    sited = os.path.join(tmp, "sited.toml")
    open(sited, "w", encoding="utf-8").write(text + "\n[siting]\nmodel = \"mclp\"\nadd = 3\n")

    r = run("run", plain, "-o", os.path.join(tmp, "plain.gpkg"))
    check("siting" not in r, "run without [siting]: no siting summary")
    check("pairing" in r and "targets" in r, "run with teams: pairing and targets summaries")
    p = run("pair", plain, "-o", os.path.join(tmp, "pair.gpkg"))
    for key in ("youth", "paired", "kept", "unpaired_no_team", "unpaired_full", "bases_with_team"):
        check(r["pairing"][key] == p[key], f"run and pair agree on pairing.{key} ({p[key]})")
    check(r["targets"] == p["targets"], "run and pair agree on the targets")
    ds = ogr.Open(os.path.join(tmp, "plain.gpkg"))
    paired = sum(f.GetField("count") for f in ds.GetLayerByName("youth_pairing") if f.GetField("paired"))
    youth = sum(f.GetField("count") for f in ds.GetLayerByName("youth_pairing"))
    check(r["pairing"]["paired"] == paired, f"paired {paired} recounted from youth_pairing")
    check(r["pairing"]["youth"] == youth, f"youth {youth} recounted from youth_pairing")
    radii = [f.GetField("radius_m") for f in ds.GetLayerByName("bases")
             if f.GetField("radius_m") is not None and f.GetField("radius_m") >= 0]
    fs = r["coverage_standard"]
    check(fs["mode"] == "distance" and fs["source"] == "[catchment] radius_m",
          f"run names its standard: {fs['description']}")
    check(fs["min_radius_m"] == min(radii) and fs["max_radius_m"] == max(radii),
          f"radius range {min(radii)}-{max(radii)} m recounted from the bases layer")

    # Siting in run equals site with the same settings.
    rs = run("run", sited, "-o", os.path.join(tmp, "sited.gpkg"))
    s = run("site", sited, "-o", os.path.join(tmp, "site.gpkg"))
    check(rs["siting"]["chosen"] == s["chosen"], f"run and site name the same bases {s['chosen']}")
    check(rs["siting"]["objective"] == s["objective"], "run and site agree on the objective")
    check(s["objective_standard_is_figures_standard"], "without --radius one standard serves both")

    # With its own radius the objective and the figures are measured differently, and say so.
    s3 = run("site", sited, "--radius", "3000", "-o", os.path.join(tmp, "site3.gpkg"))
    o = s3["objective_standard"]
    check(o["radius_m"] == 3000 and o["source"] == "[siting] radius_m, --radius",
          f"objective standard: {o['description']}")
    check(not s3["objective_standard_is_figures_standard"], "the two standards differ")
    check(s3["figures_standard"] == fs, "before/after figures keep the [catchment] standard")
    check(s3["in_reach_before"] == r["youth"]["in_reach"],
          f"in reach before naming ({s3['in_reach_before']}) = a plain run's")

finish()
