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

import os
import re
import time

from corpus import CORPUS, corpus_initrd
from qemu import Qemu, expect_eq, expect_in, expect_line, expect_not_in, fail, scaled

GUEST_DIR = "/lib/linux-modules"
CYCLES = 100        # load/unload rounds per module for the memory check


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


# ---- the module corpus: built as Linux builds external modules ----------------------

# This file's modules, one .ko each, named after their directory
# (test_linux_modules.py drives the others).
CORPUS_NAMES = sorted(n for n in os.listdir(CORPUS) if n.endswith("_example"))


def corpus():
    """The *_example modules under tests/linux-modules/, built once; returns
    (initrd archive path, module names)."""
    return corpus_initrd("linux-api-misc", CORPUS_NAMES, GUEST_DIR), CORPUS_NAMES


def _boot(smp=4, **kw):
    path, _ = corpus()
    return Qemu(smp=smp, initrd=["build/initrd.cpio", path], **kw)


def _insmod(q, name, args=""):
    out = q.run(("insmod %s/%s.ko %s" % (GUEST_DIR, name, args)).strip())
    expect_not_in(out, "ERROR", "insmod %s" % name)
    return out


def _rmmod(q, name):
    out = q.run("rmmod " + name)
    expect_not_in(out, "ERROR", "rmmod %s" % name)
    return out


def _dmesg_since(q, marker):
    """The kernel log after the line holding marker (an echo to /dev/kmsg is
    not available, so the marker is a module's own first line)."""
    log = q.run("dmesg")
    i = log.rfind(marker)
    return log[i:] if i >= 0 else log


def _memfree(q):
    """(SlabObjects, MemFree + Slab in kB) from /proc/meminfo: objects must
    match exactly; a slab may keep one more empty page (moved from MemFree
    into Slab), but no page may go missing."""
    info = q.run("cat /proc/meminfo")
    found = [re.search(r"^%s:\s+(\d+)" % k, info, re.M)
             for k in ("SlabObjects", "MemFree", "Slab")]
    if not all(found):
        fail("expected SlabObjects, MemFree and Slab lines in /proc/meminfo, saw:\n%s" % info)
    objects, free, slab = (int(m.group(1)) for m in found)
    return objects, free + slab


def test_every_corpus_module_builds_with_the_linux_style_makefile():
    _, names = corpus()
    for name in ("timer_example", "tasklet_example", "workqueue_example", "irq_share_example",
                 "mem_example", "helpers_example", "sync_example", "static_key_example"):
        expect_in(names, name, "the modules built from tests/linux-modules/")


def test_timer_example_ticks_three_times_in_softirq_not_early():
    with _boot() as q:
        q.wait_prompt()
        out = _insmod(q, "timer_example")
        expect_in(out, "timer_example: armed, pending=1", "insmod timer_example")
        m = re.search(r"wall clock (\d+) s since 1970, HZ=100", out)
        if not m or int(m.group(1)) < 1600000000:
            fail("a wall clock after 2020 from ktime_get_real_ts64, saw:\n" + out)
        q.wait_for("timer_example: tick 3 ", what="the third tick")
        log = _dmesg_since(q, "timer_example: wall clock")
        ticks = re.findall(r"timer_example: tick (\d+) at (\d+) ms, in_softirq=(\d)", log)
        expect_eq([t[0] for t in ticks], ["1", "2", "3"], "the ticks in the log")
        # A timer 5 ticks ahead fires at the 5th tick boundary: at least 4
        # whole ticks (40 ms) later, as in Linux.
        for n, ms, softirq in ticks:
            if int(ms) < 50 * int(n) - 10:
                fail("tick %s not before %d ms, saw it at %s ms" % (n, 50 * int(n) - 10, ms))
            expect_eq(softirq, "1", "in_softirq() in tick %s" % n)
        expect_in(_rmmod(q, "timer_example"),
                  "timer_example: removed after 3 ticks (far timer was pending: 1)", "rmmod")
        expect_not_in(q.run("dmesg"), "far timer fired", "the log")


def test_tasklet_example_runs_its_tasklets_inside_init():
    with _boot() as q:
        q.wait_prompt()
        out = _insmod(q, "tasklet_example")
        lines = [l for l in out.splitlines() if "tasklet_example:" in l]
        order = [re.sub(r"^.*tasklet_example: ", "", l) for l in lines]
        expect_eq(order[0], "init", "the first line of tasklet_example")
        expect_eq(order[-1], "init continues, events=1", "the last line of its init")
        expect_in(order, "old-style tasklet starts (data 0)", "tasklet_example's init")
        expect_in(order, "old-style tasklet ends", "tasklet_example's init")
        expect_in(order, "new-style tasklet ran, events=1, in_softirq=1",
                  "tasklet_example's init (two hi-schedules before it ran: one run)")
        expect_in(_rmmod(q, "tasklet_example"), "tasklet_example: exit", "rmmod")


def test_workqueue_example_runs_work_and_delayed_rounds_then_cancels():
    with _boot() as q:
        q.wait_prompt()
        out = _insmod(q, "workqueue_example")
        expect_in(out, "workqueue_example: work ran with value 42, in_task=1", "insmod")
        expect_in(q.run("ps"), "wq_example", "the ordered queue's worker")
        q.wait_for("all 3 rounds done", what="the delayed rounds")
        expect_in(_rmmod(q, "workqueue_example"),
                  "workqueue_example: unloaded after 3 rounds (cancelled a pending one: 0)",
                  "rmmod")
        expect_not_in(q.run("ps"), "wq_example", "ps after destroy_workqueue")
    # Unloaded in the middle of its rounds: the rounds stop. (quiet: its
    # messages every 20 ms would cut into the commands' echo.)
    with _boot(extra=("-append", "quiet")) as q:
        q.wait_prompt()
        _insmod(q, "workqueue_example", "rounds=1000")
        # Until a round has run (the log says so), then unload.
        deadline = time.monotonic() + scaled(10)
        while "workqueue_example: delayed round 1" not in q.run("dmesg"):
            if time.monotonic() > deadline:
                fail("no delayed round in the log within 10 s of the load")
        _rmmod(q, "workqueue_example")
        log = q.run("dmesg")
        m = re.search(r"workqueue_example: unloaded after (\d+) rounds", log)
        if not m or not 1 <= int(m.group(1)) < 1000:
            fail("rmmod in the middle of the rounds to stop them, saw:\n" + log)
        q.run("cat /proc/meminfo")
        expect_eq(q.run("dmesg"), log, "the log after the unload (no round after it)")


def test_irq_share_example_shares_the_keyboard_line_and_typing_still_works():
    with _boot(monitor=True) as q:
        q.wait_prompt()
        out = _insmod(q, "irq_share_example")
        expect_in(out, "irq_share_example: unshared request returned -16",
                  "a request without IRQF_SHARED refused with -EBUSY")
        expect_in(out, "irq_share_example: listening on IRQ 1", "insmod")
        q.type_keys("echo typed\n")
        q.wait_for("\ntyped\n", what="the typed command's output: the keyboard still works")
        q.wait_prompt()
        out = _rmmod(q, "irq_share_example")
        m = re.search(r"irq_share_example: irq_share_example saw (\d+) interrupts on IRQ 1", out)
        if not m:
            fail("rmmod to report the interrupts seen, saw:\n" + out)
        # 11 keys, each a press and a release; the last key's release may
        # come after the rmmod, so count at least one interrupt per key.
        if int(m.group(1)) < 11:
            fail("at least 11 interrupts for 11 keys, saw %s" % m.group(1))
        q.type_keys("echo again\n")
        q.wait_for("\nagain\n", what="typing after free_irq")


def test_corpus_modules_load_and_unload_100_times_without_leaking():
    # Shorter runs of the two that spend their time on purpose.
    args = {"tasklet_example": "spin_ms=0", "sync_example": "items=8"}
    # quiet: messages from timers and work items would cut into the echo.
    with _boot(timeout=60, extra=("-append", "quiet")) as q:
        q.wait_prompt()
        _, names = corpus()
        for name in names:
            # One round first: caches a module's first load fills stay.
            _insmod(q, name, args.get(name, ""))
            _rmmod(q, name)
            before = _memfree(q)
            for _ in range(CYCLES):
                _insmod(q, name, args.get(name, ""))
                _rmmod(q, name)
            after = _memfree(q)
            if after != before:
                fail("(SlabObjects, MemFree + Slab kB) unchanged after %d loads and unloads "
                     "of %s: %s before, %s after" % (CYCLES, name, before, after))
        expect_not_in(q.run("dmesg"), "WARNING", "the log after the load/unload rounds")


def test_mem_example_gets_pages_vmalloc_caches_and_helpers_right():
    with _boot() as q:
        q.wait_prompt()
        out = _insmod(q, "mem_example")
        expect_not_in(out, "FAILED", "insmod mem_example")
        m = re.search(r"mem_example: (\d+) checks passed, 0 failed", out)
        if not m or int(m.group(1)) < 30:
            fail("mem_example to pass its 30-odd checks, saw:\n" + out)
        for part in ("vmalloc", "pages", "slab cache", "helpers"):
            expect_in(out, "mem_example: %s ok" % part, "insmod mem_example")
        _rmmod(q, "mem_example")


def test_vfree_of_a_kmalloc_pointer_is_refused_and_the_kernel_stays_up():
    with _boot() as q:
        q.wait_prompt()
        out = _insmod(q, "mem_example", "bad_vfree=1")
        expect_in(out, "BUG: vfree: a pointer vmalloc never returned:", "the refused vfree")
        expect_in(out, "0 failed", "the module's checks")
        _rmmod(q, "mem_example")
        expect_in(q.run("echo still up"), "still up", "the shell after the bad vfree")
        # The kmalloc'd block was still freed by kfree: nothing leaked.
        expect_not_in(q.run("dmesg"), "kfree", "the log (kfree of the block after the refused vfree)")


# ---- semaphores and rw-semaphores ---------------------------------------------------

def test_semaphore_never_admits_more_than_its_count():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        _selftest(q, "semaphore", timeout=240)


def test_rwsem_writers_exclude_everyone_and_the_counter_is_exact():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        _selftest(q, "rwsem", timeout=240)


# ---- helpers, locks in a module, static keys ---------------------------------------

def test_helpers_example_parses_sorts_hashes_and_limits_its_messages():
    with _boot() as q:
        q.wait_prompt()
        out = _insmod(q, "helpers_example")
        expect_in(out, "helpers_example: Linux 6.1.0-modlab on i686, uid 0, level 1", "insmod")
        lines = [l.split("helpers_example: ", 1)[1] for l in out.splitlines()
                 if "helpers_example: " in l]
        i = lines.index("gamma = -12")
        expect_eq(lines[i:i + 3], ["gamma = -12", "alpha = 3", "beta = 31"],
                  "the records, sorted by value")
        expect_line("\n".join(lines), "3 records, 31 found by hash, BIT(4)=16 GENMASK(7,4)=0xf0",
                    "insmod")
        # As Linux prints it: the text from column 49 of the row.
        row1 = "41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50".ljust(49) + "ABCDEFGHIJKLMNOP"
        row2 = "51 52 53 54".ljust(49) + "QRST"
        expect_line("\n".join(lines), "00000000: " + row1, "the hex dump's first line")
        expect_line("\n".join(lines), "00000010: " + row2, "the hex dump's second line")
        expect_eq(len([l for l in lines if l.startswith("once only")]), 1, "pr_info_once lines")
        expect_eq(len([l for l in lines if l.startswith("ratelimited")]), 10,
                  "pr_info_ratelimited lines out of 30 (burst 10)")
        m = re.search(r"min_t -3, clamp 10, random below 10: (\d+)", out)
        if not m or int(m.group(1)) >= 10:
            fail("min_t, clamp and a random number below 10, saw:\n" + out)
        expect_line("\n".join(lines), "1 records left", "after removing the odd values")
        _rmmod(q, "helpers_example")
        out = _insmod(q, "helpers_example", "config=one=1,two level=7")
        expect_in(out, "level 7", "insmod with level=7")
        _rmmod(q, "helpers_example")
        # module_param_cb's set refuses 9; module_param_string refuses a long value.
        out = q.run("insmod %s/helpers_example.ko level=9" % GUEST_DIR)
        expect_in(out, "insmod: ERROR", "insmod with level=9")
        out = q.run("insmod %s/helpers_example.ko config=%s" % (GUEST_DIR, "x" * 80))
        expect_in(out, "string parameter too long", "insmod with a long config")
        expect_not_in(q.run("lsmod"), "helpers_example", "lsmod after the refused loads")


def test_sync_example_hands_every_item_over_and_frees_it():
    with _boot() as q:
        q.wait_prompt()
        out = _insmod(q, "sync_example")
        expect_in(out, "sync_example: started 3 consumers, down_trylock of the closed gate gives 1",
                  "insmod")
        out = _rmmod(q, "sync_example")
        expect_in(out, "sync_example: produced 200, consumed 200, freed 200, users 1", "rmmod")
        expect_not_in(q.run("dmesg"), "refcount_t", "the log")


def test_static_key_example_switches_its_branches():
    with _boot() as q:
        q.wait_prompt()
        out = _insmod(q, "static_key_example")
        expect_in(out, "static_key_example: hot_path(1) = 2", "insmod")
        expect_in(out, "static_key_example: checks off, hot_path(1) = 2", "insmod")
        expect_in(out, "after inc, inc, dec: 1; slow path: hot_path(1) = 1003", "insmod")
        _rmmod(q, "static_key_example")
        out = _insmod(q, "static_key_example", "checks=1")
        expect_in(out, "static_key_example: checks on, hot_path(1) = 1002", "insmod checks=1")
        _rmmod(q, "static_key_example")

