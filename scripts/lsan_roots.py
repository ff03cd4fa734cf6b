"""Summarises LeakSanitizer reports (scripts/lsan-roots) and checks them against a suppressions file.

A report is a block "Direct leak of N byte(s) in M object(s) allocated from:" (or Indirect) with
frames "#k 0xADDR in FUNCTION FILE:LINE:COL" or "#k 0xADDR in FUNCTION (MODULE+0xOFF)". LSan
suppresses a leak when a `leak:PATTERN` line matches any frame's function, source file or module
(substring, with * as a wildcard); this script applies the same rule, so "unmatched" here means
the suppressions would let that leak fail a test. LSan also drops the indirect leaks reachable
only from a suppressed direct leak; their stacks are often too short to name the culprit, so an
indirect leak in a process whose direct leaks are all suppressed counts as matched here.
"""

import collections
import fnmatch
import pathlib
import re
import sys

HEADER = re.compile(r"^(Direct|Indirect) leak of (\d+) byte\(s\) in (\d+) object\(s\) allocated from:")
FRAME = re.compile(r"^\s*#\d+ 0x[0-9a-f]+ in (.*?)(?: (/\S+?)(?::\d+)*| \((\S+?)\+0x[0-9a-f]+\))?$")
ALLOCATORS = re.compile(r"^(malloc|calloc|realloc|posix_memalign|aligned_alloc|memalign|strdup|strndup|"
                        r"operator new|__interceptor_|__libc_|__strdup)")
SUNPLAN = re.compile(r"/(engine|tests|viewer)/")


def frames_of(lines):
    out = []
    for line in lines:
        m = FRAME.match(line)
        if not m:
            break
        out.append((m.group(1).strip(), m.group(2) or "", m.group(3) or ""))
    return out


def reports(folder):
    """Yields (process report, kind, bytes, frames) for every leak."""
    for path in sorted(pathlib.Path(folder).glob("report.*")):
        lines = path.read_text(errors="replace").splitlines()
        for i, line in enumerate(lines):
            m = HEADER.match(line)
            if m:
                yield path.name, m.group(1), int(m.group(2)), frames_of(lines[i + 1:])


def patterns(supp):
    out = []
    for line in pathlib.Path(supp).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("leak:"):
            out.append(line[len("leak:"):])
    return out


def matches(pattern, frames):
    glob = pattern if "*" in pattern else "*" + pattern + "*"
    return any(fnmatch.fnmatchcase(part, glob) for f in frames for part in f if part)


def main():
    folder, supp = sys.argv[1], sys.argv[2]
    pats = patterns(supp)
    roots = collections.Counter()
    size = collections.Counter()
    unmatched = collections.Counter()
    total = 0
    leaks = list(reports(folder))
    direct_unmatched = {proc for proc, kind, _, frames in leaks
                        if kind == "Direct" and not any(matches(p, frames) for p in pats)}
    for proc, kind, nbytes, frames in leaks:
        total += 1
        body = [f for f in frames if not ALLOCATORS.match(f[0])]
        alloc = body[0][0] if body else "?"
        ours = [k for k, f in enumerate(body) if SUNPLAN.search(f[1])]
        # The library frame nearest to sunplan's code: the call sunplan made that leaked.
        entry = body[ours[0] - 1][0] if ours and ours[0] > 0 else (body[-1][0] if body else "?")
        where = "sunplan frame on stack" if ours else "no sunplan frame"
        if ours and ours[0] == 0:
            where = "ALLOCATED BY SUNPLAN"
        key = (kind, alloc[:70], entry[:70], where)
        roots[key] += 1
        size[key] += nbytes
        covered = kind == "Indirect" and proc not in direct_unmatched
        if not covered and not any(matches(p, frames) for p in pats):
            unmatched[key] += 1
    print(f"lsan-roots: {total} leak reports, {len(roots)} distinct roots")
    for key, n in roots.most_common():
        kind, alloc, entry, where = key
        flag = "  UNMATCHED" if unmatched[key] else ""
        print(f"{n:6d} {size[key]:10d} B  {kind:8s} {alloc}  |  {entry}  |  {where}{flag}")
    if unmatched:
        print(f"lsan-roots: {sum(unmatched.values())} reports not matched by {supp}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
