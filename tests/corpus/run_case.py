"""Runs one case of the bad-input corpus (cases.toml) against the sunplan command and asserts
its exit code, its error message or its problems (severity, file, layer, row, field, reason
text), and how many good rows each layer kept.

    /usr/bin/python3 run_case.py SUNPLAN SOURCE_DIR CASE      (exit 0 pass, 1 fail, 77 pending)
    /usr/bin/python3 run_case.py SUNPLAN SOURCE_DIR --list

A case marked known_bug is skipped (exit 77, with the bug; its FAIL lines say what is still wrong) while the
engine gets it wrong, and passes as soon as the engine gets it right: then remove the mark.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import tomllib

from osgeo import ogr

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixtures  # noqa: E402

ogr.UseExceptions()
HERE = os.path.dirname(os.path.abspath(__file__))
# Warnings every CSV layer carries; a case lists them only when it is about them.
# The base fixture's third township has no youth and no base: the planner check says so.
IGNORED_REASONS = ("CSV has no CRS; assumed EPSG:4326", "no youth and no base in this township")

BASE_LAYERS = {
    "townships": {"source": "townships.gpkg", "layer": "townships"},
    "bases": {"source": "bases.gpkg", "layer": "bases"},
    "youth": {"source": "youth.gpkg", "layer": "youth"},
}


def toml_value(v):
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return str(v).lower() if isinstance(v, bool) else str(v)


def scenario_text(case):
    if "scenario" in case:
        return case["scenario"]
    layers = {k: dict(v) for k, v in BASE_LAYERS.items()}
    for role in case.get("drop_layers", []):
        layers.pop(role, None)
    for role, spec in case.get("layers", {}).items():
        if "source" in spec and "layer" not in spec:
            layers.get(role, {}).pop("layer", None)
        layers.setdefault(role, {}).update(spec)
    out = [case.get("scenario_head", "")]
    for role, spec in layers.items():
        out.append(f"[layers.{role}]")
        out += [f"{k} = {toml_value(v)}" for k, v in spec.items() if k != "fields"]
        if "fields" in spec:
            out.append(f"[layers.{role}.fields]")
            out += [f"{k} = {toml_value(v)}" for k, v in spec["fields"].items()]
    return "\n".join(out) + "\n"


def problems_of_check(stdout):
    j = json.loads(stdout)
    kept = {l["role"]: l["kept"] for l in j["layers"]}
    return j["problems"], kept


def problems_of_run(out):
    ds = ogr.Open(out)
    problems = []
    for f in ds.GetLayerByName("problems"):
        problems.append({k: f.GetField(k) for k in ("severity", "file", "layer", "row", "field", "reason")})
    kept = {}
    for role in ("townships", "bases", "youth", "teams"):
        lyr = ds.GetLayerByName(role)
        if lyr is not None:
            kept[role] = lyr.GetFeatureCount()
    return problems, kept, ds


def progress_none(args):
    return [] if args[0] == "init" else ["--progress", "none"]


def snapshot(folder):
    """Every regular file under `folder` -> SHA-256 (FIFOs and devices are skipped)."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, folder)
            if os.path.islink(p) or not os.path.isfile(p):
                out[rel] = "special"
            else:
                out[rel] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return out


def run_case(sunplan, name, case):
    """Returns a list of failed expectations (empty: the engine behaves as the case says)."""
    failures = []

    def expect(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    with tempfile.TemporaryDirectory(prefix="sunplan-corpus-") as d:
        fixtures.base(d)
        for fname, gen in case.get("generate", {}).items():
            fixtures.GENERATORS[gen](os.path.join(d, fname))
        for fname, text in case.get("text", {}).items():
            os.makedirs(os.path.dirname(os.path.join(d, fname)), exist_ok=True)
            open(os.path.join(d, fname), "w", encoding="utf-8").write(text)
        scen = os.path.join(d, "scenario.toml")
        if "scenario_generate" in case:
            fixtures.GENERATORS[case["scenario_generate"]](scen)
        else:
            open(scen, "w", encoding="utf-8").write(scenario_text(case))
        sub = lambda s: s.replace("{dir}", d).replace("{scenario}", scen)  # noqa: E731
        for folder in case.get("mkdir", []):
            os.makedirs(os.path.join(d, folder), exist_ok=True)
        for link, target in case.get("symlinks", {}).items():
            os.symlink(sub(target), os.path.join(d, link))
        for fifo in case.get("mkfifo", []):
            os.mkfifo(os.path.join(d, fifo))
        for pre in case.get("before", []):
            r = subprocess.run([sunplan, *map(sub, pre), *progress_none(pre)], capture_output=True,
                               text=True, timeout=300)
            expect(r.returncode == 0, f"before: sunplan {' '.join(pre)} exits 0 ({r.stderr.strip()[-300:]})")
        hashes = snapshot(d)
        command = case.get("command", "check")
        out = os.path.join(d, "out", "result.gpkg")
        if "args" in case:
            command = case["args"][0]
            args = [sunplan, *map(sub, case["args"]), *progress_none(case["args"])]
        elif command == "check":
            args = [sunplan, "check", scen, "--json", "--progress", "none"]
        else:
            args = [sunplan, "run", scen, "-o", out, "--json", "--progress", "none", "--no-report"]
        r = subprocess.run(args, capture_output=True, text=True, timeout=300)
        print(f"$ sunplan {command} scenario.toml -> exit {r.returncode}")
        if r.stderr.strip():
            print("stderr: " + r.stderr.strip().replace(d, "{dir}"))
        expect(r.returncode == case["exit"], f"exit code {case['exit']} (got {r.returncode})")
        if "error" in case:
            expect(r.stderr.strip() == sub(case["error"]),
                   f"stderr is exactly: {case['error']}")
        for part in case.get("error_contains", []):
            expect(sub(part) in r.stderr, f"stderr contains: {part}")
        for part in case.get("stderr_lacks", []):
            expect(sub(part) not in r.stderr, f"stderr does not contain: {part}")
        for f in case.get("files", []):
            path = os.path.join(d, f["path"])
            exists = os.path.exists(path)
            expect(exists == f.get("exists", True), f"{f['path']} {'exists' if f.get('exists', True) else 'does not exist'}")
            text = open(path, encoding="utf-8", errors="replace").read() if os.path.isfile(path) else ""
            for part in f.get("contains", []):
                expect(sub(part) in text, f"{f['path']} contains: {part}")
            for part in f.get("lacks", []):
                expect(sub(part) not in text, f"{f['path']} does not contain: {part}")
        if case.get("inputs_unchanged", "args" in case):
            after = snapshot(d)
            changed = sorted(k for k, h in hashes.items() if after.get(k) != h)
            leftovers = sorted(k for k in after if ".tmp-" in k or "sunplan-work" in k)
            expect(not changed, f"every earlier file keeps its bytes (changed: {changed})")
            expect(not leftovers, f"no temporary is left (left: {leftovers})")
        # check reports a scenario that is not usable (exit 3) in full: its problems are asserted.
        reported = command == "check" and r.returncode == 3 and r.stdout.strip().startswith("{")
        if "args" in case or ((r.returncode != 0 or case["exit"] != 0) and not reported):
            return failures
        if "not_usable" in case:
            verdicts = json.loads(r.stdout)["verdicts"]
            bad = sorted(v["role"] for v in verdicts if not v["usable"])
            expect(bad == sorted(case["not_usable"]), f"layers not usable: {case['not_usable']} (got {bad})")
        if command == "check":
            problems, kept = problems_of_check(r.stdout)
            ds = None
        else:
            problems, kept, ds = problems_of_run(out)
        problems = [p for p in problems if not any(s in p["reason"] for s in IGNORED_REASONS)]
        shown = [{k: (p[k].replace(d, "{dir}") if isinstance(p[k], str) else p[k])
                  for k in ("severity", "file", "layer", "row", "field", "reason")} for p in problems]
        for p in shown:
            print(f"problem: {p}")
        wanted = []

        def matches(p, w):
            return all(sub(v) in p["reason"] if k == "reason_contains" else p[k] == v for k, v in w.items())

        for w in case.get("problems", []):
            w = dict(w)
            w.setdefault("field", "")
            wanted.append(w)
            match = [p for p in shown if matches(p, w)]
            expect(len(match) == 1, "problem " + json.dumps(w, ensure_ascii=False))
        if case.get("only_these_problems", True):
            extra = [p for p in shown if not any(matches(p, w) for w in wanted)]
            expect(not extra, f"no other problems (extra: {json.dumps(extra, ensure_ascii=False)})")
        for role, n in case.get("kept", {}).items():
            expect(kept.get(role) == n, f"layer {role} keeps {n} features (got {kept.get(role)})")
        for check in case.get("output_values", []):
            lyr = ds.GetLayerByName(check["layer"])
            values = sorted(f.GetField(check["field"]) for f in lyr)
            expect(values == sorted(check["values"]), f"{check['layer']}.{check['field']} = {check['values']} (got {values})")
    return failures


def main():
    sunplan, src, name = sys.argv[1], sys.argv[2], sys.argv[3]
    cases = tomllib.load(open(os.path.join(HERE, "cases.toml"), "rb"))["case"]
    if name == "--list":  # noqa
        print(";".join(cases))
        return 0
    case = cases[name]
    print(f"case {name}: {case['class']} — {case['what']}")
    if "pending" in case:
        print("PENDING: " + case["pending"])
        return 77
    failures = run_case(sunplan, name, case)
    if "known_bug" in case:
        # A known bug is reported as skipped (ctest lists it with this reason), and a fix as
        # a pass: fixing the engine never turns the suite red.
        if failures:  # the FAIL lines above say what is still wrong
            print(f"KNOWN BUG (skipped): {case['known_bug']}")
            return 77
        print("FIXED: the engine now behaves as the case expects; remove known_bug from cases.toml")
        return 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
