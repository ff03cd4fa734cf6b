"""What the Python tests of the sunplan command share: checks that are counted, the command
run as a test runs it, and the closing line and exit code (ctest reads the exit code).

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
    from cli_case import Sunplan, check, failures, finish  # noqa: E402

    sunplan = Sunplan(sys.argv[1], "--progress", "none")  # appended to every call
    r = sunplan("check", scenario)                         # CompletedProcess, text captured
    check(r.returncode == 2, "a bad scenario exits 2")     # prints ok/FAIL, counts failures
    summary = sunplan.json("run", scenario, "-o", out)     # exits 1 unless sunplan exits 0
    finish()                                               # "N failed", exit 1; or exit 0

The options given to Sunplan go after each call's own: verbs take --progress and --json
themselves, so they follow the verb.
"""
import json
import subprocess
import sys

failures = []


def check(cond, what):
    # Flushed: a test that kills sunplan mid-run shows each check as it happens.
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def finish(done="all checks passed"):
    """The closing line and the exit code: 1 when a check failed."""
    print(f"{len(failures)} failed" if failures else done)
    sys.exit(1 if failures else 0)


class Sunplan:
    def __init__(self, binary, *always):
        self.binary = binary
        self.always = list(always)

    def __call__(self, *args, **run_args):
        """One call; its exit code and output are the test's to check."""
        return subprocess.run([self.binary, *args, *self.always], capture_output=True, text=True,
                              **run_args)

    def ok(self, *args, expect=0):
        """One call that must exit `expect`: otherwise its output is printed and the test
        stops (exit 1), since every later check depends on it."""
        r = self(*args)
        if r.returncode != expect:
            print(r.stdout, r.stderr)
            print(f"FAIL exit {r.returncode}, expected {expect}: {list(args)}")
            sys.exit(1)
        return r

    def json(self, *args):
        """One call with --json that must exit 0: its summary."""
        return json.loads(self.ok(*args, "--json").stdout)
