"""`sunplan atlas` (issue 19): the printable PDF atlas of a result GeoPackage.

Against the result GeoPackage read by GDAL and poppler's pdfinfo / pdftotext:
  * the demo (one county): a cover plus one page per township group (街道 / 镇 / 乡 by code
    digits 7-9, groups over 12 split evenly), worked out here from the township codes; every
    township's name is in the text of its own page, the cover holds the youth total;
  * Shanghai's real districts (16 counties, when ../shared/data is there): a cover plus one
    page per county holding townships, each page naming its district and its townships;
  * --lang en, --paper A3 (page size in points), fonts embedded;
  * the input is never written (same SHA-256 after), -o equal to the input is refused with
    exit 2, an unwritable output exits 4 and leaves no temporary file.
"""
import hashlib
import os
import re
import subprocess
import sys
import tempfile

from osgeo import ogr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import Sunplan, check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SHARED = sys.argv[3] if len(sys.argv) > 3 else ""


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), (float(size.group(1)), float(size.group(2)))


def page_text(path, page):
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", path, "-"],
                          capture_output=True, text=True, check=True).stdout


def townships(gpkg):
    ds = ogr.Open(gpkg)
    rows = [(f.GetField("code"), f.GetField("name"), f.GetField("parent"), f.GetField("youth") or 0)
            for f in ds.GetLayerByName("townships")]
    counties = {f.GetField("code"): f.GetField("name") for f in ds.GetLayerByName("counties")}
    return sorted(rows), counties


def expected_groups(rows, per_page=12):
    """Township groups of a single-county atlas, worked from the codes."""
    pages = []
    for k in range(3):
        group = [r for r in rows if (0 if int(r[0][6:9]) < 100 else 1 if int(r[0][6:9]) < 200 else 2) == k]
        parts = (len(group) + per_page - 1) // per_page
        for p in range(parts):
            pages.append(group[len(group) * p // parts:len(group) * (p + 1) // parts])
    return pages


run = Sunplan(SUNPLAN, "--progress", "none")


with tempfile.TemporaryDirectory() as tmp:
    demo = os.path.join(tmp, "demo.gpkg")
    r = run("run", os.path.join(SRC, "datasets/demo/scenario.toml"), "-o", demo)
    check(r.returncode == 0, "demo run " + r.stderr[-300:])
    rows, counties = townships(demo)
    before = sha256(demo)

    pdf = os.path.join(tmp, "demo-atlas.pdf")
    r = run("atlas", demo, "-o", pdf)
    check(r.returncode == 0, "atlas exits 0 " + r.stderr[-300:])
    groups = expected_groups(rows)
    pages, size = pdf_pages(pdf)
    check(len(counties) == 1, f"the demo result has one county ({len(counties)})")
    check(pages == 1 + len(groups), f"{pages} pages = cover + {len(groups)} township groups")
    check(abs(size[0] - 595.28) < 0.1 and abs(size[1] - 841.89) < 0.1, f"A4 by default {size}")
    cover = page_text(pdf, 1)
    check(str(sum(r[3] for r in rows)) in cover, "the cover holds the youth total from the GeoPackage")
    check("主要指标" in cover and "目标完成情况" in cover, "cover: headline figures and targets in Chinese")
    for k, group in enumerate(groups):
        text = page_text(pdf, k + 2)
        missing = [name for _, name, _, _ in group if name not in text]
        check(not missing, f"page {k + 2}: its {len(group)} townships are named in its text (missing {missing})")
        check("公里" in text or " 米" in text, f"page {k + 2}: the scale bar has its unit")
    check(sha256(demo) == before, "the input GeoPackage is unchanged")

    en = os.path.join(tmp, "demo-atlas-en.pdf")
    r = run("atlas", demo, "-o", en, "--lang", "en", "--paper", "A3")
    pages_en, size_en = pdf_pages(en)
    check(r.returncode == 0 and pages_en == pages, "English A3 atlas, same pages")
    check(abs(size_en[0] - 841.89) < 0.1 and abs(size_en[1] - 1190.55) < 0.1, f"A3 {size_en}")
    check("coverage atlas" in page_text(en, 1) and "Served rate" in page_text(en, 2), "English text")
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
    check(all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip()),
          "every font is embedded")

    r = run("atlas", demo, "-o", demo)
    check(r.returncode == 2 and sha256(demo) == before, f"-o the input is refused (exit {r.returncode})")
    # Missing folders are made (as for every verb's output); /proc takes no new file.
    r = run("atlas", demo, "-o", "/proc/sunplan-atlas-test.pdf")
    check(r.returncode == 4, f"an unwritable output exits 4 ({r.returncode}: {r.stderr.strip()})")
    r = run("atlas", os.path.join(SRC, "datasets/demo/scenario.toml"), "-o", os.path.join(tmp, "x.pdf"))
    check(r.returncode == 3, f"a scenario instead of a result exits 3 ({r.returncode}: {r.stderr.strip()})")
    leftovers = [f for f in os.listdir(tmp) if "sunplan-" in f or ".tmp-" in f]
    check(not leftovers, f"no temporary file left: {leftovers}")

    gpkg = os.path.join(SHARED, "shanghai-demo/shanghai_demo_wgs84.gpkg")
    if SHARED and os.path.exists(gpkg):
        youth = os.path.join(tmp, "youth.gpkg")
        subprocess.run(["/usr/bin/python3", os.path.join(SRC, "scripts/make-shanghai-youth"), "--out", youth,
                        "--scale", "0.1", "--source", gpkg], check=True, capture_output=True)
        text = open(os.path.join(SRC, "tests/data/shanghai/coverage.toml"), encoding="utf-8").read()
        scenario = os.path.join(tmp, "shanghai.toml")
        open(scenario, "w", encoding="utf-8").write(
            text.replace("@YOUTH_GPKG@", youth).replace("../../../../shared/data", SHARED))
        result = os.path.join(tmp, "shanghai.gpkg")
        r = run("run", scenario, "-o", result)
        check(r.returncode == 0, "Shanghai run " + r.stderr[-300:])
        rows, counties = townships(result)
        with_towns = sorted({parent for _, _, parent, _ in rows if parent in counties})
        sh_pdf = os.path.join(tmp, "shanghai.pdf")
        r = run("atlas", result, "-o", sh_pdf)
        pages, _ = pdf_pages(sh_pdf)
        check(r.returncode == 0 and pages == 1 + len(with_towns),
              f"Shanghai: {pages} pages = cover + {len(with_towns)} counties with townships (GDAL)")
        for k, code in enumerate(with_towns):
            text = page_text(sh_pdf, k + 2)
            names = [name for _, name, parent, _ in rows if parent == code]
            missing = [n for n in names if n not in text]
            check(counties[code] in text and not missing,
                  f"page {k + 2}: {counties[code]} and its {len(names)} townships (missing {missing})")
    else:
        print("real data not found: the Shanghai part is skipped")

finish("all passed")
