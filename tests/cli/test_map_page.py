"""The offline map page (OUT-map.html, issue 19) in a real headless browser (Debian's chromium).

Runs `sunplan run` on the demo, opens OUT-map.html from disk and checks, against the result
GeoPackage read by GDAL:
  * the page loads with no network request, no console error and no uncaught exception;
  * every township and base of the GeoPackage is drawn, and a township's interior pixel has
    the served-rate class colour worked from its GeoPackage value (ColorBrewer RdYlGn, 5 classes);
  * a real mouse click on a township (at its OGR PointOnSurface, placed by the map's own
    projection) shows exactly that township's figures from the GeoPackage;
  * the language switch relabels the figures (served rate / 服务率), the field switch recolours;
  * in [privacy] mode = "aggregate" the page carries only layers the GeoPackage publishes and
    none with a youth location (no gaps, no youth points), in any mode no youth layer.
Skips (77) when chromium is not installed.
"""
import json
import os
import subprocess
import sys
import tempfile

from osgeo import ogr, osr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from headless_chromium import HeadlessChromium, find_chromium  # noqa: E402
from cli_case import check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
DEMO_DIR = os.path.join(SRC, "datasets/demo")
RAMP = ["rgb(215, 25, 28)", "rgb(253, 174, 97)", "rgb(255, 255, 191)", "rgb(166, 217, 106)", "rgb(26, 150, 65)"]
YOUTH_LOCATION_LAYERS = {"youth", "assignments", "pairings", "youth_pairing", "relay", "gaps"}


def page_data(html_path):
    text = open(html_path, encoding="utf-8").read()
    start = text.index("window.SUNPLAN_DATA = ") + len("window.SUNPLAN_DATA = ")
    end = text.index(";\n</script>", start)
    return json.loads(text[start:end].replace("<\\/", "</"))


def townships_from_gpkg(path):
    ds = ogr.Open(path)
    layer = ds.GetLayerByName("townships")  # ds stays alive for the loop below
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    src = layer.GetSpatialRef()
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_wgs84 = osr.CoordinateTransformation(src, wgs84)
    defn = layer.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    out = []
    for f in layer:
        g = f.GetGeometryRef().PointOnSurface()
        g.Transform(to_wgs84)
        out.append({"fields": {n: f.GetField(n) for n in names}, "lon": g.GetX(), "lat": g.GetY()})
    return out


def same(a, b):
    if a is None or a == "":
        return b is None or b == ""
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
    return str(a) == str(b)


if not find_chromium():
    print("SKIP: chromium is not installed (apt-get install chromium)")
    sys.exit(77)

with tempfile.TemporaryDirectory() as tmp:
    text = open(os.path.join(DEMO_DIR, "scenario.toml"), encoding="utf-8").read()
    text = text.replace('source = "demo.gpkg"', 'source = "' + os.path.join(DEMO_DIR, "demo.gpkg") + '"')
    runs = {}
    for mode in ("individual", "aggregate"):
        scenario = os.path.join(tmp, mode + ".toml")
        extra = '\n[privacy]\nmode = "aggregate"\nmin_count = 5\n' if mode == "aggregate" else ""
        open(scenario, "w", encoding="utf-8").write(text + extra)
        out = os.path.join(tmp, mode + ".gpkg")
        r = subprocess.run([SUNPLAN, "run", scenario, "-o", out, "--progress", "none"], capture_output=True, text=True)
        check(r.returncode == 0, f"{mode}: run exits 0 {r.stderr[-400:]}")
        html = os.path.join(tmp, mode + "-map.html")
        check(os.path.isfile(html), f"{mode}: {os.path.basename(html)} written beside the GeoPackage")
        check(f"map page {html}" in r.stdout, f"{mode}: the summary names the map page")
        runs[mode] = (out, html)

    # Privacy: the page's layers are a subset of the GeoPackage's, never a youth location layer.
    for mode, (gpkg, html) in runs.items():
        data = page_data(html)
        gds = ogr.Open(gpkg)
        published = {gds.GetLayer(i).GetName() for i in range(gds.GetLayerCount())}
        layers = set(data["layers"])
        check(layers <= published, f"{mode}: page layers {sorted(layers)} are all in the GeoPackage")
        check(not (layers & {"youth", "assignments", "pairings", "youth_pairing", "relay"}),
              f"{mode}: no per-youth layer on the page")
        check(data["privacy"] == mode, f"{mode}: the page says its privacy mode")
        if mode == "aggregate":
            check(not (layers & YOUTH_LOCATION_LAYERS), "aggregate: no layer with a youth location (gaps dropped)")
            check("youth_grid" in layers and "youth_grid" in published, "aggregate: the youth grid is shown")
            gp = {t["fields"]["code"]: t["fields"] for t in townships_from_gpkg(gpkg)}
            suppressed_ok = all(
                same(gp[f["properties"]["code"]]["youth"], f["properties"]["youth"])
                for f in data["layers"]["townships"]["features"])
            check(suppressed_ok, "aggregate: township youth counts equal the GeoPackage's (suppressed stay NULL)")
        else:
            check("gaps" in layers and "catchments" in layers and "bases" in layers,
                  "individual: bases, catchments and gaps are on the page")

    gpkg, html = runs["individual"]
    towns = townships_from_gpkg(gpkg)
    gds = ogr.Open(gpkg)
    n_bases = gds.GetLayerByName("bases").GetFeatureCount()
    fields = list(towns[0]["fields"].keys())
    with HeadlessChromium(width=1400, height=1000) as browser:
        browser.open("file://" + os.path.abspath(html) + "#lang=en")
        browser.wait_for("document.body.dataset.ready === '1'")
        drawn = browser.eval("Object.keys(sunplanPage.layers.townships._layers).length")
        check(drawn == len(towns), f"{drawn} township polygons drawn, GeoPackage has {len(towns)}")
        drawn_bases = browser.eval("Object.keys(sunplanPage.layers.bases._layers).length")
        check(drawn_bases == n_bases, f"{drawn_bases} bases drawn, GeoPackage has {n_bases}")
        paths = browser.eval("document.querySelectorAll('.leaflet-overlay-pane svg path').length")
        check(paths >= len(towns) + n_bases, f"{paths} SVG paths on the map")
        # Bases off (through the panel's own checkbox), so clicks land on townships.
        browser.eval("document.querySelector('input[data-layer=bases]').click()")
        check(browser.eval("!sunplanPage.map.hasLayer(sunplanPage.layers.bases)"), "the bases checkbox hides the bases")

        # Three townships: the worst gap, the best served, one in the middle of the file.
        with_rate = [t for t in towns if t["fields"]["served_rate"] is not None]
        picks = {min(with_rate, key=lambda t: t["fields"]["served_rate"])["fields"]["code"],
                 max(with_rate, key=lambda t: t["fields"]["served_rate"])["fields"]["code"],
                 towns[len(towns) // 2]["fields"]["code"]}
        for t in towns:
            code = t["fields"]["code"]
            if code not in picks:
                continue
            xy = browser.eval(f"(function(){{var p = sunplanPage.map.latLngToContainerPoint([{t['lat']}, {t['lon']}]);"
                              f"return [p.x, p.y];}})()")
            fill = browser.eval(f"(function(){{var e = document.elementFromPoint({xy[0]}, {xy[1]});"
                                f"return e ? e.getAttribute('fill') : null;}})()")
            rate = t["fields"]["served_rate"]
            expected = RAMP[max(0, min(4, int(5 * rate)))] if rate is not None else "rgb(220, 220, 220)"
            check(fill is not None and fill.replace(" ", "") == expected.replace(" ", ""),
                  f"{code}: fill at its interior point {fill} is the class colour {expected} of served_rate {rate}")
            browser.click(xy[0], xy[1])
            shown = browser.eval("document.getElementById('info').dataset.code")
            check(shown == code, f"click at {t['fields']['name']} shows township {shown}")
            values = browser.eval("Array.from(document.querySelectorAll('#info tr')).map("
                                  "r => [r.dataset.field, r.querySelector('td').dataset.value])")
            page = dict(values)
            mismatched = [n for n in fields if not same(t["fields"][n], page.get(n))]
            check(set(page) == set(fields) and not mismatched,
                  f"{code}: the {len(page)} figures shown equal the GeoPackage's (mismatched: {mismatched})")

        # Language: the info panel relabels; the field switch recolours the legend title.
        label = "document.querySelector('#info tr[data-field=served_rate] th').textContent"
        check(browser.eval(label) == "served rate", "English label 'served rate'")
        browser.eval("document.getElementById('sp-lang').click()")
        check(browser.eval(label) == "服务率", "after the language button: '服务率'")
        check("服务阵地" in browser.eval("document.getElementById('legend').textContent"), "Chinese legend")
        browser.eval("(function(){var s = document.getElementById('sp-field'); s.value = 'unserved';"
                     "s.dispatchEvent(new Event('change'));})()")
        worst = max(towns, key=lambda t: t["fields"]["unserved"] or 0)
        layer_fill = browser.eval(f"sunplanPage.townshipLayer('{worst['fields']['code']}').options.fillColor")
        check(layer_fill == "rgb(215,25,28)", f"colour by unserved: the most unserved township is red ({layer_fill})")
        browser.screenshot(os.path.join(tmp, "page.png"))
        check(not browser.errors, f"no console errors or exceptions: {browser.errors}")
        check(not browser.requests, f"no network requests: {browser.requests}")

finish("all passed")
