"""The module unload race test, on a kernel whose try_module_get window is
widened and whose freed module memory is poisoned and unmapped
(build/debug/kernel.elf): a thousand insmod/rmmod rounds of refmod while
hammer's threads and refmod's own on all four CPUs take and drop references
on it (`selftest module-race N` runs more). No
reference may be lost or leaked, no module freed while referenced (that
would fault), and nothing may hang.

`make race-demo` runs the same test on a kernel with a deliberately broken
try_module_get (MODLAB_RACE_KERNEL picks the kernel), which must fail."""

import os
import re

from qemu import WITH_TESTS, Qemu, expect_eq, expect_in

M = "/lib/modules/"
KERNEL = os.environ.get("MODLAB_RACE_KERNEL", "build/debug/kernel.elf")


def test_unload_race_loses_no_reference_and_frees_nothing_in_use():
    with Qemu(smp=4, kernel=KERNEL, initrd=WITH_TESTS, timeout=300) as q:
        q.wait_prompt()
        q.run("insmod " + M + "hammer.ko")
        out = q.run("selftest module-race 1000", timeout=1500)
        expect_in(out, "window debug on", "the kernel is the debug build")
        expect_in(out, "selftest module-race: PASS", "the race test's verdict")
        # Every reference the hammer took was given back: nothing is held.
        total = re.search(r"^total: got (\d+) missed (\d+) held (\d+)",
                          q.run("cat /proc/hammer"), re.M)
        expect_eq(total.group(3), "0", "references the hammer threads still hold")
        if int(total.group(1)) == 0:
            raise AssertionError("expected the hammer threads to have taken references, saw none")
        expect_in(q.run("rmmod hammer"), "", "rmmod hammer")
        expect_in(q.run("echo alive"), "alive", "the shell after the race test")
