"""Binary inputs of the bad-input corpus, made with GDAL at test time (no committed binaries).

Each generator writes one file (or a shapefile's set) into a temporary folder; cases.toml names
them under [case.<name>.generate] as  "file name" = "generator".  The base scenario's inputs are
made by base(): three townships in EPSG:4326 with 9-digit codes, two bases and three youth
(row numbers below are 1-based feature numbers, as sunplan reports them).
"""
import os
import struct

from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

# code, name, (min lon, min lat, max lon, max lat)
TOWNSHIPS = [
    ("310101001", "甲街道", (121.40, 31.20, 121.50, 31.30)),
    ("310101002", "乙镇", (121.50, 31.20, 121.60, 31.30)),
    ("310101003", "丙乡", (121.40, 31.30, 121.60, 31.40)),
]
BASES = [("b1", "一号温馨家园", "温馨家园", 121.45, 31.25), ("b2", "二号工疗站", "工疗站", 121.55, 31.25)]
YOUTH = [("y1", 121.45, 31.26), ("y2", 121.52, 31.22), ("y3", 121.50, 31.35)]


def srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def square_wkt(box):
    x0, y0, x1, y1 = box
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def polygon_layer(path, layer, rows, epsg=4326, driver="GPKG", geom_type=ogr.wkbPolygon, fields=("code", "name")):
    """rows: (attribute values..., geometry as WKT or an ogr.Geometry or None)."""
    ds = ogr.GetDriverByName(driver).CreateDataSource(path)
    lyr = ds.CreateLayer(layer, srs(epsg) if epsg else None, geom_type)
    for f in fields:
        lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    for row in rows:
        feat = ogr.Feature(lyr.GetLayerDefn())
        for i, f in enumerate(fields):
            feat.SetField(f, row[i])
        g = row[len(fields)]
        if g is not None:
            feat.SetGeometry(g if isinstance(g, ogr.Geometry) else ogr.CreateGeometryFromWkt(g))
        lyr.CreateFeature(feat)
    ds = None


def point_layer(path, layer, rows, fields, epsg=4326, driver="GPKG"):
    """rows: (attribute values..., lon, lat)."""
    ds = ogr.GetDriverByName(driver).CreateDataSource(path)
    lyr = ds.CreateLayer(layer, srs(epsg), ogr.wkbPoint)
    for f in fields:
        lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    for row in rows:
        feat = ogr.Feature(lyr.GetLayerDefn())
        for i, f in enumerate(fields):
            feat.SetField(f, row[i])
        feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT({row[-2]} {row[-1]})"))
        lyr.CreateFeature(feat)
    ds = None


def base(folder):
    """townships.gpkg (townships), bases.gpkg (bases), youth.gpkg (youth)."""
    polygon_layer(os.path.join(folder, "townships.gpkg"), "townships",
                  [(c, n, square_wkt(b)) for c, n, b in TOWNSHIPS])
    point_layer(os.path.join(folder, "bases.gpkg"), "bases", BASES, ("id", "name", "type"))
    point_layer(os.path.join(folder, "youth.gpkg"), "youth", YOUTH, ("id",))


# ---- generators: name -> function(path) ----

def empty(path):
    open(path, "wb").close()


def truncated_gpkg(path):
    """The base townships GeoPackage cut to its first 3 KiB (the SQLite header page survives)."""
    polygon_layer(path + ".full", "townships", [(c, n, square_wkt(b)) for c, n, b in TOWNSHIPS])
    data = open(path + ".full", "rb").read()
    os.remove(path + ".full")
    open(path, "wb").write(data[:3072])


def half_gpkg(path):
    """The base townships GeoPackage cut in half (the table pages are lost)."""
    polygon_layer(path + ".full", "townships", [(c, n, square_wkt(b)) for c, n, b in TOWNSHIPS])
    data = open(path + ".full", "rb").read()
    os.remove(path + ".full")
    open(path, "wb").write(data[: len(data) // 2])


def townships_no_features(path):
    polygon_layer(path, "townships", [])


def townships_no_crs(path):
    polygon_layer(path, "townships", [(c, n, square_wkt(b)) for c, n, b in TOWNSHIPS], epsg=None)


def townships_shp_no_prj(path):
    polygon_layer(path, "townships", [(c, n, square_wkt(b)) for c, n, b in TOWNSHIPS],
                  driver="ESRI Shapefile")
    os.remove(path[:-4] + ".prj")


def townships_utm_labelled_4326(path):
    """UTM 51N metres stored in a layer that says EPSG:4326 (a wrong CRS)."""
    to_utm = osr.CoordinateTransformation(srs(4326), srs(32651))
    rows = []
    for c, n, b in TOWNSHIPS:
        g = ogr.CreateGeometryFromWkt(square_wkt(b))
        g.Transform(to_utm)
        rows.append((c, n, g))
    polygon_layer(path, "townships", rows, epsg=4326)


def townships_latlon_swapped(path):
    """Every polygon with x = latitude, y = longitude."""
    rows = []
    for c, n, (x0, y0, x1, y1) in TOWNSHIPS:
        rows.append((c, n, square_wkt((y0, x0, y1, x1))))
    polygon_layer(path, "townships", rows)


def townships_bad_geometries(path):
    """Rows 1-3 good; 4 self-intersecting bow tie; 5 empty polygon; 6 no geometry; 7 a point;
    8 a line; 9 NaN vertex; 10 huge coordinates; 11 a ring of 3 points (degenerate)."""
    nan_ring = ogr.Geometry(ogr.wkbPolygon)
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in [(121.6, 31.2), (float("nan"), 31.2), (121.7, 31.3), (121.6, 31.2)]:
        ring.AddPoint_2D(x, y)
    nan_ring.AddGeometry(ring)
    rows = [(c, n, square_wkt(b)) for c, n, b in TOWNSHIPS] + [
        ("310101004", "丁镇", "POLYGON((121.6 31.2,121.7 31.3,121.7 31.2,121.6 31.3,121.6 31.2))"),
        ("310101005", "戊镇", "POLYGON EMPTY"),
        ("310101006", "己镇", None),
        ("310101007", "庚镇", "POINT(121.65 31.25)"),
        ("310101008", "辛镇", "LINESTRING(121.6 31.2,121.7 31.3)"),
        ("310101009", "壬镇", nan_ring),
        ("310101010", "癸镇", "POLYGON((1e300 1e300,2e300 1e300,2e300 2e300,1e300 1e300))"),
        ("310101011", "子镇", "POLYGON((121.6 31.2,121.7 31.3,121.6 31.2))"),
    ]
    polygon_layer(path, "townships", rows, geom_type=ogr.wkbUnknown)


def townships_degenerate_shell(path):
    """Row 4: a 3-point (degenerate) exterior ring with a proper 5-point hole."""
    rows = [(c, n, square_wkt(b)) for c, n, b in TOWNSHIPS] + [
        ("310101004", "丁镇", "POLYGON((121.6 31.2,121.7 31.3,121.6 31.2),"
                             "(121.61 31.21,121.61 31.22,121.62 31.22,121.62 31.21,121.61 31.21))")]
    polygon_layer(path, "townships", rows)


def townships_duplicate_codes(path):
    """Row 3 repeats row 1's code; row 4 has a 12-digit village code; row 5 has none."""
    rows = [(c, n, square_wkt(b)) for c, n, b in TOWNSHIPS[:2]] + [
        ("310101001", "重复", square_wkt(TOWNSHIPS[2][2])),
        ("310101001001", "村", square_wkt(TOWNSHIPS[2][2])),
        (None, "无码", square_wkt(TOWNSHIPS[2][2])),
    ]
    polygon_layer(path, "townships", rows)


def townships_no_code_field(path):
    polygon_layer(path, "townships", [(n, square_wkt(b)) for c, n, b in TOWNSHIPS], fields=("name",))


def youth_mixed_geometries(path):
    """Rows 1-3 good points; 4 a polygon; 5 an empty point; 6 no geometry; 7 a two-point multipoint."""
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer("youth", srs(4326), ogr.wkbUnknown)
    lyr.CreateField(ogr.FieldDefn("id", ogr.OFTString))
    for i, wkt in enumerate(["POINT(121.45 31.26)", "POINT(121.52 31.22)", "POINT(121.50 31.35)",
                             square_wkt((121.41, 31.21, 121.42, 31.22)), "POINT EMPTY", None,
                             "MULTIPOINT((121.45 31.26),(121.46 31.27))"]):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("id", f"y{i + 1}")
        if wkt:
            f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None


def not_a_pbf(path):
    open(path, "wb").write(b"this is a text file, not an OpenStreetMap PBF\n" * 10)


def gbk_bases_csv(path):
    """Row 1 has a Chinese type (温馨家园), row 2 an English one; both names are Chinese."""
    text = "id,lon,lat,name,type\nb1,121.45,31.25,一号温馨家园,温馨家园\nb2,121.55,31.25,二号工疗站,work_therapy\n"
    open(path, "wb").write(text.encode("gbk"))


def gbk_scenario(path):
    """A scenario saved in GBK: [run] name = "阳光" (bytes d1 f4 b9 e2)."""
    text = '[run]\nname = "阳光"\n[layers.townships]\nsource = "townships.gpkg"\n'
    open(path, "wb").write(text.encode("gbk"))


def youth_attribute_table(path):
    """Youth as a GeoPackage attribute table: ids and coordinates as text, no geometry column."""
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer("youth", None, ogr.wkbNone)
    for f in ("id", "lon", "lat"):
        lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    for yid, lon, lat in YOUTH:
        feat = ogr.Feature(lyr.GetLayerDefn())
        for f, v in (("id", yid), ("lon", str(lon)), ("lat", str(lat))):
            feat.SetField(f, v)
        lyr.CreateFeature(feat)
    ds = None


def youth_table_bad_coordinates(path):
    """Youth as a GeoPackage attribute table with coordinates as text: row 1 good, then NaN,
    infinity, empty, words and a number with a unit."""
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer("youth", None, ogr.wkbNone)
    for f in ("id", "lon", "lat"):
        lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    rows = [("y1", "121.45", "31.26"), ("y2", "nan", "31.22"), ("y3", "121.50", "-inf"),
            ("y4", "", "31.22"), ("y5", "east", "north"), ("y6", "121.5 km", "31.2")]
    for row in rows:
        feat = ogr.Feature(lyr.GetLayerDefn())
        for f, v in zip(("id", "lon", "lat"), row):
            feat.SetField(f, v)
        lyr.CreateFeature(feat)
    ds = None


def youth_counts_over_int32(path):
    """215 rows of 10,000,000 youth each (the most one row may hold): 2,150,000,000 in all."""
    rows = [f"y{i},121.45,31.26,10000000" for i in range(1, 216)]
    open(path, "w").write("id,lon,lat,count\n" + "\n".join(rows) + "\n")


def scenario_5mib(path):
    """A valid scenario followed by comments up to exactly 5 MiB (5242880 bytes)."""
    head = '[layers.townships]\nsource = "townships.gpkg"\n'
    line = "# " + "x" * 61 + "\n"  # 64 bytes
    body = head + line * ((5 * 1024 * 1024 - len(head)) // 64)
    body += "#" * (5 * 1024 * 1024 - len(body) - 1) + "\n"
    open(path, "w").write(body)


def townships_across_antimeridian(path):
    """Two townships of Fiji's Taveuni, one each side of 180 deg (lon 179.9 and -179.9)."""
    polygon_layer(path, "townships", [("310101001", "甲乡", square_wkt((179.8, -16.9, 179.95, -16.8))),
                                      ("310101002", "乙乡", square_wkt((-179.95, -16.9, -179.8, -16.8)))])


def townships_odd_names(path):
    """Names with a table pipe, a newline, raw HTML and Markdown link/emphasis syntax."""
    names = ["甲|乡\n<script>alert(1)</script>", "乙乡 **粗** [点我](http://example.com) <b>", "丙乡"]
    polygon_layer(path, "townships", [(c, n, square_wkt(b)) for (c, _, b), n in zip(TOWNSHIPS, names)])


GENERATORS = {name: fn for name, fn in globals().items()
              if callable(fn) and not name.startswith("_") and name not in
              {"srs", "square_wkt", "polygon_layer", "point_layer", "base"}}
