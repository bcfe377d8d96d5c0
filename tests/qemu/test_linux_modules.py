"""Modules written for Linux, unchanged: tests/linux-modules/NAME/ holds
tutorial-style sources (a chardev counting opens, a procfs buffer, an
ioctl driver on a cdev, a blocking pipe, a uaccess bad-pointer driver,
hello-1/hello-2) with the Makefiles Linux users write. Each is built with
make -C <tree> M=<dir> modules into an extra initrd archive, loaded under
QEMU on -smp 4 and driven from the shell."""

import os
import re
import shutil
import subprocess
import tempfile

from qemu import ROOT, Qemu, TestFailure, expect_eq, expect_in, expect_not_in, fail
from qemu import make_tree as make

CORPUS = os.path.join(ROOT, "tests", "linux-modules")
L = "/lib/modules/linux/"
# Each module, and the directory it is built in.
MODULES = {"hello_1": "hello/hello-1.ko", "hello_2": "hello/hello-2.ko",
           "chardev": "chardev/chardev.ko", "procfs2": "procfs/procfs2.ko",
           "ioctl_dev": "ioctl/ioctl_dev.ko", "lkpipe": "pipe/lkpipe.ko",
           "uaccess_check": "uaccess/uaccess_check.ko"}
CYCLES = 100

_built = {}


def build_corpus():
    """Build every corpus module once; returns (the extra initrd, build logs)."""
    if _built:
        return _built["cpio"], _built["logs"]
    if not os.path.exists(os.path.join(ROOT, "build", "Module.symvers")):
        fail("build/Module.symvers is missing: run make first")
    tmp = tempfile.mkdtemp(prefix="linux-modules-")
    src = os.path.join(tmp, "src")
    shutil.copytree(CORPUS, src)
    logs = {}
    for d in sorted(os.listdir(src)):
        status, out = make("M=" + os.path.join(src, d), "modules")
        logs[d] = out
        if status:
            fail("make M=.../%s modules failed (status %d):\n%s" % (d, status, out))
    stage = os.path.join(tmp, "stage", "lib", "modules", "linux")
    os.makedirs(stage)
    for ko in MODULES.values():
        shutil.copy(os.path.join(src, ko), stage)
    cpio = os.path.join(tmp, "linux-modules.cpio")
    names = subprocess.run("cd %s && find . -mindepth 1 | sort" % os.path.join(tmp, "stage"),
                           shell=True, stdout=subprocess.PIPE, text=True, check=True).stdout
    with open(cpio, "wb") as f:
        subprocess.run(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet"],
                       input=names.encode(), stdout=f, check=True,
                       cwd=os.path.join(tmp, "stage"))
    _built.update(cpio=cpio, logs=logs)
    return cpio, logs


def boot():
    cpio, _ = build_corpus()
    return Qemu(smp=4, initrd=["build/initrd.cpio", cpio], timeout=60)


def poll(q, cmd, pred, what, tries=200):
    """Run cmd until pred(output) holds (a state to wait for, not a delay)."""
    out = ""
    for _ in range(tries):
        out = q.run(cmd)
        if pred(out):
            return out
    raise TestFailure("waited for %s; last output of %r:\n%s" % (what, cmd, out))


def major_of(q, name):
    m = re.search(r"^\s*(\d+) %s$" % name, q.run("cat /proc/devices"), re.M)
    if not m:
        raise TestFailure("no %s in /proc/devices:\n%s" % (name, q.run("cat /proc/devices")))
    return int(m.group(1))


def lsmod_row(q, name):
    for line in q.run("lsmod").splitlines()[1:]:
        if line.split()[0] == name:
            return line.split()
    return None


def memfree(q):
    return int(re.search(r"MemFree:\s+(\d+)", q.run("cat /proc/meminfo")).group(1))


def test_linux_makefiles_build_with_warnings_printed_not_fatal():
    _, logs = build_corpus()
    if not re.search(r"warning: unused variable .unused_on_purpose.", logs["hello"]):
        fail("expected the hello build to print the unused-variable warning "
             "(Linux's default set), saw:\n" + logs["hello"])
    for d, out in logs.items():
        if d != "hello":
            expect_not_in(out, "warning:", "the %s build's output" % d)
    # W=e makes warnings errors, as in Linux; the in-tree build keeps -Werror.
    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "hello")
        shutil.copytree(os.path.join(CORPUS, "hello"), d)
        status, out = make("M=" + d, "W=e", "modules")
        if status == 0:
            fail("the W=e build of hello-2.c succeeded; expected the warning to fail it:\n" + out)
        if not re.search(r"error: unused variable .unused_on_purpose.", out):
            fail("expected the W=e build to fail on the unused variable, saw:\n" + out)
        status, out = make("M=" + d, "W=1", "modules")
        expect_eq(status, 0, "the W=1 build's status (output:\n%s)" % out)


# One object per header, each including only that header and using what
# Linux 6.1's same header makes reachable through its own includes.
REACHABLE = {
    "module": ("linux/module.h", """
static atomic_t n = ATOMIC_INIT(0);
static DEFINE_SPINLOCK(l);
static DEFINE_MUTEX(m);
static DECLARE_WAIT_QUEUE_HEAD(wq);
int r_module(const char *s, void *p)
{
	char buf[8];
	memset(buf, 0, sizeof(buf));
	spin_lock(&l); spin_unlock(&l);
	mutex_lock(&m); mutex_unlock(&m);
	if (wait_event_interruptible(wq, atomic_read(&n) == 0))
		return -ERESTARTSYS;
	return strlen(s) + IS_ERR(p) + HZ + (int)jiffies + (int)PAGE_SIZE + GFP_KERNEL +
	       S_IRUGO + S_IRUSR + _IOR('k', 1, int) + (current != NULL);
}"""),
    "kernel": ("linux/kernel.h", """
int r_kernel(const char *s, void *p)
{
	atomic_t a = ATOMIC_INIT(1);
	return strlen(s) + IS_ERR(p) + PTR_ERR(p) + atomic_read(&a) + min(1, 2) + INT_MAX - EINVAL;
}"""),
    "fs": ("linux/fs.h", """
int r_fs(struct file *f, char __user *ubuf)
{
	char *k = kmalloc(8, GFP_KERNEL);
	int ret = copy_to_user(ubuf, "x", 1) + MAJOR(MKDEV(1, 2)) + iminor(file_inode(f)) +
		  (f->f_flags & O_NONBLOCK) + (f->f_mode & FMODE_READ) + (int)f->f_pos + HZ;
	kfree(k);
	schedule();
	return ret + (int)PAGE_SIZE + _IOC_NR(_IO('k', 1));
}"""),
    "slab": ("linux/slab.h", """
int r_slab(void)
{
	char *k = kzalloc(16, GFP_KERNEL);
	int ret = k ? (int)strlen(k) : -ENOMEM;
	kfree(k);
	return ret + HZ + (int)PAGE_SIZE;
}"""),
    "sched": ("linux/sched.h", """
int r_sched(void)
{
	set_current_state(TASK_INTERRUPTIBLE);
	schedule_timeout(HZ);
	return signal_pending(current) ? -ERESTARTSYS : (int)strlen(current->comm) + (int)jiffies;
}"""),
    "proc": ("linux/proc_fs.h", """
static ssize_t r_read(struct file *f, char __user *b, size_t n, loff_t *pos)
{
	return simple_read_from_buffer(b, n, pos, "x", 1);
}
static const struct proc_ops r_ops = { .proc_read = r_read };
int r_proc(void)
{
	return proc_create("r", S_IRUGO, NULL, &r_ops) ? 0 : -ENOMEM;
}"""),
    "uaccess": ("linux/uaccess.h", """
int r_uaccess(int __user *p)
{
	int v;
	if (get_user(v, p) || put_user(v + 1, p))
		return -EFAULT;
	return strnlen_user((const char __user *)p, 4) + (int)jiffies;
}"""),
}


def test_each_header_reaches_what_linux_makes_reachable_from_it():
    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "reach")
        os.makedirs(d)
        for name, (header, body) in REACHABLE.items():
            with open(os.path.join(d, name + ".c"), "w") as f:
                f.write("#include <%s>\n%s\n" % (header, body))
        with open(os.path.join(d, "main.c"), "w") as f:
            f.write("#include <linux/module.h>\nMODULE_LICENSE(\"GPL\");\n")
        with open(os.path.join(d, "Makefile"), "w") as f:
            f.write("obj-m := reach.o\nreach-objs := main.o %s\n"
                    % " ".join(n + ".o" for n in REACHABLE))
        status, out = make("M=" + d, "modules")
        expect_eq(status, 0, "the build of one object per header (output:\n%s)" % out)
        expect_not_in(out, "implicit declaration", "the build's output")
        expect_not_in(out, "warning:", "the build's output")


def test_hello_modules_load_by_either_spelling_of_their_names():
    with boot() as q:
        q.wait_prompt()
        expect_in(q.run("insmod " + L + "hello-1.ko"), "Hello world 1.", "insmod hello-1.ko")
        expect_in(q.run("lsmod"), "hello_1", "lsmod (the module's name has '_')")
        expect_in(q.run("modinfo hello-1"), "license:", "modinfo hello-1")
        expect_in(q.run("rmmod hello-1"), "Goodbye world 1.", "rmmod hello-1")
        expect_in(q.run("insmod " + L + "hello-2.ko myint=7"),
                  "Hello, world 2 (myint is 7, HZ 100, page 4096 bytes)", "insmod hello-2.ko")
        expect_in(q.run("rmmod hello_2"), "Goodbye, world 2", "rmmod hello_2")
        expect_eq(q.run("rmmod hello-1"), "rmmod: ERROR: Module hello_1 is not currently loaded",
                  "rmmod of a module not loaded")


def test_chardev_counts_its_reads_and_refuses_writes():
    with boot() as q:
        q.wait_prompt()
        expect_in(q.run("insmod " + L + "chardev.ko"), "I was assigned major number",
                  "insmod chardev.ko")
        major = major_of(q, "chardev")
        devices = q.run("cat /proc/devices")
        expect_in(devices, "Character devices:\n 10 misc\n", "/proc/devices")
        expect_in(devices, "\n\nBlock devices:", "/proc/devices (the block section)")
        expect_eq(q.run("mknod /dev/chardev c %d 0" % major), "", "mknod")
        expect_in(q.run("ls -l /dev"), "crw-r--r--", "the node in ls -l /dev")
        # ls looks at the node without opening it: the driver counts opens.
        expect_eq(q.run("ls -l /dev/chardev"), "crw-r--r--   1 %3d,   0 /dev/chardev" % major,
                  "ls -l of the node (its major and minor)")
        expect_eq(q.run("ls /dev/chardev"), "/dev/chardev", "ls of the node")
        expect_eq(q.run("cat /dev/chardev"), "I already told you 0 times Hello world!",
                  "the first read (after two ls, which must not open the node)")
        expect_eq(q.run("cat /dev/chardev"), "I already told you 1 times Hello world!",
                  "the second read")
        out = q.run("echo hi > /dev/chardev")
        expect_eq(out.splitlines()[-1], "sh: write error: Invalid argument", "a write")
        expect_in(q.run("dmesg"), "Sorry, this operation is not supported.", "the log")
        expect_eq(q.run("mknod /dev/chardev c %d 0" % major), "mknod: /dev/chardev: File exists",
                  "mknod of a name in use")
        expect_eq(q.run("mknod /dev/x c 4096 0"), "mknod: invalid major device number '4096'",
                  "mknod with a major too big")
        expect_eq(q.run("mknod /dev/x c 1"), "usage: mknod [-m MODE] NAME c MAJOR MINOR",
                  "mknod without a minor")
        expect_eq(q.run("mknod /dev/x b 1 0"),
                  "mknod: invalid device type 'b' (only character devices, c, are made by name)",
                  "mknod of a block device")
        expect_eq(q.run("rmmod chardev"), "", "rmmod chardev")
        expect_not_in(q.run("cat /proc/devices"), "chardev", "/proc/devices after rmmod")
        expect_eq(q.run("cat /dev/chardev"), "cat: /dev/chardev: No such device or address",
                  "a read with no driver")
        expect_eq(q.run("rm /dev/chardev"), "", "rm of the node")


def test_head_prints_the_first_lines_or_bytes():
    with boot() as q:
        q.wait_prompt()
        lines = q.run("cat /proc/filesystems").splitlines()
        if len(lines) < 3:
            fail("expected 3 or more lines in /proc/filesystems, saw %r" % lines)
        expect_eq(q.run("head -n 2 /proc/filesystems").splitlines(), lines[:2], "head -n 2")
        expect_eq(q.run("head -c %d /proc/filesystems" % (len(lines[0]) + 1)), lines[0],
                  "head -c of the first line's length")
        expect_eq(q.run("head -n 0 /proc/filesystems"), "", "head -n 0")
        expect_eq(q.run("head -n x /proc/filesystems"), "head: invalid number of lines: 'x'",
                  "head -n x")
        expect_eq(q.run("head /nope"),
                  "head: cannot open '/nope' for reading: No such file or directory", "head /nope")


def test_procfs_buffer_keeps_what_is_written():
    with boot() as q:
        q.wait_prompt()
        expect_in(q.run("insmod " + L + "procfs2.ko"), "/proc/buffer1k created", "insmod")
        expect_eq(q.run("cat /proc/buffer1k"), "", "the empty buffer")
        q.run("echo hello, procfs > /proc/buffer1k")
        expect_eq(q.run("cat /proc/buffer1k"), "hello, procfs", "the buffer after a write")
        expect_in(q.run("rmmod procfs2"), "/proc/buffer1k removed", "rmmod")
        expect_in(q.run("cat /proc/buffer1k"), "No such file or directory", "after rmmod")


def test_ioctl_driver_on_a_cdev():
    get, put, reset, add = 0x80046b01, 0x40046b02, 0x6b03, 0xc0046b04
    with boot() as q:
        q.wait_prompt()
        expect_in(q.run("insmod " + L + "ioctl_dev.ko"), "ioctl_dev: major", "insmod")
        q.run("mknod /dev/ioctl_dev c %d 0" % major_of(q, "ioctl_dev"))
        expect_eq(q.run("ioctl /dev/ioctl_dev %#x" % get), "0", "the first get")
        expect_eq(q.run("ioctl /dev/ioctl_dev %#x 7" % put), "", "set 7")
        expect_eq(q.run("ioctl /dev/ioctl_dev %#x" % get), "7", "get after set 7")
        expect_eq(q.run("ioctl /dev/ioctl_dev %#x 5" % add), "12", "add 5 (_IOWR)")
        expect_eq(q.run("cat /dev/ioctl_dev"), "12", "read")
        expect_eq(q.run("ioctl /dev/ioctl_dev %#x" % reset), "", "reset")
        expect_eq(q.run("ioctl /dev/ioctl_dev %#x" % get), "0", "get after reset")
        expect_eq(q.run("ioctl /dev/ioctl_dev 0x80047801"),
                  "ioctl: /dev/ioctl_dev: Inappropriate ioctl for device", "another magic")
        expect_eq(q.run("ioctl /dev/ioctl_dev nine"),
                  "ioctl: invalid command number 'nine'", "a bad command number")
        expect_in(q.run("rmmod ioctl_dev"), "ioctl_dev: removed", "rmmod")


def test_uaccess_gives_efault_for_bad_pointers_and_the_kernel_lives():
    dev = "/dev/uaccess_check"
    with boot() as q:
        q.wait_prompt()
        q.run("insmod " + L + "uaccess_check.ko")
        for ptr in ("0", "0xdead0000"):
            expect_eq(q.run("ioctl %s 0x7501 %s" % (dev, ptr)), "64",
                      "copy_to_user(%s): bytes not copied" % ptr)
            expect_eq(q.run("ioctl %s 0x7502 %s" % (dev, ptr)), "64",
                      "copy_from_user(%s): bytes not copied" % ptr)
            expect_eq(q.run("ioctl %s 0x7503 %s" % (dev, ptr)),
                      "ioctl: %s: Bad address" % dev, "__get_user(%s) in the module" % ptr)
            expect_eq(q.run("ioctl %s 0x7504 %s" % (dev, ptr)),
                      "ioctl: %s: Bad address" % dev, "put_user(%s)" % ptr)
            expect_eq(q.run("ioctl %s 0x7505 %s" % (dev, ptr)), "", "strnlen_user(%s) = 0" % ptr)
        expect_eq(q.run("ioctl %s 0x7503 0xfffffffe" % dev), "ioctl: %s: Bad address" % dev,
                  "__get_user of a range wrapping the address space")
        log = q.run("dmesg")
        for bad in ("BUG", "Oops", "oops"):
            expect_not_in(log, bad, "the kernel log after the bad pointers")
        expect_eq(q.run("echo alive"), "alive", "the shell after the bad pointers")
        expect_eq(q.run("rmmod uaccess_check"), "", "rmmod")
        out = q.run("selftest uaccess")
        expect_in(out, "selftest uaccess: PASS", "the in-kernel uaccess test (half-mapped buffers)")


def test_blocking_read_is_woken_by_a_background_writer():
    with boot() as q:
        q.wait_prompt()
        q.run("insmod " + L + "lkpipe.ko")
        expect_in(q.run("ls -l /dev"), "lkpipe", "the misc device's node")
        expect_in(q.run("cat /proc/misc"), "lkpipe", "/proc/misc")
        q.run("cat /dev/lkpipe &")
        poll(q, "cat /proc/lkpipe", lambda o: "opens 1" in o, "the reader to open")
        expect_in(q.run("jobs"), "Running", "the reader, asleep")
        mark = q.mark()
        q.run("echo hello through the pipe > /dev/lkpipe")
        out = q.run("wait", timeout=30)
        expect_in(q.output_since(mark), "hello through the pipe", "what the reader printed")
        expect_in(out, "Done (0)", "the reader's end after the writer's close")
        expect_in(q.run("cat /proc/lkpipe"), "buffered 0 writers 0", "the pipe afterwards")
        # head stops at its count on a file that has no end: the pipe's
        # reader sees no end of file until a writer opens and closes later.
        q.run("echo abc > /dev/lkpipe")
        q.run("echo def > /dev/lkpipe")
        expect_eq(q.run("head -c 4 /dev/lkpipe"), "abc", "head -c 4 of the pipe")
        expect_in(q.run("cat /proc/lkpipe"), "buffered 4 ", "what head left in the pipe")
        expect_eq(q.run("rmmod lkpipe"), "", "rmmod with no file open")
        expect_not_in(q.run("ls /dev"), "lkpipe", "/dev after rmmod")


def test_an_open_file_pins_its_module_and_rmmod_wait_ends_at_the_close():
    with boot() as q:
        q.wait_prompt()
        q.run("insmod " + L + "lkpipe.ko")
        q.run("cat /dev/lkpipe &")
        poll(q, "cat /proc/lkpipe", lambda o: "opens 1" in o, "the reader to open")
        expect_eq(lsmod_row(q, "lkpipe")[2], "1", "lkpipe's reference count with a file open")
        expect_eq(q.run("rmmod lkpipe"), "rmmod: ERROR: Module lkpipe is in use",
                  "rmmod while a file is open")
        q.run("rmmod --wait lkpipe &")
        poll(q, "lsmod", lambda o: "Unloading" in o, "lkpipe to be unloading")
        # misc_open's answer when the driver's module is going, as Linux's.
        expect_eq(q.run("echo x > /dev/lkpipe"), "sh: /dev/lkpipe: No such device",
                  "an open while the module is going")
        expect_in(q.run("jobs"), "rmmod --wait lkpipe", "rmmod --wait, still waiting")
        q.run("echo hangup > /proc/lkpipe")
        out = q.run("wait", timeout=30)
        expect_in(out, "Done (0)    rmmod --wait lkpipe", "rmmod --wait after the last close")
        expect_eq(lsmod_row(q, "lkpipe"), None, "lkpipe after rmmod --wait")
        expect_in(q.run("cat /dev/lkpipe"), "No such file or directory", "the node is gone")


def test_open_storm_on_every_cpu_loses_no_reference():
    dev = "/dev/uaccess_check"
    with boot() as q:
        q.wait_prompt()
        q.run("insmod " + L + "uaccess_check.ko")
        out = q.run("selftest open-storm %s 500" % dev, timeout=300)
        expect_in(out, "selftest open-storm: PASS", "the storm with the module staying")
        expect_in(out, "open-storm: opened 4000 refused 0", "every open succeeded")
        expect_eq(lsmod_row(q, "uaccess_check")[2], "0", "the reference count after the storm")
        expect_eq(q.run("rmmod uaccess_check"), "", "plain rmmod after the storm")
        # Against an unload: the storm runs while rmmod --wait removes the module.
        q.run("insmod " + L + "uaccess_check.ko")
        q.run("selftest open-storm %s 1500 &" % dev)
        poll(q, "cat /proc/threads", lambda o: "storm/" in o, "the storm to start")
        # (the storm's own lines may show up in rmmod's output)
        expect_not_in(q.run("rmmod --wait uaccess_check", timeout=120), "rmmod:",
                      "rmmod --wait during the storm")
        out = q.run("wait", timeout=300)
        expect_in(out, "selftest open-storm: PASS", "the storm against rmmod --wait")
        runs = re.findall(r"open-storm: opened (\d+) refused (\d+)", q.output)
        if len(runs) != 2 or int(runs[1][1]) == 0 or int(runs[1][0]) == 0:
            raise TestFailure("expected the second storm to open the file and then be refused "
                              "once the module went; saw %s" % runs)
        expect_eq(lsmod_row(q, "uaccess_check"), None, "the module after rmmod --wait")
        expect_eq(q.run("insmod " + L + "uaccess_check.ko"), "", "loading it again")
        expect_eq(q.run("ioctl %s 0x7501 0" % dev), "64", "the reloaded driver")


def cycle(q, rounds):
    for _ in range(rounds):
        for name, ko in MODULES.items():
            out = q.run("insmod %s%s" % (L, os.path.basename(ko)))
            out += q.run("rmmod " + name)
            if "ERROR" in out:
                raise TestFailure("expected %s to load and unload, saw:\n%s" % (name, out))


def test_memory_is_unchanged_after_100_load_unload_cycles_of_each():
    with Qemu(smp=4, initrd=["build/initrd.cpio", build_corpus()[0]], timeout=60,
              extra=["-append", "loglevel=4"]) as q:
        q.wait_prompt()
        # Rounds first until two in a row end with the same MemFree: caches
        # that grow once (slabs, dentries) do so now. Which round takes the
        # last slab page depends on what boot allocated; a leak would never
        # settle, and then fails below anyway.
        cycle(q, 1)
        before = memfree(q)
        for _ in range(10):
            cycle(q, 1)
            now = memfree(q)
            if now == before:
                break
            before = now
        cycle(q, CYCLES)
        after = memfree(q)
        expect_eq(after, before, "MemFree (kB) after %d more cycles of each module" % CYCLES)
        expect_eq(q.run("lsmod").count("\n"), 0, "modules left loaded (lines after lsmod's header)")
