"""The history of runs in PostGIS (issue 20, part 2): `run --history "PG:..."` makes the three
history tables with its first run and appends one record per run after; the records equal those
the same runs append to a GeoPackage history; a database that has a table of that name but is
no sunplan history is refused (exit 3) and its table left as it was; the password is not printed."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import pg_cluster  # noqa: E402

from osgeo import ogr  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], sys.argv[2]
if not pg_cluster.available():
    print("PostgreSQL 15 (postgresql-15-postgis-3) or ogr2ogr not installed; skipping")
    sys.exit(77)


def units(ds, name):
    lyr = ds.GetLayerByName(name)
    out = []
    for f in lyr:
        # GDAL writes PostgreSQL doubles with 15 significant digits: compare to 12.
        rate = f.GetField("pairing_rate")
        out.append((f.GetField("run_id"), f.GetField("level"), f.GetField("code"),
                    f.GetField("youth"), f.GetField("paired"),
                    None if rate is None else float(f"{rate:.12g}"), f.GetField("bases")))
    return sorted(out, key=lambda t: tuple("" if v is None else str(v) for v in t))


scenario = os.path.join(SRC, "datasets/demo/scenario.toml")
with pg_cluster.Cluster() as pg, tempfile.TemporaryDirectory() as tmp:
    secret = "s3cret-Pa55"
    conn = pg.connection(f"password={secret}")
    gpkg = os.path.join(tmp, "history.gpkg")
    for k, date in enumerate(["2015-06-30", "2015-07-30"]):
        for target in (conn, gpkg):
            r = subprocess.run([SUNPLAN, "run", scenario, "-o", os.path.join(tmp, f"r{k}.gpkg"),
                                "--history", target, "--as-of", date, "--progress", "none",
                                "--no-report", "--force"], capture_output=True, text=True)
            check(r.returncode == 0, f"run {k + 1} into {'PostGIS' if target == conn else 'GeoPackage'}"
                  f" exits 0 {r.stderr[-300:]}")
            check(secret not in r.stdout + r.stderr, "the password is not printed")
    db = ogr.Open(pg.connection())
    runs = [f.GetField("run_date") for f in db.GetLayerByName("history_runs")]
    check(sorted(runs) == ["2015-06-30", "2015-07-30"], f"two runs in PostGIS ({runs})")
    ref = ogr.Open(gpkg)
    check(units(db, "history_units") == units(ref, "history_units"),
          "the same figures per unit as the GeoPackage history")
    db = ref = None

    # Another database with a table named history_runs that sunplan did not make: refused.
    pg.psql("postgres", "CREATE DATABASE other")
    pg.psql("other", "CREATE TABLE history_runs (x integer); INSERT INTO history_runs VALUES (7)")
    other = conn.replace("dbname=sunplan", "dbname=other")
    r = subprocess.run([SUNPLAN, "run", scenario, "-o", os.path.join(tmp, "r9.gpkg"), "--history",
                        other, "--progress", "none", "--no-report"], capture_output=True, text=True)
    check(r.returncode == 3 and "not a sunplan history" in r.stderr,
          f"a database with a foreign history_runs is refused, exit 3 ({r.returncode} {r.stderr[-300:]})")
    check(secret not in r.stderr, "the password is not printed in the refusal")
    other_db = ogr.Open(pg.connection().replace("dbname=sunplan", "dbname=other"))
    rows = [f.GetField("x") for f in other_db.GetLayerByName("history_runs")]
    check(other_db.GetLayerByName("history_meta") is None, "and no history table is added")
    other_db = None
    check(rows == [7], "its table is left as it was")

finish()
