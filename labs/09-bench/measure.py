#!/usr/bin/env python3
"""The bench lab's measurement: the four reference-count schemes side by side.

usage: labs/09-bench/measure.py [--smp 1,2,4,8] [--runs K] [--quick] [--out FILE]

Boots build/kernel.elf once per CPU count and runs the in-kernel `bench
refcount` K times in that boot (tests/kernel/bench_modules.c): get+put
pairs on a thread bound to every CPU, for the kernel's per-CPU counters
(percpu), one biased atomic (atomic, Linux today), a spinlocked counter
(spin) and the lab's scheme (lab, tests/kernel/labref.c), then each
scheme's unload check while the other threads go on. Each run gives one
median per figure; the report shows, per scheme and CPU count, the median
of the runs' medians and the smallest and largest of them, then the lab
scheme's figures as ratios to percpu and atomic measured in the same runs.
Absolute figures depend on the host and its load (docs/refcount-bench.md
says why): compare within one report.

--quick is -smp 2 and 2 runs (what the grader runs). The report goes to
FILE (default build/lab/bench/report.md) and to the terminal; the exit
status is 1 if a figure is missing (a boot failed, or a scheme's run
reported an error: the lab scheme's gets failing on a live counter, say).

Standard library only.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "bench"))
from boot import QEMU_FLAGS, core_count, cpu_model, parse_smp, positive, qemu_version  # noqa: E402
from modules import SCHEMES, Boot, loadavg  # noqa: E402
from smp import BootError  # noqa: E402

KERNEL = ROOT / "build" / "kernel.elf"
INITRD = ROOT / "build" / "initrd.cpio"
KINDS = (("pair_ns", "get+put, ns per pair", 1.0), ("unload_ns", "unload check, us", 1000.0))


def fmt(v):
    if v >= 1000:
        return "%d" % round(v)
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


def measure(smp, runs, timeout):
    """{(scheme, kind): [median of each run]} for one boot at -smp smp, and notes."""
    cmd = (["qemu-system-i386"] + QEMU_FLAGS + ["-smp", str(smp), "-kernel", str(KERNEL),
                                               "-initrd", str(INITRD)])
    figures, notes = {}, []
    boot = Boot(cmd, 30.0)
    try:
        for run in range(runs):
            results, _, _ = boot.bench("refcount", timeout)
            for scheme, _ in SCHEMES:
                for kind, _, _ in KINDS:
                    res = results.get("rc_%s_t%d_%s" % (scheme, smp, kind))
                    if res is None or res.median is None:
                        why = "missing" if res is None else "error %s" % res.error
                        notes.append("smp %d, run %d: %s %s: %s" % (smp, run + 1, scheme, kind,
                                                                     why))
                        continue
                    figures.setdefault((scheme, kind), []).append(res.median)
    finally:
        boot.close()
    return figures, notes


def report(out, args, per_smp, notes, took):
    print("# Reference counts: the lab's scheme beside the kernel's\n", file=out)
    print("- machine: %s, %s" % (cpu_model(), core_count()), file=out)
    print("- qemu: %s, TCG" % qemu_version("qemu-system-i386"), file=out)
    print("- host load average at the end: %s" % loadavg(), file=out)
    print("- runs: %d `bench refcount` per boot, one boot per CPU count; %.0f s in all"
          % (args.runs, took), file=out)
    print("- each cell: median of the runs' medians (smallest - largest run median)", file=out)
    for kind, title, scale in KINDS:
        print("\n## %s, a thread on every CPU\n" % title, file=out)
        print("| scheme | " + " | ".join("%d CPU%s" % (s, "s" if s > 1 else "")
                                        for s in args.smp) + " |", file=out)
        print("| --- |" + " --- |" * len(args.smp), file=out)
        for scheme, _ in SCHEMES:
            cells = []
            for s in args.smp:
                vals = [v / scale for v in per_smp.get(s, {}).get((scheme, kind), [])]
                cells.append("%s (%s - %s)" % (fmt(statistics.median(vals)), fmt(min(vals)),
                                               fmt(max(vals))) if vals else "-")
            print("| %s | %s |" % (scheme, " | ".join(cells)), file=out)
    print("\n## Ratios, lab / other scheme (medians of the same runs)\n", file=out)
    print("| figure | " + " | ".join("%d CPU%s" % (s, "s" if s > 1 else "")
                                    for s in args.smp) + " |", file=out)
    print("| --- |" + " --- |" * len(args.smp), file=out)
    for kind, title, _ in KINDS:
        for other in ("percpu", "atomic"):
            cells = []
            for s in args.smp:
                a = per_smp.get(s, {}).get(("lab", kind))
                b = per_smp.get(s, {}).get((other, kind))
                ok = a and b and statistics.median(b) > 0
                cells.append("%.3gx" % (statistics.median(a) / statistics.median(b))
                             if ok else "-")
            print("| %s: lab / %s | %s |" % (kind, other, " | ".join(cells)), file=out)
    print("\nschemes: " + "; ".join("%s = %s" % sl for sl in SCHEMES), file=out)
    if notes:
        print("\nproblems:\n" + "\n".join("- " + n for n in notes), file=out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    ap.add_argument("--smp", type=parse_smp, default=[1, 2, 4, 8])
    ap.add_argument("--runs", type=positive, default=3)
    ap.add_argument("--quick", action="store_true", help="-smp 2, 2 runs")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "lab" / "bench" / "report.md")
    ap.add_argument("--timeout", type=float, default=240.0,
                    help="seconds for each bench command (default 240)")
    args = ap.parse_args()
    if args.quick:
        args.smp, args.runs = [2], 2
    for path in (KERNEL, INITRD):
        if not path.is_file():
            print("measure.py: %s not found (run make first)" % path, file=sys.stderr)
            return 2
    start = time.monotonic()
    per_smp, notes = {}, []
    for smp in args.smp:
        try:
            per_smp[smp], n = measure(smp, args.runs, args.timeout)
            notes += n
        except BootError as e:
            notes.append("smp %d: %s" % (smp, e.problem))
    os.makedirs(args.out.parent, exist_ok=True)
    with open(args.out, "w") as f:
        report(f, args, per_smp, notes, time.monotonic() - start)
    with open(args.out) as f:
        sys.stdout.write(f.read())
    return 1 if notes else 0


if __name__ == "__main__":
    sys.exit(main())
