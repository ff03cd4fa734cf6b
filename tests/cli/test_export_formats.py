"""sunplan export: every format reopens in GDAL with the GeoPackage's feature counts, fields
and the expected CRS; the Shapefile carries a UTF-8 .cpg and Chinese names survive; the
GeoTIFF's distances equal a brute-force nearest-base distance at sampled cells."""
import math
import os
import sys
import tempfile

from osgeo import gdal, ogr, osr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import Sunplan, check, finish  # noqa: E402

ogr.UseExceptions()
gdal.UseExceptions()
SUNPLAN, SRC = sys.argv[1], sys.argv[2]


run = Sunplan(SUNPLAN, "--progress", "none").ok


def epsg(layer):
    srs = layer.GetSpatialRef()
    return srs.GetAuthorityCode(None) if srs else None


with tempfile.TemporaryDirectory() as tmp:
    gpkg = os.path.join(tmp, "demo.gpkg")
    run("run", os.path.join(SRC, "datasets/demo/scenario.toml"), "-o", gpkg, "--no-report")
    src = ogr.Open(gpkg)
    layers = {l.GetName(): l for l in src if l.GetName() != "layer_styles"}
    geo_layers = [n for n, l in layers.items() if l.GetGeomType() != ogr.wkbNone]

    for fmt, ext, folder, with_tables, want_epsg in [("shp", ".shp", True, True, "4326"),
                                                      ("geojson", ".geojson", True, False, "4326"),
                                                      ("fgb", ".fgb", True, False, "4326"),
                                                      ("csv", ".csv", True, True, None)]:
        out = os.path.join(tmp, "demo-" + fmt)
        run("export", gpkg, "-f", fmt, "-o", out)
        names = layers if with_tables else geo_layers
        for name in names:
            table_ext = ".dbf" if fmt == "shp" and layers[name].GetGeomType() == ogr.wkbNone else ext
            ds = ogr.Open(os.path.join(out, name + table_ext))
            lyr = ds.GetLayer(0)
            check(lyr.GetFeatureCount() == layers[name].GetFeatureCount(), f"{fmt}/{name}: feature count")
            # dBase names are cut to 10 characters; GeoJSON keeps no schema for an empty layer
            if fmt != "shp" and not (fmt == "geojson" and lyr.GetFeatureCount() == 0):
                want = [layers[name].GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layers[name].GetLayerDefn().GetFieldCount())]
                got = [lyr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(lyr.GetLayerDefn().GetFieldCount())]
                check(all(w in got for w in want), f"{fmt}/{name}: every field kept")
            if want_epsg and lyr.GetGeomType() != ogr.wkbNone:
                check(epsg(lyr) == want_epsg, f"{fmt}/{name}: CRS EPSG:{want_epsg} (got {epsg(lyr)})")
        if fmt == "shp":
            check(open(os.path.join(out, "townships.cpg")).read().strip().upper() in ("UTF-8", "UTF8"), "shapefile .cpg says UTF-8")
            names_src = sorted(f.GetField("name") for f in layers["townships"])
            shp_ds = ogr.Open(os.path.join(out, "townships.shp"))  # keep the dataset alive while reading
            names_shp = sorted(f.GetField("name") for f in shp_ds.GetLayer(0))
            check(names_src == names_shp, "Chinese township names survive the shapefile")

    kml = os.path.join(tmp, "demo.kml")
    run("export", gpkg, "-f", "kml", "-o", kml)
    ds = ogr.Open(kml)
    counts = {ds.GetLayer(i).GetName(): ds.GetLayer(i).GetFeatureCount() for i in range(ds.GetLayerCount())}
    check(all(counts.get(n) == layers[n].GetFeatureCount() for n in geo_layers), f"kml: every geometry layer and count {counts}")

    # Reprojection on request.
    out = os.path.join(tmp, "demo-cgcs")
    run("export", gpkg, "-f", "fgb", "-o", out, "--crs", "EPSG:4490", "--layer", "bases")
    fgb_ds = ogr.Open(os.path.join(out, "bases.fgb"))
    check(epsg(fgb_ds.GetLayer(0)) == "4490", "fgb --crs EPSG:4490")

    # GeoTIFF of distance to the nearest existing/planned base, checked by brute force.
    tif = os.path.join(tmp, "distance.tif")
    run("export", gpkg, "-f", "gtiff", "-o", tif, "--cell-size", "500")
    ras = gdal.Open(tif)
    gt = ras.GetGeoTransform()
    band = ras.GetRasterBand(1)
    data = band.ReadAsArray()
    wkt = ras.GetProjection()
    dst = osr.SpatialReference(wkt=wkt)
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    for s in (dst, wgs):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(wgs, dst)
    bases = [tr.TransformPoint(f.GetGeometryRef().GetX(), f.GetGeometryRef().GetY())[:2]
             for f in layers["bases"] if f.GetField("status") != "candidate"]
    checked = worst = 0
    for j in range(0, ras.RasterYSize, 7):
        for i in range(0, ras.RasterXSize, 7):
            v = data[j][i]
            if v < 0:
                continue
            x = gt[0] + (i + 0.5) * gt[1]
            y = gt[3] + (j + 0.5) * gt[5]
            d = min(math.hypot(bx - x, by - y) for bx, by in bases)
            worst = max(worst, abs(d - v))
            checked += 1
    check(checked > 50 and worst < 0.01, f"GeoTIFF distance equals brute force at {checked} cells (worst {worst:.4f} m)")
    check(band.GetNoDataValue() == -1, "outside every township is nodata")

finish()
