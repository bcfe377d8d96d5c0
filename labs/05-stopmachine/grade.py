"""Grader of the stopmachine lab (labs/05-stopmachine/handout.md says what
each test checks). Verdicts come from the kernel's own stop_machine self
test (tests/kernel/selftest_stop_machine.c), which the student did not
write, and from rmmod and lsmod read from the shell; round counts are
random from the seed."""

import re

from gradelib import points
from qemu import expect_line, expect_not_in, fail, scaled

ONE_HOST_THREAD = ("-accel", "tcg,thread=single")
HELLO = "/lib/modules/hello.ko"


def selftest(q, args, timeout=60):
    out = q.run("selftest " + args, timeout=scaled(timeout))
    if not re.search(r"^selftest stop_machine: (PASS|FAIL)", out, re.M):
        fail("selftest %s: expected a verdict line, saw:\n%s" % (args, out))
    return out


def expect_pass(q, args, timeout=60):
    out = selftest(q, args, timeout)
    expect_line(out, "selftest stop_machine: PASS", "verdict of 'selftest %s'" % args)
    return out


@points(30)
def test_two_cpus(lab):
    lab.expect_built()
    with lab.boot(smp=2) as q:
        q.wait_prompt()
        expect_pass(q, "stop_machine %d" % lab.rand_int(200, 400))


@points(40)
def test_four_cpus_and_rmmod(lab):
    lab.expect_built()
    with lab.boot(smp=4, extra=ONE_HOST_THREAD) as q:
        q.wait_prompt()
        # The control: stopping CPUs wherever they are (in the IPI handler)
        # must make the self test fail, or its PASS below proves nothing.
        # A run catches a CPU in a section by chance: up to three runs.
        for _ in range(3):
            out = selftest(q, "stop_machine 1000 --anywhere")
            if re.search(r"^selftest stop_machine: FAIL", out, re.M):
                break
        else:
            fail("'selftest stop_machine 1000 --anywhere' should FAIL (the control) in one"
                 " of three runs; the last said:\n" + out)
        rounds = lab.rand_int(100, 300)
        expect_pass(q, "stop_machine %d" % rounds)
        # rmmod unloads through stop_machine.
        out = q.run("insmod " + HELLO)
        expect_not_in(out, "ERROR", "output of 'insmod %s'" % HELLO)
        out = q.run("rmmod hello", timeout=scaled(30))
        expect_not_in(out, "ERROR", "output of 'rmmod hello' at -smp 4")
        expect_not_in(q.run("lsmod"), "hello", "lsmod after rmmod hello")


@points(30)
def test_give_up_cleanly(lab):
    lab.expect_built()
    with lab.boot(smp=4) as q:
        q.wait_prompt()
        expect_pass(q, "stop_machine %d --timeout 1" % lab.rand_int(20, 40), timeout=120)
