"""Modules under QEMU: insmod, rmmod, lsmod, modinfo, parameters, exports
and dependencies, failures that must leave nothing behind, and oopses in
module code. The in-tree modules are in the initrd under /lib/modules/."""

import re
import struct

from qemu import Qemu, expect_eq, expect_in, expect_not_in, repo_path

M = "/lib/modules/"


def used_kib(q):
    """Memory in use, from free's Mem: line (KiB)."""
    m = re.search(r"^Mem:\s+\d+\s+(\d+)", q.run("free"), re.M)
    return int(m.group(1))


def expect_ok(out, what):
    """A command that worked prints no ERROR (modules' own messages may show)."""
    expect_not_in(out, "ERROR", what)


def lsmod_names(q):
    return [line.split()[0] for line in q.run("lsmod").splitlines()[1:]]


def test_hello_loads_with_parameters_and_unloads():
    with Qemu(smp=2) as q:
        q.wait_prompt()
        out = q.run("insmod " + M + "hello.ko count=2 whom=students loud=1 values=7,8,9")
        expect_not_in(out, "ERROR", "insmod output")
        log = q.run("dmesg")
        expect_in(log, "students", "the charp parameter in hello's messages")
        expect_in(lsmod_names(q), "hello", "lsmod after insmod")
        expect_in(q.run("cat /proc/modules"), "hello ", "/proc/modules")
        expect_ok(q.run("rmmod hello"), "rmmod output")
        expect_not_in(lsmod_names(q), "hello", "lsmod after rmmod")


BAD_PARAMETERS = [
    ("nosuch=1", "unknown parameter"),
            ("count=abc", "Invalid parameters"),
            ("count=99999999999", "Invalid parameters"),
            ("values=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", "Invalid parameters"),
            ("loud=maybe", "Invalid parameters"),
]


def test_bad_parameters_are_refused_and_change_nothing():
    with Qemu() as q:
        q.wait_prompt()
        q.run("insmod " + M + "hello.ko nosuch=1")   # warm the allocator's caches
        before = used_kib(q)
        for _ in range(3):
            for args, reason in BAD_PARAMETERS:
                out = q.run("insmod " + M + "hello.ko " + args)
                expect_in(out, "insmod: ERROR: could not insert module", "insmod with " + args)
                expect_in(out + q.run("dmesg"), reason, "the reason for " + args)
        expect_not_in(lsmod_names(q), "hello", "lsmod after refused loads")
        expect_eq(used_kib(q), before, "KiB in use after 15 refused loads")


def test_modinfo_shows_licence_author_and_parameters():
    with Qemu() as q:
        q.wait_prompt()
        out = q.run("modinfo " + M + "hello.ko")
        expect_in(out, "license:        GPL", "modinfo licence")
        expect_in(out, "vermagic:", "modinfo vermagic")
        expect_in(out, "parm:           count:", "modinfo count parameter")
        expect_in(out, "(int)", "modinfo parameter type")


def test_consumer_needs_provider_and_provider_in_use_cannot_go():
    with Qemu() as q:
        q.wait_prompt()
        out = q.run("insmod " + M + "consumer.ko")
        expect_in(out, "Unknown symbol in module", "consumer before provider")
        expect_in(q.run("dmesg"), "Unknown symbol", "the missing symbol named in the log")
        expect_not_in(lsmod_names(q), "consumer", "no half-loaded consumer")
        expect_ok(q.run("insmod " + M + "provider.ko"), "insmod provider")
        expect_ok(q.run("insmod " + M + "consumer.ko"), "insmod consumer after provider")
        expect_in(q.run("lsmod"), "consumer", "lsmod shows the user")
        expect_eq(q.run("rmmod provider"), "rmmod: ERROR: Module provider is in use by: consumer",
                  "rmmod of a used provider")
        expect_ok(q.run("rmmod consumer"), "rmmod consumer")
        expect_ok(q.run("rmmod provider"), "rmmod provider once unused")
        expect_eq(lsmod_names(q), [], "lsmod at the end")


def test_init_failure_leaves_nothing_behind():
    with Qemu() as q:
        q.wait_prompt()
        q.run("insmod " + M + "failinit.ko")      # warm the allocator's caches
        before = used_kib(q)
        for _ in range(5):
            out = q.run("insmod " + M + "failinit.ko")
            expect_in(out, "insmod: ERROR: could not insert module", "insmod of failinit")
            expect_in(out, "No such device", "the init's error")
        expect_not_in(lsmod_names(q), "failinit", "lsmod after the failed init")
        expect_eq(used_kib(q), before, "KiB in use after 5 failed inits")
        expect_ok(q.run("insmod " + M + "failinit.ko fail=0"), "the same module with fail=0")
        expect_in(lsmod_names(q), "failinit", "lsmod after a good init")


def test_duplicate_load_is_refused():
    with Qemu() as q:
        q.wait_prompt()
        q.run("insmod " + M + "hello.ko")
        expect_in(q.run("insmod " + M + "hello.ko"),
                  "insmod: ERROR: could not insert module " + M + "hello.ko: File exists",
                  "second insmod")


def test_gpl_only_export_is_refused_to_a_proprietary_module():
    with Qemu() as q:
        q.wait_prompt()
        q.run("insmod " + M + "provider.ko")
        out = q.run("insmod " + M + "gplonly_user.ko")
        expect_in(out, "Unknown symbol in module", "proprietary user of a GPL-only export")
        expect_in(q.run("dmesg"), "GPL-only", "the reason in the log")
        expect_not_in(lsmod_names(q), "gplonly_user", "lsmod after the refusal")


def test_proprietary_module_loads_and_taints():
    with Qemu() as q:
        q.wait_prompt()
        expect_ok(q.run("insmod " + M + "proprietary.ko"), "insmod proprietary")
        expect_in(q.run("dmesg"), "taints the kernel", "the taint message")


def test_module_without_exit_cannot_be_removed():
    with Qemu() as q:
        q.wait_prompt()
        q.run("insmod " + M + "noexit.ko")
        expect_in(q.run("rmmod noexit"), "Device or resource busy", "rmmod of a module without exit")
        expect_in(lsmod_names(q), "noexit", "the module stays")


def test_kthread_module_starts_and_stops_its_thread():
    with Qemu(smp=2) as q:
        q.wait_prompt()
        q.run("insmod " + M + "ticker.ko")
        expect_in(q.run("ps"), "ticker", "the module's thread in ps")
        q.run("rmmod ticker")
        expect_not_in(q.run("ps"), "ticker", "the thread after rmmod")


def test_old_style_and_multi_object_modules_load():
    with Qemu() as q:
        q.wait_prompt()
        for name in ("oldstyle", "multiobj"):
            expect_ok(q.run("insmod " + M + name + ".ko"), "insmod " + name)
            expect_ok(q.run("rmmod " + name), "rmmod " + name)
            expect_not_in(lsmod_names(q), name, "lsmod after rmmod " + name)


def test_fault_in_module_code_names_the_module():
    with Qemu(extra=("-append", "panic_on_oops=1")) as q:
        q.wait_prompt()
        q.send("insmod " + M + "crashy.ko crash=1\n")
        q.wait_for("Kernel panic")
        expect_in(q.output, "[crashy]", "the module's name in the oops")
        q.expect_exit(3)


def function_sizes(path):
    """{name: st_size} of the STT_FUNC symbols in an ELF32 file's symtab."""
    data = open(repo_path(path), "rb").read()
    shoff, = struct.unpack_from("<I", data, 0x20)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x2e)
    sections = [struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize)
                for i in range(shnum)]
    sizes = {}
    for sh in sections:
        if sh[1] != 2:          # SHT_SYMTAB
            continue
        strtab = sections[sh[6]]
        for off in range(sh[4], sh[4] + sh[5], 16):
            name, _, size, info, _, _ = struct.unpack_from("<IIIBBH", data, off)
            if info & 0xf == 2:     # STT_FUNC
                start = strtab[4] + name
                sizes[data[start:data.index(b"\0", start)].decode()] = size
    return sizes


def test_oops_gives_each_function_its_own_size():
    """name+offset/size in a backtrace: the size is the function's st_size,
    for module code (the last function in a block used to run to the end
    of its page) and kernel code alike."""
    module = function_sizes("build/modules/crashy.ko")
    kernel = function_sizes("build/kernel.elf")
    with Qemu(extra=("-append", "panic_on_oops=1")) as q:
        q.wait_prompt()
        q.send("insmod " + M + "crashy.ko crash=1\n")
        q.wait_for("Kernel panic")
        frames = re.findall(r"\] (\w+)\+0x([0-9a-f]+)/0x([0-9a-f]+)( \[crashy\])?", q.output)
        q.expect_exit(3)
    seen = {name for name, _, _, mod in frames if mod}
    expect_eq(seen >= {"crashy_poke", "init_module"}, True,
              "crashy's functions in the trace (saw %s)" % sorted(seen))
    for name, offset, size, mod in frames:
        want = (module if mod else kernel).get(name)
        if want is None:
            continue
        expect_eq(int(size, 16), want, "size of %s%s in the oops" % (name, mod))
        if int(offset, 16) > want:     # at the end: a return address after a last call
            raise AssertionError("expected %s's offset within its size %#x, saw %s"
                                 % (name, want, offset))


def test_forced_removal_of_a_module_without_exit_warns_and_taints():
    with Qemu() as q:
        q.wait_prompt()
        q.run("insmod " + M + "noexit.ko")
        out = q.run("rmmod -f noexit")
        expect_not_in(out, "ERROR", "rmmod -f noexit")
        expect_in(out, "module noexit: forced removal without an exit function: "
                  "what its init set up stays behind", "the warning on the console")
        expect_not_in(lsmod_names(q), "noexit", "lsmod after rmmod -f")
        expect_in(q.run("lsmod"), "(kernel tainted: R, 8)", "the taint in lsmod")


def test_wrong_vermagic_and_corrupt_images_are_refused():
    with Qemu() as q:
        q.wait_prompt()
        expect_in(q.run("insmod /etc/motd"), "Invalid module format", "insmod of a text file")
        expect_in(q.run("insmod /nope.ko"), "No such file or directory", "insmod of a missing file")
        expect_in(q.run("echo ok"), "ok", "the shell after refused loads")


def test_a_load_needing_a_module_in_its_init_waits_for_it():
    with Qemu(smp=2) as q:
        q.wait_prompt()
        q.run("insmod " + M + "provider.ko init_sleep_ms=2000 &")
        q.wait_for("provider: init sleeps")
        out = q.run("insmod " + M + "consumer.ko", timeout=30)
        expect_ok(out, "insmod consumer while provider is in its init")
        log = q.run("dmesg")
        expect_in(log, "waiting for provider to finish its init", "the waiting load's message")
        if log.index("provider: loaded") > log.index("consumer: provider_add"):
            raise AssertionError("expected provider live before consumer linked, saw:\n" + log)
        q.run("wait")
        expect_in(q.run("lsmod"), "consumer", "consumer loaded")


def test_tainted_kernel_says_so_in_an_oops():
    with Qemu(extra=("-append", "panic_on_oops=1")) as q:
        q.wait_prompt()
        q.run("insmod " + M + "proprietary.ko")
        q.send("crash null\n")
        q.wait_for("Kernel panic")
        expect_in(q.output, "Oops: Page fault", "the oops")
        expect_in(q.output, ", Tainted: P\n", "the taint letter in the oops line")
        q.expect_exit(3)
