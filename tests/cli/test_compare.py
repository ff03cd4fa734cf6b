"""sunplan compare (issue 20, part 1) on the demo county, run twice: as shipped, then on a copy
edited by hand (a base removed, a capacity raised, a base moved 300 m, seven youth added). Every
change compare reports must equal the difference of the two runs' figures recomputed here from
the two GeoPackages directly with GDAL/OGR (and tomllib for the scenario keys); a run compared
with itself reports no change; aggregate privacy mode publishes no per-youth change and no
difference of a withheld count; the output rules hold (never over an input, never over a file
sunplan did not write)."""
import math
import re
import os
import shutil
import sys
import tempfile
import tomllib

from osgeo import ogr, osr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import Sunplan, check, finish  # noqa: E402

ogr.UseExceptions()
osr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], os.path.abspath(sys.argv[2])
DEMO_DIR = os.path.join(SRC, "datasets/demo")


cli = Sunplan(SUNPLAN, "--progress", "none")
sunplan, run_json = cli.ok, cli.json


def layer_rows(path, name, with_geometry=False):
    ds = ogr.Open(path)
    lyr = ds.GetLayerByName(name)
    if lyr is None:
        return None
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    out = []
    for f in lyr:
        row = {n: f.GetField(n) for n in names}
        if with_geometry:
            g = f.GetGeometryRef()
            row["_geom"] = g.Clone() if g is not None else None
        out.append(row)
    return out


def metadata(path):
    return {r["key"]: r["value"] for r in layer_rows(path, "run_metadata")}


def flat_toml(d, prefix=""):
    out = {}
    for k, v in d.items():
        key = prefix + k
        if isinstance(v, dict):
            out.update(flat_toml(v, key + "."))
        else:
            out[key] = v
    return out


# ---- the independent recomputation -------------------------------------------------------
FIGURES = ["youth", "in_reach", "served", "paired", "reach_rate", "served_rate", "pairing_rate", "gap_rank"]
LEVELS = {"township": "townships", "county": "counties", "city": "cities", "province": "provinces"}


def units_of(path):
    units = {}
    for level, layer in LEVELS.items():
        for r in layer_rows(path, layer) or []:
            units[(level, r["code"])] = {f: r.get(f) for f in FIGURES if f in r} | \
                {"_withheld": r.get("suppressed") == 1, "_coverage": True}
    for r in layer_rows(path, "targets") or []:
        if r["level"] == "all":
            continue
        u = units.setdefault((r["level"], r["code"]), {"youth": r["youth"], "_withheld": r.get("suppressed") == 1})
        u["paired"] = r["paired"]
        u["pairing_rate"] = r["pairing_rate"]
    return units


COUNTS = ["youth", "in_reach", "served", "paired"]


def expected_units(a, b, aggregate=False, min_count=5):
    ua, ub = units_of(a), units_of(b)
    want = {}
    for key in set(ua) | set(ub):
        o, n = ua.get(key), ub.get(key)
        row = {"in_old": int(o is not None), "in_new": int(n is not None)}
        changed = o is None or n is None
        for f in FIGURES:
            ov = o.get(f) if o else None
            nv = n.get(f) if n else None
            row[f + "_old"], row[f + "_new"] = ov, nv
            row[f + "_delta"] = nv - ov if ov is not None and nv is not None else None
            if row[f + "_delta"] not in (None, 0):
                changed = True
        if o and n and o.get("_coverage") and n.get("_coverage") and not o["_withheld"] and not n["_withheld"] and \
                (o.get("gap_rank") is None) != (n.get("gap_rank") is None):
            changed = True
        row["changed"] = int(changed)
        # Aggregate mode: a difference of 1 to min_count - 1 youth is a small count, withheld.
        small = [f for f in COUNTS if row[f + "_delta"] is not None and 0 < abs(row[f + "_delta"]) < min_count]
        row["suppressed"] = int(aggregate and bool(small))
        if aggregate:
            for f in small:
                row[f + "_delta"] = None
        want[key] = row
    return want


def expected_coverage(a, b):
    def covered(path):
        return {r["code"]: r["youth"] - r["in_reach"] == 0 for r in layer_rows(path, "townships") or []
                if r["youth"] is not None and r["in_reach"] is not None}
    ca, cb = covered(a), covered(b)
    return {code: ("newly_covered" if cb[code] else "newly_uncovered")
            for code in ca.keys() & cb.keys() if ca[code] != cb[code]}


def working_crs(path):
    srs = osr.SpatialReference()
    srs.SetFromUserInput(metadata(path)["working_crs"])
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def expected_bases(a, b):
    crs = working_crs(a)

    def bases(path):
        out = {}
        for r in layer_rows(path, "bases", with_geometry=True):
            g = r["_geom"]
            g.TransformTo(crs)
            out.setdefault(r["id"], r | {"_xy": (g.GetX(), g.GetY())})
        return out
    if layer_rows(a, "bases") is None or layer_rows(b, "bases") is None:
        return {}  # not compared
    ba, bb = bases(a), bases(b)
    want = {}
    for i in ba.keys() | bb.keys():
        o, n = ba.get(i), bb.get(i)
        what, moved = [], None
        if o is None:
            what.append("added")
        if n is None:
            what.append("removed")
        if o and n:
            moved = math.dist(o["_xy"], n["_xy"])
            what += [name for name, diff in (("moved", moved >= 0.5), ("status", o["status"] != n["status"]),
                                             ("capacity", o["capacity"] != n["capacity"]),
                                             ("type", o["type"] != n["type"])) if diff]
        if what:
            want[i] = {"change": ",".join(what), "moved_m": moved,
                       "capacity_old": o["capacity"] if o else None, "capacity_new": n["capacity"] if n else None}
    return want


def expected_assignments(a, b):
    def youth(path):
        y = {}
        for r in layer_rows(path, "youth") or []:
            y.setdefault(r["id"], {})["base"] = r["base_id"]
        for r in layer_rows(path, "youth_pairing") or []:
            y.setdefault(r["id"], {})["team"] = r["team_id"]
        return y
    ya, yb = youth(a), youth(b)
    want = {}
    for i in ya.keys() | yb.keys():
        o, n = ya.get(i), yb.get(i)
        if o is None:
            want[i] = "added"
        elif n is None:
            want[i] = "removed"
        else:
            kinds = [k for k in ("base", "team") if o.get(k) != n.get(k)]
            if kinds:
                want[i] = ",".join(kinds)
    return want


def expected_parameters(a, b):
    ma, mb = metadata(a), metadata(b)
    skip = lambda k: k in ("time_utc", "scenario", "scenario_text") or k.startswith("input.")
    keys = {k for k in ma.keys() | mb.keys() if not skip(k) and ma.get(k) != mb.get(k)}
    ta, tb = flat_toml(tomllib.loads(ma["scenario_text"])), flat_toml(tomllib.loads(mb["scenario_text"]))
    keys |= {"scenario." + k for k in ta.keys() | tb.keys() if ta.get(k) != tb.get(k)}
    return keys


def same(x, y):
    if x is None or y is None:
        return x is None and y is None
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def verify(a, b, diff, what, summary, aggregate=False):
    """Every layer of DIFF equals the recomputation from A and B."""
    got_units = {(r["level"], r["code"]): r for r in layer_rows(diff, "unit_changes")}
    want_units = expected_units(a, b, aggregate)
    check(got_units.keys() == want_units.keys(), f"{what}: one unit_changes row per unit and level of either run "
                                                 f"({len(got_units)})")
    bad = [(k, c) for k, w in want_units.items() if k in got_units
           for c, v in w.items() if not same(got_units[k][c], v)]
    check(not bad, f"{what}: every old, new, delta and changed flag equals the recomputation {bad[:3]}")

    got_cov = {r["code"]: r["change"] for r in layer_rows(diff, "township_coverage_changes")}
    check(got_cov == expected_coverage(a, b), f"{what}: townships newly covered/uncovered ({got_cov})")

    want_bases = expected_bases(a, b)
    got_bases = {r["base_id"]: r for r in layer_rows(diff, "base_changes")}
    check({k: r["change"] for k, r in got_bases.items()} == {k: w["change"] for k, w in want_bases.items()},
          f"{what}: base changes ({ {k: r['change'] for k, r in got_bases.items()} })")
    check(all(same(got_bases[k]["moved_m"], w["moved_m"]) if w["moved_m"] is None else
              abs(got_bases[k]["moved_m"] - w["moved_m"]) < 1e-3
              for k, w in want_bases.items() if k in got_bases), f"{what}: moved_m = the distance in the working CRS")
    check(all(got_bases[k]["capacity_old"] == w["capacity_old"] and got_bases[k]["capacity_new"] == w["capacity_new"]
              for k, w in want_bases.items() if k in got_bases), f"{what}: capacities old and new")

    got_assign = {r["youth_id"]: r["change"] for r in layer_rows(diff, "assignment_changes")}
    if summary["assignments"] is not None:
        want_assign = expected_assignments(a, b)
        check(got_assign == want_assign, f"{what}: youth whose base or team changed ({len(got_assign)} vs "
                                         f"{len(want_assign)})")
    got_params = {r["key"] for r in layer_rows(diff, "parameter_changes")}
    check(got_params == expected_parameters(a, b), f"{what}: parameter changes {sorted(got_params)}")
    check(set(summary["parameters_changed"]) == got_params, f"{what}: --json lists the same parameters")
    return got_units, got_bases, got_assign


with tempfile.TemporaryDirectory() as tmp:
    # The old run: the demo as shipped.
    old = os.path.join(tmp, "old.gpkg")
    sunplan("run", os.path.join(DEMO_DIR, "scenario.toml"), "-o", old)

    # The new run: a copy of the data edited by hand.
    edit = os.path.join(tmp, "edit")
    os.mkdir(edit)
    shutil.copyfile(os.path.join(DEMO_DIR, "demo.gpkg"), os.path.join(edit, "demo.gpkg"))
    shutil.copyfile(os.path.join(DEMO_DIR, "scenario.toml"), os.path.join(edit, "scenario.toml"))
    ds = ogr.Open(os.path.join(edit, "demo.gpkg"), 1)
    ds.ExecuteSQL("DELETE FROM bases WHERE id = 'B007'")                        # removed
    ds.ExecuteSQL("UPDATE bases SET capacity = capacity + 50 WHERE id = 'B008'")  # 60 -> 110
    bases = ds.GetLayerByName("bases")
    for f in bases:
        if f.GetField("id") == "B009":  # moved about 300 m east (0.00305 deg of longitude at 28.3 N)
            g = f.GetGeometryRef()
            g.SetPoint_2D(0, g.GetX() + 0.00305, g.GetY())
            f.SetGeometry(g)
            bases.SetFeature(f)
    bases = None
    youth = ds.GetLayerByName("youth")
    near = None
    for f in youth:
        if f.GetField("township") == "430189001":
            near = f.Clone()
            break
    far = None
    for f in youth:
        if f.GetField("township") == "430189110":
            far = f.Clone()
            break
    # 4 youth beside one youth of 430189001, 3 beside one of 430189110 (small differences, which
    # aggregate mode withholds). Appended: earlier rows keep their numbers, hence their pseudonyms.
    for k in range(7):
        like = near if k < 4 else far
        f = ogr.Feature(youth.GetLayerDefn())
        for i in range(like.GetFieldCount()):
            f.SetField(i, like.GetField(i))
        f.SetField("id", f"NEW{k}")
        f.SetField("paired_team", None)
        g = like.GetGeometryRef().Clone()
        g.SetPoint_2D(0, g.GetX() + 0.0002 * k, g.GetY())
        f.SetGeometry(g)
        youth.CreateFeature(f)
    youth = None
    ds = None
    new = os.path.join(tmp, "new.gpkg")
    sunplan("run", os.path.join(edit, "scenario.toml"), "-o", new)

    diff = os.path.join(tmp, "diff.gpkg")
    s = run_json("compare", old, new, "-o", diff)
    units, bases_changed, assign = verify(old, new, diff, "edited", s)
    check(bases_changed.get("B007", {}).get("change") == "removed", "B007 removed")
    check(bases_changed.get("B008", {}).get("capacity_delta") == 50, "B008 capacity +50")
    check(250 < (bases_changed.get("B009", {}).get("moved_m") or 0) < 350, "B009 moved about 300 m")
    check(len(bases_changed) == 3, "no other base changed")
    check(units[("county", "430189")]["youth_delta"] == 7, "the county has 7 youth more")
    check(sum(1 for v in assign.values() if v == "added") == 7, "7 youth added")
    check(any(v != "added" for v in assign.values()), "youth whose base changed (the base removed)")
    check(s["bases"] == {"added": 0, "removed": 1, "moved": 1, "status": 0, "capacity": 1, "type": 0},
          f"--json counts the base changes ({s['bases']})")
    check(s["units"]["township"]["changed"] == sum(1 for k, r in units.items() if k[0] == "township" and r["changed"]),
          "--json counts the changed townships")
    params = {r["key"] for r in layer_rows(diff, "parameter_changes")}
    check("sha256:demo.gpkg" in params and "scenario_file" in params, "the input's fingerprint and path are listed")
    md = open(os.path.join(tmp, "diff.md"), encoding="utf-8").read()
    check(md.startswith("# sunplan report: changes"), "DIFF.md beside the output, a sunplan report")
    sections = [l for l in md.splitlines() if l.startswith("## ")]
    check(sections[0] == "## Parameters and inputs that differ", f"parameters come first ({sections[:2]})")
    check("B007" in md and "sha256:demo.gpkg" in md, "the report names the removed base and the changed input")
    check(metadata(diff)["software"].startswith("sunplan"), "the diff's run_metadata marks it as sunplan's")
    svg = open(os.path.join(tmp, "diff-map.svg"), encoding="utf-8").read()
    check("](diff-map.svg)" in md, "the report shows its map")
    check(svg.count('class="township"') ==
          sum(1 for k in units if k[0] == "township"), "the map draws every township")
    check(svg.count('class="base"') == len(bases_changed), "the map marks every changed base")
    check(svg.count('class="coverage"') == len(layer_rows(diff, "township_coverage_changes")),
          "the map outlines the townships newly covered or uncovered")

    # A run compared with itself: no change at all.
    same_diff = os.path.join(tmp, "same.gpkg")
    s0 = run_json("compare", old, old, "-o", same_diff)
    verify(old, old, same_diff, "itself", s0)
    check(all(not layer_rows(same_diff, l) for l in
              ("base_changes", "township_coverage_changes", "assignment_changes", "parameter_changes")),
          "itself: no base, coverage, assignment or parameter change")
    check(all(r["changed"] == 0 and all(r[f + "_delta"] in (0, None) for f in FIGURES)
              for r in layer_rows(same_diff, "unit_changes")), "itself: every unit unchanged, every delta 0")

    # Output rules: never over an input (nor the inputs a result was made from); a foreign file
    # only with --force; a second compare replaces its own output.
    r = sunplan("compare", old, new, "-o", old, expect=2)
    check("input" in r.stderr, "-o the old result is refused (exit 2)")
    r = sunplan("compare", old, new, "-o", os.path.join(edit, "demo.gpkg"), expect=2)
    check("input" in r.stderr, "-o an input the new result was made from is refused (exit 2)")
    foreign = os.path.join(tmp, "foreign.gpkg")
    open(foreign, "w").write("not sunplan's")
    sunplan("compare", old, new, "-o", foreign, expect=2)
    sunplan("compare", old, new, "-o", foreign, "--force")
    sunplan("compare", old, new, "-o", diff)
    # A result without a field compare reads: the message names file, layer and field.
    broken = os.path.join(tmp, "broken.gpkg")
    shutil.copyfile(new, broken)
    ds = ogr.Open(broken, 1)
    ds.ExecuteSQL("ALTER TABLE bases DROP COLUMN capacity")
    ds = None
    r = sunplan("compare", old, broken, "-o", os.path.join(tmp, "x.gpkg"), expect=3)
    check("broken.gpkg" in r.stderr and "bases" in r.stderr and "capacity" in r.stderr,
          f"a missing field is named with file and layer ({r.stderr.strip()})")

    # A run that wrote only some layers (--layers targets,teams): compared on what both have.
    part = os.path.join(tmp, "part.gpkg")
    sunplan("run", os.path.join(edit, "scenario.toml"), "-o", part, "--layers", "targets,teams")
    pdiff = os.path.join(tmp, "part_diff.gpkg")
    sp = run_json("compare", old, part, "-o", pdiff)
    verify(old, part, pdiff, "--layers targets,teams", sp)
    prow = {(r["level"], r["code"]): r for r in layer_rows(pdiff, "unit_changes")}
    check(all(r["served_delta"] is None and r["gap_rank_delta"] is None for r in prow.values()),
          "only in one run: no difference of served or gap rank")
    check(prow[("county", "430189")]["youth_delta"] == 7 and prow[("county", "430189")]["paired_delta"] is not None,
          "the figures both runs have (targets: youth, paired) are compared")
    check(sp["bases"] is None and any("bases" in n for n in sp["not_compared"]) and
          any("township in reach" in n for n in sp["not_compared"]), f"what is not compared is said ({sp['not_compared']})")

    # A raw input, or a compare's own output, is not a run result: refused before reading it.
    r = sunplan("compare", os.path.join(DEMO_DIR, "demo.gpkg"), new, "-o", os.path.join(tmp, "y.gpkg"), expect=3)
    check("not a sunplan result" in r.stderr, "a raw input GeoPackage is refused (exit 3)")
    r = sunplan("compare", diff, new, "-o", os.path.join(tmp, "y.gpkg"), expect=3)
    check("output of sunplan compare" in r.stderr, "a compare's output is refused as an input (exit 3)")

    # Aggregate privacy mode: only counts, never a difference of a withheld one.
    aggs = []
    for name, folder in (("agg_old", DEMO_DIR), ("agg_new", edit)):
        text = open(os.path.join(folder, "scenario.toml"), encoding="utf-8").read()
        text = text.replace('source = "demo.gpkg"', f'source = "{os.path.join(folder, "demo.gpkg")}"')
        sc = os.path.join(tmp, name + ".toml")
        open(sc, "w", encoding="utf-8").write(text + '\n[privacy]\nmode = "aggregate"\n')
        out = os.path.join(tmp, name + ".gpkg")
        sunplan("run", sc, "-o", out)
        aggs.append(out)
    adiff = os.path.join(tmp, "agg_diff.gpkg")
    sa = run_json("compare", *aggs, "-o", adiff)
    check(sa["assignments"] is None and not layer_rows(adiff, "assignment_changes"),
          "aggregate: no per-youth change is published")
    check(any("aggregate" in n for n in sa["not_compared"]), "aggregate: the summary says why")
    arows = layer_rows(adiff, "unit_changes")
    withheld = [r for r in arows if r["youth_old"] is None or r["youth_new"] is None]
    check(len(withheld) > 0, f"aggregate: some units are withheld in a run ({len(withheld)})")
    check(all(r[f + "_delta"] is None for r in withheld for f in ("youth", "in_reach", "served", "paired")),
          "aggregate: no difference where a run withheld the count")
    verify(aggs[0], aggs[1], adiff, "aggregate", sa, aggregate=True)
    small = [(r["code"], f, r[f + "_delta"]) for r in arows for f in COUNTS
             if r[f + "_delta"] is not None and 0 < abs(r[f + "_delta"]) < 5]
    check(not small, f"aggregate: no difference of 1 to 4 youth is published {small[:3]}")
    check(any(r["suppressed"] == 1 for r in arows), "aggregate: small differences are withheld (suppressed = 1)")
    amd = open(os.path.join(tmp, "agg_diff.md"), encoding="utf-8").read()
    township_rows = [l for l in amd.splitlines() if l.startswith("| 4301891")]
    # Columns youth, in reach, served, paired (the gap rank's difference is no count).
    small_text = [l for l in township_rows for c in l.split("|")[3:7] if re.search(r"\([+-][1-4]\)", c)]
    check(township_rows and not small_text, f"aggregate: the report states no small difference {small_text[:2]}")
    check(any("(suppressed)" in l for l in township_rows), "aggregate: the report says suppressed instead")

finish()
