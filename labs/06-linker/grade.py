"""Grader of the linker lab (labs/06-linker/handout.md says what each test
checks). The student's code is the kernel's own loader; the verdicts come
from modules the grader builds itself, from the loader's messages, lsmod,
and from the relocated words read back out of the guest (`selftest
module-words`, kernel code the student did not write) and compared with a
model on the host: the kernel's export addresses from kernel.elf, which
ld linked, and the test module's own symbols from its .ko. Every addend,
constant and name in the generated modules is random from the seed."""

import os
import re
import shutil
import struct
import subprocess

from gradelib import points, run_make
from qemu import ROOT, expect_eq, expect_in, expect_not_in, fail
import modpost

M = "/lib/modules/"
KERNEL = os.path.join(ROOT, "build", "kernel.elf")
PROVIDER = os.path.join(ROOT, "build", "modules", "provider.ko")
BENCH = "build/bench.cpio"              # bench_relocs.ko
TESTS = "build/tests.cpio"              # the damaged images of module-bad-images
GEN = os.path.join(ROOT, "build", "lab", "linker")
TABLE = ".data.lnk"
# Kernel exports the generated module may name: functions and data, all
# plain EXPORT_SYMBOL, present in every build of modlab.
KERNEL_SYMS = ["printk", "kmalloc", "kfree", "strlen", "memset", "memcpy", "strcmp", "jiffies",
               "msleep", "snprintf", "try_module_get", "module_put", "get_fs_type"]


# ---- the generated module --------------------------------------------------

class GenModule:
    """A module whose .data.lnk table holds R_386_32 and R_386_PC32 words
    against kernel exports, provider's export, its own functions and data
    (in other sections, so against section symbols with the offset in the
    addend) and undefined weak symbols, each with a random addend; a list of
    function pointers; and code calling across sections (PC32) and through
    the PLT form (R_386_PLT32) into provider and the kernel. Its init calls
    everything and prints the sum, which the host model predicts."""

    def __init__(self, lab, name, unknown=None):
        r = lab.rand_int
        self.name = name
        self.fn_vals = [r(1, 1 << 20) for _ in range(r(3, 6))]
        self.data_vals = [r(0, (1 << 32) - 1) for _ in range(r(2, 4))]
        self.word = lab.rand_word(3, 20)
        self.add = (r(1, 1 << 20), r(1, 1 << 20))
        self.weak = ["lnk_weak_%s" % lab.rand_word(4, 8) for _ in range(2)]
        self.unknown = unknown
        self.entries = []          # (kind, target, addend)
        # Every kind against every sort of symbol at least once, then more.
        pairs = [(k, w) for k in ("abs", "pc") for w in ("kernel", "provider", "fn", "data",
                                                          "weak")]
        pairs += [(lab.rng.choice(["abs", "pc"]),
                   lab.rng.choice(["kernel", "kernel", "provider", "fn", "data", "weak"]))
                  for _ in range(r(14, 30))]
        lab.rng.shuffle(pairs)
        for kind, what in pairs:
            if what == "kernel":
                target = ("kernel", lab.rng.choice(KERNEL_SYMS))
            elif what == "provider":
                target = ("provider", "provider_add")
            elif what == "fn":
                target = ("local", "lnk_f%d" % r(0, len(self.fn_vals) - 1))
            elif what == "data":
                target = ("local", "lnk_d%d" % r(0, len(self.data_vals) - 1))
            else:
                target = ("weak", lab.rng.choice(self.weak))
            self.entries.append((kind, target, r(-100000, 100000)))

    def asm(self):
        out = ['\t.section .text.lnk,"ax",@progbits']
        for i, v in enumerate(self.fn_vals):
            if i % 2:                       # half global, half local
                out.append("\t.globl lnk_f%d" % i)
            out += ["lnk_f%d:" % i, "\tmovl $%d, %%eax" % v, "\tret"]
        out.append('\t.section .rodata.lnk,"a",@progbits')
        for i, v in enumerate(self.data_vals):
            out += ["lnk_d%d:" % i, "\t.long %d" % v]
        out += ["lnk_str:", '\t.asciz "%s"' % self.word]
        for w in self.weak:
            out.append("\t.weak %s" % w)
        out += ['\t.section %s,"aw",@progbits' % TABLE, "\t.globl lnk_table", "lnk_table:"]
        for kind, (_, sym), k in self.entries:
            out.append("\t.long %s%+d%s" % (sym, k, "-." if kind == "pc" else ""))
        out += ["\t.globl lnk_fptrs", "lnk_fptrs:"]
        out += ["\t.long lnk_f%d" % i for i in range(len(self.fn_vals))]
        # Calls from another section: PC32 against a section symbol, and
        # the PLT form against provider's export and the kernel's.
        out += ['\t.section .text.lnk2,"ax",@progbits', "\t.globl lnk_calls", "lnk_calls:",
                "\tpushl %ebx",
                "\tcall lnk_f0",
                "\tmovl %eax, %ebx",
                "\tpushl $%d" % self.add[1], "\tpushl $%d" % self.add[0],
                "\tcall provider_add@PLT", "\taddl $8, %esp", "\taddl %eax, %ebx",
                "\tpushl $lnk_str", "\tcall strlen@PLT", "\taddl $4, %esp",
                "\taddl %ebx, %eax", "\tpopl %ebx", "\tret"]
        if self.unknown:
            out += ["\t.globl lnk_bad", "lnk_bad:", "\tcall %s" % self.unknown, "\tret"]
        return "\n".join(out) + "\n"

    def source(self):
        asm = "".join('\t"%s\\n"\n' % line.replace('"', '\\"') for line in self.asm().splitlines())
        return """/* Generated by labs/06-linker/grade.py from the grade's seed. */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>

__asm__(
%s\t".text\\n");

extern int (*const lnk_fptrs[%d])(void);
int lnk_calls(void);
int provider_calls(void);	/* GPL-only: this module is GPL */

static int __init lnk_init(void)
{
	unsigned int i, sum = 0;

	for (i = 0; i < %d; i++)
		sum += lnk_fptrs[i]();
	sum += lnk_calls();
	pr_info("%s: calls sum to %%u, provider called %%d time(s)\\n", sum, provider_calls());
	return 0;
}

static void __exit lnk_exit(void)
{
	pr_info("%s: unloaded\\n");
}

module_init(lnk_init);
module_exit(lnk_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("relocations generated for the linker lab");
""" % (asm, len(self.fn_vals), len(self.fn_vals), self.name, self.name)

    def expected_sum(self):
        return (sum(self.fn_vals) + self.fn_vals[0] + sum(self.add) + len(self.word)) % (1 << 32)

    def build(self, lab):
        d = os.path.join(GEN, self.name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        with open(os.path.join(d, "Kbuild"), "w") as f:
            f.write("obj-m += %s.o\n" % self.name)
        with open(os.path.join(d, self.name + ".c"), "w") as f:
            f.write(self.source())
        rel = os.path.relpath(d, ROOT)
        p = run_make(["M=" + rel, "KBUILD_MODPOST_WARN=1", "modules"])
        ko = os.path.join(d, self.name + ".ko")
        if p.returncode or not os.path.exists(ko):
            fail("the grader's module %s did not build (a grader problem, not yours):\n%s"
                 % (self.name, p.stdout))
        self.ko = ko
        return ko

    def model(self, sections, provider_sections):
        """The words the table must hold, from the guest's section addresses."""
        kernel = symbols_of(KERNEL, None)
        mine = symbols_of(self.ko, sections)
        prov = symbols_of(PROVIDER, provider_sections)
        base = sections[TABLE]
        words = []
        for i, (kind, (where, sym), k) in enumerate(self.entries):
            s = {"kernel": kernel, "provider": prov, "local": mine}.get(where, {}).get(sym, 0)
            v = s + k - (base + 4 * i if kind == "pc" else 0)
            words.append(v % (1 << 32))
        words += [mine["lnk_f%d" % i] for i in range(len(self.fn_vals))]
        return words


def symbols_of(path, sections):
    """{name: address}: absolute (kernel.elf) or, for a module, its
    section's address in the guest plus the symbol's offset."""
    elf = modpost.Elf32(path)
    out = {}
    for name, value, _bind, shndx in elf.symbols():
        if sections is None:
            out[name] = value
        elif 0 < shndx < len(elf.sections):
            sec = elf.section_name(shndx)
            if sec in sections:
                out[name] = sections[sec] + value
    return out


def pack(name, files):
    """build/lab/linker/NAME.cpio with the given host files at /lab/."""
    d = os.path.join(GEN, name + "-cpio")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "lab"))
    for f in files:
        shutil.copy(f, os.path.join(d, "lab", os.path.basename(f)))
    out = os.path.join(GEN, name + ".cpio")
    names = subprocess.run("find . -mindepth 1 | LC_ALL=C sort", shell=True, cwd=d,
                           stdout=subprocess.PIPE, check=True).stdout
    with open(out, "wb") as f:
        subprocess.run(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet"], input=names,
                       cwd=d, stdout=f, check=True)
    return out


def module_words(q, name, section=None, words=0):
    cmd = "selftest module-words %s" % name + (" %s %d" % (section, words) if section else "")
    out = q.run(cmd)
    expect_in(out, "selftest module-words: PASS", "the output of '%s'" % cmd)
    secs = {m.group(1): int(m.group(2), 16)
            for m in re.finditer(r"^section (\S+) (0x[0-9a-f]+)", out, re.M)}
    vals = []
    for m in re.finditer(r"^words \S+ 0x[0-9a-f]+:((?: 0x[0-9a-f]{8})+)", out, re.M):
        vals += [int(x, 16) for x in m.group(1).split()]
    return secs, vals


def insmod_ok(q, path, args=""):
    cmd = ("insmod %s %s" % (path, args)).strip()
    out = q.run(cmd)
    expect_not_in(out, "ERROR", "output of '%s'" % cmd)
    return out


def lsmod_row(q, name):
    for line in q.run("lsmod").splitlines()[1:]:
        f = line.split()
        if f and f[0] == name:
            return line
    return None


# ---- the tests -------------------------------------------------------------

@points(15)
def test_basics(lab):
    count, whom = lab.rand_int(1, 5), lab.rand_word()
    with lab.boot() as q:
        q.wait_prompt()
        out = insmod_ok(q, M + "hello.ko", "count=%d whom=%s" % (count, whom))
        expect_eq(out.count("hello: hello, %s" % whom), count,
                  "greetings printed by 'insmod hello.ko count=%d whom=%s'" % (count, whom))
        insmod_ok(q, M + "provider.ko")
        out = insmod_ok(q, M + "consumer.ko")
        expect_in(out, "consumer: provider_add(2, 3) = 5", "consumer's call into provider")
        row = lsmod_row(q, "provider")
        if row is None or "consumer" not in row:
            fail("lsmod should show provider used by consumer (the loader records which"
                 " module each symbol came from); its row is: %r" % row)
        expect_in(q.run("rmmod provider"), "in use",
                  "rmmod provider while consumer uses its symbols")
        expect_not_in(q.run("rmmod consumer"), "ERROR", "rmmod consumer")
        expect_not_in(q.run("rmmod provider"), "ERROR", "rmmod provider once consumer is gone")
        out = insmod_ok(q, M + "multiobj.ko")
        expect_in(out, "multiobj: main.c calls helper.c: sum of 1..4 = 10",
                  "multiobj's call from one object into the other")
        expect_eq(q.run("echo alive"), "alive", "the shell after the loads")


@points(30)
def test_relocations(lab):
    gen = GenModule(lab, "lnk" + lab.rand_word(3, 5))
    ko = gen.build(lab)
    with lab.boot(initrd=[pack("relocations", [ko])]) as q:
        q.wait_prompt()
        insmod_ok(q, M + "provider.ko")
        out = insmod_ok(q, "/lab/%s.ko" % gen.name)
        m = re.search(r"%s: calls sum to (\d+)" % gen.name, out)
        if not m:
            fail("insmod of the generated module should print '%s: calls sum to N' (its init"
                 " calls through function pointers, across sections and through PLT32);"
                 " it printed:\n%s" % (gen.name, out))
        expect_eq(int(m.group(1)), gen.expected_sum(),
                  "the sum of what the generated module's calls returned")
        prov, _ = module_words(q, "provider")
        n = len(gen.entries) + len(gen.fn_vals)
        secs, words = module_words(q, gen.name, TABLE, n)
        want = gen.model(secs, prov)
        expect_eq(len(words), n, "words read from %s's %s" % (gen.name, TABLE))
        bad = []
        for i, (got, exp) in enumerate(zip(words, want)):
            if got != exp:
                if i < len(gen.entries):
                    kind, (where, sym), k = gen.entries[i]
                    what = "%s %s%+d (%s, %s)" % ("S + A - P:" if kind == "pc" else "S + A:",
                                                 sym, k, where, "R_386_PC32" if kind == "pc"
                                                 else "R_386_32")
                else:
                    what = "function pointer lnk_f%d" % (i - len(gen.entries))
                bad.append("  word %d at %#x, %s: expected %#010x, saw %#010x"
                           % (i, secs[TABLE] + 4 * i, what, exp, got))
        if bad:
            fail("%d of %d relocated words are wrong:\n%s" % (len(bad), n, "\n".join(bad)))
        expect_not_in(q.run("rmmod %s" % gen.name), "ERROR", "rmmod %s" % gen.name)


@points(15)
def test_symbols(lab):
    unknown = "lnk_nosuch_" + lab.rand_word(4, 8)
    bad = GenModule(lab, "lnkbad", unknown=unknown)
    ko = bad.build(lab)
    with lab.boot(initrd=[pack("symbols", [ko])]) as q:
        q.wait_prompt()
        insmod_ok(q, M + "provider.ko")
        out = q.run("insmod /lab/lnkbad.ko")
        expect_in(out, "Unknown symbol %s" % unknown,
                  "insmod of a module calling %s, which nobody exports" % unknown)
        expect_in(out, "ERROR", "insmod of a module with an unknown symbol")
        expect_eq(lsmod_row(q, "lnkbad"), None, "lnkbad in lsmod after its refused insmod")
        out = q.run("insmod %sgplonly_user.ko" % M)
        expect_in(out, "Unknown symbol provider_calls",
                  "insmod of a proprietary module using the GPL-only provider_calls")
        expect_eq(lsmod_row(q, "gplonly_user"), None, "gplonly_user in lsmod after its insmod")
        out = insmod_ok(q, M + "consumer.ko")     # GPL, uses provider_calls
        expect_in(out, "consumer: provider_add(2, 3) = 5",
                  "consumer (GPL), which may use the GPL-only provider_calls")
        expect_eq(q.run("echo alive"), "alive", "the shell after the refused loads")


@points(10)
def test_bench_relocs(lab):
    with lab.boot(initrd=[BENCH]) as q:
        q.wait_prompt()
        insmod_ok(q, M + "bench_relocs.ko")
        if lsmod_row(q, "bench_relocs") is None:
            fail("bench_relocs (about 2000 R_386_32 against every export) is not in lsmod"
                 " after its insmod")
        expect_not_in(q.run("rmmod bench_relocs"), "ERROR", "rmmod bench_relocs")


def hostile_copy(ko, out, rng):
    """ko with one relocation of its table moved outside its section."""
    elf = modpost.Elf32(ko)
    secs = elf.sections
    data = bytearray(elf.data)
    # Section headers again, with sh_info (modpost.Elf32 keeps no sh_info).
    shoff, = struct.unpack_from("<I", elf.data, 32)
    shentsize, shnum = struct.unpack_from("<HH", elf.data, 46)
    target = None
    for i in range(shnum):
        off = shoff + i * shentsize
        stype, = struct.unpack_from("<I", elf.data, off + 4)
        info, = struct.unpack_from("<I", elf.data, off + 28)
        if stype == 9 and secs[info]["name"] == TABLE:
            target = (secs[i]["offset"], secs[i]["size"], secs[info]["size"])
    if target is None:
        fail("the generated module has no .rel%s (a grader problem)" % TABLE)
    roff, rsize, tsize = target
    k = rng.randrange(rsize // 8)
    where = rng.choice([tsize - 3, tsize - 1, tsize, tsize + rng.randrange(4, 1 << 16),
                        0xfffffffc, 0x7ffffffe])
    struct.pack_into("<I", data, roff + 8 * k, where)
    with open(out, "wb") as f:
        f.write(data)
    return k, where


@points(30)
def test_hostile(lab):
    gen = GenModule(lab, "lnkhost")
    ko = gen.build(lab)
    bad = os.path.join(GEN, "lnkhost-bad.ko")
    k, where = hostile_copy(ko, bad, lab.rng)
    with lab.boot(initrd=[TESTS, pack("hostile", [ko, bad])], timeout=60) as q:
        q.wait_prompt()
        insmod_ok(q, M + "provider.ko")
        q.run("insmod /lab/lnkhost-bad.ko")       # warms the allocators' caches
        before = q.run("free")
        out = q.run("insmod /lab/lnkhost-bad.ko")
        expect_in(out, "is outside", "insmod of a module whose relocation %d in .rel%s is at"
                  " %#x, past the end of the %d-byte section" % (k, TABLE, where,
                                                                  len(gen.entries) * 4 + 4 *
                                                                  len(gen.fn_vals)))
        expect_eq(lsmod_row(q, "lnkhost"), None, "lnkhost in lsmod after the refused insmod")
        expect_eq(q.run("free"), before, "free before and after a refused insmod")
        insmod_ok(q, "/lab/lnkhost.ko")
        expect_not_in(q.run("rmmod lnkhost"), "ERROR", "rmmod lnkhost")
        out = q.run("selftest module-bad-images %sbad 2" % M, timeout=300)
        expect_in(out, "selftest module-bad-images: PASS",
                  "the verdict of 'selftest module-bad-images' (damaged images refused, each"
                  " for its own reason, the good ones loaded, nothing leaked)")
        expect_eq(q.run("echo alive"), "alive", "the shell after the hostile images")
