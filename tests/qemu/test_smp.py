"""SMP behaviour of modlab under QEMU: bring-up, threads, locks, waiting,
cross-CPU calls, time, preemption, stop_machine and lock debugging.

Most tests run one in-kernel test (`selftest NAME`, tests/kernel/) and
check the verdict it prints last: "selftest NAME: PASS", or "selftest
NAME: FAIL: expected X, saw Y". Run with tools/check (e.g. `tools/check
--qemu -k stop_machine -v`).

QEMU runs a multi-CPU guest with one host thread per vCPU (multi-threaded
TCG), truly in parallel, which is what the lock tests need. The
stop_machine tests that do 1000 rounds use one host thread for all vCPUs
instead (`-accel tcg,thread=single`): their worker threads keep every CPU
busy, and with more vCPUs than host cores each round then waits for the
host to get round to every vCPU; with one thread QEMU switches vCPUs
quickly and a round takes microseconds. A shorter multi-threaded run
covers real parallelism for stop_machine too.
"""

import re

from qemu import Qemu, expect_eq, expect_in, expect_line, expect_match, fail

ONE_HOST_THREAD = ("-accel", "tcg,thread=single")


def _selftest(q, args, timeout=None):
    """Run `selftest ARGS`; return its output, whose last line is the verdict."""
    out = q.run("selftest " + args, timeout=timeout)
    if not re.search(r"^selftest \S+: (PASS|FAIL)", out, re.M):
        fail("selftest %s: expected a verdict line, saw:\n%s" % (args, out))
    return out


def _expect_pass(args, smp=4, timeout=None, extra=()):
    """Boot, run `selftest ARGS`, expect PASS; return its output."""
    name = args.split()[0]
    with Qemu(smp=smp, extra=extra) as q:
        q.wait_prompt()
        out = _selftest(q, args, timeout)
        expect_line(out, "selftest %s: PASS" % name, "verdict of 'selftest %s'" % args)
        return out


# ---- bring-up: every CPU online, ticking, running a thread of its own -----------

def _cpus_rows(out):
    """The rows of `cpus`: {cpu: (online, ticks)}."""
    rows = {}
    for m in re.finditer(r"^\s*(\d+)\s+(\d+)\s+(yes|no)\s+(\d+)\s+\d+\s+\d+\s+\S+",
                         out, re.M):
        rows[int(m.group(1))] = (m.group(3) == "yes", int(m.group(4)))
    return rows


def _boot_and_check_cpus(n):
    with Qemu(smp=n) as q:
        q.wait_prompt()
        expect_in(q.output, "smp: brought up %d CPUs" % n, "the boot log")
        out = _selftest(q, "threads")
        expect_line(out, "selftest threads: PASS", "verdict of 'selftest threads'")
        for cpu in range(n):
            expect_in(out, "st-thr/%d: 6 of 6 samples on CPU %d, kthread_stop returned %d"
                      % (cpu, cpu, 1000 + cpu), "output of 'selftest threads'")
        out = q.run("cpus")
        rows = _cpus_rows(out)
        expect_eq(sorted(rows), list(range(n)), "CPUs listed by 'cpus'")
        for cpu, (online, ticks) in sorted(rows.items()):
            if not online or ticks == 0:
                fail("'cpus': expected CPU %d online with ticks > 0, saw online=%s ticks=%d\n%s"
                     % (cpu, online, ticks, out))
        expect_line(out, "%d of %d CPUs online" % (n, n), "the last line of 'cpus'")


def test_one_cpu_comes_up_ticks_and_runs_a_bound_thread():
    _boot_and_check_cpus(1)


def test_two_cpus_come_up_tick_and_each_run_a_bound_thread():
    _boot_and_check_cpus(2)


def test_four_cpus_come_up_tick_and_each_run_a_bound_thread():
    _boot_and_check_cpus(4)


def test_eight_cpus_come_up_tick_and_each_run_a_bound_thread():
    _boot_and_check_cpus(8)


def test_sixteen_cpus_come_up_tick_and_each_run_a_bound_thread():
    _boot_and_check_cpus(16)


def test_ap_start_up_skips_the_init_delay_on_this_cpu_unless_asked_for():
    """QEMU's CPU is Intel family 6: no wait after INIT (Linux's rule); with
    cpu_init_udelay=10000 the old 10 ms is back, and all CPUs come up both ways."""
    for extra, delay in (((), 0), (("-append", "cpu_init_udelay=10000"), 10000)):
        with Qemu(smp=4, extra=extra) as q:
            q.wait_prompt()
            expect_in(q.output, "smp: %d us between INIT and start-up" % delay, "the boot log")
            expect_in(q.output, "smp: brought up 4 CPUs", "the boot log")


# ---- stress tests on four CPUs ---------------------------------------------------

def test_every_cpu_takes_timer_ticks():
    out = _expect_pass("ticks")
    for cpu in range(4):
        expect_match(out, r"^ticks: CPU %d: \+\d+$" % cpu, "output of 'selftest ticks'")


def test_spinlock_keeps_a_shared_count_exact_across_cpus():
    out = _expect_pass("spinlock")
    expect_match(out, r"^spinlock: counter (\d+), increments made \1;",
                 "output of 'selftest spinlock'")


def test_counting_without_the_lock_loses_updates_and_the_test_says_so():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        out = _selftest(q, "spinlock --unlocked")
        m = expect_match(out, r"^selftest spinlock: FAIL: counter (\d+) \(the increments made\), "
                         r"saw (\d+) \((\d+) updates lost without the lock\)$",
                         "verdict of 'selftest spinlock --unlocked'")
        made, seen, lost = (int(g) for g in m.groups())
        if lost <= 0 or made - seen != lost:
            fail("expected updates lost (made %d - seen %d > 0), saw %d" % (made, seen, lost))


def test_mutex_lets_one_thread_in_at_a_time_even_when_it_sleeps_inside():
    out = _expect_pass("mutex")
    expect_in(out, "mutex: another thread inside 0 times, owner wrong 0 times",
              "output of 'selftest mutex'")


def test_wait_queues_pass_the_turn_between_two_cpus_without_losing_a_wakeup():
    out = _expect_pass("waitqueue")
    expect_match(out, r"^waitqueue: CPU 0 and CPU 3: 500 rounds, moves 500 \+ 500, turn 1000 ",
                 "output of 'selftest waitqueue'")


def test_completions_release_all_or_one_and_time_out():
    out = _expect_pass("completion")
    expect_in(out, "completion: complete_all released 8 of 8 waiters", "output")
    expect_in(out, "completion: 4 complete() calls released 4 waiters, one each", "output")


def test_cross_cpu_calls_run_once_on_each_cpu_asked_for():
    out = _expect_pass("on_each_cpu")
    expect_in(out, "on_each_cpu: on_each_cpu(wait=1) ran once on each of 4 CPUs", "output")
    expect_in(out, "on_each_cpu: smp_call_function_single ran once on each of 4 CPUs", "output")
    expect_in(out, "on_each_cpu: smp_call_function_single(4) -> -6", "output")


def test_msleep_sleeps_at_least_as_asked_and_about_a_tick_more_on_every_cpu():
    out = _expect_pass("msleep")
    for cpu in range(4):
        expect_match(out, r"^msleep: CPU %d: 1->" % cpu, "output of 'selftest msleep'")


def test_busy_threads_are_preempted_and_preempt_disable_holds_others_off():
    out = _expect_pass("preempt")
    expect_in(out, "other thread did not run", "output of 'selftest preempt'")


# ---- stop_machine -----------------------------------------------------------------

def test_stop_machine_never_stops_a_cpu_inside_a_preempt_disabled_section():
    out = _expect_pass("stop_machine 1000", extra=ONE_HOST_THREAD)
    expect_match(out, r"^stop_machine: 1000 rounds on 4 CPUs .*CPUs caught in a section 0 ",
                 "output of 'selftest stop_machine 1000'")


def test_stop_machine_holds_with_cpus_running_in_parallel():
    out = _expect_pass("stop_machine 40")
    expect_match(out, r"^stop_machine: 40 rounds on 4 CPUs .*CPUs caught in a section 0 ",
                 "output of 'selftest stop_machine 40'")


def test_stop_machine_test_fails_when_cpus_are_stopped_anywhere():
    with Qemu(smp=4, extra=ONE_HOST_THREAD) as q:
        q.wait_prompt()
        out = _selftest(q, "stop_machine 1000 --anywhere")
        m = expect_match(out, r"^selftest stop_machine: FAIL: 0 CPUs stopped inside a "
                         r"preempt-disabled section, saw (\d+) \(violations (\d+),",
                         "verdict of 'selftest stop_machine 1000 --anywhere'")
        if int(m.group(2)) <= 0:
            fail("expected violations > 0, saw %s" % m.group(2))
        # The knob is back to 0 afterwards: a normal run passes again.
        out = _selftest(q, "stop_machine 100")
        expect_line(out, "selftest stop_machine: PASS", "verdict of a run after --anywhere")


def test_stop_machine_that_gives_up_mid_check_in_runs_nothing_and_leaves_no_cpu_stopped():
    """With a 1 ms timeout and every CPU busy, calls give up while CPUs are checking
    in (how many depends on the host). Each call must run the function with every
    CPU stopped or return -EBUSY having run nothing; a call afterwards succeeds."""
    out = _expect_pass("stop_machine 60 --timeout 1", timeout=120)
    expect_match(out, r"^stop_machine: 60 rounds on 4 CPUs .*CPUs caught in a section 0 ",
                 "output of 'selftest stop_machine 60 --timeout 1'")


def test_stop_machine_gives_up_on_a_cpu_spinning_with_preemption_off_and_rmmod_fails():
    """spinner.ko keeps the last CPU busy with preemption off, so no stopper can
    run there: stop_machine must fail within its timeout (here set to 300 ms on
    the command line) naming that CPU and thread, nothing done; rmmod of another
    module fails with it and the module stays loaded and usable. Once the spin
    ends, rmmod and stop_machine work again."""
    with Qemu(smp=4, extra=("-append", "stop_machine.timeout_ms=300")) as q:
        q.wait_prompt()
        out = q.run("insmod /lib/modules/spinner.ko")
        expect_in(out, "spinner: spinning with preemption off on CPU 3", "insmod spinner.ko")
        expect_eq(q.run("cat /proc/spinner"), "spinning on CPU 3", "cat /proc/spinner")
        q.run("insmod /lib/modules/hello.ko")
        out = q.run("rmmod hello")
        expect_in(out, "stop_machine: CPU 3 did not stop within 300 ms: it runs 'spinner/3' "
                  "(module spinner); nothing done", "rmmod hello while CPU 3 spins")
        expect_in(out, "rmmod: ERROR: could not remove module hello: Device or resource busy",
                  "rmmod hello while CPU 3 spins")
        expect_match(q.run("lsmod"), r"^hello\s+\d+\s+0\s+.*\bLive\b",
                     "lsmod after the failed rmmod")
        # The spin ends: everything works again.
        q.run("echo stop > /proc/spinner_ctl")
        expect_match(q.run("cat /proc/spinner"), r"^stopped after \d+ ms$", "cat /proc/spinner")
        out = q.run("rmmod hello")
        expect_in(out, "hello: goodbye, modlab", "rmmod hello after the spin")
        if "ERROR" in out:
            fail("rmmod hello after the spin: expected no error, saw:\n" + out)
        if "ERROR" in q.run("rmmod spinner"):
            fail("rmmod spinner: expected no error, saw an error")
        out = q.run("lsmod")
        if re.search(r"^(hello|spinner) ", out, re.M):
            fail("lsmod after both rmmods: expected neither hello nor spinner, saw:\n" + out)
        out = _selftest(q, "stop_machine 100")
        expect_line(out, "selftest stop_machine: PASS", "selftest stop_machine after the spin")


# ---- lock misuse ---------------------------------------------------------------------

def test_taking_a_spinlock_twice_is_reported_naming_it_then_panics():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        start = q.mark()
        q.send("selftest lock-recursion\n")
        status = q.wait_exit(timeout=20)
        out = q.output_since(start)
        expect_in(out, "BUG: spinlock recursion", "output of 'selftest lock-recursion'")
        report = out[out.index("BUG: spinlock recursion"):]
        expect_in(report, "lock: 'selftest_recursion_lock'", "the BUG report")
        expect_in(report, "Kernel panic", "output after the BUG report")
        expect_eq(status, 3, "QEMU exit status after the panic")


def _expect_reported_and_alive(test, reports):
    """selftest TEST passes (the lock is as it should be afterwards), each
    text in reports appears in its output, and the shell still answers."""
    with Qemu(smp=4) as q:
        q.wait_prompt()
        out = _selftest(q, test)
        for text in reports:
            expect_in(out, text, "output of 'selftest %s'" % test)
        expect_line(out, "selftest %s: PASS" % test, "verdict of 'selftest %s'" % test)
        expect_eq(q.run("echo ok"), "ok", "echo output after 'selftest %s'" % test)
        return out


def test_unlocking_a_spinlock_not_held_is_reported_and_skipped():
    _expect_reported_and_alive("lock-unheld-unlock", [
        "BUG: spinlock unlock of a lock this CPU does not hold",
        "lock: 'selftest_unheld_lock'",
        "lock: 'selftest_other_cpus_lock'",
        "kept the lock and released it itself"])


def test_sleeping_with_a_spinlock_held_is_reported():
    _expect_reported_and_alive("sleep-in-atomic", [
        "BUG: schedule while atomic: preempt_count 0x1 on CPU ",
        " in thread st-atomic"])


def test_unlocking_another_threads_mutex_is_reported_and_refused():
    _expect_reported_and_alive("mutex-foreign-unlock", [
        "BUG: mutex 'selftest_foreign_mutex' unlocked by a thread that does not hold it, "
        "thread st-mutex-b",
        "refused; st-mutex-a kept 'selftest_foreign_mutex'"])


# ---- every CPU set up like the boot CPU ----------------------------------------------

def test_every_cpu_runs_with_the_boot_cpus_cr0_caches_on():
    out = _expect_pass("cr0")
    for cpu in range(4):
        expect_match(out, r"^cr0: CPU %d: [0-9a-f]{8}$" % cpu, "output of 'selftest cr0'")
    expect_in(out, "cr0: 4 CPUs compared", "output of 'selftest cr0'")


# ---- page-table changes reach every CPU ---------------------------------------------

def test_unmapping_or_write_protecting_a_page_faults_at_once_on_every_other_cpu():
    out = _expect_pass("tlb-shootdown 20")
    expect_match(out, r"^tlb-shootdown: 20 rounds of np/p/ro/rw changes on CPU \d+, checked "
                 r"on 3 other CPUs at their next access; stale read-only entries retried",
                 "output of 'selftest tlb-shootdown 20'")


def test_the_clock_rate_found_at_boot_agrees_with_the_best_of_forty_measurements():
    out = _expect_pass("clock", smp=2)
    expect_match(out, r"^clock: boot \d+\.\d{3} MHz \(2 ms windows\), check \d+\.\d{3} MHz "
                 r"\(best of 40 x 2 ms\), (above|below) by \d+ ppm$", "output of 'selftest clock'")
