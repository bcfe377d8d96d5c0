"""procfs, seq_file, debugfs and the console tty, as Linux modules use them.

tests/linux-modules/ holds tutorial-style modules for these families (a
seq_file iterator over a list, a proc file with proc_set_size, debugfs
files of each kind, a module writing to the console tty); each is built
with make -C <tree> M=<dir> modules into an extra initrd archive, loaded
under QEMU on -smp 4 and driven from the shell: what files show, reads in
small pieces, write errors, rmmod while a file is open or being read, and
memory after 100 load/unload cycles. The in-kernel self tests seq-file
and remove-race check reads at every offset and removal under readers on
every CPU."""

import os
import re
import tempfile

from corpus import corpus_initrd
from qemu import ROOT, Qemu, TestFailure, expect_eq, expect_in, expect_not_in, fail
from qemu import make_tree as make

L = "/lib/modules/procfs/"
MODULES = {"seq_list": "seq_list/seq_list.ko", "proc_sized": "proc_sized/proc_sized.ko",
           "debugfs_kinds": "debugfs_kinds/debugfs_kinds.ko",
           "tty_greeter": "tty_greeter/tty_greeter.ko"}
# Built and loaded, but not in the load/unload cycles: it oopses on purpose.
BROKEN = {"broken_write": "broken_write/broken_write.ko"}
# Where debugfs is mounted (DEBUGFS_MOUNT_POINT in include/modlab/fs.h).
DEBUGFS = "/sys/kernel/debug"
KINDS = DEBUGFS + "/kinds"
CYCLES = 100

def build_corpus():
    """This family's corpus modules, built once; returns the extra initrd."""
    kos = list(MODULES.values()) + list(BROKEN.values())
    return corpus_initrd("linux-procfs", sorted({ko.split("/")[0] for ko in kos}), L)


def boot(**kw):
    return Qemu(smp=4, initrd=["build/initrd.cpio", build_corpus()], timeout=60, **kw)


def insmod(q, name, args=""):
    out = q.run(("insmod %s%s.ko %s" % (L, name, args)).strip())
    expect_not_in(out, "ERROR", "insmod %s" % name)
    return out


def shopping(items, extra=()):
    """What /proc/shopping shows for items=N, then the items in extra."""
    lines = ["item                     count"]
    for i in range(items):
        if i % 7 != 6:
            lines.append("%-24s %5u" % ("thing-%d" % i, i + 1))
    lines += ["%-24s %5u" % e for e in extra]
    return "\n".join(lines) + "\n"


def posix_cksum(data):
    """POSIX cksum's CRC of data (what the shell's cksum prints)."""
    crc = 0

    def feed(byte):
        nonlocal crc
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    for b in data:
        feed(b)
    n = len(data)
    while n:
        feed(n & 0xFF)
        n >>= 8
    return (~crc) & 0xFFFFFFFF


def meminfo(q):
    text = q.run("cat /proc/meminfo")
    return {k: int(re.search(r"^%s:\s+(\d+)" % k, text, re.M).group(1))
            for k in ("MemFree", "Slab", "SlabObjects")}


# ---- headers ----

# Names the kernel uses internally that Linux's headers do not declare: a
# module may use them for its own functions and variables (LKMPG's sched.c
# has a static sched_init). Our Linux-named headers once declared them.
PRIVATE_NAMES = """sched_init sched_init_cpu cpu_idle schedule_tail task_list tasklist_lock
for_each_task task_state_name kthread_reap sleeping_while_atomic wq_worker_died vfs_init
vfs_lock do_mount do_umount do_mkdir do_mknod do_rmdir do_unlink do_rename get_cwd set_cwd
dt_type d_move_to ramfs_mount ramfs_kill_sb for_each_mount for_each_filesystem
kernel_read_whole_file unregister_module_filesystems load_module delete_module tainted_mask
print_tainted module_report_leaks strerror slab_get_stats slab_init page_get_stats
page_alloc_init report_bad_free timer_tick run_local_timers time_init time_mark_boot
arch_clock_read path_normalize path_basename stop_machine_init stop_machine_timeout_ms
debugfs_init console_tty""".split()


def test_a_module_may_name_its_own_functions_as_the_kernel_names_private_ones():
    linux = sorted(os.path.relpath(os.path.join(d, f), os.path.join(ROOT, "include"))
                   for d, _, fs in os.walk(os.path.join(ROOT, "include", "linux"))
                   for f in fs if f.endswith(".h"))
    src = "".join("#include <%s>\n" % h for h in linux + ["asm/current.h", "asm/io.h"])
    src += "".join("static int %s(void) { return %d; }\n" % (n, i)
                   for i, n in enumerate(PRIVATE_NAMES))
    src += "static int __init names_init(void)\n{\n\treturn %s;\n}\n" % " + ".join(
        "%s()" % n for n in PRIVATE_NAMES)
    src += "module_init(names_init);\nMODULE_LICENSE(\"GPL\");\n"
    tmp = tempfile.mkdtemp(prefix="linux-names-")
    with open(os.path.join(tmp, "names.c"), "w") as f:
        f.write(src)
    with open(os.path.join(tmp, "Kbuild"), "w") as f:
        f.write("obj-m += names.o\n")
    status, out = make("M=" + tmp, "modules")
    if status or "error" in out:
        fail("a module including every linux/ header and defining %d kernel-private names: "
             "expected it to build, saw status %d:\n%s" % (len(PRIVATE_NAMES), status, out))


# ---- seq_file ----

def test_seq_iterator_prints_a_header_and_each_item_skipping_crossed_off_ones():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "seq_list", "items=10")
        expect_eq(q.run("cat /proc/shopping") + "\n", shopping(10), "cat /proc/shopping")
        expect_eq(q.run("echo milk 2 > /proc/shopping"), "", "echo milk 2 > /proc/shopping")
        expect_eq(q.run("cat /proc/shopping") + "\n", shopping(10, [("milk", 2)]),
                  "the list after adding milk")
        expect_eq(q.run("echo milk > /proc/shopping"), "sh: write error: Invalid argument",
                  "a line without a count")
        expect_eq(q.run("cat /proc/shopping") + "\n", shopping(10, [("milk", 2)]),
                  "the list after a refused write")
        q.run("rmmod seq_list")
        expect_eq(q.run("cat /proc/shopping"),
                  "cat: /proc/shopping: No such file or directory", "cat after rmmod")


def test_a_big_sequence_reads_the_same_in_small_pieces_and_after_seeks():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "seq_list", "items=600")
        want = shopping(600).encode()
        if len(want) < 3 * 4096:
            fail("expected a text over three pages, saw %d bytes" % len(want))
        expect_eq(q.run("cksum /proc/shopping"),
                  "%d %d /proc/shopping" % (posix_cksum(want), len(want)), "cksum of the list")
        lines = want.split(b"\n")
        # head -c N reads N bytes in one go: the first lines, cut anywhere.
        for k in (1, 2, 9, 15):
            n = len(b"\n".join(lines[:k]))
            expect_eq(q.run("head -c %d /proc/shopping" % (n + 1)),
                      b"\n".join(lines[:k]).decode(), "head -c %d" % (n + 1))
        expect_eq(q.run("head -n 4 /proc/shopping"), b"\n".join(lines[:4]).decode(),
                  "head -n 4")
        q.run("rmmod seq_list")
        out = q.run("selftest seq-file")
        expect_in(out, "selftest seq-file: PASS", "selftest seq-file")


# ---- procfs ----

def test_proc_set_size_shows_in_ls_and_the_notepad_keeps_what_fits():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "proc_sized")
        expect_eq(q.run("ls -l /proc/notepad"), "-rw-r--r--   1       64 /proc/notepad",
                  "ls -l /proc/notepad (proc_set_size 64)")
        q.run("echo hello, notepad > /proc/notepad")
        expect_eq(q.run("cat /proc/notepad"), "hello, notepad", "cat after a write")
        expect_eq(q.run("echo %s > /proc/notepad" % ("x" * 70)),
                  "sh: write error: No space left on device", "a write past the size")
        expect_eq(q.run("cat /proc/notepad"), "hello, notepad", "cat after the refused write")
        q.run("rmmod proc_sized")
        expect_eq(q.run("ls -l /proc/notepad"),
                  "ls: cannot access '/proc/notepad': No such file or directory",
                  "ls -l after rmmod")


def reader_waiting(q, mark, name):
    q.wait_for(re.compile(re.escape(name) + r": reader waiting"), since=mark,
               what="the slow reader inside %s" % name)


def test_rmmod_waits_for_a_reader_inside_a_proc_file_and_releases_it():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "proc_sized")
        m = q.mark()
        q.run("cat /proc/notepad_slow &")
        reader_waiting(q, m, "notepad_slow")
        # proc_ops have no owner: rmmod goes ahead and waits in proc_remove.
        m = q.mark()
        q.run("rmmod proc_sized &")
        out = q.run("lsmod")
        expect_in(out, "proc_sized", "lsmod while rmmod waits for the reader")
        expect_not_in(q.output_since(m), "notepad_slow removed",
                      "rmmod's progress while a reader is inside notepad_slow")
        q.run("echo go > /proc/notepad_go")
        q.wait_for(re.compile(r"notepad_slow removed"), since=m, what="the removal's end")
        out = q.run("wait")
        text = q.output_since(m)
        expect_in(text, "slow reader done", "what the reader got before the removal")
        expect_in(text, "cat: /proc/notepad_slow: Input/output error",
                  "the reader's next read after the removal")
        expect_eq(q.run("lsmod").count("\n"), 0, "modules left after the rmmod")


# ---- debugfs ----

def test_debugfs_files_of_each_kind_show_and_take_values():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "debugfs_kinds")
        q.run("cd " + KINDS)
        expect_eq(q.run("ls").split(), sorted(
            "banner byte flag half hits limit mask quad slow slow_pinned summary word".split()),
            "ls " + KINDS)
        expect_eq(q.run("cat byte half word quad mask flag hits limit").split(),
                  ["200", "60000", "4000000000", "18000000000000000000", "0x0000beef", "Y",
                   "0", "42"], "the values")
        expect_eq(q.run("cat banner"), "kinds: one file of each sort", "the blob")
        expect_eq(q.run("cat summary"),
                  "byte=200 half=60000 word=4000000000 quad=18000000000000000000\n"
                  "mask=0xbeef flag=1 hits=1 limit=42", "the seq_file summary")
        expect_eq(q.run("cat hits"), "1", "hits after one read of summary")
        expect_eq(q.run("head -c 5 summary > /tmp/h"), "", "head -c 5 into a file")
        expect_eq(q.run("cksum /tmp/h"), "%d 5 /tmp/h" % posix_cksum(b"byte="),
                  "the first 5 bytes of summary")
        q.run("echo 0x1234abcd > word")
        q.run("echo 7 > byte")
        q.run("echo 0xff00 > mask")
        q.run("echo n > flag")
        expect_eq(q.run("cat word byte mask flag").split(), ["305441741", "7", "0x0000ff00", "N"],
                  "the values after writes")
        # As Linux: a number too big for the type is cut to its width.
        q.run("echo 300 > byte")
        expect_eq(q.run("cat byte"), "44", "u8 after writing 300")
        expect_eq(q.run("echo abc > word"), "sh: write error: Invalid argument", "echo abc > word")
        expect_eq(q.run("echo maybe > flag"), "sh: write error: Invalid argument",
                  "echo maybe > flag")
        expect_eq(q.run("echo 7 > limit"), "sh: limit: Permission denied",
                  "a write to a 0444 file")
        expect_eq(q.run("echo 7 > banner"), "sh: banner: Permission denied",
                  "a write to the blob")
        expect_eq(q.run("cat word limit flag").split(), ["305441741", "42", "N"],
                  "the values after the refused writes")
        q.run("cd /")
        q.run("rmmod debugfs_kinds")
        expect_eq(q.run("ls " + DEBUGFS), "", "debugfs after rmmod")


def test_debugfs_is_mounted_and_mount_again_is_accepted():
    with boot() as q:
        q.wait_prompt()
        expect_in(q.run("cat /proc/mounts"), "debugfs %s debugfs rw 0 0" % DEBUGFS,
                  "/proc/mounts at boot")
        expect_eq(q.run("mount -t debugfs none " + DEBUGFS), "", "mount -t debugfs again")
        insmod(q, "debugfs_kinds")
        expect_eq(q.run("cat %s/limit" % KINDS), "42", "a file seen through the second mount")
        expect_eq(q.run("umount " + DEBUGFS), "", "umount of the second mount")
        expect_eq(q.run("cat %s/limit" % KINDS), "42", "the file through the first mount")
        q.run("rmmod debugfs_kinds")


def test_rmmod_is_refused_while_a_file_of_the_module_is_open():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "debugfs_kinds")
        m = q.mark()
        q.run("cat %s/slow_pinned &" % KINDS)
        reader_waiting(q, m, "slow_pinned")
        expect_eq(q.run("rmmod debugfs_kinds"), "rmmod: ERROR: Module debugfs_kinds is in use",
                  "rmmod while slow_pinned (owner THIS_MODULE) is open")
        q.run("echo 1 > /proc/debugfs_kinds_go")
        q.run("wait")
        expect_in(q.output_since(m), "slow reader done", "the reader's text")
        expect_in(q.run("rmmod debugfs_kinds"), "debugfs_kinds: kinds removed",
                  "rmmod after the close")


def test_rmmod_waits_for_a_reader_inside_debugfs_then_reads_fail_with_eio():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "debugfs_kinds")
        m = q.mark()
        q.run("cat %s/slow &" % KINDS)
        reader_waiting(q, m, "slow")
        m = q.mark()
        q.run("rmmod debugfs_kinds &")
        # The job may not have started yet: wait until the module is going
        # (its exit waits for the reader inside slow).
        for _ in range(500):
            row = [line for line in q.run("lsmod").splitlines()
                   if line.startswith("debugfs_kinds ")]
            if not row or row[0].endswith("Unloading"):
                break
        expect_eq(len(row) == 1 and row[0].endswith("Unloading"), True,
                  "debugfs_kinds listed as Unloading while the removal waits (lsmod: %r)" % row)
        expect_not_in(q.output_since(m), "kinds removed",
                      "rmmod's progress while a reader is inside slow")
        q.run("echo 1 > /proc/debugfs_kinds_go")
        q.wait_for(re.compile(r"debugfs_kinds: kinds removed"), since=m,
                   what="the removal's end")
        q.run("wait")
        text = q.output_since(m)
        expect_in(text, "slow reader done", "what the reader got before the removal")
        expect_in(text, "cat: %s/slow: Input/output error" % KINDS,
                  "the reader's next read after the removal")
        expect_eq(q.run("lsmod").count("\n"), 0, "modules left after the rmmod")


def test_remove_race_on_four_cpus():
    with boot() as q:
        q.wait_prompt()
        out = q.run("selftest remove-race 100", timeout=300)
        expect_in(out, "selftest remove-race: PASS", "selftest remove-race")
        if not re.search(r"\d+ readers, [1-9]\d* reads", out):
            fail("expected reads during the removals, saw:\n" + out)


# ---- the console tty ----

def test_a_module_writes_to_the_terminal_past_output_redirection():
    with boot() as q:
        q.wait_prompt()
        m = q.mark()
        out = q.run("insmod %stty_greeter.ko > /tmp/out" % L)
        expect_in(out, "tty_greeter: hello, terminal", "the greeting on the console")
        expect_in(q.output_since(m), "tty_greeter: greeter_check has no terminal",
                  "get_current_tty in a kernel thread")
        expect_eq(q.run("cat /tmp/out"), "", "the command's redirected output")
        expect_in(q.run("rmmod tty_greeter"), "tty_greeter: goodbye, terminal", "the farewell")


# ---- an oops in a driver's write ----

def test_an_oops_in_a_write_through_redirection_kills_the_command_not_the_shell():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "broken_write")
        m = q.mark()
        out = q.run("echo hi > /proc/broken_write")
        expect_in(out, "sh: echo: killed by oops", "echo into a file whose write oopses")
        expect_in(q.output_since(m), "broken_write", "the oops naming the module's function")
        expect_eq(q.run("echo the shell is still here"), "the shell is still here",
                  "the shell after the oops")


# ---- memory ----

USE = {"seq_list": "cat /proc/shopping", "proc_sized": "cat /proc/notepad",
       "debugfs_kinds": "cat %s/summary" % KINDS, "tty_greeter": "lsmod"}


def cycle(q, rounds):
    for _ in range(rounds):
        for name in MODULES:
            out = q.run("insmod %s%s.ko" % (L, name))
            out += q.run(USE[name])
            out += q.run("rmmod " + name)
            if "ERROR" in out or "rror" in out:
                raise TestFailure("expected %s to load, work and unload, saw:\n%s" % (name, out))


def test_memory_is_unchanged_after_100_load_unload_cycles_of_each():
    with boot(extra=["-append", "loglevel=4"]) as q:
        q.wait_prompt()
        # One round first: caches that grow once (slabs, dentries) do so now.
        cycle(q, 1)
        before = meminfo(q)
        cycle(q, CYCLES)
        after = meminfo(q)
        # Objects must match exactly. A slab may keep one more empty page
        # than before (taken from MemFree, counted in Slab): that moves
        # pages between the two, it does not lose any.
        expect_eq(after["SlabObjects"], before["SlabObjects"],
                  "SlabObjects after %d more cycles" % CYCLES)
        expect_eq(after["MemFree"] + after["Slab"], before["MemFree"] + before["Slab"],
                  "MemFree + Slab (kB) after %d more cycles (before %r, after %r)"
                  % (CYCLES, before, after))
        expect_eq(q.run("lsmod").count("\n"), 0, "modules left loaded")
