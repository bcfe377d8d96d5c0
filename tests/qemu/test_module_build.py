"""Building modules: the sections a .ko carries, modpost's checks (undefined
symbols, GPL-only exports, licences), external modules built with
make -C <tree> M=<dir> and loaded under QEMU, and the system workqueue as a
module sees it. The tree must have been built (make) first."""

import os
import shutil
import subprocess
import sys
import tempfile

from qemu import ROOT, WITH_TESTS, Qemu, expect_eq, expect_in, expect_not_in, fail

sys.path.insert(0, os.path.join(ROOT, "tools"))
import modpost  # noqa: E402

MODULES = os.path.join(ROOT, "build", "modules")


def make(*args, env_extra=None):
    """Run make in the tree; returns (exit status, stdout + stderr)."""
    env = dict(os.environ)
    for var in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(var, None)
    env.update(env_extra or {})
    p = subprocess.run(["make", "--no-print-directory", "-C", ROOT] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                       timeout=120, text=True)
    return p.returncode, p.stdout


def need_built_tree():
    if not os.path.exists(os.path.join(ROOT, "build", "Module.symvers")):
        fail("build/Module.symvers is missing: run make first")


def modinfo(path):
    info = modpost.Elf32(path).section_bytes(".modinfo") or b""
    return [e.decode() for e in info.split(b"\0") if e]


def write_module(directory, name, source, kbuild=None):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name + ".c"), "w") as f:
        f.write(source)
    with open(os.path.join(directory, "Kbuild"), "a") as f:
        f.write(kbuild or "obj-m += %s.o\n" % name)


def test_ko_has_the_sections_the_loader_reads():
    need_built_tree()
    elf = modpost.Elf32(os.path.join(MODULES, "hello.ko"))
    names = {s["name"] for s in elf.sections}
    for section in (".gnu.linkonce.this_module", ".modinfo", "__param", ".init.text",
                    ".exit.text", ".text", ".rel.text", ".rel.gnu.linkonce.this_module",
                    ".symtab", ".debug_info"):
        expect_in(names, section, "hello.ko's sections")
    expect_eq(elf.type, 1, "hello.ko's ELF type (ET_REL)")
    info = modinfo(os.path.join(MODULES, "hello.ko"))
    for entry in ("license=GPL", "name=hello", "depends=", "parmtype=count:int",
                  "parmtype=values:array of int", "parm=whom:who to greet (default \"modlab\")"):
        expect_in(info, entry, "hello.ko's .modinfo")
    expect_eq(len([e for e in info if e.startswith("vermagic=modlab-")]), 1,
              "vermagic entries in hello.ko")
    provider = {s["name"] for s in modpost.Elf32(os.path.join(MODULES, "provider.ko")).sections}
    expect_in(provider, "__ksymtab", "provider.ko's sections")
    expect_in(provider, "__ksymtab_gpl", "provider.ko's sections")


def test_module_dependencies_and_exports_are_recorded():
    need_built_tree()
    expect_in(modinfo(os.path.join(MODULES, "consumer.ko")), "depends=provider",
              "consumer.ko's .modinfo")
    expect_in(modinfo(os.path.join(MODULES, "multiobj.ko")), "name=multiobj",
              "multiobj.ko's .modinfo (two objects, one module)")
    with open(os.path.join(ROOT, "build", "Module.symvers")) as f:
        symvers = f.read().splitlines()
    expect_in(symvers, "0x00000000\tprovider_add\tmodules/provider/provider\tEXPORT_SYMBOL\t",
              "build/Module.symvers")
    expect_in(symvers,
              "0x00000000\tprovider_calls\tmodules/provider/provider\tEXPORT_SYMBOL_GPL\t",
              "build/Module.symvers")
    expect_in(symvers, "0x00000000\tprintk\tvmlinux\tEXPORT_SYMBOL\t", "build/Module.symvers")


UNDEFINED = """#include <linux/module.h>
extern void no_such_function(void);
extern void maybe_there(void) __attribute__((weak));
static int __init u_init(void) { no_such_function(); if (maybe_there) maybe_there(); return 0; }
module_init(u_init);
MODULE_LICENSE("GPL");
"""

GPL_VIOLATION = """#include <linux/module.h>
#include <linux/workqueue.h>
static void fn(struct work_struct *w) { }
static DECLARE_WORK(w, fn);
static int __init g_init(void) { schedule_work(&w); flush_work(&w); return 0; }
module_init(g_init);
MODULE_LICENSE("Proprietary");
"""

NO_LICENSE = """#include <linux/module.h>
static int __init n_init(void) { return 0; }
module_init(n_init);
"""


def test_modpost_refuses_undefined_symbols_gpl_violations_and_no_licence():
    need_built_tree()
    cases = [
        ("undef", UNDEFINED, 'ERROR: modpost: "no_such_function" [%s/undef.ko] undefined!'),
        ("gplviol", GPL_VIOLATION,
         "ERROR: modpost: GPL-incompatible module gplviol.ko uses GPL-only symbol 'flush_work'"),
        ("nolicense", NO_LICENSE, "ERROR: modpost: missing MODULE_LICENSE() in %s/nolicense.o"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for name, source, message in cases:
            d = os.path.join(tmp, name)
            write_module(d, name, source)
            status, out = make("M=" + d, "modules")
            if status == 0:
                fail("the build of %s succeeded; expected modpost to fail it:\n%s" % (name, out))
            expect_in(out, message % d if "%s" in message else message, "make output for " + name)
            expect_not_in(out, "maybe_there", "make output (an undefined weak symbol is allowed)")
            if os.path.exists(os.path.join(d, name + ".ko")):
                fail("%s.ko was made although modpost failed" % name)
        # As in Linux, KBUILD_MODPOST_WARN=1 makes undefined symbols warnings.
        d = os.path.join(tmp, "undef")
        status, out = make("M=" + d, "modules", env_extra={"KBUILD_MODPOST_WARN": "1"})
        expect_eq(status, 0, "make status with KBUILD_MODPOST_WARN=1 (output:\n%s)" % out)
        expect_in(out, 'WARNING: modpost: "no_such_function"', "make output")


def test_external_module_builds_loads_and_cleans():
    need_built_tree()
    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "extmod")
        shutil.copytree(os.path.join(ROOT, "tests", "extmod"), d)
        before = sorted(os.listdir(d))
        status, out = make("M=" + d, "modules")
        expect_eq(status, 0, "make M=%s modules status (output:\n%s)" % (d, out))
        for f in ("extmod.ko", "extmod.o", "extmod_main.o", "extmod_slots.o", "extmod.mod.c",
                  "extmod.mod.o", "Module.symvers"):
            expect_in(os.listdir(d), f, "files in the module's directory after the build")
        with open(os.path.join(d, "Module.symvers")) as f:
            expect_in(f.read(), "\textmod_slot_get\t%s/extmod\tEXPORT_SYMBOL_GPL" % d,
                      "the external module's Module.symvers")
        expect_in(modinfo(os.path.join(d, "extmod.ko")), "name=extmod", "extmod.ko's .modinfo")

        with Qemu(smp=2, initrd=["build/initrd.cpio", os.path.join(d, "extmod.ko")]) as q:
            q.wait_prompt()
            out = q.run("insmod /boot/extmod.ko take=5")
            expect_in(out, "extmod: loaded; holding 5 slot(s)", "insmod of the external module")
            expect_in(q.run("rmmod extmod"), "extmod: unloaded; 0 slot(s) held", "rmmod")

        status, out = make("M=" + d, "clean")
        expect_eq(status, 0, "make M=... clean status (output:\n%s)" % out)
        expect_eq(sorted(os.listdir(d)), before, "files left after make M=... clean")

        # The directory's own Makefile calls the tree's, as Linux's do.
        env = dict(os.environ)
        for var in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
            env.pop(var, None)
        p = subprocess.run(["make", "-C", d, "KDIR=" + ROOT], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=env, timeout=120, text=True)
        expect_eq(p.returncode, 0, "make in the module's directory (output:\n%s)" % p.stdout)
        expect_in(os.listdir(d), "extmod.ko", "files after make in the module's directory")


def test_workqueue_keeps_its_promises():
    # modules/workqueue_test checks them from inside the kernel and says
    # PASS or FAIL: one run per queueing, never two CPUs at once, items in
    # parallel, flushes that wait for the right runs, cancel_work_sync.
    with Qemu(smp=4, initrd=WITH_TESTS, timeout=30) as q:
        q.wait_prompt()
        out = q.run("insmod /lib/modules/workqueue_test.ko")
        expect_not_in(out, "FAIL", "workqueue_test's checks")
        expect_in(out, "workqueue_test: PASS", "workqueue_test's verdict")
        expect_in(q.run("ps"), "kworker/3", "a worker thread for each CPU")
        expect_eq(q.run("rmmod workqueue_test").strip(), "", "rmmod workqueue_test output")
