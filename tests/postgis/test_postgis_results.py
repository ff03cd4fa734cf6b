"""A run's results written to a PostGIS schema (issue 9): read back, every layer has the same
features as the GeoPackage the same run writes, township figures equal value by value; two runs
writing different schemas at the same time both complete and agree; a second run replaces a
schema whole; a schema name carrying SQL is refused with exit code 2 and nothing is executed."""
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
FIGURES = ["youth", "in_reach", "served", "unserved", "urban_youth", "rural_youth", "gap_rank"]


def townships(ds, name):
    lyr = ds.GetLayerByName(name)
    return {f.GetField("code"): tuple(f.GetField(k) for k in FIGURES) for f in lyr}


scenario = os.path.join(SRC, "datasets/demo/scenario.toml")
with pg_cluster.Cluster() as pg, tempfile.TemporaryDirectory() as tmp:
    secret = "s3cret-Pa55"
    conn = pg.connection(f"password={secret}")
    gpkg = os.path.join(tmp, "demo.gpkg")
    subprocess.run([SUNPLAN, "run", scenario, "-o", gpkg, "--progress", "none", "--no-report"], check=True)

    # Two runs at once, into different schemas.
    procs = [subprocess.Popen([SUNPLAN, "run", scenario, "-o", conn, "--schema", s, "--progress", "none"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for s in ("results_a", "results_b")]
    outs = [p.communicate() for p in procs]
    check(all(p.returncode == 0 for p in procs), f"both concurrent runs exit 0 {[o[1][-200:] for o in outs]}")
    check(not any(secret in o[0] + o[1] for o in outs), "the password is not printed")

    ref = ogr.Open(gpkg)
    db = ogr.Open(pg.connection())
    want = {l.GetName(): l.GetFeatureCount() for l in ref if l.GetName() not in ("layer_styles",)}
    for schema in ("results_a", "results_b"):
        got = {}
        for name in want:
            lyr = db.GetLayerByName(f"{schema}.{name}")
            got[name] = lyr.GetFeatureCount() if lyr else None
        # run_metadata holds the run's time and output path; everything else must match.
        check(got == want, f"{schema}: every layer with the GeoPackage's feature count")
        check(townships(db, f"{schema}.townships") == townships(ref, "townships"),
              f"{schema}: township figures equal the GeoPackage's, value by value")
    srs = db.GetLayerByName("results_a.bases").GetSpatialRef()
    check(srs is not None and srs.GetAuthorityCode(None) == "4326", "results carry the output CRS (EPSG:4326)")
    meta = "".join(str(f.GetField("value")) for f in db.GetLayerByName("results_a.run_metadata"))
    check(secret not in meta, "the password is not in run_metadata")
    tmp_schemas = pg.psql("sunplan", "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '%__tmp_%'").strip()
    check(tmp_schemas == "0", "no temporary schema is left behind")

    # A second run replaces the schema whole (no duplicated features).
    r = subprocess.run([SUNPLAN, "run", scenario, "-o", conn, "--schema", "results_a", "--progress", "none"],
                       capture_output=True, text=True)
    db = ogr.Open(pg.connection())
    check(r.returncode == 0 and db.GetLayerByName("results_a.youth").GetFeatureCount() == want["youth"],
          "rerunning into a schema replaces it")

    # Injection attempts in the schema name are refused before anything runs.
    r = subprocess.run([SUNPLAN, "run", scenario, "-o", conn, "--schema", 'x"; DROP SCHEMA results_b CASCADE; --',
                        "--progress", "none"], capture_output=True, text=True)
    check(r.returncode == 2 and "not a plain identifier" in r.stderr, f"a schema name with SQL is refused: {r.stderr.strip()}")
    check(pg.psql("sunplan", "SELECT count(*) FROM pg_namespace WHERE nspname = 'results_b'").strip() == "1",
          "results_b is still there")

finish()
