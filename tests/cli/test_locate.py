"""`sunplan locate` and a scenario whose youth come from addresses (issue 14), end to end:
exit codes, what stdout says, and that no address text reaches any file written, in any
encoding, for `locate`, `run` and `check --problems` alike.
The registry fixtures are in tests/data/registries; the gazetteer is the Shanghai cut of the
shipped one (fast). The scenario part needs ../shared/data (skipped with 77 when absent)."""
import glob
import os
import sys
import tempfile

from osgeo import gdal, ogr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import Sunplan, check, failures, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC, SHARED = (os.path.abspath(a) for a in sys.argv[1:4])
REG = os.path.join(SRC, "tests/data/registries")
GAZ = os.path.join(REG, "gazetteer-shanghai.tsv.gz")


run = Sunplan(SUNPLAN, "--progress", "none")


# The addresses as written in the workbook (header on row 3).
gdal.SetConfigOption("OGR_XLSX_HEADERS", "DISABLE")
src = ogr.Open(os.path.join(REG, "shanghai-youth.xlsx"))
addresses = [f.GetField(4) for k, f in enumerate(src.GetLayer(0)) if k >= 3 and f.GetField(4)]
gdal.SetConfigOption("OGR_XLSX_HEADERS", None)
check(len(addresses) == 118, f"118 non-empty addresses in the fixture ({len(addresses)})")


def no_address_in(folder, what):
    leaked = []
    for path in glob.glob(os.path.join(folder, "**", "*"), recursive=True):
        if not os.path.isfile(path):
            continue
        data = open(path, "rb").read()
        for a in addresses:
            for enc in ("utf-8", "gbk", "utf-16-le"):
                if a.encode(enc) in data:
                    leaked.append((os.path.basename(path), enc))
    check(not leaked, f"{what}: no address in any file written {leaked[:3]}")


with tempfile.TemporaryDirectory() as tmp:
    table = os.path.join(REG, "shanghai-youth.xlsx")
    out = os.path.join(tmp, "located.csv")
    base = ["locate", table, "--address", "户籍地址", "--county", "区", "--township", "街道乡镇",
            "--gazetteer", GAZ, "-o", out]
    r = run(*base)
    check(r.returncode == 0, f"locate exits 0 ({r.returncode}) {r.stderr[-300:]}")
    check("header on row 3" in r.stdout, "says where the header was found")
    check("rows not placed: 5 not placed (rows 5, 17, 50, 88, 99)" in r.stdout,
          "lists the rows not placed by number")
    for a in addresses:
        if a in r.stdout or a in r.stderr:
            check(False, "an address was printed")
            break
    located = ogr.Open(out)
    names = [located.GetLayer(0).GetLayerDefn().GetFieldDefn(i).GetName()
             for i in range(located.GetLayer(0).GetLayerDefn().GetFieldCount())]
    check("户籍地址" not in names and "township_code" in names and "match_level" in names,
          f"OUT has the match columns and not the address column {names}")
    check(located.GetLayer(0).GetFeatureCount() == 120, "OUT has every row")
    located = None
    no_address_in(tmp, "locate")

    r = run(*base)
    check(r.returncode == 2 and "--force" in r.stderr, f"an existing OUT is refused ({r.returncode})")
    r = run(*base, "--force")
    check(r.returncode == 0, "--force replaces it")
    r = run("locate", table, "--address", "户籍地址", "--gazetteer", GAZ, "-o", table)
    check(r.returncode == 2, f"OUT = TABLE is refused ({r.returncode})")
    r = run("locate", table, "--address", "备注", "--gazetteer", GAZ, "-o", os.path.join(tmp, "none.csv"))
    check(r.returncode == 3 and "no row could be placed" in r.stderr,
          f"a column that places nothing is an input error ({r.returncode}) {r.stderr[-200:]}")
    r = run("locate", table, "--address", "地址", "--gazetteer", GAZ, "-o", os.path.join(tmp, "x.csv"))
    check(r.returncode == 3 and "地址" in r.stderr, f"a missing column is named ({r.returncode})")
    r = run("locate", table, "-o", os.path.join(tmp, "y.csv"))
    check(r.returncode == 2, f"no address and no division column is a usage error ({r.returncode})")

    if not os.path.isdir(os.path.join(SHARED, "shanghai-demo")):
        print("skip: ../shared/data not found; the scenario part needs it")
        sys.exit(77 if not failures else 1)
    text = open(os.path.join(REG, "shanghai-youth.toml"), encoding="utf-8").read()
    text = text.replace("../../../../shared/data", SHARED)
    text = text.replace('source = "shanghai-youth.xlsx"', f'source = "{table}"')
    text = text.replace('gazetteer = "gazetteer-shanghai.tsv.gz"', f'gazetteer = "{GAZ}"')
    scenario = os.path.join(tmp, "registry.toml")
    open(scenario, "w", encoding="utf-8").write(text)
    runs = os.path.join(tmp, "run")
    os.makedirs(runs)
    r = run("check", scenario, "--problems", os.path.join(runs, "problems.gpkg"))
    check(r.returncode == 0, f"check exits 0 {r.stderr[-300:]}")
    check("youth placed from addresses (120 rows" in r.stdout and "rows 5, 17, 50, 88, 99" in r.stdout,
          "check gives the match rates and the unplaced rows")
    r = run("run", scenario, "-o", os.path.join(runs, "result.gpkg"))
    check(r.returncode == 0, f"run exits 0 {r.stderr[-300:]}")
    report = open(os.path.join(runs, "result-report.md"), encoding="utf-8").read()
    check("## Rows placed from addresses" in report and "| youth | 120 | 95.8 %" in report,
          "the report has the match rates")
    result = ogr.Open(os.path.join(runs, "result.gpkg"))
    youth = result.GetLayerByName("youth")
    check(youth is not None and youth.GetFeatureCount() == 115, "115 youth placed in the result")
    youth = result = None
    no_address_in(runs, "run and check")

finish()
