"""sunplan run --history / --as-of (issue 20, part 2) on the demo county, run three times a month
apart with hand-edited inputs (team capacities raised, candidate bases opened). The layer
target_trajectory of the third run must equal what this test recomputes from the three result
GeoPackages alone (their `targets` layer, read with GDAL/OGR): each unit's series, the
least-squares pace over the last pace_runs runs, the projected date (the first whole day the line
reaches the milestone value), the outlook. Also: the history holds one record per run; in
aggregate privacy mode it withholds exactly what the run withholds; a run that
fails appends nothing; a file that is no sunplan history is refused (exit 3) and left as it was."""
import datetime
import hashlib
import math
import os
import shutil
import subprocess
import sys
import tempfile

from osgeo import ogr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import Sunplan, check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], os.path.abspath(sys.argv[2])


sunplan = Sunplan(SUNPLAN, "--progress", "none").ok


def rows(path, layer):
    ds = ogr.Open(path)
    lyr = ds.GetLayerByName(layer)
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    return [{n: f.GetField(n) for n in names} for f in lyr]


def day(text):
    return datetime.date.fromisoformat(text).toordinal()


MILESTONES = """
[targets.milestones.end_2015]
date = "2015-12-31"
pairing_rate = 0.7
bases = 28

[targets.milestones.mid_2016]
date = "2016-06-30"
urban_reach_rate = 1.0
levels = ["total", "county"]

[monitoring]
pace_runs = 3
"""
DATES = ["2015-06-30", "2015-07-30", "2015-08-29"]

with tempfile.TemporaryDirectory() as tmp:
    demo = os.path.join(tmp, "demo")
    shutil.copytree(os.path.join(SRC, "datasets/demo"), demo)
    scenario = os.path.join(demo, "scenario.toml")
    with open(scenario, "a", encoding="utf-8") as f:
        f.write(MILESTONES)
    history = os.path.join(tmp, "history.gpkg")
    results = []
    for k, date in enumerate(DATES):
        if k > 0:
            # A month of work by hand: teams take more youth, one candidate base opens.
            ds = ogr.Open(os.path.join(demo, "demo.gpkg"), update=1)
            ds.ExecuteSQL("UPDATE teams SET capacity = capacity + 12")
            ds.ExecuteSQL("UPDATE bases SET status = 'existing' WHERE fid = "
                          "(SELECT min(fid) FROM bases WHERE status = 'candidate')")
            ds = None
        out = os.path.join(tmp, f"run{k + 1}.gpkg")
        sunplan("run", scenario, "-o", out, "--history", history, "--as-of", date)
        results.append(out)

    runs = rows(history, "history_runs")
    check(len(runs) == 3, f"three runs recorded (got {len(runs)})")
    check([r["run_date"] for r in runs] == DATES, "with the --as-of dates")
    check(sorted(r["run_id"] for r in runs) == [1, 2, 3], "numbered 1, 2, 3")
    check(len({r["inputs_sha256"] for r in runs}) == 3, "each run's inputs hash differs (edited)")
    with open(scenario, "rb") as f:
        check(runs[0]["scenario_sha256"] == hashlib.sha256(f.read()).hexdigest(),
              "scenario hash is the file's SHA-256")

    # Figures per unit and run, from each result's own targets layer.
    level_name = {"all": "total", "province": "province", "city": "city", "county": "county"}
    series = {}  # (level, code, indicator) -> [(day, value)]
    for date, path in zip(DATES, results):
        for t in rows(path, "targets"):
            level = level_name.get(t["level"])
            if level is None:
                continue
            code = t["code"] or ""
            for ind, value in (("pairing_rate", t["pairing_rate"]),
                               ("urban_reach_rate", t["urban_reach_rate"]),
                               ("bases", float(t["bases"]))):
                if value is not None:
                    series.setdefault((level, code, ind), []).append((day(date), value))

    def project(points, target, due, pace_runs=3):
        """The documented rule, worked independently: reached since the first run of the trailing
        streak that meets the value; else least squares over the last pace_runs points."""
        if points[-1][1] >= target - 1e-9:
            i = len(points) - 1
            while i > 0 and points[i - 1][1] >= target - 1e-9:
                i -= 1
            return "reached", points[i][0], 1
        pts = points[-pace_runs:]
        n = len(pts)
        mx = sum(x for x, _ in pts) / n
        my = sum(y for _, y in pts) / n
        sxx = sum((x - mx) ** 2 for x, _ in pts)
        sxy = sum((x - mx) * (y - my) for x, y in pts)
        slope = sxy / sxx
        if slope <= 0:
            return "never at this pace", None, 0
        when = max(math.ceil(mx + (target - my) / slope - 1e-6), pts[-1][0])
        return ("on track" if when <= due else "off track"), when, int(when <= due)

    expected = {}
    for level in ("total", "province", "city", "county"):
        for (lv, code, ind), pts in series.items():
            if lv != level:
                continue
            for name, due, ind_target, levels in (
                    ("end_2015", "2015-12-31", {"pairing_rate": 0.7, "bases": 28},
                     ("total", "province", "city", "county")),
                    ("mid_2016", "2016-06-30", {"urban_reach_rate": 1.0}, ("total", "county"))):
                if ind not in ind_target or (ind == "bases" and lv != "total"):
                    continue
                if ind != "bases" and lv not in levels:
                    continue
                expected[(name, lv, code, ind)] = (pts, project(pts, ind_target[ind], day(due)))

    got = rows(results[-1], "target_trajectory")
    check(len(got) == len(expected), f"{len(expected)} trajectory rows (got {len(got)})")
    outlooks = set()
    for g in got:
        key = (g["milestone"], g["level"], g["code"] or "", g["indicator"])
        if key not in expected:
            check(False, f"unexpected row {key}")
            continue
        pts, (outlook, when, on_track) = expected[key]
        outlooks.add(outlook)
        projected = (datetime.date.fromordinal(when).isoformat() if when else None)
        check(g["outlook"] == outlook and g["projected_date"] == projected and
              g["on_track"] == on_track and g["runs"] == len(pts) and
              abs(g["current"] - pts[-1][1]) < 1e-9,
              f"{key}: {g['outlook']} {g['projected_date']} == {outlook} {projected}")
    order = {"never at this pace": 0, "off track": 1, "unknown": 2, "on track": 3, "reached": 4}
    ranks = [order[g["outlook"]] for g in got]
    check(ranks == sorted(ranks), "off track first")
    check(len(outlooks) >= 2, f"the demo shows more than one outlook ({sorted(outlooks)})")
    with open(results[-1].replace(".gpkg", "-report.md"), encoding="utf-8") as f:
        check("## Milestones: units off track first" in f.read(), "report has the milestones section")

    # A run that fails after the history was opened (its youth layer is missing, found when
    # the data are loaded) appends nothing; nor does one whose output folder is a file.
    broken = os.path.join(demo, "broken.toml")
    with open(scenario, encoding="utf-8") as f:
        text = f.read()
    with open(broken, "w", encoding="utf-8") as f:
        f.write(text.replace('layer = "youth"', 'layer = "no_such_layer"', 1))
    r = subprocess.run([SUNPLAN, "run", broken, "-o", os.path.join(tmp, "run4.gpkg"),
                        "--history", history, "--as-of", "2015-09-28", "--progress", "none"],
                       capture_output=True, text=True)
    check(r.returncode == 3, f"the run without youth fails, exit 3 (got {r.returncode})")
    blocker = os.path.join(tmp, "blocker")
    open(blocker, "w").close()
    r = subprocess.run([SUNPLAN, "run", scenario, "-o", os.path.join(blocker, "x.gpkg"),
                        "--history", history, "--as-of", "2015-09-28", "--progress", "none"],
                       capture_output=True, text=True)
    check(r.returncode != 0, f"the run without an output folder fails (exit {r.returncode})")
    check(len(rows(history, "history_runs")) == 3, "and neither appends anything")

    # `pair` (like `site`) reads the scenario's history for the trajectories, appends nothing.
    pair_scenario = os.path.join(demo, "pair.toml")
    with open(pair_scenario, "w", encoding="utf-8") as f:
        f.write(text.replace("[monitoring]\n", f"[monitoring]\nhistory = '{history}'\n", 1))
    pair_out = os.path.join(tmp, "pair.gpkg")
    sunplan("pair", pair_scenario, "-o", pair_out)
    check(len(rows(history, "history_runs")) == 3, "pair appends nothing")
    check(max(g["runs"] for g in rows(pair_out, "target_trajectory")) == 4,
          "but its trajectories see the three recorded runs and its own")

    # Aggregate privacy mode: the history holds a unit's figures only where the run's own
    # targets layer publishes them (pipeline/disclosure.cpp withholds small counts).
    agg_scenario = os.path.join(demo, "aggregate.toml")
    with open(agg_scenario, "w", encoding="utf-8") as f:
        f.write(text + '\n[privacy]\nmode = "aggregate"\n')
    agg_history, agg_out = os.path.join(tmp, "aggregate-history.gpkg"), os.path.join(tmp, "agg.gpkg")
    sunplan("run", agg_scenario, "-o", agg_out, "--history", agg_history, "--as-of", DATES[0])
    published = {(t["level"], t["code"] or ""): t["youth"] for t in rows(agg_out, "targets")}
    recorded = {(u["level"], u["code"] or ""): u["youth"] for u in rows(agg_history, "history_units")}
    recorded = {(("all" if lv == "total" else lv), c): y for (lv, c), y in recorded.items()}
    withheld = [k for k, y in published.items() if y is None]
    check(len(withheld) > 0, f"aggregate mode withholds some units ({len(withheld)})")
    check(all(recorded.get(k, "missing") is None for k in withheld),
          "the history withholds every unit the run withholds")
    check(all(recorded.get(k) == y for k, y in published.items() if y is not None),
          "and records the others as published")

    # A result is no history: refused before anything is written, left as it was.
    with open(results[0], "rb") as f:
        before = f.read()
    r = subprocess.run([SUNPLAN, "run", scenario, "-o", os.path.join(tmp, "run5.gpkg"),
                        "--history", results[0], "--progress", "none"],
                       capture_output=True, text=True)
    check(r.returncode == 3 and "not a sunplan history" in r.stderr,
          f"a result given as history is refused, exit 3 (got {r.returncode}: {r.stderr.strip()})")
    with open(results[0], "rb") as f:
        check(f.read() == before, "and left byte for byte as it was")
    check(not os.path.exists(os.path.join(tmp, "run5.gpkg")), "and no output written")

finish()
