"""Every input layer read from PostGIS (issues 2 and 9): the demo county's layers are loaded
into a throwaway PostGIS cluster with ogr2ogr, and `sunplan check` and `sunplan run` on PG:
sources must give the same counts and figures as on the GeoPackage. The connection password
must not appear in anything sunplan prints or writes, and a scenario naming a layer that does
not exist gets a clear error."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import pg_cluster  # noqa: E402

from osgeo import ogr  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import Sunplan, check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN, SRC = sys.argv[1], sys.argv[2]
if not pg_cluster.available():
    print("PostgreSQL 15 (postgresql-15-postgis-3) or ogr2ogr not installed; skipping")
    sys.exit(77)


run = Sunplan(SUNPLAN, "--json", "--progress", "none")


demo_dir = os.path.join(SRC, "datasets/demo")
with pg_cluster.Cluster() as pg, tempfile.TemporaryDirectory() as tmp:
    pg.psql("sunplan", "CREATE SCHEMA input")
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", pg.connection(), os.path.join(demo_dir, "demo.gpkg"),
                    "-lco", "SCHEMA=input", "-lco", "GEOMETRY_NAME=geom"], check=True)
    secret = "s3cret-Pa55"
    conn = pg.connection(f"password={secret}")  # trust auth ignores it; it must still never leak
    text = open(os.path.join(demo_dir, "scenario.toml"), encoding="utf-8").read()
    pg_text = text.replace('source = "demo.gpkg"', f'source = "{conn}"')
    for layer in ("townships", "counties", "villages", "bases", "youth", "teams", "roads"):
        pg_text = pg_text.replace(f'layer = "{layer}"', f'layer = "input.{layer}"')
    gpkg_text = text.replace('source = "demo.gpkg"', 'source = "' + os.path.join(demo_dir, "demo.gpkg") + '"')
    open(os.path.join(tmp, "pg.toml"), "w", encoding="utf-8").write(pg_text)
    open(os.path.join(tmp, "gpkg.toml"), "w", encoding="utf-8").write(gpkg_text)

    a = run("check", os.path.join(tmp, "pg.toml"))
    b = run("check", os.path.join(tmp, "gpkg.toml"))
    check(a.returncode == 0, f"check on PostGIS exits 0 {a.stderr[-300:]}")
    ja, jb = json.loads(a.stdout), json.loads(b.stdout)
    counts = lambda j: {l["role"]: (l["features"], l["kept"], l["rejected"]) for l in j["layers"]}
    check(counts(ja) == counts(jb), f"every layer has the same counts from PostGIS and GeoPackage: {counts(ja)}")
    check(ja["townships"] == jb["townships"], "same urban/rural classes")
    check(secret not in a.stdout + a.stderr, "the password is not printed by check")

    a = run("run", os.path.join(tmp, "pg.toml"), "-o", os.path.join(tmp, "pg.gpkg"))
    b = run("run", os.path.join(tmp, "gpkg.toml"), "-o", os.path.join(tmp, "gpkg.gpkg"))
    check(a.returncode == 0, f"run on PostGIS exits 0 {a.stderr[-300:]}")
    ja, jb = json.loads(a.stdout), json.loads(b.stdout)
    for key in ("youth", "urban", "rural", "bases"):
        check(ja[key] == jb[key], f"run: same {key} figures from PostGIS and GeoPackage ({ja[key]})")
    leaked = ["stdout/stderr"] if secret in a.stdout + a.stderr else []
    for name in os.listdir(tmp):
        if name.startswith("pg") and name != "pg.toml":
            if secret.encode() in open(os.path.join(tmp, name), "rb").read():
                leaked.append(name)
    check(not leaked, f"the password appears in no output, report or result file {leaked}")

    bad = pg_text.replace('layer = "input.bases"', 'layer = "input.bases; DROP TABLE input.youth"')
    open(os.path.join(tmp, "bad.toml"), "w", encoding="utf-8").write(bad)
    r = run("check", os.path.join(tmp, "bad.toml"))
    check(r.returncode == 3 and "no such layer" in r.stderr, f"an injection-like layer name is just a missing layer: {r.stderr.strip()}")
    check(pg.psql("sunplan", "SELECT count(*) FROM input.youth").strip() != "", "input.youth still exists")
    check(secret not in r.stderr, "the password is not in the error")

    # init --from the database (issue 13): the demo scenario's layers, fields and figures, and
    # the password written nowhere (libpq takes it from PGPASSWORD or ~/.pgpass).
    plan = os.path.join(tmp, "plan")
    r = subprocess.run([SUNPLAN, "init", plan, "--from", conn, "--progress", "none"], capture_output=True, text=True)
    written = open(os.path.join(plan, "scenario.toml"), encoding="utf-8").read() if r.returncode == 0 else ""
    check(r.returncode == 0 and "usable: yes" in r.stdout, f"init --from PG: exit {r.returncode}, usable {r.stderr[-300:]}")
    check(secret not in written + r.stdout + r.stderr, "the password is not in the scenario init writes nor in its output")
    check("password not written: give it in PGPASSWORD" in written, "the scenario says where the password goes")
    for role in ("townships", "counties", "villages", "bases", "youth", "teams", "roads"):
        check(f'[layers.{role}]\nsource = "PG:' in written and f'layer = "input.{role}"' in written,
              f"init found input.{role} as {role}")
    a = run("run", os.path.join(plan, "scenario.toml"), "-o", os.path.join(tmp, "init.gpkg"))
    ja = json.loads(a.stdout) if a.returncode == 0 else {}
    for key in ("youth", "urban", "rural", "bases", "pairing"):
        check(ja.get(key) == jb[key], f"run of init's scenario: same {key} figures as the GeoPackage's")

finish()
