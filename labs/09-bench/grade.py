"""Grader of the bench lab (labs/09-bench/handout.md says what each test
checks). Correctness verdicts come from the kernel's `selftest labref`
(tests/kernel/selftest_labref.c), which the student did not write, and from
the host: the exact counts it must print are recomputed here from the seed
(the same xorshift32 steps the kernel's threads take). The benchmark test
runs labs/09-bench/measure.py and checks that it produced every figure
(medians with min and max, ratios), not what the figures are."""

import os
import re
import subprocess
import sys

from gradelib import points
from qemu import ROOT, expect_eq, expect_line, fail, scaled

MASK = 0xffffffff


def lr_next(x):
    x ^= (x << 13) & MASK
    x ^= x >> 17
    x ^= (x << 5) & MASK
    return x


def model(seed, threads, rounds, ops):
    """The references the kernel's threads hold in all after each round."""
    state = []
    for i in range(threads):
        x = (seed * 2654435761 + (i + 1) * 40503) & MASK
        state.append([x or 1, 0])
    totals = []
    for _ in range(rounds):
        for t in state:
            x, held = t
            for _ in range(ops):
                x = lr_next(x)
                if x % 3 != 2:
                    held += 1
                elif held:
                    held -= 1
            t[0], t[1] = x, held
        totals.append(sum(t[1] for t in state))
    return totals


def selftest(q, args, timeout=120):
    out = q.run("selftest labref " + args, timeout=scaled(timeout))
    if not re.search(r"^selftest labref: (PASS|FAIL)", out, re.M):
        fail("'selftest labref %s': expected a verdict line, saw:\n%s" % (args, out))
    return out


def line(out, pattern, what):
    m = re.search(pattern, out, re.M)
    if not m:
        fail("%s: expected a line matching %r; the self test said:\n%s" % (what, pattern, out))
    return m


@points(40)
def test_exact_counts(lab):
    # -smp 2, a thread a CPU: every round's total checked against the
    # host's model of the threads' steps.
    seed, rounds, ops = lab.rand_int(1, 1 << 31), lab.rand_int(3, 5), lab.rand_int(10000, 30000)
    with lab.boot(smp=2) as q:
        q.wait_prompt()
        out = selftest(q, "%d %d %d 1 1" % (seed, rounds, ops))
    for r, total in enumerate(model(seed, 2, rounds, ops)):
        m = line(out, r"^labref: round %d expected=(-?\d+) count=(-?\d+)$" % (r + 1),
                 "round %d at -smp 2" % (r + 1))
        expect_eq(int(m.group(1)), total, "references the threads hold after round %d"
                  " (seed %d, %d steps, -smp 2; the host's model)" % (r + 1, seed, ops))
        expect_eq(int(m.group(2)), total, "labref_count() after round %d at -smp 2" % (r + 1))
    # -smp 4, two threads a CPU, long rounds: CPUs that really run at once
    # and threads preempted in the middle of a get or put. Too many steps
    # for the host to follow: the totals are the threads' own tallies.
    seed, ops = lab.rand_int(1, 1 << 31), lab.rand_int(150000, 250000)
    with lab.boot(smp=4) as q:
        q.wait_prompt()
        out = selftest(q, "%d 3 %d 1 2" % (seed, ops), timeout=300)
    for r in range(3):
        m = line(out, r"^labref: round %d expected=(-?\d+) count=(-?\d+)$" % (r + 1),
                 "round %d at -smp 4" % (r + 1))
        expect_eq(int(m.group(2)), int(m.group(1)), "labref_count() after round %d of %d steps"
                  " on each of 8 threads at -smp 4 (the threads' own tally)" % (r + 1, ops))


@points(40)
def test_release(lab):
    seed, ops, races = lab.rand_int(1, 1 << 31), lab.rand_int(1000, 5000), lab.rand_int(10, 20)
    with lab.boot() as q:
        q.wait_prompt()
        out = selftest(q, "%d 1 %d %d 1" % (seed, ops, races))
    held = model(seed, 4, 1, ops)[0]
    expect_line(out, "labref: held=%d try_release=0 count=%d" % (held, held),
                "try_release with %d references held (refused, count unchanged)" % held)
    expect_line(out, "labref: all put count=0", "the count once every reference was put")
    expect_line(out, "labref: at zero try_release=1", "try_release with no reference held")
    line(out, r"^labref: after release 0 of \d+ gets succeeded$",
         "gets on every CPU after the release (all must fail)")
    expect_line(out, "labref: unreleased get=1 count=0", "a get and the count after unrelease")
    expect_line(out, "labref: races=%d released=%d violations=0" % (races, races),
                "%d releases racing gets and puts on the other CPUs (each must succeed once"
                " nothing is held, and then no thread may hold a reference)" % races)
    expect_line(out, "selftest labref: PASS", "the self test's verdict")


@points(20)
def test_benchmark(lab):
    """measure.py --quick runs with the lab's scheme and reports every
    figure; the values are not judged."""
    report = os.path.join(lab.out, "report.md")
    if os.path.exists(report):
        os.unlink(report)
    try:
        p = subprocess.run([sys.executable, os.path.join(lab.dir, "measure.py"), "--quick",
                            "--out", report], cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=scaled(300))
    except subprocess.TimeoutExpired:
        fail("measure.py --quick did not finish within %d s" % scaled(300))
    if p.returncode or not os.path.exists(report):
        fail("measure.py --quick: expected exit 0 and %s; it exited %d and said:\n%s"
             % (os.path.relpath(report, ROOT), p.returncode, p.stdout))
    with open(report) as f:
        text = f.read()
    num = r"\d+(?:\.\d+)?"
    for scheme in ("percpu", "atomic", "spin", "lab"):
        rows = re.findall(r"^\| %s \| %s \(%s - %s\) \|$" % (scheme, num, num, num), text, re.M)
        if len(rows) != 2:
            fail("report: expected a row 'median (min - max)' for %s in both tables, saw %d;"
                 " the report:\n%s" % (scheme, len(rows), text))
    for kind in ("pair_ns", "unload_ns"):
        for other in ("percpu", "atomic"):
            line(text, r"^\| %s: lab / %s \| %s(?:e[-+]\d+)?x \|$" % (kind, other, num),
                 "report: the ratio %s lab / %s" % (kind, other))
    line(text, r"^- machine: .+", "report: the machine it ran on")
    line(text, r"^- runs: 2 ", "report: the number of runs")
