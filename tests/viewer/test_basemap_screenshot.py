"""The tile basemap (issue 19) in sunplan-viewer screenshots under Xvfb, and in the atlas.

Tiles are made here from a known pattern: the colour of a ground position is a function of
its 1 km block in Web Mercator metres (pattern() below). They are written with GDAL as an XYZ
folder ({z}/{x}/{y}.png) and as an MBTiles file, and as a GCJ-02 XYZ folder the way Chinese
web maps draw: the tile pixel at GCJ-02 position q shows the ground at gcj02_to_wgs84(q)
(the published formulas, written again here in numpy as an independent oracle).

Checks, on a view across the demo county's western edge at zoom 12 (about 38 m a pixel):
  * outside the county every screen pixel (away from block edges) is exactly the pattern's
    colour of its own WGS84 position, for the XYZ folder, the MBTiles file, and the GCJ-02
    folder with --basemap-crs gcj02; the GCJ-02 folder read as wgs84 is off by its shift;
  * inside the county the townships are drawn over the tiles: screenshot - screenshot
    without basemap = k × (tile colour - background colour) with one k for every pixel,
    i.e. the tile shows through the fill at the right place;
  * `sunplan atlas --basemap` draws the tiles into its map frames.
Skips (77) without xvfb-run.
"""
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from osgeo import gdal, ogr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import check, finish  # noqa: E402

gdal.UseExceptions()
VIEWER, SUNPLAN, SRC = (os.path.abspath(a) for a in sys.argv[1:4])
R = 6378137.0
WORLD = 2 * math.pi * R
Z = 12
W, H = 800, 600
BLOCK_M = 1000.0


def pattern(mx, my):
    i = np.floor(mx / BLOCK_M).astype(np.int64)
    j = np.floor(my / BLOCK_M).astype(np.int64)
    return np.stack([50 + 37 * (i % 5), 60 + 29 * (j % 7), 120 + 41 * ((i + j) % 3)], axis=-1).astype(np.uint8)


def edge_distance_px(mx, my, mpp):
    """Distance to the nearest block edge, in screen pixels."""
    fx, fy = mx / BLOCK_M - np.floor(mx / BLOCK_M), my / BLOCK_M - np.floor(my / BLOCK_M)
    return np.minimum(np.minimum(fx, 1 - fx), np.minimum(fy, 1 - fy)) * BLOCK_M / mpp


def lonlat_to_merc(lon, lat):
    return R * np.radians(lon), R * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def merc_to_lonlat(x, y):
    return np.degrees(x / R), np.degrees(2 * np.arctan(np.exp(y / R)) - np.pi / 2)


# GCJ-02, the published forward formulas (Krasovsky a = 6378245, ee = 0.00669342162296594323).
def _tlat(x, y):
    r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    r += (20 * np.sin(6 * x * np.pi) + 20 * np.sin(2 * x * np.pi)) * 2 / 3
    r += (20 * np.sin(y * np.pi) + 40 * np.sin(y / 3 * np.pi)) * 2 / 3
    r += (160 * np.sin(y / 12 * np.pi) + 320 * np.sin(y * np.pi / 30)) * 2 / 3
    return r


def _tlon(x, y):
    r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    r += (20 * np.sin(6 * x * np.pi) + 20 * np.sin(2 * x * np.pi)) * 2 / 3
    r += (20 * np.sin(x * np.pi) + 40 * np.sin(x / 3 * np.pi)) * 2 / 3
    r += (150 * np.sin(x / 12 * np.pi) + 300 * np.sin(x / 30 * np.pi)) * 2 / 3
    return r


def wgs_to_gcj(lon, lat):
    a, ee = 6378245.0, 0.00669342162296594323
    dlat, dlon = _tlat(lon - 105, lat - 35), _tlon(lon - 105, lat - 35)
    rad = np.radians(lat)
    magic = 1 - ee * np.sin(rad) ** 2
    sq = np.sqrt(magic)
    dlat = dlat * 180 / ((a * (1 - ee)) / (magic * sq) * np.pi)
    dlon = dlon * 180 / (a / sq * np.cos(rad) * np.pi)
    return lon + dlon, lat + dlat


def gcj_to_wgs(lon, lat):
    wl, wt = lon.copy(), lat.copy()
    for _ in range(30):
        gl, gt = wgs_to_gcj(wl, wt)
        wl, wt = wl - (gl - lon), wt - (gt - lat)
    return wl, wt


def tile_pixels(z, tx, ty):
    """Mercator centres of the 256 × 256 pixels of tile (z, tx, ty)."""
    res = WORLD / 256 / 2 ** z
    c = np.arange(256) + 0.5
    mx = -WORLD / 2 + (tx * 256 + c[None, :]) * res
    my = WORLD / 2 - (ty * 256 + c[:, None]) * res
    return np.broadcast_to(mx, (256, 256)), np.broadcast_to(my, (256, 256))


def write_png(path, rgb):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mem = gdal.GetDriverByName("MEM").Create("", rgb.shape[1], rgb.shape[0], 3, gdal.GDT_Byte)
    for b in range(3):
        mem.GetRasterBand(b + 1).WriteArray(rgb[:, :, b])
    gdal.GetDriverByName("PNG").CreateCopy(path, mem)


def make_tiles(root, tiles, gcj):
    for tx, ty in tiles:
        mx, my = tile_pixels(Z, tx, ty)
        if gcj:  # the pixel at GCJ-02 position q shows the ground at gcj02_to_wgs84(q)
            lon, lat = gcj_to_wgs(*merc_to_lonlat(mx, my))
            mx, my = lonlat_to_merc(lon, lat)
        write_png(os.path.join(root, str(Z), str(tx), f"{ty}.png"), pattern(mx, my))


def make_mbtiles(path, tiles):
    xs, ys = sorted({t[0] for t in tiles}), sorted({t[1] for t in tiles})
    res = WORLD / 256 / 2 ** Z
    ds = gdal.GetDriverByName("MEM").Create("", 256 * len(xs), 256 * len(ys), 3, gdal.GDT_Byte)
    ds.SetGeoTransform([-WORLD / 2 + xs[0] * 256 * res, res, 0, WORLD / 2 - ys[0] * 256 * res, 0, -res])
    ds.SetProjection("EPSG:3857")
    mosaic = np.zeros((256 * len(ys), 256 * len(xs), 3), np.uint8)
    for a, tx in enumerate(xs):
        for b, ty in enumerate(ys):
            mosaic[b * 256:(b + 1) * 256, a * 256:(a + 1) * 256] = pattern(*tile_pixels(Z, tx, ty))
    for band in range(3):
        ds.GetRasterBand(band + 1).WriteArray(mosaic[:, :, band])
    gdal.Translate(path, ds, format="MBTILES", creationOptions=["TILE_FORMAT=PNG"])


def screenshot(out, view, *extra):
    r = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1024x768x24", VIEWER,
                        os.path.join(SRC, "datasets/demo/demo.gpkg"), "--layer", "townships", "--no-labels",
                        "--view", "%.6f,%.6f,%d" % view, "--size", f"{W}x{H}", "--screenshot", out, *extra],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        raise SystemExit(1)
    ds = gdal.Open(out)
    return np.stack([ds.GetRasterBand(b + 1).ReadAsArray() for b in range(3)], axis=-1).astype(np.int64)


if not shutil.which("xvfb-run"):
    print("SKIP: xvfb-run is not installed")
    sys.exit(77)

src = ogr.Open(os.path.join(SRC, "datasets/demo/demo.gpkg"))
county_feature = src.GetLayerByName("counties").GetNextFeature()
county = county_feature.GetGeometryRef().Clone()  # EPSG:4326
minx, maxx, miny, maxy = county.GetEnvelope()
view = (minx + 0.03, (miny + maxy) / 2, Z)
cx, cy = lonlat_to_merc(np.array(view[0]), np.array(view[1]))
mpp = WORLD / 256 / 2 ** Z
cols, rows = np.meshgrid(np.arange(W), np.arange(H))
px_mx = cx + (cols + 0.5 - W / 2) * mpp
px_my = cy - (rows + 0.5 - H / 2) * mpp
lon, lat = merc_to_lonlat(px_mx, px_my)
expected = pattern(px_mx, px_my).astype(np.int64)
clear = edge_distance_px(px_mx, px_my, mpp) > 2.5
# Inside / outside the county, 3 px away from its border (OGR on every 4th pixel).
inside = np.zeros((H, W), bool)
near_border = np.zeros((H, W), bool)
border = county.Boundary()
for r in range(0, H, 8):
    for c in range(0, W, 8):
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(float(lon[r, c]), float(lat[r, c]))
        inside[r, c] = county.Contains(p)
        near_border[r, c] = border.Distance(p) < 4 * mpp / 111000 / math.cos(math.radians(view[1]))
sampled = np.zeros((H, W), bool)
sampled[::8, ::8] = True
outside = sampled & ~inside & ~near_border & clear
inner = sampled & inside & ~near_border & clear
check(outside.sum() > 500 and inner.sum() > 500, f"the view holds both sides: {outside.sum()} / {inner.sum()} sample pixels")

# The tiles covering the view, with a margin.
t0x, t1x = int((px_mx.min() + WORLD / 2) / (256 * mpp)) - 1, int((px_mx.max() + WORLD / 2) / (256 * mpp)) + 1
t0y, t1y = int((WORLD / 2 - px_my.max()) / (256 * mpp)) - 1, int((WORLD / 2 - px_my.min()) / (256 * mpp)) + 1
tiles = [(x, y) for x in range(t0x, t1x + 1) for y in range(t0y, t1y + 1)]

with tempfile.TemporaryDirectory() as tmp:
    make_tiles(os.path.join(tmp, "xyz"), tiles, gcj=False)
    make_tiles(os.path.join(tmp, "gcj"), tiles, gcj=True)
    make_mbtiles(os.path.join(tmp, "tiles.mbtiles"), tiles)

    plain = screenshot(os.path.join(tmp, "plain.png"), view)
    for name, args in (("XYZ folder", ["--basemap", os.path.join(tmp, "xyz")]),
                       ("MBTiles", ["--basemap", os.path.join(tmp, "tiles.mbtiles")]),
                       ("GCJ-02 folder", ["--basemap", os.path.join(tmp, "gcj"), "--basemap-crs", "gcj02"])):
        shot = screenshot(os.path.join(tmp, name.replace(" ", "_") + ".png"), view, *args)
        exact = np.all(shot[outside] == expected[outside], axis=1).mean()
        check(exact > 0.995, f"{name}: {100 * exact:.2f} % of pixels outside the county are the pattern at their place")
        # Under the data the fills are 70 % opaque: shot = 0.7 fill + 0.3 tile, and plain
        # (no basemap, opaque fills) = fill, so shot - plain = k (tile - plain) with k = 0.3.
        d = (shot[inner] - plain[inner]).astype(float).ravel()
        t = (expected[inner] - plain[inner]).astype(float).ravel()
        k = float(d @ t / (t @ t))
        resid = np.abs(d - k * t)
        check(abs(k - 0.3) < 0.03 and np.percentile(resid, 99) <= 3.0,
              f"{name}: under the townships the tiles show through, k = {k:.3f}, 99th pct residual "
              f"{np.percentile(resid, 99):.2f}")
    wrong = screenshot(os.path.join(tmp, "gcj_as_wgs.png"), view, "--basemap", os.path.join(tmp, "gcj"))
    exact = np.all(wrong[outside] == expected[outside], axis=1).mean()
    check(exact < 0.8, f"the GCJ-02 tiles read as WGS84 are shifted: only {100 * exact:.1f} % match")

    # The atlas draws the same tiles into its frames.
    result = os.path.join(tmp, "demo.gpkg")
    subprocess.run([SUNPLAN, "run", os.path.join(SRC, "datasets/demo/scenario.toml"), "-o", result,
                    "--progress", "none"], check=True, capture_output=True)
    for name, extra in (("plain", []), ("tiles", ["--basemap", os.path.join(tmp, "xyz")])):
        r = subprocess.run([SUNPLAN, "atlas", result, "-o", os.path.join(tmp, name + ".pdf"), "--progress", "none",
                            *extra], capture_output=True, text=True)
        check(r.returncode == 0, f"atlas {name}: {r.stderr.strip()}")
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", os.path.join(tmp, name + ".pdf"),
                        os.path.join(tmp, name)], check=True)
    palette = np.unique(pattern(*np.meshgrid(np.arange(0, 5e4, 997.0), np.arange(0, 5e4, 997.0))).reshape(-1, 3),
                        axis=0).astype(int)
    near = {}
    for name in ("plain", "tiles"):
        png = next(f for f in os.listdir(tmp) if f.startswith(name + "-") and f.endswith(".png"))
        ds = gdal.Open(os.path.join(tmp, png))
        px = np.stack([ds.GetRasterBand(b + 1).ReadAsArray() for b in range(3)], axis=-1).reshape(-1, 1, 3).astype(int)
        near[name] = int((np.abs(px - palette[None, :, :]).max(axis=2).min(axis=1) <= 4).sum())
    check(near["tiles"] > 2000 and near["tiles"] > 10 * max(1, near["plain"]),
          f"atlas cover with --basemap: {near['tiles']} pixels of tile colours (without: {near['plain']})")

finish("all passed")
