#!/usr/bin/env python3
"""SMP latency benchmark for modlab under QEMU.

Boots build/kernel.elf at each -smp value, waits for the shell prompt, runs
the kernel's `bench` command over the serial port and collects the figures
it prints (measured inside the kernel with the TSC), one line each:

  bench: NAME median=X min=Y max=Z n=N
  bench: NAME skipped reason=WHY
  bench: NAME error=CODE
  bench: done

and prints them as a table: one row per figure, one column per CPU count.
With --runs N the kernel is booted N times per CPU count; the table then
shows the median of the per-boot medians and the smallest minimum.

Every CPU count is measured twice, side by side: with the host quiet, and
with a busy loop (a `python3 -c 'while 1: pass'` process) on each host core,
which the script starts before those boots and kills after them. A last
table sets stop_machine against the IPI round trip of the same boots, as
ratios: when vCPUs must share host cores with other work, a waiting CPU
that spins steals the slice the CPU it waits for needs, and a rendezvous
that halts does not.

QEMU is killed after each boot, and neither the boot nor the command may
take longer than its timeout, so the script never hangs.

Standard library only.
"""

import argparse
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from boot import (KERNEL, QEMU_FLAGS, core_count, cpu_model, loadavg,  # noqa: E402
                  parse_smp, positive, qemu_version, rel, shell_marker, stop)

# Figures in the order of the table, with a label for each.
FIGURES = [
    ("ipi_roundtrip_ns", "IPI round trip, CPU 0 -> 1"),
    ("stop_machine_ns", "stop_machine, whole call"),
    ("stop_machine_entry_ns", "stop_machine, call -> fn"),
    ("ctxswitch_ns", "context switch (same CPU)"),
    ("preempt_pair_ns", "preempt_disable+enable"),
    ("spin_pair_ns", "spin_lock+unlock"),
]

LINE = re.compile(rb"^bench: (\w+) (.*?)\s*$")
DONE = re.compile(rb"^bench: done\s*$", re.M)
FAILURE = re.compile(rb"Kernel panic|\boops\b|BUG:|Call Trace", re.I)


class Result:
    """One figure from one boot."""

    def __init__(self, median=None, minimum=None, n=None, skipped=None,
                 error=None, maximum=None):
        self.median = median
        self.minimum = minimum
        self.maximum = maximum
        self.n = n
        self.skipped = skipped
        self.error = error


class BootError(Exception):
    def __init__(self, problem, tail=b""):
        super().__init__(problem)
        self.problem = problem
        self.tail = tail


def parse(buf):
    """The bench lines of the output: {name: Result}, and 'cpus'."""
    results, cpus = {}, None
    for raw in buf.replace(b"\r", b"").split(b"\n"):
        m = LINE.match(raw)
        if not m:
            continue
        name = m.group(1).decode()
        fields = dict(kv.split(b"=", 1) for kv in m.group(2).split()
                      if b"=" in kv)
        fields = {k.decode(): v.decode() for k, v in fields.items()}
        if name == "cpus":
            cpus = int(fields.get("online", "0"))
        elif b"skipped" in m.group(2).split():
            results[name] = Result(skipped=fields.get("reason", "skipped"))
        elif "error" in fields:
            results[name] = Result(error=fields["error"])
        elif "median" in fields:
            try:
                results[name] = Result(float(fields["median"]),
                                       float(fields["min"]),
                                       int(fields["n"]),
                                       maximum=(float(fields["max"])
                                                if "max" in fields else None))
            except (KeyError, ValueError):
                results[name] = Result(error="unparsable")
    return results, cpus


def read_until(proc, fd, buf, done, deadline, what):
    """Read QEMU's output into buf until done(buf) or the deadline."""
    while not done(buf):
        left = deadline - time.monotonic()
        if left <= 0:
            raise BootError("timeout waiting for " + what, buf[-300:])
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            status = proc.wait(timeout=5)
            raise BootError("QEMU exited (status %d) waiting for %s"
                            % (status, what), buf[-300:])
        buf += chunk
        if FAILURE.search(buf):
            # Give the report a moment to finish, for the notes.
            end = time.monotonic() + 1.0
            while time.monotonic() < end:
                r, _, _ = select.select([fd], [], [], 0.1)
                if r:
                    more = os.read(fd, 65536)
                    if not more:
                        break
                    buf += more
            raise BootError("kernel failure while waiting for " + what,
                            buf[-600:])
    return buf


def run_once(cmd, boot_timeout, bench_timeout):
    """Boot, run `bench`, return (results, cpus online, seconds)."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=err,
                                start_new_session=True)
        try:
            fd = proc.stdout.fileno()
            buf = read_until(proc, fd, b"", shell_marker,
                             time.monotonic() + boot_timeout, "the prompt")
            start = len(buf)
            t0 = time.monotonic()
            try:
                proc.stdin.write(b"bench\n")
                proc.stdin.flush()
            except OSError as e:
                raise BootError("cannot write to QEMU: %s" % e, buf[-300:])
            buf = read_until(proc, fd, buf,
                             lambda b: DONE.search(b, start) is not None,
                             t0 + bench_timeout, "'bench: done'")
            results, cpus = parse(buf[start:])
            return results, cpus, time.monotonic() - t0
        except BootError as e:
            err.seek(0)
            msg = err.read().decode(errors="replace").strip()
            if msg and "exited" in e.problem:
                e.problem += ": " + msg.splitlines()[0]
            raise
        finally:
            stop(proc)


def fmt(v):
    if v is None:
        return "-"
    if v >= 100:
        return "%d" % round(v)
    return "%.1f" % v


def main():
    ap = argparse.ArgumentParser(
        description="Run the kernel's 'bench' command under QEMU at several "
                    "CPU counts and tabulate the figures.")
    ap.add_argument("--kernel", type=Path, default=KERNEL,
                    help="kernel ELF (default: build/kernel.elf)")
    ap.add_argument("--smp", type=parse_smp, default=[1, 2, 4, 8],
                    help="comma-separated CPU counts (default 1,2,4,8)")
    ap.add_argument("--runs", type=positive, default=5,
                    help="boots per CPU count and host mode (default 5)")
    ap.add_argument("--boot-timeout", type=float, default=30.0,
                    help="seconds to reach the prompt (default 30)")
    ap.add_argument("--timeout", type=float, default=180.0,
                    help="seconds for the bench command (default 180)")
    ap.add_argument("--qemu", default="qemu-system-i386",
                    help="QEMU binary (default qemu-system-i386)")
    ap.add_argument("--hog", choices=("both", "off", "on"), default="both",
                    help="measure with the host quiet, with busy loops beside QEMU, "
                         "or both (default both)")
    ap.add_argument("--hogs", type=positive, default=os.cpu_count() or 1,
                    help="busy-loop processes for the busy host (default: one per "
                         "host CPU, %(default)s)")
    ap.add_argument("--accel",
                    help="pass -accel ACCEL (default: QEMU's own, i.e. tcg)")
    args = ap.parse_args()

    qver = qemu_version(args.qemu)
    if qver is None:
        print("smp.py: cannot run %s (try tools/setup)" % args.qemu,
              file=sys.stderr)
        return 2
    if not args.kernel.is_file():
        print("smp.py: %s not found (run make first)" % rel(args.kernel),
              file=sys.stderr)
        return 2
    extra = ["-accel", args.accel] if args.accel else []

    out = sys.stdout
    print("modlab SMP benchmark (in-kernel 'bench' command, TSC-timed)",
          file=out)
    print("machine : %s, %s" % (cpu_model(), core_count()), file=out)
    print("qemu    : %s" % qver, file=out)
    print("accel   : %s" % (args.accel or "QEMU default (tcg)"), file=out)
    print("flags   : %s" % " ".join(QEMU_FLAGS + extra), file=out)
    print("host    : load average %s at the start (1, 5, 15 min)" % loadavg(), file=out)
    print("kernel  : %s" % rel(args.kernel), file=out)
    print("runs    : %d boot(s) per CPU count, timeouts %g s to the prompt, "
          "%g s for bench" % (args.runs, args.boot_timeout, args.timeout),
          file=out)
    out.flush()

    modes = [("quiet", 0), ("hog", args.hogs)]
    if args.hog == "off":
        modes = modes[:1]
    elif args.hog == "on":
        modes = modes[1:]
    print("host    : %s" % ", ".join(
        "%s (%d busy-loop process%s)" % (m, n, "" if n == 1 else "es") for m, n in modes),
          file=out)
    out.flush()

    # per[mode][smp][name] -> list of Result, one per successful boot
    per = {}
    notes, failed = [], False
    for mode, hogs in modes:
        per[mode], ok = measure(args, extra, hogs, mode, notes)
        failed = failed or not ok

    for mode, hogs in modes:
        print(file=out)
        print("== host %s%s ==" % (mode, " (%d busy loops)" % hogs if hogs else ""),
              file=out)
        print_tables(out, args.smp, per[mode])
    print_ratios(out, args.smp, modes, per)

    notes.append("host load average at the end: %s" % loadavg())
    if notes:
        print(file=out)
        print("notes:", file=out)
        for n in notes:
            print("  - " + n, file=out)
    return 1 if failed else 0


def start_hogs(n):
    """n host processes that only burn CPU; killed by stop_hogs."""
    return [subprocess.Popen([sys.executable, "-c", "while 1: pass"],
                             start_new_session=True) for _ in range(n)]


def stop_hogs(procs):
    for p in procs:
        p.kill()
    for p in procs:
        p.wait()


def measure(args, extra, hogs, mode, notes):
    """Boot args.runs times per CPU count with hogs busy loops beside QEMU;
    return ({smp: {name: [Result]}}, all went well)."""
    per = {smp: {} for smp in args.smp}
    failed = False
    progress = sys.stderr.isatty()
    procs = start_hogs(hogs)
    try:
        for smp in args.smp:
            for run in range(args.runs):
                if progress:
                    print("\r%s: smp %d, boot %d/%d " % (mode, smp, run + 1, args.runs),
                          end="", file=sys.stderr, flush=True)
                cmd = ([args.qemu] + QEMU_FLAGS + ["-smp", str(smp)] + extra
                       + ["-kernel", str(args.kernel)])
                try:
                    results, cpus, secs = run_once(cmd, args.boot_timeout,
                                                   args.timeout)
                except BootError as e:
                    failed = True
                    notes.append("%s smp %d boot %d: %s" % (mode, smp, run + 1, e.problem))
                    tail = e.tail.decode(errors="replace").replace("\r", "")
                    tail = [l for l in tail.strip().splitlines() if l.strip()][-4:]
                    if tail:
                        notes.append("%s smp %d boot %d: last output: %s"
                                     % (mode, smp, run + 1, " | ".join(tail)))
                    continue
                if cpus != smp:
                    notes.append("%s smp %d boot %d: kernel reports %s CPUs online"
                                 % (mode, smp, run + 1, cpus))
                for name, res in results.items():
                    per[smp].setdefault(name, []).append(res)
                    if res.error is not None:
                        failed = True
                        notes.append("%s smp %d boot %d: %s failed (error %s)"
                                     % (mode, smp, run + 1, name, res.error))
                if run == 0:
                    notes.append("%s smp %d: bench took %.1f s" % (mode, smp, secs))
    finally:
        stop_hogs(procs)
        if progress:
            print("\r" + " " * 40 + "\r", end="", file=sys.stderr, flush=True)
    return per, not failed


def cell(per, smp, name, kind):
    """Median of the boots' medians, smallest minimum or largest maximum."""
    vals = [r for r in per[smp].get(name, []) if r.median is not None]
    if kind == "max":
        vals = [r for r in vals if r.maximum is not None]
    if not vals:
        return None
    if kind == "median":
        return statistics.median(r.median for r in vals)
    if kind == "max":
        return max(r.maximum for r in vals)
    return min(r.minimum for r in vals)


def print_tables(out, smps, per):
    names = [n for n, _ in FIGURES]
    labels = dict(FIGURES)
    for smp in smps:
        for name in per[smp]:
            if name not in names:
                names.append(name)
                labels[name] = name

    def reps(name):
        ns = {r.n for smp in smps for r in per[smp].get(name, [])
              if r.n is not None}
        return "/".join(str(n) for n in sorted(ns)) if ns else "-"

    width = max(len(labels[n]) for n in names) if names else 10
    head = "".join("%12s" % ("smp %d" % s) for s in smps)
    for kind, title in (("median", "median ns"), ("min", "minimum ns"), ("max", "maximum ns")):
        print(file=out)
        print("%-*s%s%8s" % (width, title, head, "n"), file=out)
        for name in names:
            row = "".join("%12s" % fmt(cell(per, s, name, kind)) for s in smps)
            print("%-*s%s%8s" % (width, labels[name], row, reps(name)),
                  file=out)


def ratio(a, b):
    if a is None or not b:
        return "-"
    return "%.2f" % (a / b) if a / b < 10 else "%.1f" % (a / b)


def us(v):
    return "-" if v is None else "%.1f" % (v / 1000.0)


def print_ratios(out, smps, modes, per):
    """stop_machine (median, min/max) against the same boots' IPI round trip."""
    print(file=out)
    print("stop_machine against the IPI round trip (us; median of the boots' medians "
          "(smallest min/largest max); ratio = stop_machine median / IPI median)", file=out)
    print("%-6s %-6s %10s %26s %8s" % ("host", "smp", "IPI", "stop_machine", "ratio"),
          file=out)
    for mode, _ in modes:
        for smp in smps:
            p = per[mode]
            ipi = cell(p, smp, "ipi_roundtrip_ns", "median")
            sm = cell(p, smp, "stop_machine_ns", "median")
            smm = "%s (%s/%s)" % (us(sm), us(cell(p, smp, "stop_machine_ns", "min")),
                                 us(cell(p, smp, "stop_machine_ns", "max")))
            print("%-6s %-6s %10s %26s %8s" % (mode, smp, us(ipi), smm, ratio(sm, ipi)),
                  file=out)
    if len(modes) == 2:
        print(file=out)
        print("stop_machine median with the host busy / quiet: %s" % ", ".join(
            "smp %d %s" % (smp, ratio(cell(per["hog"], smp, "stop_machine_ns", "median"),
                                      cell(per["quiet"], smp, "stop_machine_ns", "median")))
            for smp in smps), file=out)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
