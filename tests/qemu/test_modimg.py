"""Damaged module images under QEMU. tests/modimg/gen_bad.py makes them from
hello.ko (build/modimg/, in the initrd as /lib/modules/bad/), one for each
check the loader makes, with a MANIFEST line each: the errno load_module
must return and what its printed reason must say. `selftest
module-bad-images` loads them all, round after round, and checks the errno
and that no memory is left behind; here each image's reason is checked
against the MANIFEST too, so every image is known to hit the check it is
named after, not an earlier one."""

import re

from qemu import WITH_TESTS, Qemu, expect_in, expect_match, expect_not_in, fail, repo_path

MANIFEST = "build/modimg/MANIFEST"
BAD = "/lib/modules/bad/"
RESULT = re.compile(r"^  (\S+\.ko)\s+\S+ \((-?\d+)\)", re.M)


def read_manifest():
    """name -> (errno, reason)."""
    images = {}
    with open(repo_path(MANIFEST)) as f:
        for line in f:
            name, errno, reason = line.rstrip("\n").split("\t")
            images[name] = (int(errno), reason)
    return images


def first_round(out):
    """name -> (errno, the kernel's messages while it loaded), from the
    selftest's line per image (the first round prints one after each load)."""
    seen = {}
    messages = []
    for line in out.splitlines():
        m = RESULT.match(line)
        if not m:
            messages.append(line)
            continue
        seen.setdefault(m.group(1), (int(m.group(2)), "\n".join(messages)))
        messages = []
    return seen


def test_every_bad_image_is_refused_for_its_own_reason():
    images = read_manifest()
    with Qemu(smp=4, initrd=WITH_TESTS) as q:
        q.wait_prompt()
        out = q.run("selftest module-bad-images", timeout=300)
        expect_in(out, "selftest module-bad-images: PASS", "the selftest's verdict")
        expect_match(out, r"^module-bad-images: %d images in /lib/modules/bad" % len(images),
                     "the selftest found every image of the MANIFEST")
        seen = first_round(out)
        wrong = []
        for name in sorted(images):
            errno, reason = images[name]
            if name not in seen:
                wrong.append("%s: no result line" % name)
                continue
            got, messages = seen[name]
            if got != errno:
                wrong.append("%s: expected %d, saw %d" % (name, errno, got))
            elif reason and reason not in messages:
                last = messages.strip().splitlines()[-1:] or ["(no message)"]
                wrong.append("%s: expected a reason containing %r, saw %r" %
                             (name, reason, last[0]))
        if wrong:
            fail("%d of %d images not refused as their MANIFEST line says:\n  %s"
                 % (len(wrong), len(images), "\n  ".join(wrong)))

        # A few in the kernel log, as someone reading dmesg would see them.
        log = q.run("dmesg")
        expect_match(log, r"module hello: refused: section \S+: relocation 0 has type "
                     r"R_386_GOTOFF \(9\); only R_386_32, R_386_PC32 and R_386_PLT32",
                     "the relocation type refused by name")
        expect_match(log, r"module hello: refused: version magic '[^']*' should be '[^']*'",
                     "the wrong vermagic")
        common = images["common-symbol.ko"][1]
        expect_match(log, r"module \S+: refused: " + re.escape(common) + ": build with -fno-common",
                     "the common symbol named")
        expect_in(log, "refused: image of 0 bytes is shorter than an ELF header", "the empty file")
        expect_not_in(q.run("lsmod"), "hello", "lsmod after the selftest")


def test_the_selftest_fails_on_a_wrong_answer_and_leaves_no_module():
    with Qemu(smp=2, initrd=WITH_TESTS) as q:
        q.wait_prompt()
        q.run("mkdir /tmp/wrong")
        # A good image under a bad name, and a bad image under a good name.
        q.run("mv " + BAD + "good-with-debug.ko /tmp/wrong/refuse-me.ko")
        q.run("mv " + BAD + "class-64.ko /tmp/wrong/good-class-64.ko")
        out = q.run("selftest module-bad-images /tmp/wrong 2", timeout=60)
        expect_match(out, r"^  refuse-me\.ko\s+loaded \(0\)  <- WRONG",
                     "the good image that loaded under a bad name")
        expect_match(out, r"^  good-class-64\.ko\s+-ENOEXEC \(-8\)  <- WRONG",
                     "the bad image refused under a good name")
        expect_match(out, r"^selftest module-bad-images: FAIL: good-class-64\.ko: expected 0",
                     "the verdict")
        expect_not_in(q.run("lsmod"), "hello", "lsmod: the wrongly loaded module was removed")
        out = q.run("selftest module-bad-images /nonexistent")
        expect_in(out, "selftest module-bad-images: FAIL: /nonexistent: No such file or directory",
                  "a directory that is not there")
