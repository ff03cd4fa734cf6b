#!/usr/bin/python3
"""A prefecture's files as a planner receives them, made from the shared real data (issue 13).

Zhenjiang (镇江, 3211): its 42 township cells (DERIVED Voronoi cells of the real 2016 township
seats, not official boundaries), its 6 counties, bases at half of the real township seats and
synthetic youth (no real person) spread inside their township. The files are written the way
registries arrive, one variant at a time:

  乡镇界线.shp   townships: Chinese column names, GBK, no .cpg, LDID 0 (GDAL cannot tell)
  区县.geojson   counties (UTF-8, EPSG:4326)
  阵地.csv       bases: 编号, 阵地名称, 阵地类型, 状态, 服务容量, 所属乡镇, 经度, 纬度
  残疾青年.csv   youth: 编号, 年龄, 残疾类别 (视力, 肢体残疾, ...), 所属乡镇, 经度, 纬度

  残疾人名册.csv  youth without coordinates (--youth address): 编号, 年龄, 残疾类别, 区县, 乡镇街道, 户籍地址

    prefecture.py OUT_DIR [--crs wgs84|gcj02|bd09] [--youth csv|xlsx|address] [--encoding UTF-8|GBK]

Everything is seeded: the same call writes the same files. The CSV coordinates are the WGS84
positions converted with the published GCJ-02 / BD-09 formulas (written here, independently
of sunplan's own).
"""
import argparse
import csv
import math
import os
import random

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

PREFIX = "3211"
SEED = 20261205
CATEGORY_NAMES = ["视力", "听力", "言语", "肢体", "智力", "精神", "多重"]
CATEGORY_WEIGHTS = [8, 12, 4, 26, 25, 12, 13]
BASE_TYPES = ["温馨家园", "工疗站", "社区志愿服务站"]


def shared_paths(shared):
    return (os.path.join(shared, "cn-township-approx-DERIVED", "cn_township_voronoi_DERIVED_wgs84.gpkg"),
            os.path.join(shared, "cn-admin-adcode2016", "cn_townships_2016_wgs84.gpkg"),
            os.path.join(shared, "cn-admin-adcode2016", "cn_admin_boundaries_wgs84.gpkg"))


# ---- Chinese web-map datums: the published formulas (Krasovsky a = 6378245) ----

def _tlat(x, y):
    r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20 * math.sin(6 * x * math.pi) + 20 * math.sin(2 * x * math.pi)) * 2 / 3
    r += (20 * math.sin(y * math.pi) + 40 * math.sin(y / 3 * math.pi)) * 2 / 3
    r += (160 * math.sin(y / 12 * math.pi) + 320 * math.sin(y * math.pi / 30)) * 2 / 3
    return r


def _tlon(x, y):
    r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20 * math.sin(6 * x * math.pi) + 20 * math.sin(2 * x * math.pi)) * 2 / 3
    r += (20 * math.sin(x * math.pi) + 40 * math.sin(x / 3 * math.pi)) * 2 / 3
    r += (150 * math.sin(x / 12 * math.pi) + 300 * math.sin(x / 30 * math.pi)) * 2 / 3
    return r


def wgs_to_gcj(lon, lat):
    a, ee = 6378245.0, 0.00669342162296594323
    dlat, dlon = _tlat(lon - 105, lat - 35), _tlon(lon - 105, lat - 35)
    rad = math.radians(lat)
    magic = 1 - ee * math.sin(rad) ** 2
    sq = math.sqrt(magic)
    dlat = dlat * 180 / ((a * (1 - ee)) / (magic * sq) * math.pi)
    dlon = dlon * 180 / (a / sq * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def gcj_to_bd(lon, lat):
    xp = math.pi * 3000.0 / 180.0
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * xp)
    t = math.atan2(lat, lon) + 0.000003 * math.cos(lon * xp)
    return z * math.cos(t) + 0.0065, z * math.sin(t) + 0.006


def to_datum(lon, lat, crs):
    if crs == "wgs84":
        return lon, lat
    g = wgs_to_gcj(lon, lat)
    return g if crs == "gcj02" else gcj_to_bd(*g)


# ---- the real geometry ----

def townships(shared):
    """[(code9, name, urban_share, ogr.Geometry)] of the prefecture, by code."""
    cells, _, _ = shared_paths(shared)
    ds = ogr.Open(cells)
    lyr = ds.GetLayerByName("township_voronoi_DERIVED")
    lyr.SetAttributeFilter(f"code9 LIKE '{PREFIX}%'")
    out = []
    for f in lyr:
        g = f.GetGeometryRef()
        if g is not None and not g.IsEmpty():
            out.append((f.GetField("code9"), f.GetField("name"), f.GetField("urban_share"), g.Clone()))
    return sorted(out, key=lambda t: t[0])


def seats(shared):
    """[(code9, name, lon, lat)] of the township seats with a point, by code."""
    _, seat_file, _ = shared_paths(shared)
    ds = ogr.Open(seat_file)
    lyr = ds.GetLayerByName("township")
    lyr.SetAttributeFilter(f"code9 LIKE '{PREFIX}%' AND has_point = 1")
    out = [(f.GetField("code9"), f.GetField("name"), f.GetGeometryRef().GetX(), f.GetGeometryRef().GetY())
           for f in lyr]
    return sorted(out)


def counties(shared):
    _, _, admin = shared_paths(shared)
    ds = ogr.Open(admin)
    lyr = ds.GetLayerByName("county")
    lyr.SetAttributeFilter(f"adcode LIKE '{PREFIX}%'")
    return sorted((f.GetField("adcode"), f.GetField("name"), f.GetGeometryRef().Clone()) for f in lyr)


def youth_rows(towns):
    """Synthetic youth: a seeded number per township, uniform inside its cell (WGS84)."""
    rows = []
    for code, _, _, geom in towns:
        rng = random.Random(f"{SEED}:{code}")
        x0, x1, y0, y1 = geom.GetEnvelope()
        for _ in range(rng.randint(8, 30)):
            while True:
                lon, lat = rng.uniform(x0, x1), rng.uniform(y0, y1)
                p = ogr.Geometry(ogr.wkbPoint)
                p.AddPoint_2D(lon, lat)
                if geom.Contains(p):
                    break
            r = rng.random() * sum(CATEGORY_WEIGHTS)
            cat = 0
            while r >= CATEGORY_WEIGHTS[cat]:
                r -= CATEGORY_WEIGHTS[cat]
                cat += 1
            name = CATEGORY_NAMES[cat] + ("残疾" if rng.random() < 0.3 else "")
            rows.append({"township": code, "lon": lon, "lat": lat, "age": rng.randint(6, 35), "category": name,
                         "code": cat + 1})
    for i, r in enumerate(rows):
        r["id"] = f"ZJ{i + 1:05d}"
    return rows


def base_rows(seat_list):
    rows = []
    for k, (code, name, lon, lat) in enumerate(seat_list[::2]):
        rows.append({"id": f"JD{k + 1:03d}", "name": name + BASE_TYPES[k % 3], "type": BASE_TYPES[k % 3],
                     "status": "现有", "capacity": 20 + 5 * (k % 4), "township": code, "lon": lon, "lat": lat})
    return rows


# ---- writers ----

def srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def write_gbk_shapefile(path, towns, cpg=False, overlap=False):
    """GBK text and names, CGCS2000; no .cpg and LDID 0 (as many Chinese tools write them)."""
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    lyr = ds.CreateLayer(os.path.splitext(os.path.basename(path))[0], srs(4490), ogr.wkbMultiPolygon,
                         options=["ENCODING=CP936"])
    for name, kind in (("乡镇代码", ogr.OFTString), ("乡镇名称", ogr.OFTString), ("城镇化率", ogr.OFTReal)):
        fd = ogr.FieldDefn(name, kind)
        if kind == ogr.OFTReal:
            fd.SetWidth(8)
            fd.SetPrecision(4)
        lyr.CreateField(fd)
    for code, name, share, geom in towns:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField(0, code)
        f.SetField(1, name)
        f.SetField(2, share)
        g = geom.Clone()
        if overlap and code == towns[0][0]:
            g = g.Union(towns[1][3].Buffer(0)).Buffer(0)  # the first cell also claims the second
        f.SetGeometry(ogr.ForceToMultiPolygon(g))
        lyr.CreateFeature(f)
    ds = None
    stem = os.path.splitext(path)[0]
    if not cpg and os.path.exists(stem + ".cpg"):
        os.remove(stem + ".cpg")
    with open(stem + ".dbf", "r+b") as dbf:  # language driver id: none
        dbf.seek(29)
        dbf.write(b"\x00")


def write_counties(path, rows):
    ds = ogr.GetDriverByName("GeoJSON").CreateDataSource(path)
    lyr = ds.CreateLayer("区县", srs(4326), ogr.wkbMultiPolygon)
    for name in ("行政区划代码", "名称"):
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for code, name, geom in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField(0, code)
        f.SetField(1, name)
        f.SetGeometry(ogr.ForceToMultiPolygon(geom))
        lyr.CreateFeature(f)
    ds = None


BASE_COLUMNS = [("编号", "id"), ("阵地名称", "name"), ("阵地类型", "type"), ("状态", "status"),
                ("服务容量", "capacity"), ("所属乡镇", "township"), ("经度", "lon"), ("纬度", "lat")]
YOUTH_COLUMNS = [("编号", "id"), ("年龄", "age"), ("残疾类别", "category"), ("所属乡镇", "township"),
                 ("经度", "lon"), ("纬度", "lat")]
# A registry without coordinates: division names and a household address (户籍地址) that
# names the county and township, then a house number (synthetic, no real person).
ADDRESS_COLUMNS = [("编号", "id"), ("年龄", "age"), ("残疾类别", "category"), ("区县", "county_name"),
                   ("乡镇街道", "township_name"), ("户籍地址", "address")]


def with_addresses(people, towns, county_rows):
    """Each youth's county and township names and an address '江苏省镇江市<county><township><n>号<m>室'."""
    county_name = {code: name for code, name, _ in county_rows}
    town_name = {code: name for code, name, _, _ in towns}
    rng = random.Random(f"{SEED}:address")
    for r in people:
        r["county_name"] = county_name[r["township"][:6]]
        r["township_name"] = town_name[r["township"]]
        r["address"] = f"江苏省镇江市{r['county_name']}{r['township_name']}{rng.randint(1, 300)}号{rng.randint(101, 1202)}室"
    return people


def table(rows, columns, crs):
    out = []
    for r in rows:
        lon, lat = to_datum(r["lon"], r["lat"], crs)
        values = dict(r, lon=f"{lon:.6f}", lat=f"{lat:.6f}")
        out.append([values[k] for _, k in columns])
    return [c for c, _ in columns], out


def write_csv(path, header, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def write_xlsx(path, header, rows, sheet):
    """A workbook as a registry keeps it: numbers as numbers, codes as text."""
    ds = ogr.GetDriverByName("XLSX").CreateDataSource(path)
    lyr = ds.CreateLayer(sheet, None, ogr.wkbNone)
    numeric = {"年龄", "经度", "纬度", "服务容量"}
    for name in header:
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTReal if name in numeric else ogr.OFTString))
    for row in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for i, v in enumerate(row):
            f.SetField(i, float(v) if header[i] in numeric else str(v))
        lyr.CreateFeature(f)
    ds = None


def make(out, shared, crs="gcj02", youth="csv", encoding="utf-8", overlap=False, cpg=False):
    """Writes the file set into OUT; returns {file role: path} and the rows written."""
    os.makedirs(out, exist_ok=True)
    towns = townships(shared)
    paths = {"townships": os.path.join(out, "乡镇界线.shp"), "counties": os.path.join(out, "区县.geojson"),
             "bases": os.path.join(out, "阵地.csv"),
             "youth": os.path.join(out, "残疾青年." + ("xlsx" if youth == "xlsx" else "csv"))}
    if youth == "address":
        paths["youth"] = os.path.join(out, "残疾人名册.csv")
    write_gbk_shapefile(paths["townships"], towns, cpg=cpg, overlap=overlap)
    write_counties(paths["counties"], counties(shared))
    bases = base_rows(seats(shared))
    write_csv(paths["bases"], *table(bases, BASE_COLUMNS, crs), encoding=encoding)
    people = youth_rows(towns)
    header, rows = table(people, YOUTH_COLUMNS, crs)
    if youth == "address":
        header, rows = table(with_addresses(people, towns, counties(shared)), ADDRESS_COLUMNS, crs)
        write_csv(paths["youth"], header, rows, encoding=encoding)
    elif youth == "xlsx":
        write_xlsx(paths["youth"], header, rows, "残疾青年")
    else:
        write_csv(paths["youth"], header, rows, encoding=encoding)
    return paths, {"townships": towns, "bases": bases, "youth": people}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--shared", default=os.environ.get("SUNPLAN_SHARED_DATA", "/work/shared/data"))
    ap.add_argument("--crs", choices=("wgs84", "gcj02", "bd09"), default="gcj02")
    ap.add_argument("--youth", choices=("csv", "xlsx", "address"), default="csv")
    ap.add_argument("--encoding", default="utf-8")
    ap.add_argument("--overlap", action="store_true")
    args = ap.parse_args()
    paths, rows = make(args.out, args.shared, args.crs, args.youth, args.encoding, args.overlap)
    for role, p in paths.items():
        print(f"{role:10} {p}  ({len(rows.get(role, [])) or ''})")


if __name__ == "__main__":
    main()
