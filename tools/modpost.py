#!/usr/bin/env python3
"""The modules' link check, after Linux's modpost.

usage: tools/modpost.py [--kernel ELF] [--symvers-in FILE]... --symvers-out FILE
                        [--allow-gpl-violation NAME]... [--warn-undefined]
                        OBJECT=SHOWN...

Each OBJECT is one module's objects linked together (NAME.o, before its
NAME.mod.o is added), SHOWN the path its messages name (modules/x/x.ko).
Exports are the symbols called __ksymtab_<name> (linux/export.h): those
in section __ksymtab come from EXPORT_SYMBOL, those in __ksymtab_gpl from
EXPORT_SYMBOL_GPL. The kernel's are read from --kernel (its linker script
gathers both sections into one, so they are told apart by the markers
__start___ksymtab_gpl/__stop___ksymtab_gpl) or from a Module.symvers
(--symvers-in, for modules built outside the tree).

For every module:
  - each undefined symbol must be exported by the kernel or by a module
    (this run's, or one named in a --symvers-in file); otherwise
        ERROR: modpost: "foo" [modules/x/x.ko] undefined!
    An undefined weak symbol may stay undefined (the loader makes it 0), and
    __this_module is defined by the module's own NAME.mod.o.
  - a module whose licence is not GPL-compatible may not use a GPL-only
    export: ERROR: modpost: GPL-incompatible module x.ko uses GPL-only
    symbol 'foo'. --allow-gpl-violation NAME makes this a warning for module
    NAME (a test module that the kernel itself must refuse).
  - MODULE_LICENSE() is required, and a symbol may be exported only once.
Then, if there was no error, NAME.mod.c is written next to each OBJECT
(rewritten only when it changes, so make recompiles only what changed): the
module's vermagic and name, depends= (the modules whose exports it uses)
and its struct module; and --symvers-out lists the exports, in Linux's
Module.symvers format:
    0x00000000<TAB>symbol<TAB>module<TAB>EXPORT_SYMBOL[_GPL]<TAB>namespace
(no CRCs: modlab has no symbol versions; the namespace is empty).

--warn-undefined (make KBUILD_MODPOST_WARN=1, as in Linux) turns undefined
symbols into warnings. The exit status is 1 if there was any error.
"""

import argparse
import os
import struct
import sys

# Linux's license_is_gpl_compatible().
GPL_COMPATIBLE = {
    "GPL", "GPL v2", "GPL and additional rights",
    "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL",
}

KSYMTAB_PREFIX = "__ksymtab_"
SECTION_NORMAL = "__ksymtab"
SECTION_GPL = "__ksymtab_gpl"

SHN_UNDEF = 0
SHN_LORESERVE = 0xff00
SHN_COMMON = 0xfff2
SHT_SYMTAB = 2
SHT_NOBITS = 8
STB_LOCAL, STB_WEAK = 0, 2
ET_REL, EM_386 = 1, 3


class InputError(Exception):
    """A file modpost cannot read: the message says which and why."""


class Elf32:
    """The parts of a little-endian 32-bit ELF file that modpost needs:
    section names and contents, and the symbol table."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.data = f.read()
        d = self.data
        if len(d) < 52 or d[:4] != b"\x7fELF":
            raise InputError("%s: not an ELF file" % path)
        if d[4] != 1 or d[5] != 1:
            raise InputError("%s: not a 32-bit little-endian ELF file" % path)
        (self.type, self.machine, _, _, _, shoff, _, _, _, _, shentsize, shnum,
         shstrndx) = struct.unpack_from("<HHIIIIIHHHHHH", d, 16)
        if shoff == 0 or shentsize < 40 or shoff + shnum * shentsize > len(d):
            raise InputError("%s: bad section header table" % path)
        self.sections = []
        for i in range(shnum):
            (name, stype, flags, addr, off, size, link, info, _,
             entsize) = struct.unpack_from("<10I", d, shoff + i * shentsize)
            if stype != SHT_NOBITS and off + size > len(d):
                raise InputError("%s: section %d runs past the end of the file" % (path, i))
            self.sections.append(dict(name_off=name, type=stype, flags=flags, addr=addr,
                                      offset=off, size=size, link=link, entsize=entsize))
        if shstrndx >= shnum:
            raise InputError("%s: bad section name table index" % path)
        names = self.sections[shstrndx]
        for s in self.sections:
            s["name"] = self._string(names, s["name_off"])

    def _string(self, section, off):
        if off >= section["size"]:
            raise InputError("%s: string offset %d out of range" % (self.path, off))
        start = section["offset"] + off
        end = self.data.find(b"\0", start, section["offset"] + section["size"])
        if end < 0:
            raise InputError("%s: unterminated string" % self.path)
        return self.data[start:end].decode("utf-8", "replace")

    def section_name(self, index):
        if 0 < index < len(self.sections):
            return self.sections[index]["name"]
        return ""

    def section_bytes(self, name):
        for s in self.sections:
            if s["name"] == name and s["type"] != SHT_NOBITS:
                return self.data[s["offset"]:s["offset"] + s["size"]]
        return None

    def symbols(self):
        """Yield (name, value, bind, shndx) for each named symbol."""
        for s in self.sections:
            if s["type"] != SHT_SYMTAB:
                continue
            if s["link"] >= len(self.sections) or s["entsize"] != 16:
                raise InputError("%s: bad symbol table" % self.path)
            strtab = self.sections[s["link"]]
            for off in range(s["offset"] + 16, s["offset"] + s["size"], 16):
                name, value, _, info, _, shndx = struct.unpack_from("<IIIBBH", self.data, off)
                if name:
                    yield self._string(strtab, name), value, info >> 4, shndx


class Export:
    def __init__(self, name, owner, gpl_only, listed):
        self.name = name
        self.owner = owner          # a Module, or None for the kernel
        self.gpl_only = gpl_only
        self.listed = listed        # read in this run: goes into --symvers-out

    def where(self):
        return self.owner.shown if self.owner else "vmlinux"


class Module:
    """One module of this run (from its linked objects) or of a
    Module.symvers file (exports only)."""

    def __init__(self, name, shown, path=None):
        self.name = name            # as the kernel knows it: KBUILD_MODNAME
        self.shown = shown          # modules/x/x.ko
        self.path = path            # NAME.o, for modules of this run
        self.undefined = []         # (symbol, weak)
        self.exports = []           # (symbol, gpl_only)
        self.modinfo = {}
        self.depends = set()


def modname(path):
    """The module's name as KBUILD_MODNAME has it: the file name without
    extension, with '-' as '_' (as Linux does)."""
    base = os.path.basename(path)
    for ext in (".ko", ".o"):
        if base.endswith(ext):
            base = base[:-len(ext)]
    return base.replace("-", "_")


class Modpost:
    def __init__(self, warn_undefined, allow_gpl_violation):
        self.exports = {}
        self.modules = []
        self.errors = 0
        self.warn_undefined = warn_undefined
        self.allow_gpl_violation = set(allow_gpl_violation)

    def error(self, msg):
        print("ERROR: modpost: " + msg, file=sys.stderr)
        self.errors += 1

    def warn(self, msg):
        print("WARNING: modpost: " + msg, file=sys.stderr)

    def add_export(self, name, owner, gpl_only, listed):
        old = self.exports.get(name)
        if old:
            same_module = (old.owner.name if old.owner else "vmlinux") == \
                (owner.name if owner else "vmlinux")
            if not (same_module and not old.listed):
                self.error('"%s" [%s] exported twice. Previous export was in %s'
                           % (name, owner.shown if owner else "vmlinux", old.where()))
                return
            # A module built again outside the tree replaces its old entry.
        self.exports[name] = Export(name, owner, gpl_only, listed)

    # --- reading --------------------------------------------------------

    def read_kernel(self, path):
        elf = Elf32(path)
        syms = list(elf.symbols())
        marks = {name: value for name, value, _, _ in syms
                 if name.startswith(("__start___ksymtab", "__stop___ksymtab"))}

        def in_range(value, section):
            lo = marks.get("__start_" + section)
            hi = marks.get("__stop_" + section)
            return lo is not None and hi is not None and lo <= value < hi

        for name, value, bind, shndx in syms:
            if not name.startswith(KSYMTAB_PREFIX) or bind == STB_LOCAL:
                continue
            if shndx == SHN_UNDEF or shndx >= SHN_LORESERVE:
                continue
            section = elf.section_name(shndx)
            if section == SECTION_GPL or in_range(value, SECTION_GPL):
                gpl_only = True
            elif section == SECTION_NORMAL or in_range(value, SECTION_NORMAL):
                gpl_only = False
            else:
                self.error("%s: %s is neither in %s nor in %s" % (path, name, SECTION_NORMAL,
                                                                  SECTION_GPL))
                continue
            self.add_export(name[len(KSYMTAB_PREFIX):], None, gpl_only, True)

    def read_symvers(self, path):
        owners = {}
        with open(path) as f:
            for lineno, line in enumerate(f, 1):
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 4 or fields[3] not in ("EXPORT_SYMBOL", "EXPORT_SYMBOL_GPL"):
                    raise InputError("%s:%d: not a Module.symvers line" % (path, lineno))
                _, sym, owner, kind = fields[:4]
                module = None
                if owner != "vmlinux":
                    module = owners.get(owner)
                    if module is None:
                        module = owners[owner] = Module(modname(owner), owner + ".ko")
                self.add_export(sym, module, kind == "EXPORT_SYMBOL_GPL", False)

    def read_module(self, path, shown):
        mod = Module(modname(path), shown, path)
        elf = Elf32(path)
        if elf.type != ET_REL or elf.machine != EM_386:
            raise InputError("%s: not an i386 relocatable object" % path)
        for name, value, bind, shndx in elf.symbols():
            if bind == STB_LOCAL:
                continue
            if shndx == SHN_UNDEF:
                mod.undefined.append((name, bind == STB_WEAK))
            elif shndx == SHN_COMMON:
                self.error('"%s" [%s] is a common symbol: build with -fno-common'
                           % (name, shown))
            elif name.startswith(KSYMTAB_PREFIX):
                section = elf.section_name(shndx)
                if section in (SECTION_NORMAL, SECTION_GPL):
                    mod.exports.append((name[len(KSYMTAB_PREFIX):], section == SECTION_GPL))
        info = elf.section_bytes(".modinfo") or b""
        for entry in info.split(b"\0"):
            key, sep, value = entry.decode("utf-8", "replace").partition("=")
            if sep and key not in mod.modinfo:
                mod.modinfo[key] = value
        for other in self.modules:
            if other.name == mod.name:
                self.error("two modules are called %s: %s and %s" % (mod.name, other.shown,
                                                                      shown))
        self.modules.append(mod)
        for sym, gpl_only in mod.exports:
            self.add_export(sym, mod, gpl_only, True)

    # --- checking -------------------------------------------------------

    def check(self):
        for mod in self.modules:
            license = mod.modinfo.get("license")
            if license is None:
                self.error("missing MODULE_LICENSE() in %s" % mod.path)
            gpl_ok = license in GPL_COMPATIBLE
            for sym, weak in mod.undefined:
                if sym == "__this_module":
                    continue
                exp = self.exports.get(sym)
                if exp is None:
                    if weak:
                        continue
                    msg = '"%s" [%s] undefined!' % (sym, mod.shown)
                    if self.warn_undefined:
                        self.warn(msg)
                    else:
                        self.error(msg)
                    continue
                if exp.gpl_only and license is not None and not gpl_ok:
                    msg = ("GPL-incompatible module %s uses GPL-only symbol '%s'"
                           % (os.path.basename(mod.shown), sym))
                    if mod.name in self.allow_gpl_violation:
                        self.warn(msg + " (allowed for this test module; the kernel must "
                                  "refuse to load it)")
                    else:
                        self.error(msg)
                if exp.owner and exp.owner is not mod:
                    mod.depends.add(exp.owner.name)

    # --- writing --------------------------------------------------------

    def mod_c(self, mod):
        return "".join([
            "/* Made by tools/modpost.py from %s: do not edit. */\n" % mod.path,
            "#include <linux/module.h>\n",
            "\n",
            "MODULE_INFO(vermagic, VERMAGIC_STRING);\n",
            "MODULE_INFO(name, KBUILD_MODNAME);\n",
            'MODULE_INFO(depends, "%s");\n' % ",".join(sorted(mod.depends)),
            "\n",
            "/* Weak, so that a module without init or exit still links: the\n",
            " * loader makes an undefined weak symbol 0 (no function). */\n",
            "extern int init_module(void) __attribute__((weak));\n",
            "extern void cleanup_module(void) __attribute__((weak));\n",
            "\n",
            'struct module __this_module __section(".gnu.linkonce.this_module") = {\n',
            "\t.name = KBUILD_MODNAME,\n",
            "\t.init = init_module,\n",
            "\t.exit = cleanup_module,\n",
            "};\n",
        ])

    def write(self, symvers_out):
        for mod in self.modules:
            write_if_changed(mod.path[:-len(".o")] + ".mod.c", self.mod_c(mod))
        lines = []
        for exp in sorted(self.exports.values(), key=lambda e: e.name):
            if exp.listed:
                owner = exp.owner.shown[:-len(".ko")] if exp.owner else "vmlinux"
                lines.append("0x00000000\t%s\t%s\tEXPORT_SYMBOL%s\t\n"
                             % (exp.name, owner, "_GPL" if exp.gpl_only else ""))
        write_if_changed(symvers_out, "".join(lines), always_touch=True)


def write_if_changed(path, text, always_touch=False):
    """Write text to path, unless path already holds it (then only touch it
    if always_touch: make's target must look new)."""
    try:
        with open(path) as f:
            if f.read() == text:
                if always_touch:
                    os.utime(path)
                return
    except OSError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description="check modules' symbols; write NAME.mod.c and "
                                 "Module.symvers")
    ap.add_argument("--kernel", help="the kernel ELF, for its exports")
    ap.add_argument("--symvers-in", action="append", default=[],
                    help="a Module.symvers whose exports modules may use")
    ap.add_argument("--symvers-out", required=True, help="where to write Module.symvers")
    ap.add_argument("--allow-gpl-violation", action="append", default=[], metavar="NAME",
                    help="only warn when module NAME uses GPL-only exports without a GPL "
                    "licence")
    ap.add_argument("--warn-undefined", action="store_true",
                    help="undefined symbols are warnings, not errors")
    ap.add_argument("modules", nargs="*", metavar="OBJECT=SHOWN")
    args = ap.parse_args()

    mp = Modpost(args.warn_undefined, args.allow_gpl_violation)
    try:
        if args.kernel:
            mp.read_kernel(args.kernel)
        for path in args.symvers_in:
            mp.read_symvers(path)
        for spec in args.modules:
            path, sep, shown = spec.partition("=")
            mp.read_module(path, shown if sep else path)
    except (InputError, OSError) as e:
        print("ERROR: modpost: %s" % e, file=sys.stderr)
        return 1
    mp.check()
    if mp.errors:
        return 1
    mp.write(args.symvers_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
