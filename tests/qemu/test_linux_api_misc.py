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


# ---- workqueue extras ---------------------------------------------------------------

def test_delayed_work_runs_not_early_once_and_can_be_cancelled_or_moved():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        _selftest(q, "delayed-work", timeout=60)


def test_cancel_delayed_work_sync_stops_an_item_requeueing_on_another_cpu():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        _selftest(q, "cancel-delayed-work-sync 30", timeout=120)


def test_ordered_workqueue_runs_in_order_and_destroy_runs_what_is_queued():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        _selftest(q, "ordered-workqueue", timeout=60)
