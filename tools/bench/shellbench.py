"""Shared parts of the shell benchmarks: a guest at its shell prompt, the
insmod+rmmod measurement, the host's state, and the table format.

A pair is two lines typed at a guest's shell, `insmod FILE` and then
`rmmod NAME`; its figure is the host's round trip for both (from writing
the first line to the prompt after the second) minus the round trip of
one `echo` line: the median of the batch of echo lines typed just before
in the same boot. The echo takes out
what every line costs whatever it does: the host's pipe, QEMU's serial
port, the guest's echo of the typed characters and its prompt.

The host CPU time that QEMU spends per pair is read from /proc/PID/stat
(utime + stime of the QEMU process, all its threads) across a batch of N
pairs, minus the same across a batch of N echo lines, divided by N. The
kernel counts that time in clock ticks (10 ms here), so a batch must be
long enough for the tick not to matter: the table says N.

Every figure is a median over samples with the min and max beside it.
The same code measures modlab (tools/bench/shell.py) and Linux
(tools/bench/linux.py), so their figures are comparable.

Standard library only.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from modules import Boot, loadavg  # noqa: E402
from smp import BootError  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- the host

def qemu_cpu_seconds(pid):
    """utime + stime of process pid (all its threads), in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        stat = f.read()
    # The command name (field 2) may hold spaces: count from its ')'.
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


class Hog:
    """busy host processes (a tight loop each), started and killed here,
    to show what a loaded host does to the figures."""

    def __init__(self, count):
        self.procs = []
        try:
            for _ in range(count):
                self.procs.append(subprocess.Popen(
                    [sys.executable, "-c", "while True: pass"],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL))
        except OSError:
            self.stop()
            raise

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
            p.wait()
        self.procs = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False


# ---------------------------------------------------------------- one guest

class Pairs:
    """What one boot measured: wall seconds per pair (minus its echo), per
    echo line, and CPU seconds per pair (minus the echo batch)."""

    def __init__(self):
        self.wall = []
        self.echo = []
        self.cpu = []

    def extend(self, other):
        self.wall += other.wall
        self.echo += other.echo
        self.cpu += other.cpu


def measure_pairs(boot, insmod, rmmod, batches, per_batch, warmup, timeout=60.0):
    """Run the pair measurement in a booted guest (a modules.Boot). insmod
    and rmmod are the two lines; either one's output must not look like an
    error. Returns Pairs."""
    res = Pairs()

    def pair():
        _, t1 = check(insmod)
        _, t2 = check(rmmod)
        return t1 + t2

    def check(line):
        out, secs = boot.run(line, timeout)
        if any(s in out for s in ("ERROR", "can't", "No such file", "not found")):
            raise BootError("%r failed: %s" % (line, out.strip()[:200]))
        return out, secs

    for _ in range(warmup):
        check("echo x")
        pair()
    for _ in range(batches):
        c0 = qemu_cpu_seconds(boot.proc.pid)
        echoes = [check("echo x")[1] for _ in range(per_batch)]
        c1 = qemu_cpu_seconds(boot.proc.pid)
        pairs = [pair() for _ in range(per_batch)]
        c2 = qemu_cpu_seconds(boot.proc.pid)
        res.echo += echoes
        echo = statistics.median(echoes)
        res.wall += [p - echo for p in pairs]
        res.cpu.append(((c2 - c1) - (c1 - c0)) / per_batch)
    return res


def boot_guest(cmd, boot_timeout):
    """A modules.Boot at its prompt, and the seconds it took to get there."""
    t0 = time.perf_counter()
    boot = Boot(cmd, boot_timeout)
    return boot, time.perf_counter() - t0


# ---------------------------------------------------------------- figures

class Stat:
    def __init__(self, values):
        self.n = len(values)
        self.median = statistics.median(values) if values else None
        self.min = min(values) if values else None
        self.max = max(values) if values else None


def ms(stat, digits=1):
    """'median (min-max)' in milliseconds."""
    if stat is None or stat.median is None:
        return "-"
    f = "%%.%df" % digits
    return (f + " (" + f + "-" + f + ")") % (stat.median * 1e3, stat.min * 1e3,
                                             stat.max * 1e3)


def ratio(a, b):
    """a / b of two Stats' medians, or None."""
    if a is None or b is None or a.median is None or not b.median:
        return None
    return a.median / b.median


def against_goal(r, goal):
    """'1.62x (goal 1.5x: 8% over)', '4.00x (goal 1.5x: 2.7 times it)' or
    '1.21x (goal 1.5x: met)'."""
    if r is None:
        return "-"
    text = "%.2fx" % r
    if goal is None:
        return text
    if r <= goal:
        return text + " (goal %gx: met)" % goal
    if r >= 2 * goal:
        return text + " (goal %gx: %.1f times it)" % (goal, r / goal)
    return text + " (goal %gx: %.0f%% over)" % (goal, (r / goal - 1) * 100)


def table(out, title, cols, rows):
    """rows: [(label, [text per column])]; a row with no cells is a heading."""
    lw = max([len(title)] + [len(r[0]) for r in rows])
    cw = max([len(c) for c in cols] + [len(x) for r in rows for x in r[1]]) + 2
    print(file=out)
    print("%-*s%s" % (lw, title, "".join("%*s" % (cw, c) for c in cols)), file=out)
    for label, cells in rows:
        print("%-*s%s" % (lw, label, "".join("%*s" % (cw, c) for c in cells)), file=out)


def host_lines(out, qver, extra_flags, runs_text):
    """The header every table has: machine, QEMU, host load, runs."""
    from boot import core_count, cpu_model
    print("machine : %s, %s" % (cpu_model(), core_count()), file=out)
    print("qemu    : %s (%s)" % (qver, " ".join(extra_flags) or "tcg"), file=out)
    print("host    : load average %s at the start (1, 5, 15 min)" % loadavg(), file=out)
    print("runs    : %s" % runs_text, file=out)
