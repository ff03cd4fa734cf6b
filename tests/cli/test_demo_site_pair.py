"""sunplan site and pair on the demo county, against independent answers: CBC's proven
optimum for the siting plan, the quota and budget rules, and the pairing and relay totals
recounted from the result layers with GDAL."""
import os
import sys
import tempfile
from datetime import date

import numpy as np
from osgeo import ogr, osr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import Sunplan, check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], sys.argv[2]
DEMO = os.path.join(SRC, "datasets/demo/scenario.toml")


cli = Sunplan(SUNPLAN, "--progress", "none")
run = cli.json


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

    # "--add k" is at most k: a base that adds nothing is not named; --exactly names k. The
    # demo has 14 candidates and 11 of them bring youth in reach (the 3 others add nothing).
    at_most = run("site", DEMO, "--model", "mclp", "--add", "14", "-o", os.path.join(tmp, "most.gpkg"))
    exactly = run("site", DEMO, "--model", "mclp", "--add", "14", "--exactly", "-o",
                  os.path.join(tmp, "exactly.gpkg"))
    check(len(exactly["chosen"]) == 14 and exactly["exactly"], "--exactly 14: 14 new bases")
    check(len(at_most["chosen"]) < 14 and not at_most["exactly"],
          f"--add 14 alone: only the bases that add youth ({len(at_most['chosen'])})")
    check(at_most["objective"] == exactly["objective"] and at_most["proven_optimal"],
          "the extra bases add nothing: the same proven optimum")
    check(all(g > 0 for g in at_most["marginal_gain"]), "every base named without --exactly adds youth")

    # CBC's limit: the scenario's exact_time_limit_s unless --time-limit overrides it.
    text = open(DEMO, encoding="utf-8").read().replace('source = "demo.gpkg"', 'source = "{}"'.format(
        os.path.abspath(os.path.join(SRC, "datasets/demo/demo.gpkg"))))
    limited = os.path.join(tmp, "limited.toml")
    open(limited, "w", encoding="utf-8").write(text + "\n[siting]\nexact_time_limit_s = 7\n")
    from_scenario = run("site", limited, "--exact", "-o", os.path.join(tmp, "l1.gpkg"))
    from_flag = run("site", limited, "--exact", "--time-limit", "3", "-o", os.path.join(tmp, "l2.gpkg"))
    check(from_scenario["exact"]["time_limit_s"] == 7, "exact_time_limit_s = 7 in the scenario is CBC's limit")
    check(from_flag["exact"]["time_limit_s"] == 3, "--time-limit 3 overrides it")

    # p-median: the automatic radius reaches every youth's nearest facility; an explicit one
    # that leaves youth without any says how many (recounted here in UTM 49N with numpy).
    auto = run("site", DEMO, "--model", "pmedian", "--add", "3", "-o", os.path.join(tmp, "pm1.gpkg"))
    check(not any("no facility within" in n for n in auto["notes"]),
          f"automatic radius {auto['pmedian_radius_m']:.0f} m: every youth has a facility")
    open(limited, "a", encoding="utf-8").write("pmedian_radius_m = 3000\n")
    short = run("site", limited, "--model", "pmedian", "--add", "3", "-o", os.path.join(tmp, "pm2.gpkg"))
    wgs, utm = osr.SpatialReference(), osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    utm.ImportFromEPSG(32649)
    for ref in (wgs, utm):
        ref.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_utm = osr.CoordinateTransformation(wgs, utm)
    xy = lambda f: to_utm.TransformPoint(f.GetGeometryRef().GetX(), f.GetGeometryRef().GetY())[:2]
    fac = np.array([xy(f) for f in src.GetLayerByName("bases")])
    youth = np.array([xy(f) for f in src.GetLayerByName("youth")])
    nearest = np.hypot(youth[:, None, 0] - fac[None, :, 0], youth[:, None, 1] - fac[None, :, 1]).min(axis=1)
    beyond = int((nearest > 3000).sum())
    check(abs(auto["pmedian_radius_m"] - nearest.max()) < 2,
          f"the automatic radius is the farthest youth's nearest facility ({nearest.max():.0f} m)")
    check(np.abs(nearest - 3000).min() > 1, "no youth sits on the 3000 m edge (the recount is unambiguous)")
    check(short["pmedian_radius_m"] == 3000 and beyond > 0 and
          any(n.startswith(f"{beyond} youth have no facility within") for n in short["notes"]),
          f"radius 3000 m: the note names the {beyond} youth beyond it")

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
        r = cli("site", DEMO, "--model", "mclp", "--add", "2", *args, "-o", os.path.join(tmp, "bad.gpkg"))
        check(r.returncode == 2 and says in r.stderr, f"site {' '.join(args)}: exit 2, '{says}'")
        check(not os.path.exists(os.path.join(tmp, "bad.gpkg")), "and no output written")
    targets = res.GetLayerByName("targets")
    total = next(f for f in targets if f.GetField("level") == "all")
    check(total.GetField("paired") == p["paired"], "the targets table's total matches")

finish()
