"""Grader of the chardev lab (labs/08-chardev/handout.md says what each test
checks). Verdicts come from the kernel (/proc/devices, lsmod and rmmod's
refusal, ps, jobs, the shell's own read and write errors, dmesg, the debug
kernel's fault on freed module memory), from cksum of what the shell read
compared with the host's model of the fifo, and from the trusted probe in
probe/ whose totals the host computes from the seed."""

import re
import subprocess
import time

from gradelib import points
from qemu import expect_eq, expect_in, expect_match, expect_not_in, fail, scaled

KO, PROBE, NODE = "/lab/fifo.ko", "/lab/probe/fifoprobe.ko", "/dev/fifo"
DEBUG_KERNEL = "build/debug/kernel.elf"


def host_cksum(data):
    """POSIX cksum of data, by the host's cksum: (crc, size)."""
    out = subprocess.run(["cksum"], input=data, stdout=subprocess.PIPE, check=True).stdout
    crc, size = out.split()[:2]
    return int(crc), int(size)


def kernel_cksum(q, path):
    out = q.run("cksum " + path)
    m = re.fullmatch(r"(\d+) (\d+) " + re.escape(path), out)
    if not m:
        fail("cksum %s: expected 'CRC SIZE %s', saw %r" % (path, path, out))
    return int(m.group(1)), int(m.group(2))


def major_of(q):
    m = re.search(r"^\s*(\d+) fifo$", q.run("cat /proc/devices"), re.M)
    return int(m.group(1)) if m else None


def load(q, size):
    """insmod with size=; the node made from the major /proc/devices shows."""
    cmd = "insmod %s size=%d" % (KO, size)
    expect_not_in(q.run(cmd), "ERROR", "'%s'" % cmd)
    major = major_of(q)
    if major is None:
        fail("after '%s', /proc/devices has no 'MAJOR fifo' line:\n%s"
             % (cmd, q.run("cat /proc/devices")))
    q.run("rm " + NODE)
    expect_eq(q.run("mknod %s c %d 0" % (NODE, major)), "", "mknod %s c %d 0" % (NODE, major))
    return cmd


def users(q):
    for line in q.run("lsmod").splitlines()[1:]:
        f = line.split()
        if f[0] == "fifo":
            return int(f[2])
    return None


def sleeping(q, name):
    """How many threads called name ps shows asleep (a background shell
    built-in such as echo runs in its job's thread, jobN)."""
    def named(f):
        return f[-1] == name or (name == "job" and re.fullmatch(r"job\d+", f[-1]))
    return sum(1 for line in q.run("ps").splitlines()
               if line.split() and named(line.split()) and "sleeping" in line.split())


def wait_sleeping(q, name, n, what):
    """Poll ps until n threads called name sleep (in the driver: nothing
    else makes them)."""
    deadline = time.monotonic() + scaled(10)
    while sleeping(q, name) < n:
        jobs = q.run("jobs")
        if "Running" not in jobs or time.monotonic() > deadline:
            fail("%s: expected %d '%s' thread(s) asleep in read or write; ps shows:\n%s\n"
                 "jobs:\n%s" % (what, n, name, q.run("ps"), jobs))
        time.sleep(0.05)


def words(lab, n):
    return lab.rand_word(n, n).encode()


def expect_clean_dmesg(q, what):
    log = q.run("dmesg")
    for bad in ("BUG", "Oops", "WARNING"):
        expect_not_in(log, bad, "kernel reports in dmesg " + what)


@points(5, infra=True)
def test_builds_clean(lab):
    lab.expect_built()
    expect_not_in(lab.build_output.lower(), "warning", "make's output (no warnings)")


@points(5)
def test_register(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        cmd = load(q, lab.rand_int(8, 4096))
        expect_eq(users(q), 0, "lsmod's count for fifo with no file open")
        word = lab.rand_word()
        q.run("echo %s > %s" % (word, NODE))
        expect_eq(q.run("head -c %d %s" % (len(word) + 1, NODE)), word,
                  "what 'head -c %d' reads back after 'echo %s' (after '%s')"
                  % (len(word) + 1, word, cmd))
        q.run("rmmod fifo")
        expect_eq(major_of(q), None, "the fifo line of /proc/devices after rmmod")


@points(20)
def test_data(lab):
    """Random writes and reads through a small ring: the host keeps the
    bytes the fifo must hold and checks each read's cksum."""
    lab.expect_built()
    size = lab.rand_int(12, 40)
    with lab.boot() as q:
        q.wait_prompt()
        cmd = load(q, size)
        held = b""
        for step in range(60):
            room = size - len(held)
            if room and (not held or lab.rand_int(0, 1)):
                data = words(lab, lab.rand_int(1, room))
                out = q.run("echo -n %s > %s" % (data.decode(), NODE))
                expect_eq(out, "", "writing %d bytes (%d held of %d)" % (len(data), len(held),
                                                                         size))
                held += data
            else:
                k = lab.rand_int(1, len(held))
                q.run("head -c %d %s > /fifo-out" % (k, NODE), timeout=10)
                want = host_cksum(held[:k])
                got = kernel_cksum(q, "/fifo-out")
                if got != want:
                    q.run("echo >> /fifo-out")
                    fail("step %d after '%s': 'head -c %d' should read %r (cksum %s); it read"
                         " %r (cksum %s)" % (step, cmd, k, held[:k].decode(), want,
                                             q.run("cat /fifo-out"), got))
                held = held[k:]


@points(15)
def test_blocking(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        size = lab.rand_int(16, 64)
        load(q, size)
        # Two readers sleep on the empty fifo; one write serves both.
        k1, k2 = lab.rand_int(1, 6), lab.rand_int(1, 6)
        q.run("head -c %d %s > /r1 &" % (k1, NODE))
        q.run("head -c %d %s > /r2 &" % (k2, NODE))
        wait_sleeping(q, "head", 2, "two readers of the empty fifo")
        expect_in(q.run("jobs"), "Running", "jobs while the readers wait")
        data = words(lab, k1 + k2)
        q.run("echo -n %s > %s" % (data.decode(), NODE))
        q.run("wait", timeout=10)
        got = [kernel_cksum(q, "/r1"), kernel_cksum(q, "/r2")]
        # Which reader got the first bytes is the scheduler's choice.
        a, b = data[:k1], data[k1:]
        c, d = data[:k2], data[k2:]
        if sorted(got) not in (sorted([host_cksum(a), host_cksum(b)]),
                               sorted([host_cksum(c), host_cksum(d)])):
            fail("after 'echo -n %s' woke two readers (head -c %d, head -c %d), they read"
                 " cksums %s; they should have split the %d bytes between them"
                 % (data.decode(), k1, k2, got, k1 + k2))
        # A writer sleeps on the full fifo until a read makes room.
        full = words(lab, size)
        q.run("echo -n %s > %s" % (full.decode(), NODE))
        more = words(lab, lab.rand_int(1, size))
        q.run("echo -n %s > %s &" % (more.decode(), NODE))
        wait_sleeping(q, "job", 1, "a write of %d bytes into the full fifo (%d bytes)"
                      % (len(more), size))
        q.run("head -c %d %s > /r3" % (size, NODE), timeout=10)
        expect_eq(kernel_cksum(q, "/r3"), host_cksum(full), "reading the full fifo")
        q.run("wait", timeout=10)
        q.run("head -c %d %s > /r4" % (len(more), NODE), timeout=10)
        expect_eq(kernel_cksum(q, "/r4"), host_cksum(more),
                  "what the writer that waited for room wrote")


@points(15)
def test_pinning(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        load(q, lab.rand_int(16, 4096))
        k = lab.rand_int(1, 8)
        q.run("head -c %d %s > /r &" % (k, NODE))
        wait_sleeping(q, "head", 1, "a reader of the empty fifo")
        n = users(q)
        if not n:
            fail("lsmod shows fifo used by %s while 'head -c %d %s' has it open: an open"
                 " file must hold a reference on the module (.owner)" % (n, k, NODE))
        expect_eq(q.run("rmmod fifo"), "rmmod: ERROR: Module fifo is in use",
                  "rmmod fifo while a reader has %s open" % NODE)
        data = words(lab, k)
        q.run("echo -n %s > %s" % (data.decode(), NODE))
        q.run("wait", timeout=10)
        expect_eq(kernel_cksum(q, "/r"), host_cksum(data), "what the reader got")
        expect_eq(users(q), 0, "lsmod's count for fifo once the files are closed")
        expect_not_in(q.run("rmmod fifo"), "ERROR", "rmmod fifo once no file is open")
        expect_eq(users(q), None, "fifo in lsmod after rmmod")


@points(10)
def test_ctrl_c(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        load(q, lab.rand_int(16, 4096))
        cmd = "cat " + NODE
        q.send(cmd + "\n")
        q.wait_for(re.compile(re.escape(cmd) + r"\r?\n"), what="echo of %r" % cmd)
        start = q.mark()
        q.send("\x03")
        q.wait_for(re.compile(r"^# ", re.M), timeout=10,
                   what="the prompt after Ctrl-C of a read of the empty fifo")
        expect_in(q.output_since(start), "cat: %s: Interrupted system call" % NODE,
                  "cat of the empty fifo after Ctrl-C")
        expect_eq(users(q), 0, "lsmod's count once the interrupted cat closed the file")
        word = lab.rand_word()
        q.run("echo %s > %s" % (word, NODE))
        expect_eq(q.run("head -c %d %s" % (len(word) + 1, NODE)), word,
                  "the fifo after the interrupted read")


def probe_check(q, lab, size, writers, readers, records):
    seed = lab.rand_int(1, (1 << 32) - 1)
    # The probe gives up when no record moves for idle seconds; the run
    # itself may take long on a loaded host, while records keep moving.
    idle = int(scaled(10))
    cmd = "insmod %s seed=%d writers=%d readers=%d records=%d idle=%d" % (
        PROBE, seed, writers, readers, records, idle)
    out = q.run(cmd, timeout=300)
    total = writers * records
    total_sum = sum(check_of(seed, r) for r in range(total)) & 0xffffffff
    expect_match(out, r"fifoprobe: seed=%d records=%d distinct=%d dup=0 torn=0 short=0 sum=%08x$"
                 % (seed, total, total, total_sum),
              "'%s' on a fifo of %d bytes: every record read once, whole" % (cmd, size))
    q.run("rmmod fifoprobe")


def check_of(seed, r):
    """probe/fifoprobe.c's check word."""
    x = ((r * 0x9e3779b1) & 0xffffffff) ^ seed
    x ^= x >> 16
    x = (x * 0x85ebca6b) & 0xffffffff
    x ^= x >> 13
    x = (x * 0xc2b2ae35) & 0xffffffff
    x ^= x >> 16
    return x


@points(20)
def test_concurrency(lab):
    lab.expect_built()
    # The debug kernel widens the gaps between a reader's test and its lock
    # (see probe/fifoprobe.c), so a test made outside the lock is caught
    # on a quiet host too, not only when a busy host preempts a vCPU.
    with lab.boot(kernel=DEBUG_KERNEL) as q:
        q.wait_prompt()
        # A fifo of one or two records, then larger ones: the small ones
        # make every reader and writer sleep and wake over and over.
        # Fewer records through the smallest: each costs a few sleeps.
        for size, records in ((lab.rand_int(8, 23), lab.rand_int(150, 300)),
                              (lab.rand_int(24, 64), lab.rand_int(300, 600)),
                              (lab.rand_int(65, 512), lab.rand_int(1000, 1500))):
            load(q, size)
            probe_check(q, lab, size, 4, 4, records)
            q.run("rmmod fifo")
        expect_clean_dmesg(q, "after 4 readers and 4 writers on 4 CPUs")


@points(10)
def test_unload(lab):
    lab.expect_built()
    with lab.boot(kernel=DEBUG_KERNEL) as q:
        q.wait_prompt()
        for i in range(3):
            load(q, lab.rand_int(8, 4096))
            word = lab.rand_word()
            q.run("echo %s > %s" % (word, NODE))
            expect_eq(q.run("head -c %d %s" % (len(word) + 1, NODE)), word,
                      "a write and a read, load %d" % (i + 1))
            expect_not_in(q.run("rmmod fifo"), "ERROR", "rmmod fifo, load %d" % (i + 1))
            expect_eq(q.run("cat " + NODE), "cat: %s: No such device or address" % NODE,
                      "opening the node after rmmod (the cdev must be gone)")
        expect_clean_dmesg(q, "after 3 loads and unloads (debug kernel)")
