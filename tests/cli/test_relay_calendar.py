"""The relay calendar (issue 20, part 3) on the demo county: the relay_calendar layer and the
.ics beside the result equal the relay layer's handovers due in the window, recomputed here
from the GeoPackage with GDAL (youth -> township -> county, grouped per day, county, teams and
reason); the .ics is checked against RFC 5545 by hand (CRLF, lines of at most 75 octets,
unfolding, required properties, UTF-8). Also: the scenario keys, the automatic relay date, the
--layers choice and aggregate privacy mode (no counts)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from datetime import date, timedelta

from osgeo import ogr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import Sunplan, check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], os.path.abspath(sys.argv[2])
DEMO_DIR = os.path.join(SRC, "datasets/demo")
DEMO = os.path.join(DEMO_DIR, "scenario.toml")


run = Sunplan(SUNPLAN, "--progress", "none").json


def rows(path, layer):
    ds = ogr.Open(path)
    lyr = ds.GetLayerByName(layer)
    if lyr is None:
        return None
    names = [lyr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(lyr.GetLayerDefn().GetFieldCount())]
    return [{n: f.GetField(n) for n in names} for f in lyr]


def expected_calendar(path, first, last):
    """The relay layer's handovers due in [first, last], grouped as the calendar promises."""
    counties = {r["code"] for r in rows(path, "counties")}
    county_of_township = {r["code"]: (r["parent"] if r["parent"] in counties else r["code"])
                          for r in rows(path, "townships")}
    township_of_youth = {r["id"]: r["township"] for r in rows(path, "youth_pairing")}
    groups = defaultdict(int)
    specialist = {}
    for r in rows(path, "relay"):
        if not (first.isoformat() <= r["handover_date"] <= last.isoformat()):
            continue
        t = township_of_youth[r["youth_id"]]
        county = county_of_township.get(t) if t else None
        key = (r["handover_date"], county, r["from_team"], r["to_team"], r["reason"])
        groups[key] += r["count"]
        specialist[key] = r["specialist"] or None
    return groups, specialist


def calendar_of(path):
    got = {}
    for r in rows(path, "relay_calendar"):
        key = (r["handover_date"], r["county"], r["from_team"], r["to_team"], r["reason"])
        check(key not in got, f"one calendar row per day, county, teams and reason {key}")
        got[key] = r
    return got


def parse_ics(path):
    raw = open(path, "rb").read()
    check(raw.endswith(b"\r\n"), "the .ics ends with CRLF")
    check(b"\n" not in raw.replace(b"\r\n", b""), "no bare LF: every line ends in CRLF")
    check(b"\r" not in raw.replace(b"\r\n", b""), "no bare CR")
    physical = raw[:-2].split(b"\r\n")
    longest = max(len(l) for l in physical)
    check(longest <= 75, f"every line at most 75 octets (longest {longest})")
    text = raw.decode("utf-8")  # raises on a character cut by folding
    for l in physical:
        l.decode("utf-8")  # and each physical line is whole UTF-8 too
    lines = text.replace("\r\n ", "").split("\r\n")[:-1]  # unfold (RFC 5545 3.1)
    check(lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR", "one VCALENDAR")
    check("VERSION:2.0" in lines, "VERSION:2.0")
    check(any(l.startswith("PRODID:") for l in lines), "PRODID")
    events, cur = [], None
    for l in lines[1:-1]:
        if l == "BEGIN:VEVENT":
            cur = {}
        elif l == "END:VEVENT":
            events.append(cur)
            cur = None
        elif cur is not None:
            name, _, value = l.partition(":")
            cur[name] = value
    for e in events:
        for prop in ("UID", "DTSTAMP", "DTSTART;VALUE=DATE", "SUMMARY"):
            if prop not in e:
                check(False, f"event has {prop}: {e}")
        if not re.fullmatch(r"\d{8}T\d{6}Z", e.get("DTSTAMP", "")):
            check(False, f"DTSTAMP is a UTC date-time: {e.get('DTSTAMP')}")
    check(len({e.get("UID") for e in events}) == len(events), "UIDs are unique")
    return events


def ics_day(d):
    return d.replace("-", "")


def compare(path, first, last, what):
    want, spec = expected_calendar(path, first, last)
    got = calendar_of(path)
    check(len(want) > 0, f"{what}: the window holds handovers ({len(want)})")
    check(set(got) == set(want), f"{what}: calendar rows = relay rows due {first}..{last} "
                                 f"({len(got)} vs {len(want)})")
    check(all(got[k]["youth"] == want[k] for k in want if k in got),
          f"{what}: youth per row = the relay's counts summed")
    check(all(got[k]["specialist"] == spec[k] for k in want if k in got),
          f"{what}: specialist = the relay's (the receiving team's)")
    events = parse_ics(os.path.splitext(path)[0] + "-relay.ics")
    by_uid = {e["UID"]: e for e in events}
    check(set(by_uid) == {r["uid"] for r in got.values()}, f"{what}: one event per calendar row, by UID")
    ok = True
    for r in got.values():
        e = by_uid.get(r["uid"])
        if e is None:
            continue
        ok &= e["DTSTART;VALUE=DATE"] == ics_day(r["handover_date"])
        nxt = (date.fromisoformat(r["handover_date"]) + timedelta(days=1)).isoformat()
        ok &= e.get("DTEND;VALUE=DATE") == ics_day(nxt)
        ok &= f"{r['youth']} 名青少年" in e["SUMMARY"]
        ok &= (r["to_team"] is None) == e["SUMMARY"].startswith("结对接力未落实")
    check(ok, f"{what}: each event's date, end, count and outcome are its row's")
    return got


with tempfile.TemporaryDirectory() as tmp:
    # 1. Flags: relay to the end of 2027, calendar for the second half of 2026. The demo's terms
    # end 2026-06-30 (before the window), 2026-12-31 (its last day), 2027-06-30 and 2027-12-31
    # (after): only the 2026-12-31 handovers are due.
    a = os.path.join(tmp, "a.gpkg")
    j = run("pair", DEMO, "--relay-date", "2027-12-31", "--calendar-from", "2026-07-01",
            "--calendar-days", "184", "-o", a)
    got = compare(a, date(2026, 7, 1), date(2026, 12, 31), "flags")
    check({k[0] for k in got} == {"2026-12-31"}, "only the 2026-12-31 term ends fall due")
    relay_dates = {r["handover_date"] for r in rows(a, "relay")}
    check({"2026-06-30", "2027-06-30", "2027-12-31"} <= relay_dates,
          "the relay holds handovers before and after the window (so the filter is tested)")
    cal = j["relay_calendar"]
    check(cal["from"] == "2026-07-01" and cal["to"] == "2026-12-31" and cal["handovers"] == len(got),
          f"--json names the window and the number of handovers ({cal})")

    r = subprocess.run([SUNPLAN, "pair", DEMO, "--calendar-from", "2026-07-01", "-o", os.path.join(tmp, "z.gpkg"),
                        "--progress", "none"], capture_output=True, text=True)
    check(r.returncode == 2 and "calendar_days" in r.stderr, "a first day without a length is a usage error (2)")
    r = subprocess.run([SUNPLAN, "pair", DEMO, "--calendar-days", "0", "-o", os.path.join(tmp, "z.gpkg"),
                        "--progress", "none"], capture_output=True, text=True)
    check(r.returncode == 2, "--calendar-days 0 is a usage error (2)")

    # 2. Scenario keys, no relay date: the relay is planned to the window's last day. The demo's
    # teams are full after pairing (nobody can be handed over), so this copy gives the teams
    # that stay 2000 more places (more than the youth near them): handovers are then placed, with the receiving team's specialist.
    data = os.path.join(tmp, "demo.gpkg")
    shutil.copyfile(os.path.join(DEMO_DIR, "demo.gpkg"), data)
    ds = ogr.Open(data, 1)  # GDAL: the GeoPackage's triggers call its SQL functions
    ds.ExecuteSQL("UPDATE teams SET capacity = capacity + 2000 WHERE term_end >= '2027-06-30'")
    ds.ExecuteSQL("UPDATE teams SET specialist = '专员' || id WHERE term_end >= '2027-06-30' AND id < 'T10'")
    ds = None
    text = open(DEMO, encoding="utf-8").read().replace('source = "demo.gpkg"', f'source = "{data}"')
    keys = text + '\n[pairing]\ncalendar_days = 240\ncalendar_from = "2026-06-15"\n'
    sc = os.path.join(tmp, "keys.toml")
    open(sc, "w", encoding="utf-8").write(keys)
    b = os.path.join(tmp, "b.gpkg")
    j = run("run", sc, "-o", b)
    last = date(2026, 6, 15) + timedelta(days=239)
    got = compare(b, date(2026, 6, 15), last, "scenario keys")
    check(j["pairing"]["relay"]["date"] == last.isoformat(),
          f"without relay_date the relay is planned to the window's end ({j['pairing']['relay']['date']})")
    check({k[0] for k in got} == {"2026-06-30", "2026-12-31"}, "both term ends in the window fall due")
    placed = [k for k in got if k[3] is not None]
    check(len(placed) > 0 and len(placed) < len(got), f"placed ({len(placed)}) and unplaced handovers are due")
    check(any(got[k]["specialist"] for k in placed), "receiving teams' specialists are named")

    # 3. --layers: the calendar goes with its layer.
    c = os.path.join(tmp, "c.gpkg")
    run("run", sc, "-o", c, "--layers", "townships")
    check(rows(c, "relay_calendar") is None and not os.path.exists(os.path.join(tmp, "c-relay.ics")),
          "--layers townships: no relay_calendar layer and no .ics")
    d = os.path.join(tmp, "d.gpkg")
    run("run", sc, "-o", d, "--layers", "relay_calendar", "--no-report")
    check(len(rows(d, "relay_calendar")) == len(got) and os.path.exists(os.path.join(tmp, "d-relay.ics")),
          "--layers relay_calendar --no-report: the layer and the .ics")
    # A second run replaces its own .ics; a foreign file under that name is refused.
    run("run", sc, "-o", d, "--layers", "relay_calendar", "--no-report")
    foreign = os.path.join(tmp, "e-relay.ics")
    open(foreign, "w").write("BEGIN:VCALENDAR\r\nPRODID:-//other//EN\r\nEND:VCALENDAR\r\n")
    r = subprocess.run([SUNPLAN, "run", sc, "-o", os.path.join(tmp, "e.gpkg"), "--progress", "none"],
                       capture_output=True, text=True)
    check(r.returncode == 2 and "e-relay.ics" in r.stderr, "a foreign .ics is not overwritten (exit 2)")

    # 4. Aggregate privacy mode: the same handovers, no counts anywhere.
    agg = os.path.join(tmp, "agg.toml")
    open(agg, "w", encoding="utf-8").write(keys + '\n[privacy]\nmode = "aggregate"\n')
    g = os.path.join(tmp, "g.gpkg")
    run("run", agg, "-o", g)
    grow = rows(g, "relay_calendar")
    check(len(grow) == len(got), f"aggregate: the same {len(got)} handovers")
    check(all(r["youth"] is None and r["suppressed"] == 1 for r in grow), "aggregate: every count withheld")
    events = parse_ics(os.path.join(tmp, "g-relay.ics"))
    check(len(events) == len(got) and not any("名青少年" in e["SUMMARY"] or "youth:" in e.get("DESCRIPTION", "")
                                              for e in events), "aggregate: the .ics holds no count")

finish()
