"""A driver's mmap, for real: tests/linux-modules/mapdev (one device that
maps its buffer with remap_pfn_range, one whose pages come from a
vm_operations_struct .fault) built with `make -C <tree> M=<dir> modules`,
loaded under QEMU and exercised with the shell's `mmap` command, which maps
the file into the kernel's mmap area and reads or writes the bytes through
the page tables. Checked: the driver's bytes through both kinds, writes
landing in the driver's buffer, one fault per page touched, the module
pinned while mapped, every bad input refused with nothing changed, and 100
map/unmap rounds that leave memory as it was.
"""

import os
import re
import shutil
import tempfile

from qemu import Qemu, expect_eq, expect_in, expect_not_in, fail, make_tree
from corpus import corpus_initrd

GUEST = "/lib/mapdev"
KO = GUEST + "/mapdev.ko"
PARAMS = "/sys/module/mapdev/parameters/"
CYCLES = 100

def _cpio():
    """The corpus module, built once; an initrd archive holding it."""
    return corpus_initrd("mmap", ["mapdev"], GUEST)


def _boot(**kw):
    return Qemu(smp=4, initrd=["build/initrd.cpio", _cpio()], **kw)


def _insmod(q, args=""):
    out = q.run(("insmod %s %s" % (KO, args)).strip())
    expect_not_in(out, "ERROR", "insmod mapdev")


def _param(q, name):
    out = q.run("cat " + PARAMS + name).strip()
    if not out.isdigit():
        fail("expected a number in %s%s, saw %r" % (PARAMS, name, out))
    return int(out)


def _dump_lines(out):
    """The dump's lines that show bytes: offset -> the |text| column."""
    return {int(m.group(1), 16): m.group(2)
            for m in re.finditer(r"^([0-9a-f]{8})  .*\|(.*)\|$", out, re.M)}


def _memory(q):
    """(SlabObjects, MemFree + Slab in kB), as test_ldd3_style checks them."""
    info = q.run("cat /proc/meminfo")
    found = [re.search(r"^%s:\s+(\d+)" % k, info, re.M)
             for k in ("SlabObjects", "MemFree", "Slab")]
    if not all(found):
        fail("expected SlabObjects, MemFree and Slab lines in /proc/meminfo, saw:\n%s" % info)
    objects, free, slab = (int(m.group(1)) for m in found)
    return objects, free + slab


def _no_mappings(q, what):
    expect_eq(q.run("mmap").strip(), "", "the list of kept mappings (mmap) " + what)


def test_mmap_shows_the_driver_bytes_through_remap_pfn_range_and_through_fault():
    with _boot(timeout=60) as q:
        _insmod(q)
        out = q.run("mmap /dev/mapdev_remap 8192")
        lines = _dump_lines(out)
        expect_eq(lines.get(0, "")[:12], "remap page 0", "bytes at offset 0 of the remap mapping")
        expect_eq(lines.get(0x1000, "")[:12], "remap page 1",
                  "bytes at offset 0x1000 of the remap mapping")
        expect_in(out, "\n*\n", "the dump's run of equal lines (dots) shown as '*'")
        expect_eq(out.rstrip().split("\n")[-1], "00002000", "the dump's last line (its length)")
        out = q.run("mmap /dev/mapdev_fault 12288 4096")
        lines = _dump_lines(out)
        for i, off in enumerate((0, 0x1000, 0x2000)):
            expect_eq(lines.get(off, "")[:12], "fault page %d" % (i + 1),
                      "bytes at offset %#x of the fault mapping made at file offset 4096" % off)
        expect_not_in(out, "mmap:", "the fault mapping's dump")
        # Both closed their vma (vm_ops->close) and nothing stays mapped.
        expect_eq(_param(q, "vma_closes"), 2, "mapdev's vma_closes after two mmap commands")
        _no_mappings(q, "after both")
        expect_not_in(q.run("dmesg"), "BUG", "the log")


def test_writes_through_the_mapping_land_in_the_driver_buffer():
    with _boot(timeout=60) as q:
        _insmod(q)
        for dev in ("remap", "fault"):
            out = q.run("mmap -w /dev/mapdev_%s WRITE 4096" % dev)
            expect_eq(out.strip(), "", "mmap -w /dev/mapdev_%s WRITE 4096" % dev)
            # read() of the device shows the driver's buffer itself.
            out = q.run("head -n 2 /dev/mapdev_%s" % dev)
            expect_in(out, "%s page 0\n" % dev, "the first line read() gives")
            expect_in(out, "WRITE page 1", "page 1 of mapdev_%s's buffer, read with read(), "
                      "after writing WRITE at offset 4096 through the mapping" % dev)
            out = q.run("mmap /dev/mapdev_%s 16 4096" % dev)
            expect_in(out, "|WRITE page 1.", "the same bytes read back through a new mapping")


def test_fault_handler_runs_once_per_page_touched():
    with _boot(timeout=60) as q:
        _insmod(q)
        expect_eq(_param(q, "faults"), 0, "faults before any mapping")
        q.run("mmap /dev/mapdev_fault 16384")
        expect_eq(_param(q, "faults"), 4, "faults after reading 4 pages (4096 reads each)")
        q.run("mmap /dev/mapdev_fault 100")
        expect_eq(_param(q, "faults"), 5, "faults after reading 100 bytes of one page")
        q.run("mmap -w /dev/mapdev_fault xyz 8192")
        expect_eq(_param(q, "faults"), 6, "faults after writing 3 bytes to one page")
        # remap_pfn_range mapped everything at mmap time: no fault at all.
        q.run("mmap /dev/mapdev_remap 16384")
        expect_eq(_param(q, "faults"), 6, "faults after reading the remap device")


def test_rmmod_is_refused_while_mapped_and_works_after():
    with _boot(timeout=60) as q:
        _insmod(q)
        for dev in ("remap", "fault"):
            out = q.run("mmap -k /dev/mapdev_%s 4096" % dev)
            m = re.search(r"kept at (0x[0-9a-f]+)-", out)
            if not m:
                fail("expected 'kept at ADDR-END' from mmap -k, saw:\n%s" % out)
            addr = m.group(1)
            expect_in(q.run("mmap"), "mapdev_%s" % dev, "the list of kept mappings")
            expect_in(q.run("rmmod mapdev"), "rmmod: ERROR: Module mapdev is in use",
                      "rmmod while /dev/mapdev_%s is mapped" % dev)
            expect_in(q.run("lsmod"), "mapdev", "lsmod after the refused rmmod")
            # Still working after the refusal.
            expect_in(q.run("mmap /dev/mapdev_%s 16" % dev), "%s page 0" % dev,
                      "a second mapping while the first is kept")
            expect_eq(q.run("munmap " + addr).strip(), "", "munmap " + addr)
            _no_mappings(q, "after munmap")
            expect_eq(q.run("rmmod mapdev").strip(), "", "rmmod after munmap")
            expect_not_in(q.run("lsmod"), "mapdev", "lsmod after rmmod")
            _insmod(q)
        expect_in(q.run("munmap 0xc0000000"), "munmap: 0xc0000000: no mapping starts there",
                  "munmap of an address with no mapping")


def test_bad_input_gets_a_clear_error_and_changes_nothing():
    with _boot(timeout=60) as q:
        _insmod(q)
        q.run("echo hello > /plain")
        q.run("mmap /dev/mapdev_fault 16384")   # warm-up: what a first run caches stays
        q.run("mmap /dev/mapdev_remap 16384")
        faults = _param(q, "faults")   # first: reading a sysfs file caches its dentry
        before = _memory(q)
        cases = [
            ("mmap /plain", "mmap: /plain: No such device"),
            ("mmap /dev/mapdev_remap 0", "mmap: /dev/mapdev_remap: Invalid argument"),
            ("mmap /dev/mapdev_remap 4096 16384", "mmap: /dev/mapdev_remap: Invalid argument"),
            ("mmap /dev/mapdev_remap 8192 12288", "mmap: /dev/mapdev_remap: Invalid argument"),
            ("mmap /dev/mapdev_remap 4096 100",
             "mmap: invalid offset '100': not a multiple of the page size (4096)"),
            ("mmap /dev/mapdev_remap lots", "mmap: invalid length 'lots'"),
            ("mmap /dev/mapdev_remap 8388608", "mmap: /dev/mapdev_remap: Cannot allocate memory"),
            ("mmap /nothing", "mmap: cannot open '/nothing': No such file or directory"),
            ("mmap -w /dev/mapdev_remap", "usage: mmap"),
            ("mmap /dev/mapdev_fault 4096 16384",
             "mmap: /dev/mapdev_fault: read at offset 0x0 (address 0xc0000000): Bus error: "
             "the fault handler returned VM_FAULT_SIGBUS"),
            ("mmap /dev/mapdev_fault 8192 12288",
             "Bus error: the fault handler returned VM_FAULT_SIGBUS"),
            ("munmap nowhere", "munmap: invalid address 'nowhere'"),
        ]
        for cmd, msg in cases:
            expect_in(q.run(cmd), msg, "the error from %r" % cmd)
            _no_mappings(q, "after %r" % cmd)
        # The partly readable mapping showed its good page before the bad one.
        expect_in(q.run("mmap /dev/mapdev_fault 8192 12288"), "|fault page 3.",
                  "the readable page before the one that gets SIGBUS")
        expect_eq(_param(q, "faults") - faults, 2, "pages the fault handler handed out "
                  "during the bad cases (only page 3 of the two 8192-byte mappings)")
        expect_eq(_memory(q), before, "(SlabObjects, MemFree + Slab) after the bad cases")
        expect_eq(q.run("rmmod mapdev").strip(), "",
                  "rmmod after the bad cases (no reference left)")
        # A fault handler that returns success but no page: a clear error.
        _insmod(q, "forget_page=1")
        expect_in(q.run("mmap /dev/mapdev_fault 4096"),
                  "Bus error: the fault handler returned no page",
                  "mmap of a device whose fault handler forgets vmf->page")
        _no_mappings(q, "after the forgotten page")
        expect_eq(q.run("rmmod mapdev").strip(), "", "rmmod after the forgotten page")
        log = q.run("dmesg")
        for bad in ("BUG", "Oops", "WARNING"):
            expect_not_in(log, bad, "the log after the bad input")


def test_100_map_unmap_rounds_leave_memory_unchanged():
    with _boot(timeout=120, extra=("-append", "quiet")) as q:
        _insmod(q)
        cmds = ("mmap /dev/mapdev_remap 16384", "mmap /dev/mapdev_fault 16384",
                "mmap -w /dev/mapdev_fault round 4096")
        for cmd in cmds:
            q.run(cmd)
        closes = _param(q, "vma_closes")   # first: reading a sysfs file caches its dentry
        before = _memory(q)
        for _ in range(CYCLES):
            for cmd in cmds:
                out = q.run(cmd)
                expect_not_in(out, "mmap:", "the output of %r" % cmd)
        after = _memory(q)
        if after != before:
            fail("(SlabObjects, MemFree + Slab) unchanged after %d map/unmap rounds: %s before, "
                 "%s after" % (CYCLES, before, after))
        expect_eq(_param(q, "vma_closes") - closes, CYCLES * len(cmds), "vm_ops->close calls")
        _no_mappings(q, "after the rounds")
        expect_eq(q.run("rmmod mapdev").strip(), "", "rmmod after the rounds")


def test_four_jobs_mapping_at_once_each_get_their_pages():
    """On -smp 4: four background jobs map, fault in and unmap the fault
    device at the same time; each sees its pages, every fault is counted
    once, and nothing stays mapped."""
    with _boot(timeout=120, extra=("-append", "quiet")) as q:
        _insmod(q)
        rounds = 5
        for _ in range(rounds):
            for i in range(4):
                q.run("mmap /dev/mapdev_fault 16384 > /out%d &" % i)
            q.run("wait")
            for i in range(4):
                out = q.run("cat /out%d" % i)
                expect_not_in(out, "mmap:", "job %d's output" % i)
                expect_eq(_dump_lines(out).get(0x3000, "")[:12], "fault page 3",
                          "job %d's page 3" % i)
        expect_eq(_param(q, "faults"), rounds * 4 * 4, "faults after %d rounds of 4 jobs "
                  "reading 4 pages each" % rounds)
        _no_mappings(q, "after the jobs")
        expect_eq(q.run("rmmod mapdev").strip(), "", "rmmod after the jobs")


def test_a_variable_given_on_the_make_command_line_reaches_the_module_makefile():
    """LDD3's Makefiles (simple's among them) hand their include directory
    to kbuild on the command line (make -C KDIR M=DIR LDDINCDIR=...) and
    use it in EXTRA_CFLAGS; kbuild must see it, or -I swallows -DMODULE."""
    tmp = tempfile.mkdtemp(prefix="modlab-mmap-vars-")
    try:
        os.mkdir(os.path.join(tmp, "inc"))
        with open(os.path.join(tmp, "inc", "given.h"), "w") as f:
            f.write("#define GIVEN_VALUE 42\n")
        with open(os.path.join(tmp, "Makefile"), "w") as f:
            f.write("EXTRA_CFLAGS += -O2 -I$(MYINCDIR)\n"
                    "ifneq ($(KERNELRELEASE),)\nobj-m := usesvar.o\nendif\n")
        with open(os.path.join(tmp, "usesvar.c"), "w") as f:
            f.write("#include <linux/module.h>\n#include \"given.h\"\n"
                    "static int __init usesvar_init(void) { return GIVEN_VALUE - 42; }\n"
                    "module_init(usesvar_init);\nMODULE_LICENSE(\"GPL\");\n")
        status, out = make_tree("M=" + tmp, "MYINCDIR=" + os.path.join(tmp, "inc"), "modules")
        expect_eq(status, 0, "make -C <tree> M=DIR MYINCDIR=DIR/inc modules status "
                  "(output:\n%s)" % out)
        if not os.path.exists(os.path.join(tmp, "usesvar.ko")):
            fail("expected usesvar.ko after the build, saw only %s" % sorted(os.listdir(tmp)))
    finally:
        shutil.rmtree(tmp, True)


def test_selftest_mmap_remap_refusals_page_references_and_unmaps_seen_by_every_cpu():
    """tests/kernel/selftest_mmap.c: remap_pfn_range's refusals, a page
    mapped by vm_insert_page cannot be freed, no fault served with
    preemption off, and on -smp 4 the other CPUs' next read after an unmap
    faults although their TLBs held the page."""
    with Qemu(smp=4, timeout=120) as q:
        out = q.run("selftest mmap 50", timeout=120)
        expect_in(out, "selftest mmap: PASS", "the verdict of selftest mmap 50")
        expect_in(out, "50 rounds of 3 CPUs", "the rounds the self test ran")
        expect_in(q.run("dmesg"), "a page still mapped (get_page without put_page)",
                  "the report of the refused free of a mapped page")
