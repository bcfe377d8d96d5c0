"""seq_file iterators (seq_open and seq_operations) on -smp 4, driven by
tests/linux-modules/seq_iter: a /proc listing made a record at a time,
a buffer at a time, compared byte for byte (cksum) with the same listing
made on the host: many pages, records skipped with SEQ_SKIP, a record
longer than a page, an early close, an empty listing."""

import os
import re
import subprocess

from corpus import corpus_initrd
from qemu import Qemu, expect_eq, expect_in, expect_not_in, fail

KO = "/lib/modules/seq/seq_iter.ko"


def module_cpio():
    """seq_iter.ko built with make M=, in an archive at /lib/modules/seq/."""
    return corpus_initrd("seq", ["seq_iter"], os.path.dirname(KO))


def listing(count, skip=0, wide_at=-1, wide=6000):
    """What seq_iter.c's show prints, made on the host."""
    out = []
    for n in range(count):
        if skip and n % skip == 0:
            continue
        out.append("%d: %s\n" % (n, chr(ord("a") + n % 26) * (wide if n == wide_at else
                                                             n % 10 + 1)))
    return "".join(out).encode()


def host_cksum(data):
    out = subprocess.run(["cksum"], input=data, stdout=subprocess.PIPE, check=True).stdout
    crc, size = out.split()[:2]
    return "%s %s /proc/seq_iter" % (crc.decode(), size.decode())


def check(q, args, want, what):
    out = q.run("insmod %s %s" % (KO, args))
    expect_not_in(out, "ERROR", "insmod seq_iter.ko " + args)
    expect_eq(q.run("cksum /proc/seq_iter"), host_cksum(want),
              "cksum of /proc/seq_iter (%s, %d bytes made on the host)" % (what, len(want)))
    return q.run("rmmod seq_iter")


def starts_of(rmmod_out):
    m = re.search(r"seq_iter: the walk began (\d+) time", rmmod_out)
    if not m:
        fail("rmmod seq_iter should say how many times the walk began; it said %r"
             % rmmod_out)
    return int(m.group(1))


def test_seq_file_iterator_lists_many_pages_a_buffer_at_a_time():
    with Qemu(smp=4, initrd=["build/initrd.cpio", module_cpio()]) as q:
        q.wait_prompt()
        want = listing(3000)
        starts = starts_of(check(q, "count=3000", want, "3000 records"))
        # One walk per page-sized buffer (and one more that finds the end):
        # the listing is never made whole.
        if starts < len(want) // 4096:
            fail("the walk began %d time(s) for %d bytes: it should restart once per"
                 " buffer of a page" % (starts, len(want)))
        check(q, "count=500 skip=7", listing(500, skip=7), "every 7th record skipped")
        check(q, "count=40 wide_at=5 wide=9000", listing(40, wide_at=5, wide=9000),
              "a 9000-byte record: the buffer grows")
        check(q, "count=0", b"", "no record")


def test_seq_file_reader_may_stop_early_and_read_again():
    with Qemu(smp=4, initrd=["build/initrd.cpio", module_cpio()]) as q:
        q.wait_prompt()
        q.run("insmod %s count=2000" % KO)
        lines = listing(2000).decode().splitlines()
        expect_eq(q.run("head -n 10 /proc/seq_iter").splitlines(), lines[:10],
                  "head -n 10 /proc/seq_iter")
        expect_eq(q.run("head -n 700 /proc/seq_iter").splitlines()[-1], lines[699],
                  "the 700th line (past the first page)")
        expect_eq(q.run("cksum /proc/seq_iter"), host_cksum(listing(2000)),
                  "cksum of the whole listing after the early closes")
        expect_in(q.run("rmmod seq_iter"), "the walk began", "rmmod seq_iter")
        expect_not_in(q.run("dmesg"), "BUG", "dmesg")
