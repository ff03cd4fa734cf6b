"""Crash-safe outputs: sunplan run killed with SIGKILL at several points (while loading, as the
export starts, when the temporary file appears, deep into the export) must leave the earlier
result file byte-identical and never a half-written file under the final name. Cancelled with
SIGINT or SIGTERM, sunplan run and sunplan export exit 5 and leave no temporary at all.

    /usr/bin/python3 test_kill_mid_export.py SUNPLAN [YOUTH_POINTS]

The data is synthetic and made here: 100 townships in a 10 x 10 grid near Shanghai, 60 bases
and YOUTH_POINTS youth (default 200,000; ctest passes 100,000, 20,000 under the sanitizers) in a CSV, so the export of the youth and assignment
layers takes long enough to be hit.
"""
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

from osgeo import ogr, osr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli_case import check, finish  # noqa: E402

ogr.UseExceptions()
SUNPLAN = sys.argv[1]
N_YOUTH = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000


def make_data(folder):
    rnd = random.Random(9)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(os.path.join(folder, "townships.gpkg"))
    lyr = ds.CreateLayer("townships", srs, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("code", ogr.OFTString))
    x0, y0, step = 121.0, 31.0, 0.05
    for i in range(10):
        for j in range(10):
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetField("code", f"310101{i * 10 + j + 1:03d}")
            a, b = x0 + i * step, y0 + j * step
            f.SetGeometry(ogr.CreateGeometryFromWkt(
                f"POLYGON(({a} {b},{a + step} {b},{a + step} {b + step},{a} {b + step},{a} {b}))"))
            lyr.CreateFeature(f)
    ds = None
    with open(os.path.join(folder, "bases.csv"), "w") as out:
        out.write("id,lon,lat,capacity\n")
        for k in range(60):
            out.write(f"b{k},{x0 + rnd.random() * 0.5:.6f},{y0 + rnd.random() * 0.5:.6f},{rnd.randint(50, 5000)}\n")
    with open(os.path.join(folder, "youth.csv"), "w") as out:
        out.write("id,lon,lat\n")
        for k in range(N_YOUTH):
            out.write(f"y{k},{x0 + rnd.random() * 0.5:.6f},{y0 + rnd.random() * 0.5:.6f}\n")
    scen = os.path.join(folder, "scenario.toml")
    with open(scen, "w") as out:
        out.write('[layers.townships]\nsource = "townships.gpkg"\n'
                  '[layers.bases]\nsource = "bases.csv"\nx = "lon"\ny = "lat"\n'
                  '[layers.youth]\nsource = "youth.csv"\nx = "lon"\ny = "lat"\n')
    return scen


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def start(scen, out):
    return subprocess.Popen([SUNPLAN, "run", scen, "-o", out, "--progress", "json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def kill_when(proc, out_dir, when, sig=signal.SIGKILL):
    """Reads the JSON progress lines until `when(stage, fraction, tmp_exists)` says so, then
    sends `sig` to the run. Returns what it saw then (or None when the run ended first)."""
    for line in proc.stderr:
        try:
            j = json.loads(line)
        except ValueError:
            continue
        stage, frac = j.get("stage", ""), j.get("progress", 0.0)
        tmp = [n for n in os.listdir(out_dir) if ".tmp-" in n]
        if when(stage, frac, bool(tmp)):
            proc.send_signal(sig)
            for _ in proc.stderr:  # drain, so the run never blocks on a full pipe
                pass
            proc.wait()
            return f"stage '{stage}' at {frac:.2f}, temporary files {tmp}"
    proc.wait()
    return None


def kill_on_tmp_file(proc, out_dir, delay_s, sig=signal.SIGKILL, mark=".tmp-"):
    """Polls the folder (not the progress) for the .tmp-<pid> file, then sends `sig` after
    delay_s."""
    deadline = time.time() + 600
    while time.time() < deadline and proc.poll() is None:
        tmp = [n for n in os.listdir(out_dir) if f"{mark}{proc.pid}" in n] if os.path.isdir(out_dir) else []
        if tmp:
            time.sleep(delay_s)
            proc.send_signal(sig)
            proc.wait()
            return f"{delay_s:.2f} s after {tmp} appeared"
        time.sleep(0.002)
    proc.wait()
    return None


with tempfile.TemporaryDirectory(prefix="sunplan-crash-") as tmp:
    t0 = time.time()
    scen = make_data(tmp)
    out_dir = os.path.join(tmp, "out")
    out = os.path.join(out_dir, "result.gpkg")
    print(f"made {N_YOUTH} youth points in {time.time() - t0:.1f} s", flush=True)

    t0 = time.time()
    first = subprocess.run([SUNPLAN, "run", scen, "-o", out, "--progress", "none"], capture_output=True, text=True)
    full_s = time.time() - t0
    check(first.returncode == 0, f"the first run succeeds ({full_s:.1f} s; stderr: {first.stderr[-300:]})")
    if first.returncode != 0:
        sys.exit(1)
    before = sha(out)
    reports = {n: sha(os.path.join(out_dir, n)) for n in os.listdir(out_dir) if n != "result.gpkg"}
    ds = ogr.Open(out)
    check(ds.GetLayerByName("youth").GetFeatureCount() == N_YOUTH, "the first result holds every youth point")
    ds = None

    kills = [
        ("while loading", lambda p: kill_when(p, out_dir, lambda s, f, t: s.startswith("read") or s == "load")),
        ("as the export starts", lambda p: kill_when(p, out_dir, lambda s, f, t: s == "write GeoPackage")),
        ("when the temporary file appears", lambda p: kill_on_tmp_file(p, out_dir, 0.0)),
        ("0.3 s into the export", lambda p: kill_on_tmp_file(p, out_dir, 0.3)),
        ("deep into the export", lambda p: kill_when(p, out_dir, lambda s, f, t: s == "write GeoPackage" and f >= 0.6)),
    ]
    hit_export = 0
    for name, kill in kills:
        proc = start(scen, out)
        seen = kill(proc)
        print(f"killed {name}: {seen}", flush=True)
        check(seen is not None, f"the run was killed {name} (it had not finished)")
        if seen and "tmp" in seen and "[]" not in seen:
            hit_export += 1
        check(os.path.exists(out) and sha(out) == before, f"after a kill {name}: the earlier result is byte-identical")
        finals = sorted(n for n in os.listdir(out_dir) if ".tmp-" not in n)
        check(finals == sorted(["result.gpkg", *reports]), f"after a kill {name}: no new file under a final name ({finals})")
        for n, h in reports.items():
            check(sha(os.path.join(out_dir, n)) == h, f"after a kill {name}: {n} is byte-identical")
    check(hit_export >= 2, f"at least two kills landed while the temporary GeoPackage existed ({hit_export})")
    ds = ogr.Open(out)
    check(ds is not None and ds.GetLayerByName("youth").GetFeatureCount() == N_YOUTH, "the earlier result still opens whole")
    ds = None

    # Ctrl-C and SIGTERM (issue 15): the run cancels cleanly, exit 5, and removes every file it
    # made; the earlier result and reports stay byte-identical.
    cancels = [
        ("SIGINT while loading", lambda p: kill_when(
            p, out_dir, lambda s, f, t: s.startswith("read") or s == "load", signal.SIGINT)),
        ("SIGTERM as the export starts", lambda p: kill_when(
            p, out_dir, lambda s, f, t: s == "write GeoPackage", signal.SIGTERM)),
        ("SIGINT 0.3 s into the export", lambda p: kill_on_tmp_file(p, out_dir, 0.3, signal.SIGINT)),
    ]
    for name, cancel in cancels:
        proc = start(scen, out)
        seen = cancel(proc)
        print(f"cancelled {name}: {seen}, exit {proc.returncode}", flush=True)
        check(seen is not None and proc.returncode == 5, f"{name}: the run exits 5 (got {proc.returncode})")
        mine = [n for n in os.listdir(out_dir) if f".tmp-{proc.pid}-" in n or f"-{proc.pid}-" in n]
        check(not mine, f"{name}: no temporary file of the cancelled run is left ({mine})")
        check(sha(out) == before and all(sha(os.path.join(out_dir, n)) == h for n, h in reports.items()),
              f"{name}: the earlier result and reports are byte-identical")
    # export into a new folder, cancelled while it writes: no folder, no work folder left.
    exp_dir = os.path.join(tmp, "exported")
    proc = subprocess.Popen([SUNPLAN, "export", out, "-f", "geojson", "-o", exp_dir, "--progress", "none"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = kill_on_tmp_file(proc, exp_dir, 0.2, signal.SIGINT, mark=".export.sunplan-work-")
    print(f"cancelled export: {seen}, exit {proc.returncode}", flush=True)
    check(seen is not None and proc.returncode == 5, f"export: SIGINT exits 5 (got {proc.returncode})")
    check(not os.path.exists(exp_dir), "export: the folder it had made is gone again")

    # A run left to finish replaces the result; the killed runs' temporaries stay (their pids
    # are gone) and never carry the final name.
    again = subprocess.run([SUNPLAN, "run", scen, "-o", out, "--progress", "none"], capture_output=True, text=True)
    check(again.returncode == 0, "a later complete run succeeds")
    leftovers = [n for n in os.listdir(out_dir) if ".tmp-" in n]
    print(f"temporary files left by killed runs: {leftovers}")

finish()
