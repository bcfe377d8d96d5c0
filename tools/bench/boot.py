#!/usr/bin/env python3
"""Boot-time benchmark for modlab under QEMU.

For each case, measures the wall time from starting the QEMU process until
a marker shows up on the serial port (QEMU's stdout):

  floor   tools/bench/floor: a multiboot kernel that only prints "floor: up"
          and exits; this is the lower bound of a boot here.
  kernel  build/kernel.elf with the default initrd (build/initrd.cpio, what
          a user boots): the shell prompt "# " after the line that contains
          "shell ready".
  iso     (with --iso) the same marker, booting the ISO through GRUB.

Each case runs at every -smp value, --runs times, interleaved round by round
so slow drift on the host affects all cases alike. QEMU is killed after each
run, and no run lasts longer than --timeout seconds. The kernel's median
over the floor's at each -smp value is printed against the goal for it
(GOALS), and how far it is from it.

Standard library only.
"""

import argparse
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOOR_SRC = ROOT / "tools" / "bench" / "floor"
FLOOR_OUT = ROOT / "build" / "bench" / "floor.elf"
KERNEL = ROOT / "build" / "kernel.elf"
INITRD = ROOT / "build" / "initrd.cpio"
# Boot to the prompt with the default initrd over the floor kernel's boot,
# per -smp value: what modlab aims at.
GOALS = {1: 1.3, 4: 1.5, 16: 2.0}

QEMU_FLAGS = [
    "-display", "none",
    "-serial", "stdio",
    "-monitor", "none",
    "-no-reboot",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
    "-m", "256",
]


# ---------------------------------------------------------------- markers

def floor_marker(buf):
    return b"floor: up" in buf


def shell_marker(buf):
    """True once "# " follows the end of the line containing "shell ready"."""
    i = buf.find(b"shell ready")
    if i < 0:
        return False
    eol = buf.find(b"\n", i)
    return eol >= 0 and buf.find(b"# ", eol + 1) >= 0


# ---------------------------------------------------------------- one run

class Outcome:
    def __init__(self, seconds=None, problem=None, tail=b""):
        self.seconds = seconds      # elapsed time, if the marker was seen
        self.problem = problem      # "timeout" / "exited ..." otherwise
        self.tail = tail            # last output, for the report


def run_once(cmd, marker, timeout):
    """Start QEMU, wait for the marker on its stdout, then kill it."""
    buf = b""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=err,
                                start_new_session=True)
        try:
            fd = proc.stdout.fileno()
            deadline = t0 + timeout
            while True:
                left = deadline - time.perf_counter()
                if left <= 0:
                    return Outcome(problem="timeout", tail=buf[-200:])
                ready, _, _ = select.select([fd], [], [], left)
                if not ready:
                    continue
                chunk = os.read(fd, 65536)
                now = time.perf_counter()
                if not chunk:
                    status = proc.wait(timeout=5)
                    err.seek(0)
                    msg = err.read().decode(errors="replace").strip()
                    problem = "QEMU exited (status %d) before the marker" % status
                    if msg:
                        problem += ": " + msg.splitlines()[0]
                    return Outcome(problem=problem, tail=buf[-200:])
                buf += chunk
                if marker(buf):
                    return Outcome(seconds=now - t0)
        finally:
            stop(proc)


def stop(proc):
    if proc.poll() is None:
        try:
            proc.kill()
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        print("warning: QEMU pid %d did not die" % proc.pid, file=sys.stderr)
    for f in (proc.stdin, proc.stdout):
        try:
            f.close()
        except OSError:
            pass


# ---------------------------------------------------------------- cases

class Case:
    def __init__(self, name, smp, boot_args, marker):
        self.name = name
        self.smp = smp
        self.boot_args = boot_args
        self.marker = marker
        self.times = []
        self.problems = {}          # problem text -> count
        self.first_tail = None

    def command(self, qemu, extra):
        return ([qemu] + QEMU_FLAGS + ["-smp", str(self.smp)]
                + extra + self.boot_args)

    def record(self, out):
        if out.seconds is not None:
            self.times.append(out.seconds)
            return
        self.problems[out.problem] = self.problems.get(out.problem, 0) + 1
        if self.first_tail is None:
            self.first_tail = out.tail

    @property
    def median(self):
        return statistics.median(self.times) if self.times else None


# ---------------------------------------------------------------- helpers

def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def rel(path):
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def core_count():
    n = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = n
    return "%d cores" % n if usable == n else "%d cores (%d usable)" % (n, usable)


def qemu_version(qemu):
    try:
        out = subprocess.run([qemu, "--version"], capture_output=True,
                             text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.splitlines()[0].strip() if out.strip() else None


def elf_loaded_size(path):
    """Sum of p_memsz over PT_LOAD segments, or None if not an ELF file."""
    try:
        with open(path, "rb") as f:
            ident = f.read(16)
            if len(ident) < 16 or ident[:4] != b"\x7fELF":
                return None
            cls, endian = ident[4], "<" if ident[5] == 1 else ">"
            if cls == 1:        # ELF32
                f.seek(28)
                (phoff,) = struct.unpack(endian + "I", f.read(4))
                f.seek(42)
                phentsize, phnum = struct.unpack(endian + "HH", f.read(4))
                fmt, memsz_at = endian + "I", 20
            elif cls == 2:      # ELF64
                f.seek(32)
                (phoff,) = struct.unpack(endian + "Q", f.read(8))
                f.seek(54)
                phentsize, phnum = struct.unpack(endian + "HH", f.read(4))
                fmt, memsz_at = endian + "Q", 40
            else:
                return None
            total = 0
            for i in range(phnum):
                f.seek(phoff + i * phentsize)
                ph = f.read(phentsize)
                (p_type,) = struct.unpack(endian + "I", ph[:4])
                if p_type == 1:     # PT_LOAD
                    (memsz,) = struct.unpack_from(fmt, ph, memsz_at)
                    total += memsz
            return total
    except (OSError, struct.error):
        return None


def fmt_bytes(n):
    if n is None:
        return "?"
    if n >= 1024 * 1024:
        return "%d B (%.2f MiB)" % (n, n / 1048576)
    if n >= 1024:
        return "%d B (%.1f KiB)" % (n, n / 1024)
    return "%d B" % n


def ensure_floor(notes):
    """Build build/bench/floor.elf if it is missing or older than its source."""
    sources = [p for p in FLOOR_SRC.iterdir() if p.is_file()]
    if FLOOR_OUT.exists():
        built = FLOOR_OUT.stat().st_mtime
        if all(p.stat().st_mtime <= built for p in sources):
            return FLOOR_OUT
    try:
        r = subprocess.run([str(FLOOR_SRC / "build"), str(FLOOR_OUT)],
                           capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        notes.append("floor kernel build failed (%s); floor rows skipped" % e)
        return None
    if r.returncode != 0:
        msg = (r.stderr or r.stdout).strip().splitlines()
        notes.append("floor kernel build failed%s; floor rows skipped"
                     % (": " + msg[-1] if msg else ""))
        return None
    return FLOOR_OUT


def parse_smp(text):
    try:
        vals = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        vals = []
    if not vals or any(v < 1 for v in vals):
        raise argparse.ArgumentTypeError("expected a list like 1,4")
    return list(dict.fromkeys(vals))


def positive(text):
    v = int(text)
    if v < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return v


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(
        description="Measure modlab boot time under QEMU against a "
                    "minimal multiboot kernel.")
    ap.add_argument("--kernel", type=Path, default=KERNEL,
                    help="kernel ELF (default: build/kernel.elf)")
    ap.add_argument("--initrd", type=Path, default=INITRD,
                    help="the kernel's initrd (default: build/initrd.cpio)")
    ap.add_argument("--floor", type=Path,
                    help="floor kernel ELF (default: build it into "
                         "build/bench/floor.elf)")
    ap.add_argument("--iso", type=Path, help="also boot this ISO image")
    ap.add_argument("--runs", type=positive, default=11,
                    help="timed runs per case (default 11)")
    ap.add_argument("--warmup", type=int, default=1,
                    help="untimed rounds before measuring (default 1)")
    ap.add_argument("--smp", type=parse_smp, default=[1, 4, 16],
                    help="comma-separated CPU counts (default 1,4,16)")
    ap.add_argument("--timeout", type=float, default=30.0,
                    help="seconds before a run counts as hung (default 30)")
    ap.add_argument("--qemu", default="qemu-system-i386",
                    help="QEMU binary (default qemu-system-i386)")
    ap.add_argument("--accel",
                    help="pass -accel ACCEL (default: QEMU's own, i.e. tcg)")
    args = ap.parse_args()

    qver = qemu_version(args.qemu)
    if qver is None:
        print("boot.py: cannot run %s (try tools/setup)" % args.qemu,
              file=sys.stderr)
        return 2
    extra = ["-accel", args.accel] if args.accel else []

    notes = []
    floor = args.floor if args.floor else ensure_floor(notes)
    if floor is not None and not floor.is_file():
        notes.append("%s not found; floor rows skipped" % rel(floor))
        floor = None
    kernel = args.kernel
    if not kernel.is_file():
        notes.append("%s not found; kernel rows skipped (run make first)"
                     % rel(kernel))
        kernel = None
    initrd = args.initrd
    if kernel and not initrd.is_file():
        notes.append("%s not found; kernel rows skipped (run make first)" % rel(initrd))
        kernel = None
    iso = args.iso
    if iso is not None and not iso.is_file():
        notes.append("%s not found; iso rows skipped" % rel(iso))
        iso = None

    cases = []
    for smp in args.smp:
        if floor:
            cases.append(Case("floor", smp, ["-kernel", str(floor)],
                              floor_marker))
        if kernel:
            cases.append(Case("kernel", smp, ["-kernel", str(kernel),
                                              "-initrd", str(initrd)],
                              shell_marker))
        if iso:
            cases.append(Case("iso", smp, ["-boot", "d", "-cdrom", str(iso)],
                              shell_marker))

    out = sys.stdout
    print("modlab boot benchmark", file=out)
    print("machine : %s, %s" % (cpu_model(), core_count()), file=out)
    print("qemu    : %s" % qver, file=out)
    print("accel   : %s" % (args.accel or "QEMU default (tcg)"), file=out)
    print("flags   : %s" % " ".join(QEMU_FLAGS + extra), file=out)
    print("host    : load average %s at the start (1, 5, 15 min)" % loadavg(), file=out)
    print("runs    : %d per case, %d warm-up round(s), timeout %g s"
          % (args.runs, args.warmup, args.timeout), file=out)
    for label, path in (("floor", floor), ("kernel", kernel), ("initrd", kernel and initrd),
                        ("iso", iso)):
        if path is None:
            continue
        size = path.stat().st_size
        line = "%-7s : %s  file %s" % (label, rel(path), fmt_bytes(size))
        if label in ("floor", "kernel"):
            line += ", loaded %s" % fmt_bytes(elf_loaded_size(path))
        print(line, file=out)
    out.flush()

    progress = sys.stderr.isatty()
    if cases:
        for rnd in range(args.warmup + args.runs):
            for case in cases:
                res = run_once(case.command(args.qemu, extra), case.marker,
                               args.timeout)
                if rnd >= args.warmup:
                    case.record(res)
            if progress:
                print("\rround %d/%d" % (rnd + 1, args.warmup + args.runs),
                      end="", file=sys.stderr, flush=True)
        if progress:
            print("\r" + " " * 20 + "\r", end="", file=sys.stderr,
                  flush=True)

    print(file=out)
    print("%-8s %4s %7s %10s %10s %10s" % ("case", "smp", "ok", "median ms",
                                           "min ms", "max ms"), file=out)
    for case in cases:
        ok = "%d/%d" % (len(case.times), args.runs)
        if case.times:
            print("%-8s %4d %7s %10.1f %10.1f %10.1f"
                  % (case.name, case.smp, ok, case.median * 1e3,
                     min(case.times) * 1e3, max(case.times) * 1e3), file=out)
        else:
            print("%-8s %4d %7s %10s %10s %10s"
                  % (case.name, case.smp, ok, "-", "-", "-"), file=out)
    if not cases:
        print("(nothing to run)", file=out)

    ratios = []
    for smp in args.smp:
        by = {c.name: c for c in cases if c.smp == smp}
        base = by.get("floor")
        parts = []
        for name in ("kernel", "iso"):
            c = by.get(name)
            if base and c and base.median and c.median:
                r = c.median / base.median
                text = "%s %.2fx" % (name, r)
                goal = GOALS.get(smp) if name == "kernel" else None
                if goal and r <= goal:
                    text += " (goal %gx: met)" % goal
                elif goal:
                    text += " (goal %gx: %.0f%% over; %.0f ms to go)" % (
                        goal, (r / goal - 1) * 100, (c.median - goal * base.median) * 1e3)
                parts.append(text)
        if parts:
            ratios.append("  smp %d: %s" % (smp, "   ".join(parts)))
    if ratios:
        print(file=out)
        print("median / floor median (kernel: with the default initrd):", file=out)
        for line in ratios:
            print(line, file=out)

    failed = False
    for case in cases:
        for problem, n in case.problems.items():
            failed = True
            what = ("timed out after %g s" % args.timeout
                    if problem == "timeout" else problem)
            notes.append("%s smp %d: %d run(s) %s" % (case.name, case.smp,
                                                      n, what))
        if case.first_tail:
            tail = case.first_tail.decode(errors="replace")
            tail = tail.replace("\r", "").strip().splitlines()[-3:]
            if tail:
                notes.append("%s smp %d: last output: %s"
                             % (case.name, case.smp, " | ".join(tail)))
    notes.append("host load average at the end: %s" % loadavg())
    if notes:
        print(file=out)
        print("notes:", file=out)
        for n in notes:
            print("  - " + n, file=out)
    return 1 if failed or not cases else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
