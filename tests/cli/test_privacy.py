"""Privacy of every output (issues 9 and 15). A generated fixture (two counties, townships of 2
to 60 youth, bases and teams, some of small capacity, candidates, youth rows with names, phones, ID
numbers and a few bad values) runs through every verb in both [privacy] modes: run, site,
pair, export (every vector format), atlas, check --json and check --problems. Every output
is searched:

* both modes: no personal value (id, name, phone, ID number, a bad category or age as typed)
  in any GeoPackage layer (read with GDAL), exported file, report, map, PDF text (pdftotext),
  JSON, stdout or stderr; no personal field; youth ids are pseudonyms;
* aggregate mode: no point-level youth layer and no vertex at a youth location; every count
  of youth published in a layer, the JSON, the Markdown report and the SVG map is NULL /
  "suppressed", 0 or at least 5, and so is every difference within a row; and the recovery
  oracle: for every parent (township -> county -> city -> province -> whole area, per figure;
  bases' and teams' loads against the served and paired totals; grid cells against all youth),
  the parent minus its visible children must not equal the true value of a withheld child that
  holds youth. The true values come from the full-mode run of the same fixture, and grid cells'
  from counting the input points inside each cell with GDAL;
* the interval oracle (every relation together, issue 15): the test builds the attacker's
  linear system from the published outputs of pair and of site (NULL counts unknowns >= 0,
  hierarchies, identities within a row, a township's other class known 0, loads, grid cells
  and the cells wholly inside a township, site_effect after >= before), checks that the true
  values satisfy it, and solves min and max of each withheld count of 1-4 with scipy's HiGHS:
  the interval must reach 0 and 5. A second fixture, one county of 2, 1, 30 and 40 youth,
  passes the single-relation rules with the two small townships alone withheld (each then in
  [0, 3]) and needs the audit's third township.
"""
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile

from osgeo import ogr, osr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import check, finish  # noqa: E402

ogr.UseExceptions()
osr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], sys.argv[2]
MIN = 5


# ---- the fixture ----
# code, name, box; youth per township chosen so that some counts are 1-4.
TOWNS = [("320102001", "玄武街道", 2, 36), ("320102002", "梅园街道", 3, 3), ("320102003", "锁金村街道", 4, 60),
         ("320102004", "红山街道", 5, 21), ("320103101", "淳化镇", 6, 27), ("320103100", "东山镇", 7, 45),
         ("320103200", "横溪乡", 8, 2), ("320103001", "秦淮街道", 9, 42), ("320104001", "建邺街道", 10, 54),
         ("320104100", "江心洲镇", 11, 33)]
X0, Y0, STEP = 118.70, 31.90, 0.05


def box(k):
    col, row = k % 4, k // 4
    return X0 + col * STEP, Y0 + row * STEP, X0 + (col + 1) * STEP, Y0 + (row + 1) * STEP


def srs4326():
    s = osr.SpatialReference()
    s.ImportFromEPSG(4326)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


GRID_M = 2000
UTM = osr.SpatialReference()
UTM.ImportFromEPSG(32650)  # the working CRS sunplan picks here (asserted below)
UTM.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)


def inner_cell_centres(k):
    """Lon/lat centres of two youth_grid cells that lie wholly inside township k."""
    to_utm = osr.CoordinateTransformation(srs4326(), UTM)
    to_ll = osr.CoordinateTransformation(UTM, srs4326())
    x0, y0, x1, y1 = box(k)
    corners = [to_utm.TransformPoint(x, y)[:2] for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    xs, ys = sorted(c[0] for c in corners), sorted(c[1] for c in corners)
    cells = [(cx, cy) for cx in range(int(xs[1] // GRID_M) + 1, int(xs[2] // GRID_M))
             for cy in range(int(ys[1] // GRID_M) + 1, int(ys[2] // GRID_M))
             if (cx + 1) * GRID_M <= xs[2] and (cy + 1) * GRID_M <= ys[2]]
    assert len(cells) >= 2, cells
    return [to_ll.TransformPoint((cx + 0.5) * GRID_M, (cy + 0.5) * GRID_M)[:2] for cx, cy in cells[:2]]


def add(lyr, values, wkt):
    """One feature with these fields and this geometry."""
    f = ogr.Feature(lyr.GetLayerDefn())
    for k, v in values.items():
        f.SetField(k, v)
    f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
    lyr.CreateFeature(f)


def make_fixture(folder):
    rnd = random.Random(15)
    path = os.path.join(folder, "input.gpkg")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)

    def layer(name, gtype, fields):
        lyr = ds.CreateLayer(name, srs4326(), gtype)
        for f in fields:
            lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
        return lyr

    towns = layer("townships", ogr.wkbPolygon, ["code", "name"])
    for k, (code, name, _, _) in enumerate(TOWNS):
        x0, y0, x1, y1 = box(k)
        add(towns, {"code": code, "name": name}, f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))")

    bases = layer("bases", ogr.wkbPoint, ["id", "name", "type", "status", "capacity"])
    base_rows = [("B1", "玄武温馨家园", "温馨家园", "existing", "3", 0), ("B2", "锁金工疗站", "工疗站", "existing", "100", 2),
                 ("B3", "秦淮温馨家园", "温馨家园", "existing", "2", 4), ("B4", "东山康复中心", "康复中心", "existing", "100", 5),
                 ("B5", "秦淮工疗站", "工疗站", "existing", "30", 7), ("B6", "建邺康复中心", "康复中心", "existing", "100", 8),
                 ("B7", "江心洲温馨家园", "温馨家园", "existing", "20", 9),
                 ("C1", "梅园候选", "温馨家园", "candidate", "20", 1), ("C2", "横溪候选", "温馨家园", "candidate", "20", 6),
                 ("C3", "红山候选", "温馨家园", "candidate", "20", 3)]
    for bid, name, typ, status, cap, k in base_rows:
        x0, y0, x1, y1 = box(k)
        add(bases, {"id": bid, "name": name, "type": typ, "status": status, "capacity": cap},
            f"POINT({(x0 + x1) / 2} {(y0 + y1) / 2})")

    teams = layer("teams", ogr.wkbPoint, ["id", "name", "capacity", "term_end"])
    for tid, name, cap, end, k in [("T1", "玄武志愿队", "3", "2027-06-30", 0), ("T2", "秦淮志愿队", "60", "2026-12-01", 4), ("T4", "建邺志愿队", "80", "2029-01-01", 8),
                                   ("T3", "横溪志愿队", "2", "2028-01-01", 6)]:
        x0, y0, x1, y1 = box(k)
        add(teams, {"id": tid, "name": name, "capacity": cap, "term_end": end}, f"POINT({x0 + 0.01} {y0 + 0.01})")

    personal = {"ids": [], "names": [], "phones": [], "id_numbers": [], "typed": []}
    youth = layer("youth", ogr.wkbPoint, ["id", "name", "phone", "id_number", "age", "category", "paired_team"])
    points = []
    n = 0
    inner = inner_cell_centres(5)  # 东山镇: its youth in two grid cells wholly inside it
    for k, (code, _, _, count) in enumerate(TOWNS):
        x0, y0, x1, y1 = box(k)
        for j in range(count):
            n += 1
            x, y = rnd.uniform(x0 + 0.002, x1 - 0.002), rnd.uniform(y0 + 0.002, y1 - 0.002)
            if k == 5:  # 41 youth in one cell, 4 in the other: 45 - 41 would give the 4 back
                x, y = inner[0 if j < 41 else 1]
                x, y = x + rnd.uniform(-0.002, 0.002), y + rnd.uniform(-0.002, 0.002)
            row = {"id": f"YQ{n:04d}X", "name": f"测试{chr(0x4E00 + 7 * n)}{chr(0x4E00 + 11 * n + 3)}名",
                   "phone": f"1391{n:07d}", "id_number": f"32010219{n:08d}7X", "age": str(rnd.randint(6, 35)),
                   "category": str(rnd.randint(1, 7)), "paired_team": "T2" if n % 9 == 0 else ""}
            if n == 5:
                row["category"] = "保密类别Z9"  # not a category: reported without the value
            if n == 8:
                row["age"] = "年龄XQ7"
            for key, field in (("ids", "id"), ("names", "name"), ("phones", "phone"), ("id_numbers", "id_number")):
                personal[key].append(row[field])
            add(youth, row, f"POINT({x} {y})")
            points.append((x, y))
    personal["typed"] += ["保密类别Z9", "年龄XQ7"]
    # A duplicate id (the row is rejected; the problem must not quote it).
    dup = {"id": "YQ0003X", "name": "重复行名", "phone": "13999999999", "id_number": "320102200001019999",
           "age": "20", "category": "4", "paired_team": ""}
    personal["names"].append(dup["name"])
    personal["phones"].append(dup["phone"])
    personal["id_numbers"].append(dup["id_number"])
    x0, y0, x1, y1 = box(2)
    add(youth, dup, f"POINT({x0 + 0.02} {y0 + 0.02})")
    ds = None
    return path, personal, points


def scenario(folder, gpkg, mode):
    layers = ""
    for role, fields in (("townships", {"code": "code", "name": "name"}),
                         ("bases", {"id": "id", "name": "name", "type": "type", "status": "status", "capacity": "capacity"}),
                         ("teams", {"id": "id", "name": "name", "capacity": "capacity", "term_end": "term_end"}),
                         ("youth", {"id": "id", "age": "age", "category": "category", "paired_team": "paired_team"})):
        layers += f'[layers.{role}]\nsource = "{gpkg}"\nlayer = "{role}"\n'
        if role == "youth":
            layers += 'mode = "points"\n'
        layers += f"[layers.{role}.fields]\n" + "".join(f'{k} = "{v}"\n' for k, v in fields.items())
    text = (f'[run]\nname = "privacy {mode}"\noutput = "{folder}/{mode}.gpkg"\n\n' + layers +
            '\n[catchment.radius_m.default]\nurban = 2500\nrural = 2500\n[check]\nmax_rejected_share = 0.2\n'
            f'[privacy]\nmode = "{mode}"\nmin_count = {MIN}\ngrid_m = {GRID_M}\n')
    path = os.path.join(folder, mode + ".toml")
    open(path, "w", encoding="utf-8").write(text)
    return path


# ---- running every verb ----
def run(args, outputs):
    r = subprocess.run([SUNPLAN] + args + ["--progress", "none"], capture_output=True, text=True)
    outputs.append(("stdout of " + " ".join(args[:1]), r.stdout))
    outputs.append(("stderr of " + " ".join(args[:1]), r.stderr))
    return r


def every_verb(folder, scen, mode):
    """Runs every verb; returns (texts [(what, text)], files written)."""
    texts = []
    out = os.path.join(folder, mode)
    os.makedirs(out)
    steps = [
        ["run", scen, "-o", f"{out}/run.gpkg", "--json"],
        ["site", scen, "--model", "mclp", "--add", "2", "-o", f"{out}/site.gpkg", "--json"],
        ["pair", scen, "--relay-date", "2026-12-31", "-o", f"{out}/pair.gpkg", "--json"],
        ["run", scen, "-o", f"{out}/text.gpkg"],
        ["site", scen, "--model", "mclp", "--add", "2", "-o", f"{out}/sitetext.gpkg"],
        ["pair", scen, "--relay-date", "2026-12-31", "-o", f"{out}/pairtext.gpkg"],
        ["check", scen, "--json"],
        ["check", scen, "--problems", f"{out}/problems.gpkg"],
        ["atlas", f"{out}/pair.gpkg", "-o", f"{out}/atlas.pdf"],
    ]
    for fmt in ("shp", "geojson", "fgb", "kml", "csv"):
        steps.append(["export", f"{out}/pair.gpkg", "-f", fmt, "-o", f"{out}/export-{fmt}"])
    codes = {}
    for s in steps:
        r = run(s, texts)
        codes[" ".join(s[:1] + s[2:3])] = r.returncode
        if s[0] in ("run", "site", "pair") and "--json" in s:
            texts.append((f"json of {s[0]}", r.stdout))
    check(all(c == 0 for c in codes.values()), f"{mode}: every verb exits 0 ({codes})")
    return texts, out


def files_under(folder):
    for root, _, names in os.walk(folder):
        for n in names:
            yield os.path.join(root, n)


def gdal_values(path):
    """Every attribute value of every layer GDAL reads from path, as text, and every vertex."""
    values, vertices, fields = [], [], set()
    try:
        ds = ogr.Open(path)
    except RuntimeError:
        return values, vertices, fields
    if ds is None:
        return values, vertices, fields
    for layer in ds:
        defn = layer.GetLayerDefn()
        fields |= {defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())}
        for f in layer:
            values += [str(f.GetField(i)) for i in range(defn.GetFieldCount()) if f.GetField(i) is not None]
            g = f.GetGeometryRef()
            if g is not None:
                collect_vertices(g, vertices)
    return values, vertices, fields


def collect_vertices(g, out):
    if g.GetGeometryCount() > 0:
        for i in range(g.GetGeometryCount()):
            collect_vertices(g.GetGeometryRef(i), out)
    else:
        for i in range(g.GetPointCount()):
            out.append((round(g.GetX(i), 6), round(g.GetY(i), 6)))


def searchable_text(path):
    if path.endswith(".pdf"):
        return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    return open(path, "rb").read().decode("utf-8", errors="replace")


# ---- aggregate-mode counts ----
COUNT_FIELDS = {
    "townships": ["youth", "in_reach", "served", "unserved", "unserved_no_base", "unserved_full", "urban_youth",
                  "urban_served", "rural_youth", "rural_served"],
    "gap_ranking": ["youth", "unserved", "unserved_no_base", "unserved_full"],
    "bases": ["load"], "teams": ["load"], "sites": ["marginal_gain", "load_after"], "youth_grid": ["youth"],
    "site_effect": ["youth", "in_reach_before", "in_reach_after", "served_before", "served_after"],
    "targets": ["youth", "paired", "paired_short", "urban_youth", "urban_in_reach"],
}
for name in ("counties", "cities", "provinces"):
    COUNT_FIELDS[name] = COUNT_FIELDS["townships"]
COUNT_FIELDS["targets_townships"] = COUNT_FIELDS["targets"]
# Differences a reader can take within one row.
ROW_DIFFERENCES = [("youth", "in_reach"), ("youth", "served"), ("in_reach", "served"), ("urban_youth", "urban_served"),
                   ("rural_youth", "rural_served"), ("in_reach_after", "in_reach_before"),
                   ("served_after", "served_before"), ("youth", "paired"), ("urban_youth", "urban_in_reach")]


def small(v):
    return v is not None and 0 < v < MIN


def read_layers(path):
    ds = ogr.Open(path)
    out = {}
    for layer in ds:
        defn = layer.GetLayerDefn()
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        rows = []
        for f in layer:
            row = {n: f.GetField(n) for n in names}
            row["_geom"] = f.GetGeometryRef().Clone() if f.GetGeometryRef() else None
            rows.append(row)
        out[layer.GetName()] = rows
    return out


def check_published_counts(mode, layers):
    bad = []
    for name, fields in COUNT_FIELDS.items():
        for row in layers.get(name, []):
            for f in fields:
                if f in row and small(row[f]):
                    bad.append(f"{name}.{f}={row[f]} ({row.get('code') or row.get('id') or ''})")
            for a, b in ROW_DIFFERENCES:
                if row.get(a) is not None and row.get(b) is not None and small(row[a] - row[b]):
                    bad.append(f"{name}.{a}-{b}={row[a] - row[b]} ({row.get('code') or ''})")
    check(not bad, f"{mode}: no published count or in-row difference of 1-{MIN - 1} youth in any layer {bad[:6]}")
    bounded = [f"{name} {row.get('id')}" for name in ("bases", "teams") for row in layers.get(name, [])
               if "load" in row and row["load"] is None and row.get("capacity") is not None]
    check(not bounded, f"{mode}: no published capacity bounds a withheld load {bounded[:6]}")


def key(row):
    return row.get("code") if row.get("code") is not None else row.get("id")


def recovery_oracle(what, parent_value, visible_children, hidden_true):
    """parent - sum(visible) must equal no withheld child's true value that holds youth."""
    if parent_value is None:
        return []
    rest = parent_value - sum(visible_children)
    return [f"{what}: {parent_value} - visible = {rest} = withheld {k}" for k, v in hidden_true.items()
            if v and v > 0 and abs(rest - v) < 1e-6]


def points_in(geom, points=None):
    """Indexes of the input youth points inside geom (envelope first, then GDAL's Contains)."""
    x0, x1, y0, y1 = geom.GetEnvelope()
    return [i for i, (x, y) in enumerate(YOUTH_POINTS if points is None else points)
            if x0 <= x <= x1 and y0 <= y <= y1 and geom.Contains(ogr.CreateGeometryFromWkt(f"POINT({x} {y})"))]


def check_recovery(mode, agg, full, total_youth_points):
    found = []
    # The admin hierarchy: parent of a township is its county (code prefix), etc.
    levels = [("townships", "counties", 6), ("counties", "cities", 4), ("cities", "provinces", 2)]
    for child_layer, parent_layer, digits in levels:
        truth = {r["code"]: r for r in full[child_layer]}
        for parent in agg[parent_layer]:
            kids = [r for r in agg[child_layer] if r["code"][:digits] == parent["code"][:digits]]
            for f in COUNT_FIELDS[child_layer]:
                found += recovery_oracle(f"{parent_layer} {parent['code']}.{f}", parent[f],
                                         [r[f] for r in kids if r[f] is not None],
                                         {r["code"]: truth[r["code"]][f] for r in kids if r[f] is None})
    # The whole area (targets "all" row) against the provinces, and targets by level.
    t_truth = {(r["level"], r["code"]): r for r in full["targets"]}
    t_all = [r for r in agg["targets"] if r["level"] == "all"][0]
    for level, digits in (("township", 6), ("county", 4), ("city", 2)):
        parents = [r for r in agg["targets"] if r["level"] == {"township": "county", "county": "city", "city": "province"}[level]]
        for parent in parents:
            kids = [r for r in agg["targets"] if r["level"] == level and r["code"][:digits] == parent["code"][:digits]]
            for f in COUNT_FIELDS["targets"]:
                found += recovery_oracle(f"targets {parent['code']}.{f}", parent[f], [r[f] for r in kids if r[f] is not None],
                                         {r["code"]: t_truth[(level, r["code"])][f] for r in kids if r[f] is None})
    provinces = [r for r in agg["targets"] if r["level"] == "province"]
    for f in COUNT_FIELDS["targets"]:
        found += recovery_oracle(f"targets all.{f}", t_all[f], [r[f] for r in provinces if r[f] is not None],
                                 {r["code"]: t_truth[("province", r["code"])][f] for r in provinces if r[f] is None})
    # Facilities against the totals: loads add up to served / paired.
    for layer, total in (("bases", t_served(agg)), ("teams", t_all["paired"])):
        truth = {r["id"]: r["load"] for r in full[layer]}
        found += recovery_oracle(f"{layer}.load", total, [r["load"] for r in agg[layer] if r["load"] is not None],
                                 {r["id"]: truth[r["id"]] for r in agg[layer] if r["load"] is None})
    # Grid cells against every youth: true counts of the withheld cells from the input points.
    grid = agg["youth_grid"]
    hidden = {}
    for k, cell in enumerate(grid):
        if cell["youth"] is None:
            hidden[k] = len(points_in(cell["_geom"]))
    check(sum(r["youth"] or 0 for r in grid) + sum(hidden.values()) == total_youth_points,
          f"{mode}: grid oracle: visible plus withheld cells (counted with GDAL) hold every youth")
    found += recovery_oracle("youth_grid", total_youth_points, [r["youth"] for r in grid if r["youth"] is not None], hidden)
    # Geographic differencing: a township whose youth all lie in cells wholly inside it, minus
    # its visible cells, must not give a withheld cell.
    cell_points = [set(points_in(cell["_geom"])) for cell in grid]
    inside_checked = 0
    for t in agg["townships"]:
        if t["youth"] is None:
            continue
        mine = set(points_in(t["_geom"]))
        holding = {k for k, pts in enumerate(cell_points) if pts & mine}
        if not holding or not all(t["_geom"].Contains(grid[k]["_geom"]) for k in holding):
            continue
        inside_checked += 1
        found += recovery_oracle(f"township {t['code']} by grid cells", t["youth"],
                                 [grid[k]["youth"] for k in holding if grid[k]["youth"] is not None],
                                 {k: hidden[k] for k in holding if k in hidden})
    check(inside_checked >= 1, f"{mode}: grid oracle: {inside_checked} township(s) wholly covered by inner cells checked")
    check(not found, f"{mode}: no withheld count follows from a total minus its visible parts {found[:4]}")
    return found


# ---- the interval oracle: every relation together, as a linear program ----
class AttackerSystem:
    """What an attacker knows from one result file: each NULL count an unknown >= 0, each
    published count a constant, each relation an equation (a slack >= 0 where the parts need
    not add up to the total). True values (full mode, GDAL counts) are kept to check that the
    system holds them, so the oracle cannot be wrong about a relation unnoticed."""

    def __init__(self, known=None):
        self.index, self.truth, self.rows, self.names = {}, [], [], []
        self.known = known or {}  # values another output publishes (several outputs together)

    def cell(self, key, published, true):
        return (key, published if published is not None else self.known.get(key), true)

    def _var(self, key, true):
        if key not in self.index:
            self.index[key] = len(self.truth)
            self.truth.append(true)
            self.names.append(key)
        return self.index[key]

    def relation(self, total, parts, slack=False):
        coefs, rhs = {}, 0.0
        for sign, (key, published, true) in [(-1, total)] + [(1, p) for p in parts]:
            if published is None:
                v = self._var(key, true)
                coefs[v] = coefs.get(v, 0) + sign
            else:
                rhs -= sign * published
        if slack:
            true_slack = total[2] - sum(p[2] for p in parts)
            coefs[self._var(("slack", len(self.rows)), true_slack)] = 1
        if coefs:
            self.rows.append((coefs, rhs, total[0]))

    def check_truth(self, what):
        bad = [f"{name}: {sum(c * self.truth[v] for v, c in coefs.items())} != {rhs}" for coefs, rhs, name in self.rows
               if abs(sum(c * self.truth[v] for v, c in coefs.items()) - rhs) > 1e-6]
        bad += [f"{self.names[v]} true value {t} < 0" for v, t in enumerate(self.truth) if t < 0]
        check(not bad, f"{what}: the attacker's system holds the true values ({len(self.rows)} relations, "
                       f"{len(self.truth)} unknowns) {bad[:3]}")

    def intervals(self, targets):
        """[lo, hi] of each target unknown (scipy's HiGHS), rounded inward to whole numbers."""
        from scipy.optimize import linprog
        from scipy.sparse import lil_matrix
        n = len(self.truth)
        a = lil_matrix((len(self.rows), n))
        for r, (coefs, _, _) in enumerate(self.rows):
            for v, c in coefs.items():
                a[r, v] = c
        a, b = a.tocsr(), [rhs for _, rhs, _ in self.rows]
        out = {}
        for key in targets:
            v = self.index[key]
            ends = []
            for sign in (1, -1):
                c = [0.0] * n
                c[v] = sign
                res = linprog(c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
                if res.status == 3:
                    ends.append(float("inf") if sign < 0 else 0.0)
                else:
                    if res.status != 0:
                        check(False, f"interval oracle: LP for {key} solved ({res.message})")
                    ends.append(sign * res.fun)
            lo, hi = ends
            out[key] = (math.ceil(lo - 1e-6), hi if math.isinf(hi) else math.floor(hi + 1e-6))
        return out


IDENTITIES = [("youth", ["served", "unserved"], False), ("unserved", ["unserved_no_base", "unserved_full"], False),
              ("youth", ["in_reach", "unserved_no_base"], False), ("in_reach", ["served", "unserved_full"], False),
              ("youth", ["urban_youth", "rural_youth"], True), ("served", ["urban_served", "rural_served"], True)]
UNIT_PARENT = [("townships", "counties", 6), ("counties", "cities", 4), ("cities", "provinces", 2)]


def unit_system(sys_, agg, full):
    """Coverage figures: per-field hierarchy, identities within a row, a township's other class known 0."""
    truth = {name: {r["code"]: r for r in full[name]} for name in ("townships", "counties", "cities", "provinces")}

    def c(name, row, f):
        value = row[f]
        cls = row.get("urban_rural") if name == "townships" else None
        if value is None and f.split("_")[0] in ("urban", "rural") and cls in ("urban", "rural") and \
                not f.startswith(cls):
            value = 0  # the published class says this township has none of the other class
        return sys_.cell((name, row["code"], f), value, truth[name][row["code"]][f])

    for child, parent, digits in UNIT_PARENT:
        for p in agg[parent]:
            kids = [r for r in agg[child] if r["code"][:digits] == p["code"][:digits]]
            for f in COUNT_FIELDS[child]:
                sys_.relation(c(parent, p, f), [c(child, k, f) for k in kids])
    for name in truth:
        for row in agg[name]:
            for total, parts, slack in IDENTITIES:
                sys_.relation(c(name, row, total), [c(name, row, f) for f in parts], slack)
    return c


def targets_system(sys_, agg, full, town_cell):
    truth = {(r["level"], r["code"]): r for r in full["targets"]}

    def c(row, f):
        return sys_.cell(("targets", row["level"], row["code"], f), row[f], truth[(row["level"], row["code"])][f])

    child_of = {"county": ("township", 6), "city": ("county", 4), "province": ("city", 2)}
    for p in agg["targets"]:
        if p["level"] in child_of:
            level, digits = child_of[p["level"]]
            kids = [r for r in agg["targets"] if r["level"] == level and r["code"][:digits] == p["code"][:digits]]
        elif p["level"] == "all":
            kids = [r for r in agg["targets"] if r["level"] == "province"]
        else:
            kids = None
        for f in COUNT_FIELDS["targets"]:
            if kids is not None and f != "paired_short":  # a shortfall against each unit's own quota
                sys_.relation(c(p, f), [c(k, f) for k in kids])
        sys_.relation(c(p, "youth"), [c(p, "paired")], True)
        sys_.relation(c(p, "urban_youth"), [c(p, "urban_in_reach")], True)
        if p["level"] == "township":  # the same youth as the townships layer's row
            town = [r for r in agg["townships"] if r["code"] == p["code"]][0]
            sys_.relation(town_cell("townships", town, "youth"), [c(p, "youth")])
    return c


def facility_and_grid_system(sys_, agg, full, grid_truth, total_youth):
    province = agg["provinces"][0] if len(agg["provinces"]) == 1 else None
    t_all = [r for r in agg.get("targets", []) if r["level"] == "all"]
    truth_prov = full["provinces"][0]
    totals = {"bases": sys_.cell(("provinces", province["code"], "served"), province["served"], truth_prov["served"])}
    if t_all:
        full_all = [r for r in full["targets"] if r["level"] == "all"][0]
        totals["teams"] = sys_.cell(("targets", "all", t_all[0]["code"], "paired"), t_all[0]["paired"], full_all["paired"])
    for layer, total in totals.items():
        truth = {r["id"]: r["load"] for r in full[layer]}
        sys_.relation(total, [sys_.cell((layer, r["id"]), r["load"], truth[r["id"]]) for r in agg[layer]])
        # A published capacity bounds the load: capacity = load + room (room >= 0).
        caps = {r["id"]: r["capacity"] for r in full[layer]}
        for r in agg[layer]:
            if r.get("capacity") is not None and caps[r["id"]] is not None:
                sys_.relation(sys_.cell((layer, r["id"], "capacity"), r["capacity"], caps[r["id"]]),
                              [sys_.cell((layer, r["id"]), r["load"], truth[r["id"]])], True)
    grid = agg["youth_grid"]
    cells = [sys_.cell(("grid", k), g["youth"], grid_truth[k]) for k, g in enumerate(grid)]
    sys_.relation(sys_.cell("all youth", total_youth, total_youth), cells)
    # Geographic differencing: a township's youth hold at least its cells wholly inside it.
    truth_towns = {r["code"]: r for r in full["townships"]}
    for t in agg["townships"]:
        inner = [cells[k] for k, g in enumerate(grid) if t["_geom"].Contains(g["_geom"])]
        if inner:
            sys_.relation(sys_.cell(("townships", t["code"], "youth"), t["youth"], truth_towns[t["code"]]["youth"]),
                          inner, True)


def site_system(sys_, site_agg, site_full, site_json, town_cell):
    truth = {r["code"]: r for r in site_full["site_effect"]}
    towns = {r["code"]: r for r in site_agg["townships"]}
    for f, before in (("in_reach_after", "in_reach"), ("served_after", "served")):
        cells = [sys_.cell(("site_effect", r["code"], f), r[f], truth[r["code"]][f]) for r in site_agg["site_effect"]]
        if site_json.get(f) is not None:
            sys_.relation(sys_.cell(("json", f), site_json[f], site_json[f]), cells, True)
        for r, after in zip(site_agg["site_effect"], cells):  # after = before + what siting adds
            sys_.relation(after, [town_cell("townships", towns[r["code"]], before)], True)


class PublishedValues(AttackerSystem):
    """Builds nothing: collects every value the outputs publish, by key."""

    def __init__(self):
        super().__init__()
        self.published = {}

    def relation(self, total, parts, slack=False):
        for key, published, _ in [total] + parts:
            if published is not None:
                self.published[key] = published


def together(builders):
    """The attacker's system of several outputs of the same data held together: a count any of
    them publishes is a constant in every relation of every one of them (the same key names the
    same figure: a township's youth, a base's load, a grid cell)."""
    seen = PublishedValues()
    for build in builders:
        build(seen)
    sys_ = AttackerSystem(seen.published)
    for build in builders:
        build(sys_)
    return sys_


def narrow_intervals(what, sys_, min_count=MIN):
    """Each withheld count of 1 to min_count-1 whose interval misses 0 or min_count."""
    sys_.check_truth(what)
    targets = [key for key, v in sys_.index.items() if key[0] != "slack" and 0 < sys_.truth[v] < min_count]
    found = sys_.intervals(targets)
    return targets, [f"{k}: [{lo}, {hi}]" for k, (lo, hi) in found.items() if hi < min_count or lo > 0]


def check_intervals(what, sys_, min_count=MIN):
    targets, narrow = narrow_intervals(what, sys_, min_count)
    check(len(targets) >= 5, f"{what}: interval oracle: {len(targets)} withheld counts of 1-{min_count - 1} checked")
    check(not narrow, f"{what}: every withheld count of 1-{min_count - 1} lies, for all the attacker knows, "
                      f"anywhere in an interval reaching 0 and {min_count} {narrow[:4]}")
    return narrow


# ---- a county only the interval audit protects ----
SMALL_TOWNS = [("320102001", "甲街道", 2), ("320102002", "乙街道", 1), ("320102003", "丙街道", 30),
               ("320102004", "丁街道", 40)]


def county_scenario(folder, name, path, mode, radius_m, grid_m):
    """The scenario of a one-county fixture (townships, bases, youth of `path`) in `mode`, written
    as FOLDER/NAME-MODE.toml with its output FOLDER/NAME-MODE.gpkg; gives its path."""
    text = f'[run]\nname = "{name} {mode}"\noutput = "{folder}/{name}-{mode}.gpkg"\n'
    for role, fields in (("townships", ["code", "name"]), ("bases", ["id", "name", "type", "status", "capacity"]),
                         ("youth", ["id"])):
        text += f'[layers.{role}]\nsource = "{path}"\nlayer = "{role}"\n'
        text += 'mode = "points"\n' if role == "youth" else ""
        text += f"[layers.{role}.fields]\n" + "".join(f'{f} = "{f}"\n' for f in fields)
    text += (f'[catchment.radius_m.default]\nurban = {radius_m}\nrural = {radius_m}\n'
             f'[privacy]\nmode = "{mode}"\nmin_count = {MIN}\ngrid_m = {grid_m}\n')
    scen = os.path.join(folder, f"{name}-{mode}.toml")
    open(scen, "w", encoding="utf-8").write(text)
    return scen


def small_county_case(folder):
    """Four urban townships of one county with 2, 1, 30 and 40 youth, every youth served by one
    large base. The two small ones are withheld for their own values and every relation then
    has two unknowns, so the rules add nothing; but the county minus the visible 30 and 40
    leaves 3 for the two together: each lies in [0, 3] and is known to be below 5. The audit
    must withhold a third township. Returns (full layers, aggregate layers, points)."""
    rnd = random.Random(1980)
    path = os.path.join(folder, "small.gpkg")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    towns = ds.CreateLayer("townships", srs4326(), ogr.wkbPolygon)
    youth = ds.CreateLayer("youth", srs4326(), ogr.wkbPoint)
    bases = ds.CreateLayer("bases", srs4326(), ogr.wkbPoint)
    for lyr, fields in ((towns, ["code", "name"]), (youth, ["id"]), (bases, ["id", "name", "type", "status", "capacity"])):
        for f in fields:
            lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    points = []

    for k, (code, name, n) in enumerate(SMALL_TOWNS):
        x0, y0, x1, y1 = box(k)
        add(towns, {"code": code, "name": name}, f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))")
        for j in range(n):
            x, y = rnd.uniform(x0 + 0.002, x1 - 0.002), rnd.uniform(y0 + 0.002, y1 - 0.002)
            add(youth, {"id": f"S{k}{j}"}, f"POINT({x} {y})")
            points.append((x, y))
    x0, y0, x1, y1 = box(1)
    add(bases, {"id": "B1", "name": "中心", "type": "温馨家园", "status": "existing", "capacity": "1000"}, f"POINT({x1} {y1})")
    ds = None
    out = {}
    for mode in ("full", "aggregate"):
        scen = county_scenario(folder, "small", path, mode, 60000, GRID_M)
        r = subprocess.run([SUNPLAN, "run", scen, "--progress", "none"], capture_output=True, text=True)
        check(r.returncode == 0, f"small county, {mode}: run exits 0 ({r.stderr[-300:]})")
        out[mode] = read_layers(os.path.join(folder, f"small-{mode}.gpkg"))
    return out["full"], out["aggregate"], points


def check_small_county(folder):
    full, agg, points = small_county_case(folder)
    truth = {r["code"]: r for r in full["townships"]}
    check([truth[c]["youth"] for c, _, _ in SMALL_TOWNS] == [n for _, _, n in SMALL_TOWNS] and
          all(r["served"] == r["youth"] for r in full["townships"]),
          "small county: the full run has the designed youth, all served")
    withheld = sorted(r["code"] for r in agg["townships"] if r["suppressed"])
    check(len(withheld) >= 3 and {"320102001", "320102002"} < set(withheld),
          f"small county: the two small townships and a third withheld ({withheld})")
    sys_ = AttackerSystem()
    unit_system(sys_, agg, full)
    grid_truth = [len(points_in(g["_geom"], points)) for g in agg["youth_grid"]]
    facility_and_grid_system(sys_, agg, full, grid_truth, len(points))
    check_intervals("small county", sys_)


# ---- several outputs of the same data published together (issue 15) ----
def check_published_together(scen, out, full_out, agg, full, site_agg, site_full, site_json):
    """pair and site withhold different townships: held together, a township one publishes gives
    away the other's complement. Each output's attacker system is built from its published
    layers, both joined (a count either publishes is known in both), and solved with HiGHS."""
    def pair_build(layers):
        def build(s):
            town = unit_system(s, layers, full)
            targets_system(s, layers, full, town)
            grid = [len(points_in(g["_geom"])) for g in layers["youth_grid"]]
            facility_and_grid_system(s, layers, full, grid, len(YOUTH_POINTS))
        return build

    def site_build(s):
        town = unit_system(s, site_agg, site_full)
        site_system(s, site_agg, site_full, site_json, town)
        grid = [len(points_in(g["_geom"])) for g in site_agg["youth_grid"]]
        facility_and_grid_system(s, site_agg, site_full, grid, len(YOUTH_POINTS))

    def withheld(layers):
        return {r["code"] for r in layers["townships"] if r["suppressed"]}

    full_site = read_layers(os.path.join(full_out, "site.gpkg"))
    check("disclosure_cells" in site_agg and "disclosure_relations" in site_agg and
          not {"disclosure_cells", "disclosure_relations"} & set(full_site),
          "the record of what was withheld is written in aggregate mode, not in full mode")
    check(withheld(agg) != withheld(site_agg), f"pair and site withhold different townships "
          f"({len(withheld(agg))} and {len(withheld(site_agg))})")
    # Here site withholds pair's townships and one more, so together they narrow nothing (the
    # leak itself is shown on two_outputs_case below); the option still takes site's over.
    _, narrow = narrow_intervals("pair and site together", together([pair_build(agg), site_build]))
    print(f"     pair and site planned alone, held together: {len(narrow)} withheld counts narrowed {narrow[:3]}")
    site_file = os.path.join(out, "site.gpkg")
    site_bytes = open(site_file, "rb").read()
    with_path = os.path.join(out, "pair-with-site.gpkg")
    r = subprocess.run([SUNPLAN, "pair", scen, "--relay-date", "2026-12-31", "-o", with_path,
                        "--published-with", site_file, "--progress", "none"], capture_output=True, text=True)
    check(r.returncode == 0, f"pair --published-with site.gpkg exits 0 ({r.stderr[-300:]})")
    check(open(site_file, "rb").read() == site_bytes, "--published-with leaves the earlier output as it was")
    with_site = read_layers(with_path)
    check_published_counts("aggregate", with_site)
    extra = withheld(with_site) - withheld(agg)
    check(withheld(site_agg) <= withheld(with_site) and extra,
          f"pair --published-with site withholds every township site withholds ({len(withheld(with_site))} "
          f"withheld, {len(withheld(agg))} planned alone, {len(extra)} more)")
    check_intervals("pair --published-with site", together([pair_build(with_site)]))
    check_intervals("pair --published-with site, held with site", together([pair_build(with_site), site_build]))
    # Refused: the earlier output as this run's output (exit 2, left as it was) ...
    r = subprocess.run([SUNPLAN, "pair", scen, "-o", site_file, "--published-with", site_file, "--progress", "none"],
                       capture_output=True, text=True)
    check(r.returncode == 2 and open(site_file, "rb").read() == site_bytes,
          f"--published-with the output itself is refused, exit 2, the file left as it was ({r.returncode})")
    # ... an earlier output of full mode (no record of what it withheld) or of other data.
    for prev, what in ((os.path.join(full_out, "site.gpkg"), "a full-mode output"),
                       (os.path.join(os.path.dirname(out), "small-aggregate.gpkg"), "an output of other data")):
        r = subprocess.run([SUNPLAN, "pair", scen, "-o", os.path.join(out, "refused.gpkg"), "--published-with", prev,
                            "--progress", "none"], capture_output=True, text=True)
        check(r.returncode == 3 and os.path.basename(prev) in r.stderr and
              not os.path.exists(os.path.join(out, "refused.gpkg")),
              f"--published-with {what} is refused, exit 3, naming the file ({r.returncode}: {r.stderr.strip()[-160:]})")


# One county of five urban townships, each with a base at its centre reaching part of its youth:
# A 2 youth (1 in reach), B 30, X 35, Y 50, C 40. run withholds A and its complement B (the
# smallest). site names candidate C1 in Y near X, which brings 3 of X's youth in reach (X is
# withheld for that small gain) and 20 of Y's (Y withheld beside X in the gains' total); A
# then has X and Y beside it, and site publishes B. Held together: the county's youth minus
# C, B (site), X and Y (run) is A.
TWO_TOWNS = [("320102001", "甲街道", 0, 2, 1), ("320102002", "乙街道", 1, 30, 20), ("320102003", "丙街道", 2, 35, 20),
             ("320102004", "丁街道", 3, 50, 30), ("320102005", "戊街道", 4, 40, 30)]


def two_outputs_fixture(folder):
    rnd = random.Random(2015)
    path = os.path.join(folder, "two.gpkg")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    towns = ds.CreateLayer("townships", srs4326(), ogr.wkbPolygon)
    youth = ds.CreateLayer("youth", srs4326(), ogr.wkbPoint)
    bases = ds.CreateLayer("bases", srs4326(), ogr.wkbPoint)
    for lyr, fields in ((towns, ["code", "name"]), (youth, ["id"]), (bases, ["id", "name", "type", "status", "capacity"])):
        for f in fields:
            lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    points = []

    def person(x, y, spread=0.001):
        x, y = x + rnd.uniform(-spread, spread), y + rnd.uniform(-spread, spread)
        add(youth, {"id": f"P{len(points)}"}, f"POINT({x} {y})")
        points.append((x, y))

    for code, name, k, n, reach in TWO_TOWNS:
        x0, y0, x1, y1 = box(k)
        add(towns, {"code": code, "name": name}, f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))")
        # Y's base in its right part: far from the candidate near X.
        bx = x1 - 0.01 if k == 3 else (x0 + x1) / 2
        by = (y0 + y1) / 2
        add(bases, {"id": f"B{k}", "name": f"{name}中心", "type": "温馨家园", "status": "existing", "capacity": "1000"},
            f"POINT({bx} {by})")
        for _ in range(reach):
            person(bx, by, 0.004)
        out = n - reach
        if k == 2:  # X: 3 near its right border (the candidate's reach), 12 in its far corner
            for _ in range(3):
                person(x1 - 0.002, by, 0.0005)
            out -= 3
        if k == 3:  # Y: 20 around the candidate
            for _ in range(20):
                person(x0 + 0.006, by, 0.003)
            out -= 20
        for _ in range(out):
            person(x0 + 0.004 if k in (2, 3) else x1 - 0.004, y1 - 0.004)
    x0, y0, x1, y1 = box(3)
    add(bases, {"id": "C1", "name": "候选", "type": "温馨家园", "status": "candidate", "capacity": "1000"},
        f"POINT({x0 + 0.006} {(y0 + y1) / 2})")
    ds = None
    return path, points


def two_outputs_case(folder):
    """run and site of two_outputs_fixture, each planned alone, narrow A when held together;
    site --published-with run.gpkg does not."""
    path, points = two_outputs_fixture(folder)
    out = {}
    for mode in ("full", "aggregate"):
        # Grid cells of 20 km: one holds nearly everyone, so the grid changes no township's fate.
        scen = county_scenario(folder, "two", path, mode, 1500, 20000)
        site_args = ["--model", "mclp", "--add", "1", "--json"]
        for verb, extra in (("run", []), ("site", site_args)):
            r = subprocess.run([SUNPLAN, verb, scen, "-o", f"{folder}/two-{mode}-{verb}.gpkg", "--progress", "none"] + extra,
                               capture_output=True, text=True)
            check(r.returncode == 0, f"two outputs, {mode}: {verb} exits 0 ({r.stderr[-300:]})")
            out[(mode, verb)] = read_layers(f"{folder}/two-{mode}-{verb}.gpkg")
            if verb == "site":
                out[(mode, "json")] = json.loads(r.stdout)
    r = subprocess.run([SUNPLAN, "site", os.path.join(folder, "two-aggregate.toml"), "-o", f"{folder}/two-with.gpkg",
                        "--published-with", f"{folder}/two-aggregate-run.gpkg", "--progress", "none"] + site_args,
                       capture_output=True, text=True)
    check(r.returncode == 0, f"two outputs: site --published-with run.gpkg exits 0 ({r.stderr[-300:]})")
    out[("aggregate", "with")] = read_layers(f"{folder}/two-with.gpkg")
    out[("aggregate", "with json")] = json.loads(r.stdout)
    return out, points


def check_two_outputs(folder):
    out, points = two_outputs_case(folder)
    full_run, full_site = out[("full", "run")], out[("full", "site")]
    truth = {r["code"]: r for r in full_run["townships"]}
    check([(truth[c]["youth"], truth[c]["in_reach"]) for c, _, _, _, _ in TWO_TOWNS] ==
          [(n, reach) for _, _, _, n, reach in TWO_TOWNS] and
          [r["in_reach_after"] - r["in_reach_before"] for r in full_site["site_effect"]] == [0, 0, 3, 20, 0],
          "two outputs: the full run has the designed youth in reach, siting brings 3 of X's and 20 of Y's")

    def run_build(layers):
        def build(s):
            unit_system(s, layers, full_run)
            grid = [len(points_in(g["_geom"], points)) for g in layers["youth_grid"]]
            facility_and_grid_system(s, layers, full_run, grid, len(points))
        return build

    def site_build(layers, site_json):
        def build(s):
            town = unit_system(s, layers, full_site)
            site_system(s, layers, full_site, site_json, town)
            grid = [len(points_in(g["_geom"], points)) for g in layers["youth_grid"]]
            facility_and_grid_system(s, layers, full_site, grid, len(points))
        return build

    def withheld(layers):
        return sorted(r["code"][-1] for r in layers["townships"] if r["suppressed"])

    agg_run, agg_site, agg_with = out[("aggregate", "run")], out[("aggregate", "site")], out[("aggregate", "with")]
    check_intervals("two outputs: run", together([run_build(agg_run)]))
    check_intervals("two outputs: site", together([site_build(agg_site, out[("aggregate", "json")])]))
    _, narrow = narrow_intervals("two outputs: run and site together",
                                 together([run_build(agg_run), site_build(agg_site, out[("aggregate", "json")])]))
    check(narrow, f"two outputs: run and site, each planned alone, held together narrow a withheld count of "
                  f"1-{MIN - 1} below the rule (townships withheld {withheld(agg_run)} and {withheld(agg_site)}; "
                  f"{narrow[:3]})")
    with_json = out[("aggregate", "with json")]
    check_intervals("two outputs: site --published-with run, held with run",
                    together([run_build(agg_run), site_build(agg_with, with_json)]))
    check(set(withheld(agg_run)) <= set(withheld(agg_with)),
          f"two outputs: site --published-with run withholds what run withholds ({withheld(agg_with)})")


def t_served(layers):
    return [r for r in layers["provinces"]][0]["served"] if len(layers["provinces"]) == 1 else None


def check_json_counts(mode, texts):
    count_keys = {"youth", "in_reach", "served", "paired", "kept", "unpaired_no_team", "unpaired_full",
                  "existing_dropped", "to_hand_over", "handed_over", "not_handed_no_team", "not_handed_full",
                  "in_reach_before", "in_reach_after", "served_before", "served_after", "unserved", "total",
                  "covered_weight", "objective", "bound"}
    bad = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in count_keys and isinstance(v, (int, float)) and not isinstance(v, bool) and small(v):
                    bad.append(f"{path}.{k}={v}")
                if k == "marginal_gain":
                    bad.extend(f"{path}.marginal_gain={g}" for g in v if small(g))
                walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")

    for what, text in texts:
        if what.startswith("json of"):
            walk(json.loads(text), what)
    check(not bad, f"{mode}: no count of 1-{MIN - 1} youth in run/site/pair --json {bad[:6]}")


def check_reports(mode, out, agg):
    hidden_towns = {r["name"] for r in agg["townships"] if r["suppressed"]}
    bad = []
    for report in ("run-report.md", "site-report.md", "pair-report.md"):
        text = open(os.path.join(out, report), encoding="utf-8").read()
        header = None
        for line in text.splitlines():
            if not line.startswith("|"):
                header = None
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            if header is None:
                header = cells
                continue
            if set(line) <= set("|-: "):
                continue
            for h, c in zip(header, cells):
                counts = h in ("youth", "in reach", "served", "unserved", "no base in reach", "bases full",
                               "paired", "youth newly in reach", "all", "urban", "rural")
                if counts and cells[0] not in ("townships", "reach rate", "served rate") and re.fullmatch(r"[1-4]", c):
                    bad.append(f"{report}: {cells[0]} / {h} = {c}")
            if header[:2] == ["rank", "township"] and cells[1] in hidden_towns:
                bad.append(f"{report}: withheld township {cells[1]} ranked in the gap table")
        for m in re.finditer(r"(\d+) of (\d+) youth paired|(\d+) existing pairs kept|(\d+) with no team", text):
            bad += [f"{report}: '{m.group(0)}'" for g in m.groups() if g and small(int(g))]
    svg = open(os.path.join(out, "run-map.svg"), encoding="utf-8").read()
    for name in hidden_towns:
        m = re.search(re.escape(name) + r" \d+: ([^<]*)</title>", svg)
        if not m or m.group(1) != "suppressed":
            bad.append(f"run-map.svg: withheld township {name} shows '{m.group(1) if m else '?'}'")
    page = open(os.path.join(out, "run-map.html"), encoding="utf-8").read()
    for f, v in re.findall(r'"(youth|in_reach|served|unserved|unserved_no_base|unserved_full|load|marginal_gain|'
                           r'load_after|urban_youth|urban_served|rural_youth|rural_served)":\s*([0-9.]+)', page):
        if small(float(v)):
            bad.append(f"run-map.html: {f}={v}")
    check(not bad, f"{mode}: reports, SVG map and map page publish no count of 1-{MIN - 1} youth {bad[:6]}")


def main():
    global YOUTH_POINTS
    with tempfile.TemporaryDirectory() as tmp:
        gpkg, personal, YOUTH_POINTS = make_fixture(tmp)
        youth_at = {(round(x, 6), round(y, 6)) for x, y in YOUTH_POINTS}
        runs = {}
        for mode in ("full", "aggregate"):
            scen = scenario(tmp, gpkg, mode)
            texts, out = every_verb(tmp, scen, mode)
            # Personal values: nowhere, in any file or stream.
            leaks, personal_fields, vertices_at_youth = [], set(), 0
            values_everywhere = [(what, t) for what, t in texts]
            for path in files_under(out):
                values_everywhere.append((path, searchable_text(path)))
                if not path.endswith((".gpkg", ".shp", ".fgb", ".kml", ".geojson", ".csv")):
                    continue
                values, vertices, fields = gdal_values(path)
                if path.endswith((".gpkg", ".shp", ".fgb")):  # the text formats are searched as bytes
                    values_everywhere.append((path + " (GDAL)", "\n".join(values)))
                personal_fields |= fields & {"age", "category", "phone", "id_number", "paired_team"}
                vertices_at_youth += sum(v in youth_at for v in vertices) if mode == "aggregate" else 0
            # One pass per text: every candidate shaped like a personal value, then the exact set.
            kind_of = {v: kind for kind, vals in personal.items() for v in vals}
            shapes = re.compile(r"YQ\d{4}X|139\d{8}|32010[0-9]{11}[0-9X]{2}|测试..名|" +
                                "|".join(re.escape(v) for v in kind_of if not re.fullmatch(r"YQ\d{4}X|139\d{8}|32010[0-9]{11}[0-9X]{2}|测试..名", v)))
            check(all(shapes.fullmatch(v) for v in kind_of), f"{mode}: the search pattern finds every personal value")
            for what, text in values_everywhere:
                for m in set(shapes.findall(text)):
                    if m in kind_of:
                        leaks.append(f"{kind_of[m]} {m!r} in {os.path.basename(what)}")
            check(not leaks, f"{mode}: no personal value in any output, report, map, PDF, JSON or message {leaks[:5]}")
            check(not personal_fields, f"{mode}: no personal field in any layer ({personal_fields or 'none'})")
            problems = [p for path in ("problems.gpkg", "pair.gpkg")
                        for name, rows in read_layers(os.path.join(out, path)).items() if name.startswith("problems")
                        for p in rows]
            youth_problems = [p for p in problems if p["layer"] == "youth" and p["row"] > 0]
            check(len(youth_problems) >= 6 and all(p["feature_id"] == f"r{p['row']}" for p in youth_problems),
                  f"{mode}: youth problems name the row pseudonym, not the id ({len(youth_problems)} problems)")
            runs[mode] = read_layers(os.path.join(out, "pair.gpkg")), out, texts
            if mode == "aggregate":
                check(vertices_at_youth == 0, f"aggregate: no vertex at a youth location ({vertices_at_youth} found)")
                names = set(runs[mode][0])
                check(not names & {"youth", "assignments", "pairings", "youth_pairing", "relay", "gaps"},
                      "aggregate: no point-level youth layer")

        agg, out, texts = runs["aggregate"]
        full = runs["full"][0]
        site_agg, site_full = read_layers(os.path.join(out, "site.gpkg")), read_layers(os.path.join(runs["full"][1], "site.gpkg"))
        # The fixture must exercise suppression, or the checks below prove nothing.
        primary = [r["code"] for r in full["townships"] if small(r["youth"])]
        withheld = [r["code"] for r in agg["townships"] if r["suppressed"]]
        check(len(primary) == 2 and set(primary) < set(withheld),
              f"aggregate: townships of 1-4 youth withheld with a complement ({primary} in {withheld})")
        t_all = [r for r in agg["targets"] if r["level"] == "all"][0]
        check(t_all["youth"] == len(YOUTH_POINTS) and any(r["youth"] for r in agg["townships"]),
              f"aggregate: the whole area and a township stay published ({t_all['youth']})")
        check(any(r["suppressed"] for r in agg["bases"]) and any(r["suppressed"] for r in agg["teams"]),
              "aggregate: some base and team loads are withheld")
        for layers in (agg, site_agg):
            check_published_counts("aggregate", layers)
        check_recovery("aggregate", agg, full, len(YOUTH_POINTS))
        # Every relation together (pair's and site's outputs, each its own system): a linear program.
        grid_truth = [len(points_in(g["_geom"])) for g in agg["youth_grid"]]
        pair_system = AttackerSystem()
        town_cell = unit_system(pair_system, agg, full)
        targets_system(pair_system, agg, full, town_cell)
        facility_and_grid_system(pair_system, agg, full, grid_truth, len(YOUTH_POINTS))
        check_intervals("aggregate pair", pair_system)
        # A quota is the parent's quota times the unit's share of the parent's youth.
        withheld_codes = {r["code"] for r in agg["targets"] if r["suppressed"]}
        parent_code = {"township": 6, "county": 4, "city": 2}
        leaky = [r["code"] for r in agg["targets"] if not r["suppressed"] and r["level"] in parent_code
                 and r["code"][:parent_code[r["level"]]] in withheld_codes and r["base_quota"] is not None]
        check(not leaky, f"aggregate: no quota published under a withheld parent {leaky}")
        # Siting: site_effect per township against the whole area (JSON), gains against the growth.
        site_json = json.loads([t for w, t in texts if w == "json of site"][0])
        found = []
        full_effect = {r["code"]: r for r in site_full["site_effect"]}
        for f, total in (("in_reach_after", site_json["in_reach_after"]), ("served_after", site_json["served_after"])):
            found += recovery_oracle(f"site_effect.{f}", total, [r[f] for r in site_agg["site_effect"] if r[f] is not None],
                                     {r["code"]: full_effect[r["code"]][f] for r in site_agg["site_effect"] if r[f] is None})
        if site_json["in_reach_after"] is not None and site_json["in_reach_before"] is not None:
            full_sites = {r["id"]: r["marginal_gain"] for r in site_full["sites"]}
            found += recovery_oracle("sites.marginal_gain", site_json["in_reach_after"] - site_json["in_reach_before"],
                                     [r["marginal_gain"] for r in site_agg["sites"] if r["marginal_gain"] is not None],
                                     {r["id"]: full_sites[r["id"]] for r in site_agg["sites"] if r["marginal_gain"] is None})
        check(not found, f"aggregate: siting figures give back no withheld count {found[:4]}")
        site_sys = AttackerSystem()
        town_cell = unit_system(site_sys, site_agg, site_full)
        site_system(site_sys, site_agg, site_full, site_json, town_cell)
        check_intervals("aggregate site", site_sys)
        check_json_counts("aggregate", texts)
        check_reports("aggregate", out, agg)
        check_small_county(tmp)
        check_two_outputs(tmp)
        check_published_together(scenario(tmp, gpkg, "aggregate"), out, runs["full"][1], agg, full, site_agg, site_full,
                                 site_json)
        # Full mode publishes every count (the checks above would be vacuous otherwise).
        check(all(r["youth"] is not None for r in full["townships"]) and "suppressed" not in full["townships"][0],
              "full: every township count is published")

    finish()


if __name__ == "__main__":  # tests/cli/test_privacy_shanghai.py imports the oracle
    main()
