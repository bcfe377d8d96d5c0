"""A buggy module must not take the kernel down: an oops kills only the
thread that faulted, the shell and other modules go on; soft lockups, hung
tasks and leaks are reported; sysrq shows every CPU. All on -smp 4.

The test module buggy.ko oopses where fault= says (modules/buggy/);
lockup.ko spins without scheduling; leaky.ko forgets to free.
"""

import re

from qemu import WITH_TESTS, Qemu, expect_eq, expect_in, expect_match, expect_not_in, fail

M = "/lib/modules/"
END_TRACE = "the kernel goes on ]---"
TAINT_DIE = 1 << 7


def used_kib(q):
    """Memory in use (KiB) as free shows it."""
    out = q.run("free")
    return int(expect_match(out, r"^Mem:\s+\d+\s+(\d+)\s+\d+", "free's Mem line").group(1))


def module_kib(q, name):
    """A loaded module's size in KiB, as lsmod shows it."""
    m = expect_match(q.run("lsmod"), r"^%s\s+(\d+)\s" % name, "%s in lsmod" % name)
    return int(m.group(1)) // 1024


def expect_memory_back(q, before, kept_kib, what):
    """Memory in use is back to before, give or take kept_kib that stays
    on purpose and 16 KiB of slab pages the caches keep: less than one
    thread's stack and guard page (20 KiB), which must not leak."""
    after = used_kib(q)
    if after - before >= kept_kib + 16:
        fail("after %s: expected memory in use below %d + %d + 16 KiB, saw %d KiB"
             % (what, before, kept_kib, after))


def expect_kernel_goes_on(q, what):
    """The shell answers, another module loads and unloads, and the kernel
    says it is tainted D (in /proc and in lsmod)."""
    expect_eq(q.run("echo alive"), "alive", "echo after " + what)
    expect_in(q.run("insmod " + M + "hello.ko"), "hello, modlab", "insmod hello after " + what)
    expect_in(q.run("rmmod hello"), "goodbye, modlab", "rmmod hello after " + what)
    tainted = int(q.run("cat /proc/sys/kernel/tainted"))
    if not tainted & TAINT_DIE:
        fail("expected bit 7 (D) in /proc/sys/kernel/tainted after %s, saw %d" % (what, tainted))
    expect_in(q.run("lsmod"), "(kernel tainted: D, %d)" % tainted, "lsmod's taint line")


def expect_oops_report(out, function, thread):
    """One oops naming function (in [buggy]) and the thread it killed
    (thread: a regular expression)."""
    expect_in(out, "Oops: Page fault", "the oops")
    expect_match(out, r"Oops: .* thread %s pid \d+, Not tainted" % thread,
                 "the oops line (first oops: not yet tainted)")
    expect_match(out, r"\b%s\+0x[0-9a-f]+/0x[0-9a-f]+ \[buggy\]" % function,
                 "the call trace (the faulting function, in its module)")
    expect_match(out, r"thread %s \(pid \d+\) killed; the kernel goes on" % thread,
                 "the end of the oops")
    expect_not_in(out, "Kernel panic", "output after an oops in a thread")


def warm_up(q):
    """Load and unload buggy.ko once, so the caches the scenario uses exist
    before memory is measured."""
    q.run("insmod " + M + "buggy.ko")
    q.run("cat /proc/buggy")
    q.run("rmmod buggy")


# ---- oopses in a thread: the thread dies, the kernel goes on -------------------

def test_oops_in_module_init_kills_insmod_and_leaves_the_module_coming():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        warm_up(q)
        before = used_kib(q)
        out = q.run("insmod " + M + "buggy.ko fault=init")
        expect_oops_report(out, "buggy_oops", "insmod")
        expect_in(out, "init_module", "the call trace (module init)")
        expect_in(out, "sh: insmod: killed by oops", "the shell's word on insmod")
        expect_match(q.run("lsmod"), r"^buggy\s+\d+\s+\d+\s+Loading", "buggy in lsmod")
        out = q.run("rmmod buggy")
        expect_in(out, "rmmod: ERROR: could not remove module buggy: Device or resource busy",
                  "rmmod of a module whose init died")
        expect_in(out, "is still in its init (Loading)", "rmmod's reason")
        expect_kernel_goes_on(q, "an oops in init")
        # What stays: the module, and the copy of buggy.ko that insmod had
        # read and was to free after the load (a large kmalloc block).
        size = int(expect_match(q.run("stat " + M + "buggy.ko"), r"Size: (\d+)",
                                "stat buggy.ko").group(1))
        image_kib = (size + 4095) // 4096 * 4
        expect_memory_back(q, before, module_kib(q, "buggy") + image_kib, "an oops in init")
        expect_not_in(q.run("ps"), "insmod", "ps: the killed insmod thread is gone")


def test_oops_in_module_thread_kills_it_and_frees_its_memory():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        warm_up(q)
        before = used_kib(q)
        start = q.mark()
        q.run("insmod " + M + "buggy.ko fault=thread")
        q.wait_for(END_TRACE, since=start)
        out = q.output_since(start)
        expect_oops_report(out, "buggy_oops", "buggy")
        expect_in(out, "buggy_thread+", "the call trace (the module's thread)")
        expect_match(out, r"no locks held by buggy/\d+", "the oops's word on locks")
        # Dead, its task kept for kthread_stop (a zombie), until reaped.
        expect_match(q.run("ps"), r"dead\s.*\bbuggy$", "ps: the killed thread")
        expect_in(q.run("rmmod buggy"), "buggy: thread ended with -14",
                  "kthread_stop of the killed thread (-EFAULT)")
        expect_not_in(q.run("ps"), "buggy", "ps after the killed thread was reaped")
        expect_kernel_goes_on(q, "an oops in a module thread")
        after = used_kib(q)
        # The killed thread's stack (20 KiB with its guard page) and task
        # are freed: what stays is at most a few slab pages of new objects.
        if after - before >= 16:
            fail("expected memory in use back within 16 KiB of %d KiB, saw %d KiB"
                 % (before, after))


def test_oops_lists_the_mutexes_the_thread_held_and_keeps_them_locked():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        start = q.mark()
        q.run("insmod " + M + "buggy.ko fault=thread lock=1")
        q.wait_for(END_TRACE, since=start)
        out = q.output_since(start)
        expect_match(out, r"1 lock\(s\) held by buggy/\d+ stay locked:\s*\n.*#0: mutex "
                     r"'buggy_lock', taken at buggy_oops\+", "the list of held locks")
        expect_in(q.run("rmmod buggy"), "buggy: thread ended with -14", "rmmod buggy")
        # The task stays, as the owner of the lock it never released.
        expect_match(q.run("ps"), r"dead\s.*\bbuggy$", "ps: the lock owner's task is kept")
        expect_kernel_goes_on(q, "an oops holding a mutex")


def test_oops_in_module_exit_kills_rmmod_and_leaves_the_module_going():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        warm_up(q)
        before = used_kib(q)
        expect_in(q.run("insmod " + M + "buggy.ko fault=exit"), "buggy: loaded", "insmod")
        out = q.run("rmmod buggy")
        expect_oops_report(out, "buggy_oops", "rmmod")
        expect_in(out, "cleanup_module", "the call trace (module exit)")
        expect_in(out, "sh: rmmod: killed by oops", "the shell's word on rmmod")
        expect_match(q.run("lsmod"), r"^buggy\s+\d+\s+\d+\s+Unloading", "buggy in lsmod")
        expect_in(q.run("rmmod buggy"), "already being removed (Unloading)",
                  "rmmod again, and its reason")
        expect_kernel_goes_on(q, "an oops in exit")
        expect_memory_back(q, before, module_kib(q, "buggy"), "an oops in exit")


def test_oops_in_work_item_replaces_the_worker_and_work_still_runs():
    with Qemu(smp=4, initrd=WITH_TESTS) as q:
        q.wait_prompt()
        warm_up(q)
        before = used_kib(q)
        start = q.mark()
        q.run("insmod " + M + "buggy.ko fault=work")
        q.wait_for("a new worker takes its place", since=start)
        out = q.output_since(start)
        expect_oops_report(out, "buggy_oops", r"kworker/[0-3]")
        expect_in(out, "buggy_work_fn+", "the call trace (the work item)")
        expect_match(out, r"workqueue: kworker/\d died in buggy_work_fn\+", "the workqueue's word")
        # The workqueue's own checks, in a second module: every item runs.
        expect_in(q.run("insmod " + M + "workqueue_test.ko", timeout=60),
                  "workqueue_test: PASS", "the workqueue after a worker died")
        q.run("rmmod workqueue_test")
        expect_in(q.run("rmmod buggy"), "buggy: unloaded", "rmmod buggy")
        expect_not_in(q.run("lsmod"), "buggy", "lsmod after rmmod buggy (its item is done)")
        expect_kernel_goes_on(q, "an oops in a work item")
        expect_memory_back(q, before, 0, "an oops in a work item and rmmod")


def test_oops_in_proc_read_kills_cat_and_the_shell_goes_on():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        warm_up(q)
        before = used_kib(q)
        q.run("insmod " + M + "buggy.ko fault=proc")
        out = q.run("cat /proc/buggy")
        expect_oops_report(out, "buggy_oops", "cat")
        expect_in(out, "buggy_show+", "the call trace (the /proc show function)")
        expect_in(out, "sh: cat: killed by oops", "the shell's word on cat")
        expect_in(q.run("cat /proc/uptime"), ".", "another /proc file after the oops")
        expect_kernel_goes_on(q, "an oops in a /proc read")
        # The module stays (its entry is in use); the dead cat's open file
        # and its one-page text buffer are not freed. seq_read runs show with
        # the open file's seq_file lock held, as Linux's does, so the dead
        # thread keeps that mutex, and with it its task and stack (20 KiB).
        expect_memory_back(q, before, module_kib(q, "buggy") + 4 + 20,
                           "an oops in a /proc read")


def test_oops_in_background_job_kills_the_command_and_the_job_ends():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.run("insmod " + M + "buggy.ko fault=proc")
        q.run("cat /proc/buggy &")
        q.wait_for("sh: cat: killed by oops")
        expect_match(q.run("wait"), r"Done \(139\)\s+cat /proc/buggy", "wait for the job")
        expect_kernel_goes_on(q, "an oops in a background job")


def test_a_second_oops_shows_the_taint_of_the_first():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.run("insmod " + M + "buggy.ko fault=proc")
        q.run("cat /proc/buggy")
        out = q.run("cat /proc/buggy")
        expect_match(out, r"Oops: .*\[#2\] .* thread cat pid \d+, Tainted: D",
                     "the second oops line")
        expect_eq(q.run("echo alive"), "alive", "echo after two oopses")


def test_cd_in_the_command_thread_changes_the_shells_directory():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.run("cd /lib/modules")
        expect_eq(q.run("pwd"), "/lib/modules", "pwd after cd")
        expect_in(q.run("ls"), "hello.ko", "ls in the new directory")
        q.run("cd /")
        expect_eq(q.run("pwd"), "/", "pwd after cd /")


# ---- oopses that cannot be survived still panic ------------------------------------

def test_oops_with_preemption_off_panics_saying_why():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.send("insmod " + M + "buggy.ko fault=atomic\n")
        status = q.wait_exit(timeout=30)
        expect_in(q.output, "Oops: Page fault", "the oops")
        expect_in(q.output, "Kernel panic - not syncing: Fatal exception with preemption off",
                  "the panic's reason")
        expect_eq(status, 3, "QEMU exit status after the panic")


def test_oops_in_a_timer_callback_panics_saying_it_was_in_interrupt_context():
    # A timer callback runs in softirq context, on whatever the CPU was
    # doing: no thread of its own can be killed, so Linux panics, and so do we.
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.send("insmod " + M + "buggy.ko fault=timer\n")
        status = q.wait_exit(timeout=30)
        expect_in(q.output, "buggy: oopsing in buggy_timer_fn", "the callback ran")
        expect_in(q.output, "buggy_timer_fn", "the callback in the oops")
        expect_in(q.output, "Kernel panic - not syncing: Fatal exception in interrupt",
                  "the panic's reason")
        expect_eq(status, 3, "QEMU exit status after the panic")


def test_panic_on_oops_panics_on_an_oops_in_a_module_thread():
    with Qemu(smp=4, extra=("-append", "panic_on_oops=1")) as q:
        q.wait_prompt()
        q.send("insmod " + M + "buggy.ko fault=thread\n")
        status = q.wait_exit(timeout=30)
        expect_in(q.output, "Kernel panic - not syncing: Fatal exception (panic_on_oops is set)",
                  "the panic's reason")
        expect_eq(status, 3, "QEMU exit status after the panic")


def test_sysrq_c_panics():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.send("sysrq c\n")
        status = q.wait_exit(timeout=30)
        expect_in(q.output, "Kernel panic - not syncing: sysrq triggered crash", "the panic")
        expect_eq(status, 3, "QEMU exit status after sysrq c")


# ---- soft lockups and hung tasks ------------------------------------------------------

STAMP = r"\[ *(\d+\.\d+)\] "


def _stamp(out, pattern, what):
    return float(expect_match(out, STAMP + pattern, what).group(1))


def test_soft_lockup_with_preemption_off_is_reported_within_the_bound():
    with Qemu(smp=4, extra=("-append", "watchdog_thresh=2")) as q:
        q.wait_prompt()
        start = q.mark()
        q.run("insmod " + M + "lockup.ko seconds=7")
        q.wait_for("lockup: done spinning", timeout=30, since=start)
        out = q.output_since(start)
        began = _stamp(out, r"lockup: spinning for 7 s on CPU 3", "the spin's start")
        seen = _stamp(out, r"BUG: soft lockup - CPU#3 stuck for \d+s! \[lockup:\d+\]",
                      "the soft lockup report")
        # 2 * watchdog_thresh = 4 s, plus a tick and the start-up line.
        if not 4.0 <= seen - began <= 5.5:
            fail("expected the report 4 to 5.5 s after the spin began, saw %.2f s"
                 % (seen - began))
        report = out[out.index("BUG: soft lockup"):]
        expect_match(report, r"EIP is at lockup_spin\+0x[0-9a-f]+/0x[0-9a-f]+ \[lockup\]",
                     "the report's EIP (the function and its module)")
        expect_in(report, "lockup_thread+", "the report's call trace")
        q.run("rmmod lockup")
        expect_in(q.run("cat /proc/sys/kernel/tainted"), str(1 << 14), "taint L (soft lockup)")
        expect_in(q.run("insmod " + M + "hello.ko"), "hello, modlab", "insmod after the lockup")
        q.run("rmmod hello")


def test_soft_lockup_with_interrupts_off_is_reported_with_an_nmi_backtrace():
    with Qemu(smp=4, extra=("-append", "watchdog_thresh=2")) as q:
        q.wait_prompt()
        start = q.mark()
        q.run("insmod " + M + "lockup.ko seconds=7 irqs_off=1")
        q.wait_for("lockup: done spinning", timeout=30, since=start)
        out = q.output_since(start)
        expect_match(out, r"BUG: soft lockup - CPU#3 stuck for \d+s! \(no timer interrupt",
                     "the report from another CPU")
        report = out[out.index("BUG: soft lockup"):]
        expect_match(report, r"NMI backtrace for CPU 3 \(thread lockup pid \d+, interrupts off\)",
                     "the NMI backtrace's heading")
        expect_match(report, r"EIP: \[<[0-9a-f]+>\] lockup_spin\+0x[0-9a-f]+/0x[0-9a-f]+ "
                     r"\[lockup\]", "the NMI backtrace's EIP")
        q.run("rmmod lockup")
        expect_eq(q.run("echo alive"), "alive", "echo after the lockup")


def test_no_soft_lockup_report_with_watchdog_off():
    with Qemu(smp=4, extra=("-append", "watchdog_thresh=0")) as q:
        q.wait_prompt()
        start = q.mark()
        q.run("insmod " + M + "lockup.ko seconds=5")
        q.wait_for("lockup: done spinning", timeout=30, since=start)
        expect_not_in(q.output, "soft lockup", "the log with watchdog_thresh=0")
        q.run("rmmod lockup")


def test_hung_task_waiting_for_a_dead_threads_mutex_is_reported():
    with Qemu(smp=4, extra=("-append", "hung_task_timeout_secs=3")) as q:
        q.wait_prompt()
        start = q.mark()
        q.run("insmod " + M + "buggy.ko fault=thread lock=1 waiter=1")
        q.wait_for(re.compile(r"INFO: task buggy_waiter:\d+ blocked for more than 3 "
                              r"seconds"), timeout=30)
        q.wait_for("ret_from_kthread")
        out = q.output_since(start)
        report = out[out.index("INFO: task buggy_waiter"):]
        expect_in(report, "mutex_lock+", "the hung task's stack")
        expect_in(report, "buggy_waiter+", "the hung task's stack")
        expect_not_in(out, "INFO: task sh:", "the report (the shell at its prompt is not hung)")
        blocked = q.run("sysrq w")
        expect_in(blocked, "task:buggy_waiter", "sysrq w")
        expect_eq(q.run("echo alive"), "alive", "echo after the report")


def test_hung_rmmod_wait_names_the_module_and_its_references():
    with Qemu(smp=4, extra=("-append", "hung_task_timeout_secs=2")) as q:
        q.wait_prompt()
        q.run("insmod " + M + "refmod.ko hold_ms=6000")
        q.run("rmmod --wait refmod &")
        q.wait_for(re.compile(r"INFO: task rmmod:\d+ blocked for more than 2 seconds"),
                   timeout=30)
        q.wait_for(re.compile(r"rmmod:\d+ is rmmod --wait of module refmod, which still "
                              r"has 1 reference\(s\)"), timeout=10)
        expect_in(q.run("wait", timeout=30), "Done (0)", "the rmmod --wait job")
        expect_not_in(q.run("lsmod"), "refmod", "lsmod after rmmod --wait")


# ---- leaks -------------------------------------------------------------------------------

def test_unload_reports_what_the_module_leaked():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.run("insmod " + M + "leaky.ko count=3 size=64")
        out = q.run("rmmod leaky")
        expect_match(out, r"module leaky leaked 3 objects, 192 bytes; first allocated at "
                     r"leaky_alloc\+0x[0-9a-f]+/0x[0-9a-f]+ \[leaky\]", "the leak report")
        q.run("insmod " + M + "leaky.ko count=2 size=5000")
        out = q.run("rmmod leaky")
        expect_in(out, "module leaky leaked 2 objects, 16384 bytes", "the large-block leak report")


def test_unload_of_a_module_that_frees_everything_reports_nothing():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.run("insmod " + M + "leaky.ko count=5 free=1")
        expect_not_in(q.run("rmmod leaky"), "leaked", "rmmod of a module that frees all")
        q.run("insmod " + M + "hello.ko")
        expect_not_in(q.run("rmmod hello"), "leaked", "rmmod hello")


# ---- sysrq ---------------------------------------------------------------------------------

def test_sysrq_l_shows_a_backtrace_of_every_cpu():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        for cmd in ("sysrq l", "echo l > /proc/sysrq-trigger"):
            out = q.run(cmd)
            for cpu in range(4):
                expect_match(out, r"NMI backtrace for CPU %d \(thread \S+ pid \d+" % cpu,
                             "output of %r" % cmd)
            expect_in(out, "cpu_idle+", "output of %r (idle CPUs)" % cmd)


def test_sysrq_t_and_m_show_threads_and_memory():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        out = q.run("sysrq t")
        expect_match(out, r"task:sh\s+state:sleeping", "sysrq t: the shell, waiting for us")
        expect_match(out, r"task:sysrq\s+state:running", "sysrq t: the command itself")
        expect_in(out, "shell_run_command+", "sysrq t: the shell's stack")
        expect_in(q.run("sysrq m"), "kmalloc:", "sysrq m")


def test_sysrq_refuses_an_unknown_key():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        expect_in(q.run("sysrq x"), "sysrq: unknown key 'x'", "sysrq x")
        expect_in(q.run("sysrq"), "usage: sysrq", "sysrq without a key")
        expect_in(q.run("echo x > /proc/sysrq-trigger"), "Invalid argument",
                  "writing an unknown key to /proc/sysrq-trigger")
        expect_eq(q.run("echo alive"), "alive", "echo afterwards")
