"""More of the API that tutorial and course modules use, each family in a
module of its own written for this tree (tests/linux-modules/): a kfifo
behind a misc device, a periodic hrtimer, an rbtree with IDR handles and
an IDA pool, notifier chains (a module's own, the module chain, the
reboot chain), RCU readers on every CPU against an updater, and a cdev
whose node comes from the Linux 6.4 form class_create(name), and the
names tutorial modules take for granted (tutorial_headers).

Each directory is built with `make -C <tree> M=<dir> modules`, loaded on
-smp 4 and driven from the shell: what it prints, what reading and writing
its /dev or /proc files give, its error paths, and (for those that
allocate) 100 load/unload rounds that leave SlabObjects and MemFree + Slab
unchanged.
"""

import re

from qemu import PANIC_EXIT_STATUS, Qemu, expect_eq, expect_in, expect_not_in, fail, scaled
from corpus import corpus_initrd

DIRS = ("kfifo_misc", "hrtimer_tick", "keyed_store", "event_chain", "rcu_readers",
        "auto_node", "tutorial_headers")
GUEST = "/lib/linux-more"
CYCLES = 100

def _cpio():
    """The directories' modules, built once; an initrd archive of them."""
    return corpus_initrd("linux-more", DIRS, GUEST)


def _boot(**kw):
    return Qemu(smp=4, initrd=["build/initrd.cpio", _cpio()], **kw)


def _insmod(q, name, args=""):
    out = q.run(("insmod %s/%s.ko %s" % (GUEST, name, args)).strip())
    expect_not_in(out, "ERROR", "insmod %s %s" % (name, args))
    return out


def _rmmod(q, name):
    out = q.run("rmmod " + name)
    expect_not_in(out, "ERROR", "rmmod " + name)


def _memory(q):
    """(SlabObjects, MemFree + Slab in kB): objects must match exactly; a
    page may move from MemFree into Slab, but none may go missing."""
    info = q.run("cat /proc/meminfo")
    found = [re.search(r"^%s:\s+(\d+)" % k, info, re.M)
             for k in ("SlabObjects", "MemFree", "Slab")]
    if not all(found):
        fail("expected SlabObjects, MemFree and Slab lines in /proc/meminfo, saw:\n%s" % info)
    objects, free, slab = (int(m.group(1)) for m in found)
    return objects, free + slab


def _rounds(q, name, args="", use=(), settle=None):
    """One warm-up round, then CYCLES rounds of insmod, (settle: a command
    run until its output matches a pattern, the module's work done), the
    commands in use, and rmmod; memory must not change across the CYCLES
    rounds."""
    def one():
        _insmod(q, name, args)
        if settle:
            for _ in range(100):
                if re.search(settle[1], q.run(settle[0])):
                    break
            else:
                fail("%s: %r never printed %r" % (name, settle[0], settle[1]))
        for cmd in use:
            q.run(cmd)
        _rmmod(q, name)

    one()
    before = _memory(q)
    for _ in range(CYCLES):
        one()
    after = _memory(q)
    if after != before:
        fail("(SlabObjects, MemFree + Slab) unchanged after %d rounds of %s: %s before, %s after"
             % (CYCLES, name, before, after))


# ---- kfifo behind a misc device ---------------------------------------------------

def test_kfifo_misc_queues_bytes_in_order_and_refuses_what_does_not_fit():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "kfifo_misc", "size=100")
        log = q.run("dmesg")
        # 1, 4, ..., 64 fit in 8 slots; 81 and 100 do not.
        expect_in(log, "kfifo_misc: int fifo of 8 took 8 of 10, full=1, first=1",
                  "kfifo_put into a DEFINE_KFIFO of 8 ints, and kfifo_peek")
        expect_in(log, "kfifo_misc: drained sum=204, empty=1", "kfifo_get of 1+4+...+64")
        expect_in(log, "kfifo_misc: /dev/kfifo_misc holds 128 bytes",
                  "kfifo_alloc rounding 100 up to a power of two")
        q.run("echo first > /dev/kfifo_misc")
        q.run("echo second > /dev/kfifo_misc")
        expect_eq(q.run("cat /dev/kfifo_misc"), "first\nsecond", "cat after two writes")
        expect_eq(q.run("cat /dev/kfifo_misc"), "", "cat of the emptied queue")
        # 200 bytes into 128: a short write, then nothing fits (ENOSPC).
        # 200 bytes into 128: the first 128 are kept, and the full queue
        # refuses the next write.
        q.run("echo %s > /dev/kfifo_misc" % ("x" * 199))
        out = q.run("echo z > /dev/kfifo_misc")
        expect_in(out, "No space left on device", "a write into the full queue")
        mark = q.mark()
        q.send("cat /dev/kfifo_misc\n")
        # No newline among the 128 bytes: the prompt follows them directly.
        q.wait_for(re.compile(r"\n%s# " % ("x" * 128)), timeout=scaled(10), since=mark,
                   what="the 128 bytes kept of a 200-byte write, then the prompt")
        q.run("echo %s > /dev/kfifo_misc" % ("y" * 127))
        _rmmod(q, "kfifo_misc")
        expect_in(q.run("dmesg"), "kfifo_misc: 128 bytes left unread", "the exit message")
        expect_not_in(q.run("ls /dev"), "kfifo_misc", "ls /dev after the unload")
        # kfifo_alloc refuses fewer than 2 elements: the load fails cleanly.
        out = q.run("insmod %s/kfifo_misc.ko size=1" % GUEST)
        expect_in(out, "Invalid parameters", "insmod with size=1")
        expect_not_in(q.run("lsmod"), "kfifo_misc", "lsmod after the refused load")
        expect_not_in(q.run("ls /dev"), "kfifo_misc", "ls /dev after the refused load")


# ---- hrtimer --------------------------------------------------------------------

def test_hrtimer_tick_restarts_itself_never_early_and_stops():
    with _boot() as q:
        q.wait_prompt()
        mark = q.mark()
        _insmod(q, "hrtimer_tick", "period_ms=20 count=5")
        m = q.wait_for(re.compile(r"hrtimer_tick: done after 5 periods, (\d+) ms, early 0"),
                       timeout=scaled(10), since=mark,
                       what="the fifth run of the periodic timer, none early")
        ms = int(m.group(1))
        if ms < 100:
            fail("5 periods of 20 ms took %d ms: a timer fired before its expiry" % ms)
        q.wait_for(r"hrtimer_tick: absolute real-time timer fired on time",
                   timeout=scaled(10), since=mark, what="the CLOCK_REALTIME absolute timer")
        expect_in(q.run("cat /proc/hrtimer_tick"), "fired 5 of 5, early 0",
                  "/proc/hrtimer_tick after the last run")
        expect_in(q.run("cat /proc/hrtimer_tick"), "queued 0", "the timer after NORESTART")
        _rmmod(q, "hrtimer_tick")
        expect_in(q.run("dmesg"), "hrtimer_tick: cancelled an idle timer, fired 5, completed 1",
                  "hrtimer_cancel of a timer that had stopped")
        # A long period: rmmod cancels it while it is queued.
        _insmod(q, "hrtimer_tick", "period_ms=60000 count=2")
        expect_in(q.run("cat /proc/hrtimer_tick"), "queued 1", "the timer while it waits")
        _rmmod(q, "hrtimer_tick")
        expect_in(q.run("dmesg"), "hrtimer_tick: cancelled an active timer, fired 0",
                  "hrtimer_cancel of a queued timer")
        out = q.run("insmod %s/hrtimer_tick.ko count=0" % GUEST)
        expect_in(out, "Invalid parameters", "insmod with count=0")
        expect_in(q.run("cat /proc/hrtimer_tick"), "No such file", "/proc after the refused load")


def test_hrtimer_tick_100_rounds_cancelled_while_running_leave_memory_unchanged():
    """Each round unloads while the 1 ms timer is restarting itself: a
    timer left queued after rmmod would run freed code within a tick."""
    with _boot(timeout=90, extra=("-append", "quiet")) as q:
        q.wait_prompt()
        _rounds(q, "hrtimer_tick", "period_ms=1 count=1000000", use=("cat /proc/hrtimer_tick",))
        expect_not_in(q.run("dmesg"), "WARNING", "the log after the rounds")
        expect_in(q.run("echo alive"), "alive", "the shell after the rounds")


# ---- rbtree, IDR, IDA ---------------------------------------------------------------

def test_keyed_store_keeps_keys_sorted_with_idr_handles_and_reuses_ida_numbers():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "keyed_store", "preload=6 slots=4")
        log = q.run("dmesg")
        expect_in(log, "keyed_store: pool gave 4 numbers, then -28; after freeing 0 and 2: 0 2",
                  "ida_alloc_max over 0..3, -ENOSPC, and the lowest freed numbers again")
        expect_in(log, "keyed_store: pool empty after destroy: 1", "ida_destroy")
        # Keys were added as 1 6 2 5 3 4; the walk is in key order, the
        # handles in insertion order.
        expect_eq(q.run("cat /proc/keyed_store"),
                  "key 1 id 1\nkey 2 id 3\nkey 3 id 5\nkey 4 id 6\nkey 5 id 4\nkey 6 id 2",
                  "/proc/keyed_store after the preload")
        q.run("echo del 2 > /proc/keyed_store")
        q.run("echo add 10 > /proc/keyed_store")
        # IDR gives the lowest free handle: 3, freed by the deletion.
        expect_eq(q.run("cat /proc/keyed_store").splitlines(),
                  ["key 1 id 1", "key 3 id 5", "key 4 id 6", "key 5 id 4", "key 6 id 2",
                   "key 10 id 3"], "/proc/keyed_store after del 2, add 10")
        expect_in(q.run("echo add 10 > /proc/keyed_store"), "File exists", "a second add 10")
        expect_in(q.run("echo del 7 > /proc/keyed_store"), "No such file",
                  "deleting a key that is not there")
        expect_in(q.run("echo frob 1 > /proc/keyed_store"), "Invalid argument", "an unknown verb")
        expect_in(q.run("echo add > /proc/keyed_store"), "Invalid argument", "add with no key")
        expect_eq(len(q.run("cat /proc/keyed_store").splitlines()), 6,
                  "records after the refused writes")
        _rmmod(q, "keyed_store")
        expect_in(q.run("dmesg"), "keyed_store: freed 6 records, idr empty 1", "the exit message")
        out = q.run("insmod %s/keyed_store.ko slots=0" % GUEST)
        expect_in(out, "Invalid parameters", "insmod with slots=0")
        expect_in(q.run("cat /proc/keyed_store"), "No such file", "/proc after the refused load")


def test_keyed_store_many_records_100_rounds_leave_memory_unchanged():
    with _boot(timeout=90, extra=("-append", "quiet")) as q:
        q.wait_prompt()
        _rounds(q, "keyed_store", "preload=300 slots=8",
                use=("echo del 150 > /proc/keyed_store", "echo add 1000 > /proc/keyed_store"))


# ---- notifier chains ---------------------------------------------------------------

def test_notifier_chain_calls_by_priority_stops_and_carries_errors():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "event_chain")
        _insmod(q, "event_listener")
        mark = q.mark()
        q.run("echo 7 > /proc/event_chain")
        log = q.output_since(mark)
        order = [log.find("event_listener: %s got 7" % w) for w in ("high (10)", "mid (0)",
                                                                   "low (-5)")]
        if -1 in order or order != sorted(order):
            fail("expected high (10), mid (0), low (-5) to get event 7 in that order, saw:\n%s"
                 % log)
        expect_in(log, "event_chain: atomic callback for event 7, preemption off",
                  "the atomic chain's callback")
        mark = q.mark()
        q.run("echo 13 > /proc/event_chain")
        log = q.output_since(mark)
        expect_in(log, "event_listener: mid (0) got 13", "the block that stops event 13")
        expect_not_in(log, "low (-5) got 13", "a block after NOTIFY_STOP")
        expect_in(log, "event 13: chain returned 0x8001", "NOTIFY_STOP as the chain's result")
        out = q.run("echo 99 > /proc/event_chain")
        expect_in(out, "Operation not permitted", "an event refused with notifier_from_errno")
        expect_in(q.run("echo x > /proc/event_chain"), "Invalid argument", "a non-number")
        # event_chain is in use while the listener is registered on it.
        expect_in(q.run("rmmod event_chain"), "in use", "rmmod of the chain's module")
        _rmmod(q, "event_listener")
        mark = q.mark()
        q.run("echo 8 > /proc/event_chain")
        expect_not_in(q.output_since(mark), "event_listener:", "the chain after the unload")
        _rmmod(q, "event_chain")
        expect_not_in(q.run("dmesg"), "did not", "event_chain's double-registration checks")


def test_module_notifier_sees_others_come_and_go_and_can_veto_a_load():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "event_chain")
        _insmod(q, "event_listener", "veto=keyed_store")
        mark = q.mark()
        _insmod(q, "hrtimer_tick", "period_ms=10 count=1")
        _rmmod(q, "hrtimer_tick")
        log = q.output_since(mark)
        order = [log.find("event_listener: module hrtimer_tick %s" % s)
                 for s in ("coming", "live", "going")]
        if -1 in order or order != sorted(order):
            fail("expected hrtimer_tick coming, live, going in that order, saw:\n%s" % log)
        out = q.run("insmod %s/keyed_store.ko" % GUEST)
        expect_in(out, "Operation not permitted", "the load the listener vetoes")
        expect_not_in(q.run("lsmod"), "keyed_store", "lsmod after the veto")
        expect_in(q.run("cat /proc/keyed_store"), "No such file", "the vetoed module's /proc file")
        _rmmod(q, "event_listener")
        _insmod(q, "keyed_store")
        _rmmod(q, "keyed_store")
        _rmmod(q, "event_chain")


def test_reboot_notifier_runs_before_poweroff():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "event_chain")
        _insmod(q, "event_listener")
        q.send("poweroff\n")
        q.wait_for(r"event_listener: reboot notifier, action 3", timeout=scaled(10),
                   what="the reboot chain's callback with SYS_POWER_OFF")
        q.wait_exit(timeout=scaled(20))


# ---- RCU ------------------------------------------------------------------------

def test_rcu_readers_on_every_cpu_never_see_a_freed_entry():
    with _boot(timeout=120) as q:
        q.wait_prompt()
        _insmod(q, "rcu_readers", "entries=16 updates=1500")
        expect_in(q.run("dmesg"), "rcu_readers: 4 readers, 16 entries, 1500 updates",
                  "one reader per CPU")
        # Poll until the updater is done; give up only when it stops
        # making progress (a grace period that never ends), not after a
        # fixed time, which a loaded host could exceed.
        done, last, still = 0, -1, 0
        while done < 1500 and still < 100:
            out = q.run("cat /proc/rcu_readers")
            m = re.search(r"updates (\d+)/", out)
            done = int(m.group(1)) if m else 0
            still = still + 1 if done == last else 0
            last = done
        expect_in(out, "updates 1500/1500", "the updater finishing its replacements")
        expect_in(out, "stale 0", "entries freed while a reader could see them")
        expect_in(out, "walks yes", "the readers walking")
        _rmmod(q, "rcu_readers")
        log = q.run("dmesg")
        # 500 of the 1500 went through call_rcu's callback; rcu_barrier in
        # exit waited for all of them.
        expect_in(log, "rcu_readers: 1500 updates, 0 stale, 4 readers walked, callbacks 500",
                  "the exit message after rcu_barrier")
        expect_not_in(log, "WARNING", "the log")


def test_rcu_readers_100_rounds_leave_memory_unchanged():
    """Each round's exit must wait for its call_rcu and kfree_rcu frees
    (rcu_barrier), or objects would still be allocated when it is counted."""
    with _boot(timeout=180, extra=("-append", "quiet")) as q:
        q.wait_prompt()
        _rounds(q, "rcu_readers", "entries=4 updates=30",
                settle=("cat /proc/rcu_readers", r"updates 30/30"))
        expect_not_in(q.run("dmesg"), "WARNING", "the log after the rounds")


# ---- class_create(name) ----------------------------------------------------------

def test_auto_node_gets_its_node_from_the_one_argument_class_create():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "auto_node")
        expect_in(q.run("ls /dev"), "auto_node0", "ls /dev after device_create")
        expect_in(q.run("ls /sys/class"), "auto_node", "the class in /sys/class")
        expect_eq(q.run("cat /dev/auto_node0"), "hello from auto_node, open #1", "the first read")
        expect_eq(q.run("cat /dev/auto_node0"), "hello from auto_node, open #2", "the second read")
        _rmmod(q, "auto_node")
        expect_not_in(q.run("ls /dev"), "auto_node", "ls /dev after the unload")
        expect_not_in(q.run("ls /sys/class"), "auto_node", "/sys/class after the unload")
        _insmod(q, "auto_node")
        expect_eq(q.run("cat /dev/auto_node0"), "hello from auto_node, open #1",
                  "a read after loading again")
        _rmmod(q, "auto_node")


def test_kfifo_misc_and_auto_node_100_rounds_leave_memory_unchanged():
    with _boot(timeout=120, extra=("-append", "quiet")) as q:
        q.wait_prompt()
        _rounds(q, "kfifo_misc", "size=4096",
                use=("echo hello > /dev/kfifo_misc", "cat /dev/kfifo_misc"))
        _rounds(q, "auto_node", use=("cat /dev/auto_node0",))


# ---- names tutorial modules take for granted --------------------------------------

def test_tutorial_headers_finds_what_tutorials_include_and_call():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "tutorial_headers", "trace=1")
        log = q.run("dmesg")
        expect_in(log, "tutorial_headers: phys_to_virt(virt_to_phys(p)) == p: 1",
                  "virt_to_phys and phys_to_virt from asm/io.h")
        expect_in(log, "tutorial_headers: version 2.5, 1 device-tree ids, kvrealloc kept the data",
                  "THIS_MODULE->version, an of_device_id table and kvrealloc")
        expect_in(log, "Call trace:", "dump_stack with trace=1")
        expect_not_in(log, "sleeping function called from invalid context",
                      "might_sleep in a module's init, which may sleep")
        _rmmod(q, "tutorial_headers")


def test_panic_runs_the_panic_notifier_chain_with_its_message():
    with _boot() as q:
        q.wait_prompt()
        q.send("insmod %s/tutorial_headers.ko do_panic=1\n" % GUEST)
        q.wait_for("Kernel panic - not syncing: tutorial_headers asked for it",
                   timeout=scaled(10), allow_panic=True, what="the panic message")
        q.wait_for('tutorial_headers: panic notifier saw "tutorial_headers asked for it"',
                   timeout=scaled(10), allow_panic=True, what="the panic notifier's line")
        q.expect_exit(PANIC_EXIT_STATUS, timeout=scaled(20), what="QEMU's exit after the panic")
