"""The Linux API families modules use beyond the basics: timers and time,
softirqs and tasklets, shared interrupts, workqueue extras, pages and
vmalloc, semaphores and rw-semaphores, and helpers.

Two kinds of test: in-kernel self tests of the SMP promises (`selftest
NAME`, tests/kernel/selftest_softirq.c and friends), and tutorial-style
modules written as for Linux (tests/linux-modules/NAME/, each with a
Linux-style Makefile), built with `make -C <tree> M=<dir> modules`,
loaded under QEMU, checked for what their source says they print, and
loaded and unloaded 100 times with MemFree checked unchanged.
"""

import re

from qemu import Qemu, expect_line, fail


def _selftest(q, args, timeout=None):
    out = q.run("selftest " + args, timeout=timeout)
    name = args.split()[0]
    if not re.search(r"^selftest \S+: (PASS|FAIL)", out, re.M):
        fail("selftest %s: expected a verdict line, saw:\n%s" % (args, out))
    expect_line(out, "selftest %s: PASS" % name, "verdict of 'selftest %s'" % args)
    return out


# ---- timers and tasklets (softirq context) ---------------------------------------

def test_timers_run_once_in_softirq_on_the_arming_cpu():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        _selftest(q, "timers", timeout=60)


def test_del_timer_sync_waits_for_a_callback_on_another_cpu():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        _selftest(q, "timer-del-sync 50", timeout=120)


def test_tasklets_run_once_per_scheduling_and_never_on_two_cpus():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        _selftest(q, "tasklets", timeout=120)


def test_tasklet_kill_stops_a_self_rescheduling_tasklet():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        _selftest(q, "tasklet-kill 50", timeout=120)
