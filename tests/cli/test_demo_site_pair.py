"""sunplan site and pair on the demo county, against independent answers: CBC's proven
optimum for the siting plan, the quota and budget rules, and the pairing and relay totals
recounted from the result layers with GDAL."""
import json
import os
import subprocess
import sys
import tempfile
from datetime import date

from osgeo import ogr

ogr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], sys.argv[2]
DEMO = os.path.join(SRC, "datasets/demo/scenario.toml")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(*args):
    r = subprocess.run([SUNPLAN, *args, "--json", "--progress", "none"], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
        sys.exit(1)
    return json.loads(r.stdout)


src = ogr.Open(os.path.join(SRC, "datasets/demo/demo.gpkg"))
status = {f.GetField("id"): f.GetField("status") for f in src.GetLayerByName("bases")}
cost = {f.GetField("id"): f.GetField("cost") for f in src.GetLayerByName("bases")}
county_of_base = {f.GetField("id"): f.GetField("township")[:6] for f in src.GetLayerByName("bases")}

with tempfile.TemporaryDirectory() as tmp:
    # Maximal covering, 5 new bases, checked against CBC.
    s = run("site", DEMO, "--model", "mclp", "--add", "5", "--exact", "-o", os.path.join(tmp, "site.gpkg"))
    check(len(s["chosen"]) <= 5, f"at most 5 new bases ({len(s['chosen'])})")
    check(all(status[i] == "candidate" for i in s["chosen"]), "only candidates are named")
    check(s["exact"]["proven_optimal"], "CBC proves the optimum")
    check(s["objective"] <= s["exact"]["objective"] + 1e-9 <= s["bound"] + 1e-9,
          f"plan {s['objective']} <= optimum {s['exact']['objective']} <= bound {s['bound']}")
    check(s["in_reach_after"] == s["objective"], "youth in reach after naming equals the plan's objective")
    check(s["in_reach_after"] >= s["in_reach_before"], "naming bases never loses coverage")
    res = ogr.Open(os.path.join(tmp, "site.gpkg"))
    eff = res.GetLayerByName("site_effect")
    after = sum(f.GetField("in_reach_after") for f in eff)
    # Youth outside every township count only in the total, so the townships' sum is at most it.
    check(after <= s["in_reach_after"], "site_effect townships add up within the total")
    check(res.GetLayerByName("sites").GetFeatureCount() == len(s["chosen"]), "one 'sites' feature per chosen base")

    # Budget: the chosen candidates' cost stays within it.
    b = run("site", DEMO, "--model", "mclp", "--add", "10", "--budget", "40", "-o", os.path.join(tmp, "budget.gpkg"))
    spent = sum(cost[i] or 0 for i in b["chosen"])
    check(spent <= 40 + 1e-9, f"budget holds: {spent} <= 40")

    # Set covering of everyone reachable: complete coverage of the reachable youth.
    c = run("site", DEMO, "--model", "lscp", "--add", "1000", "-o", os.path.join(tmp, "lscp.gpkg"))
    check(c["feasible"], "set covering is feasible")
    check(c["in_reach_after"] >= c["covered_weight"], "every youth the plan covers is in reach afterwards")
    check(c["bound"] <= c["objective"], "set covering bound <= plan")

    # Pairing and relay.
    relay_date = "2026-12-31"
    p = run("pair", DEMO, "--relay-date", relay_date, "-o", os.path.join(tmp, "pair.gpkg"))
    res = ogr.Open(os.path.join(tmp, "pair.gpkg"))
    teams = {f.GetField("id"): f for f in res.GetLayerByName("teams")}
    load = {}
    kept = 0
    ok_limit = True
    for f in res.GetLayerByName("pairings"):
        load[f.GetField("team_id")] = load.get(f.GetField("team_id"), 0) + f.GetField("count")
        kept += f.GetField("count") if f.GetField("kept") else 0
        ok_limit &= f.GetField("distance_m") <= 5000.0 + 1e-6
    check(ok_limit, "no pair beyond the 5 km limit")
    check(all(load.get(t, 0) <= teams[t].GetField("capacity") for t in teams), "no team above its capacity")
    check(sum(load.values()) == p["paired"], f"pairing lines add up to the youth paired ({p['paired']})")
    check(kept == p["kept"], "kept pairs add up")
    limit = date.fromisoformat(relay_date)
    leaving = {t for t, f in teams.items() if f.GetField("term_end") and date.fromisoformat(f.GetField("term_end")) <= limit}
    to_hand = sum(n for t, n in load.items() if t in leaving)
    check(p["relay"]["leaving_teams"] == len(leaving), f"{len(leaving)} teams leave by {relay_date}")
    check(p["relay"]["to_hand_over"] == to_hand, f"{to_hand} youth to hand over, recounted from the pairings")
    handed = sum(f.GetField("count") for f in res.GetLayerByName("relay") if f.GetField("to_team"))
    check(handed == p["relay"]["handed_over"], "relay lines add up to the youth handed over")
    check(all(f.GetField("to_team") not in leaving for f in res.GetLayerByName("relay") if f.GetField("to_team")),
          "nobody is handed to a team that is leaving too")
    # A coverage standard is refused, with the option named, where it cannot apply.
    for args, says in ((["--radius", "-5"], "--radius: must be a number above 0"),
                       (["--minutes", "12"], "needs [catchment] mode = \"network\"")):
        r = subprocess.run([SUNPLAN, "site", DEMO, "--model", "mclp", "--add", "2", *args, "-o",
                            os.path.join(tmp, "bad.gpkg"), "--progress", "none"],
                           capture_output=True, text=True)
        check(r.returncode == 2 and says in r.stderr, f"site {' '.join(args)}: exit 2, '{says}'")
        check(not os.path.exists(os.path.join(tmp, "bad.gpkg")), "and no output written")
    targets = res.GetLayerByName("targets")
    total = next(f for f in targets if f.GetField("level") == "all")
    check(total.GetField("paired") == p["paired"], "the targets table's total matches")

print(f"{len(failures)} failed" if failures else "all checks passed")
sys.exit(1 if failures else 0)
