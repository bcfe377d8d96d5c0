#!/usr/bin/env python3
"""insmod+rmmod of hello.ko at modlab's shell, at several CPU counts, on a
quiet host and beside a CPU hog.

For each host state (quiet; then --hog busy processes started and killed
by this script) and each -smp value (default 1, 4, 8) it boots
build/kernel.elf with build/initrd.cpio, types `insmod
/lib/modules/hello.ko` and `rmmod hello` at the prompt, and measures (see
shellbench.py) the round trip of the pair minus one `echo` line, and the
host CPU time QEMU spends per pair. It prints, per host state, each figure
as median (min-max) and the ratios to -smp 1 against the goals:

  pair round trip   -smp 4 / -smp 1 <= 1.5x, -smp 8 / -smp 1 <= 2x
  QEMU CPU per pair -smp 4 / -smp 1 <= 1.5x

The boots run round by round (every CPU count once, then again), so drift
on the host touches them alike. Exits non-zero if a boot or a command
failed; a goal missed is a figure, not a failure.

Standard library only.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from boot import KERNEL, QEMU_FLAGS, ROOT, parse_smp, positive, qemu_version, rel  # noqa: E402
from modules import loadavg  # noqa: E402
from shellbench import (CLK_TCK, Hog, Pairs, Stat, against_goal, boot_guest, host_lines,  # noqa: E402
                        measure_pairs, ms, ratio, table)
from smp import BootError  # noqa: E402

INITRD = ROOT / "build" / "initrd.cpio"
WALL_GOALS = {4: 1.5, 8: 2.0}
CPU_GOALS = {4: 1.5}
INSMOD = "insmod /lib/modules/hello.ko"
RMMOD = "rmmod hello"


def measure(args, extra, hog_count, notes):
    """{smp: Pairs} for one host state."""
    got = {smp: Pairs() for smp in args.smp}
    hog = Hog(hog_count) if hog_count else None
    try:
        for rnd in range(args.boots):
            for smp in args.smp:
                cmd = ([args.qemu] + QEMU_FLAGS + ["-smp", str(smp)] + extra
                       + ["-kernel", str(args.kernel), "-initrd", str(args.initrd)])
                boot = None
                try:
                    boot, _ = boot_guest(cmd, args.boot_timeout)
                    got[smp].extend(measure_pairs(boot, INSMOD, RMMOD, args.batches,
                                                  args.per_batch, args.warmup))
                except BootError as e:
                    notes.append("%s, smp %d, boot %d: %s" % (
                        "hog" if hog_count else "quiet", smp, rnd + 1, e.problem))
                finally:
                    if boot is not None:
                        boot.close()
    finally:
        if hog:
            hog.stop()
    return got


def report(out, title, smps, got):
    cols = ["smp %d" % s for s in smps]
    wall = {s: Stat(got[s].wall) for s in smps}
    echo = {s: Stat(got[s].echo) for s in smps}
    cpu = {s: Stat(got[s].cpu) for s in smps}
    base = smps[0]
    rows = [
        ("echo line, ms", [ms(echo[s], 2) for s in smps]),
        ("pair - echo, ms", [ms(wall[s]) for s in smps]),
        ("  / smp %d" % base, [against_goal(ratio(wall[s], wall[base]),
                                            WALL_GOALS.get(s)) for s in smps]),
        ("QEMU CPU per pair, ms", [ms(cpu[s]) for s in smps]),
        ("  / smp %d" % base, [against_goal(ratio(cpu[s], cpu[base]),
                                            CPU_GOALS.get(s)) for s in smps]),
    ]
    table(out, title, cols, rows)


def main():
    ap = argparse.ArgumentParser(
        description="insmod+rmmod of hello.ko at modlab's shell: round trip and "
                    "QEMU CPU time per pair at several CPU counts, quiet host and "
                    "beside a CPU hog.")
    ap.add_argument("--kernel", type=Path, default=KERNEL)
    ap.add_argument("--initrd", type=Path, default=INITRD)
    ap.add_argument("--smp", type=parse_smp, default=[1, 4, 8],
                    help="comma-separated CPU counts, the first is the base (default 1,4,8)")
    ap.add_argument("--boots", type=positive, default=1,
                    help="boots per CPU count and host state (default 1)")
    ap.add_argument("--batches", type=positive, default=5,
                    help="batches per boot (default 5)")
    ap.add_argument("--per-batch", type=positive, default=20,
                    help="echo lines, then pairs, per batch (default 20)")
    ap.add_argument("--warmup", type=int, default=3,
                    help="untimed echo+pair rounds after boot (default 3)")
    ap.add_argument("--hog", type=int, default=2,
                    help="busy host processes for the second table; 0: no such "
                         "table (default 2)")
    ap.add_argument("--boot-timeout", type=float, default=60.0)
    ap.add_argument("--qemu", default="qemu-system-i386")
    ap.add_argument("--accel", help="pass -accel ACCEL (default: QEMU's own, i.e. tcg)")
    args = ap.parse_args()

    qver = qemu_version(args.qemu)
    if qver is None:
        print("shell.py: cannot run %s (try tools/setup)" % args.qemu, file=sys.stderr)
        return 2
    for path in (args.kernel, args.initrd):
        if not path.is_file():
            print("shell.py: %s not found (run make first)" % rel(path), file=sys.stderr)
            return 2
    extra = ["-accel", args.accel] if args.accel else []

    out = sys.stdout
    print("modlab at the shell: insmod + rmmod of hello.ko, two lines, minus one "
          "echo line", file=out)
    host_lines(out, qver, extra,
               "%d boot(s) per cell; per boot %d warm-up rounds, then %d batches of "
               "%d echo lines and %d pairs: %d pair samples, %d CPU samples per cell"
               % (args.boots, args.warmup, args.batches, args.per_batch, args.per_batch,
                  args.boots * args.batches * args.per_batch, args.boots * args.batches))
    print("kernel  : %s, initrd %s" % (rel(args.kernel), rel(args.initrd)), file=out)
    print("figures : median (min-max); pair - echo: each pair's round trip minus the "
          "median echo\n          line of its batch; QEMU CPU: utime+stime from "
          "/proc/PID/stat (%d ms ticks)\n          over a batch of pairs minus over a "
          "batch of echo lines, per pair" % (1000 // CLK_TCK), file=out)
    out.flush()

    notes = []
    quiet = measure(args, extra, 0, notes)
    report(out, "quiet host", args.smp, quiet)
    out.flush()
    if args.hog:
        hogged = measure(args, extra, args.hog, notes)
        report(out, "%d busy host processes beside" % args.hog, args.smp, hogged)
    notes.append("host load average at the end: %s" % loadavg())
    print(file=out)
    print("notes:", file=out)
    for n in notes:
        print("  - " + n, file=out)
    failed = any("boot" in n and "smp" in n for n in notes)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
