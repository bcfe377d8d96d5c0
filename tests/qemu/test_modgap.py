"""The kernel probes the labs' graders read: `selftest module-gap` (the
unload's decision made over and over while threads get and put; no get may
count across a stop that closed the module) on the debug kernel, and
`selftest module-words` (a module's section addresses and words), with
their errors."""

import re

from qemu import WITH_TESTS, Qemu, expect_eq, expect_in, expect_match

M = "/lib/modules/"
DEBUG = "build/debug/kernel.elf"


def test_module_gap_passes_on_the_debug_kernel_and_leaves_nothing_loaded():
    with Qemu(smp=4, kernel=DEBUG, initrd=WITH_TESTS, timeout=120) as q:
        q.wait_prompt()
        out = q.run("selftest module-gap 60", timeout=300)
        expect_in(out, "window debug on", "the kernel is the debug build")
        expect_match(out, r"^\d+ gets, [1-9]\d* refused while closed", "gets refused while"
                     " the module was closed (the rounds closed it)")
        expect_in(out, "selftest module-gap: PASS", "the gap test's verdict")
        expect_eq(q.run("lsmod").splitlines()[1:], [], "modules loaded after the gap test")


def test_module_gap_refuses_to_start_with_refmod_loaded():
    with Qemu(smp=2, initrd=WITH_TESTS) as q:
        q.wait_prompt()
        q.run("insmod %srefmod.ko" % M)
        out = q.run("selftest module-gap 5")
        expect_in(out, "selftest module-gap: FAIL: refmod is already loaded",
                  "module-gap with refmod loaded")
        expect_in(q.run("lsmod"), "refmod", "refmod, still loaded after the refusal")


def test_module_words_shows_sections_and_words_and_says_what_is_wrong():
    with Qemu(smp=2, initrd=WITH_TESTS) as q:
        q.wait_prompt()
        q.run("insmod %sprovider.ko" % M)
        out = q.run("selftest module-words provider .gnu.linkonce.this_module 9")
        expect_match(out, r"^section \.text 0x[0-9a-f]+$", "provider's .text address")
        m = re.search(r"^words \.gnu\.linkonce\.this_module (0x[0-9a-f]+):((?: 0x[0-9a-f]{8})+)"
                      r"\nwords \S+ (0x[0-9a-f]+):((?: 0x[0-9a-f]{8})+)$", out, re.M)
        if not m:
            raise AssertionError("expected 9 words on two lines (8 and 1), saw:\n" + out)
        expect_eq((len(m.group(2).split()), len(m.group(4).split())), (8, 1),
                  "words on each line")
        expect_eq(int(m.group(3), 16) - int(m.group(1), 16), 32, "the second line's address")
        expect_in(out, "selftest module-words: PASS", "module-words of a loaded module")
        for cmd, why in (("selftest module-words nosuch", "expected a module nosuch loaded"),
                         ("selftest module-words provider .nosuch 1", "it has no such section"),
                         ("selftest module-words", "usage: selftest module-words NAME"),
                         ("selftest module-words provider .text 5000", "")):
            out = q.run(cmd)
            expect_in(out, "selftest module-words: FAIL" if why else "", cmd)
            expect_in(out, why, cmd)
        expect_eq(q.run("echo alive"), "alive", "the shell after module-words' errors")
