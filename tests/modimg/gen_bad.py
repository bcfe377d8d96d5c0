#!/usr/bin/env python3
"""Hostile module images: damaged copies of a good module, one per check.

usage: tests/modimg/gen_bad.py GOOD.ko OUTDIR [--bugs BUGDIR]

Reads GOOD.ko (an i386 relocatable ELF module, as the build makes them,
with its debug sections) and writes into OUTDIR one image per thing a
loader must refuse, named after what is wrong: trunc-shdr-7.ko,
shoff-past-end.ko, reloc-type-gotoff.ko, vermagic-wrong.ko and so on. The
kernel (kernel/module/elf.c and load_module) must refuse each of them with
-ENOEXEC and a printed reason, never crash and never leak. Three prefixes
say otherwise:

  good-NAME.ko    must load (then the test removes it): the module as
                  built, with its debug sections, whose relocations point
                  into sections that are not loaded and are skipped; the
                  same with its section headers first, with garbage in
                  the debug relocations, or with bytes after the end
  enoent-NAME.ko  refused with -ENOENT (an unknown symbol)

OUTDIR/MANIFEST has one line per image, tab-separated:

  NAME  ERRNO  REASON

ERRNO is what load_module returns (0, -2 or -8); REASON is text the
kernel's "module ...: refused: ..." (or "Unknown symbol") message must
contain for that image, so a test can check each image hits the check it
is named after and not an earlier one (empty for good- images).

--bugs BUGDIR also writes images that show loader bugs (they crash the
kernel, or make a module that cannot be removed, or give the wrong error),
with BUGDIR/README saying what each one does. They are not part of the
test set until the loader is fixed.

Only the Python standard library is used: the ELF32 structures are read
and written with struct.
"""

import argparse
import hashlib
import os
import struct
import sys

# ---- ELF32 (little-endian i386), as include/linux/elf.h has it ------------

EHDR_SIZE = 52
SHDR_SIZE = 40
SYM_SIZE = 16
REL_SIZE = 8

# Byte offsets of the ELF header's fields.
E_IDENT, E_TYPE, E_MACHINE, E_VERSION = 0, 16, 18, 20
E_SHOFF, E_SHENTSIZE, E_SHNUM, E_SHSTRNDX = 32, 46, 48, 50
EI_CLASS, EI_DATA, EI_VERSION = 4, 5, 6

# Section header fields: name -> (byte offset, struct format).
SH_FIELDS = ("name", "type", "flags", "addr", "offset", "size", "link", "info",
             "addralign", "entsize")

SHT_NULL, SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB, SHT_RELA = 0, 1, 2, 3, 4
SHT_NOBITS, SHT_REL, SHT_SYMTAB_SHNDX = 8, 9, 18
SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 1, 2, 4
SHN_UNDEF, SHN_LORESERVE, SHN_ABS, SHN_COMMON, SHN_XINDEX = 0, 0xff00, 0xfff1, 0xfff2, 0xffff
STB_GLOBAL, STT_SECTION = 1, 3
R_386_32 = 1

ENOENT, ENOEXEC = 2, 8

# Relocation types the loader refuses, and the names it gives them.
RELOC_TYPES = ((0, "none", "R_386_NONE"), (3, "got32", "R_386_GOT32"),
               (9, "gotoff", "R_386_GOTOFF"), (10, "gotpc", "R_386_GOTPC"),
               (15, "tls", "R_386_TLS_*"), (20, "16", "R_386_16"), (23, "pc8", "R_386_PC8"),
               (200, "unknown", "an unknown relocation type"))

MAX_MODULE_SECTIONS = 512
MAX_MODULE_SIZE = 64 << 20
MODULE_NAME_LEN = 56
THIS_MODULE = ".gnu.linkonce.this_module"

# struct module on i386 (include/linux/module.h), for the bug images only:
# where the loader-owned fields sit in the module's record.
MOD_LIST = 0x04          # struct list_head list
MOD_SYMS = 0x6c          # const struct kernel_symbol *syms
MOD_NUM_SYMS = 0x74      # unsigned int num_syms
MOD_REFS = 0xc0          # struct module_ref refs[NR_CPUS], 64 bytes each


class BadInput(Exception):
    pass


def u16(data, off):
    return struct.unpack_from("<H", data, off)[0]


def u32(data, off):
    return struct.unpack_from("<I", data, off)[0]


def cstr(data, off):
    end = data.index(b"\0", off)
    return data[off:end].decode("latin-1")


def align_up(n, a):
    return (n + a - 1) // a * a


class Elf:
    """A parsed view of one image (which must be well-formed)."""

    def __init__(self, data):
        self.data = bytes(data)
        d = self.data
        if len(d) < EHDR_SIZE or d[:4] != b"\x7fELF":
            raise BadInput("not an ELF file")
        if d[EI_CLASS] != 1 or d[EI_DATA] != 1 or u16(d, E_TYPE) != 1 or u16(d, E_MACHINE) != 3:
            raise BadInput("not a 32-bit little-endian i386 relocatable object")
        self.shoff = u32(d, E_SHOFF)
        self.shnum = u16(d, E_SHNUM)
        self.shstrndx = u16(d, E_SHSTRNDX)
        if u16(d, E_SHENTSIZE) != SHDR_SIZE or self.shoff + self.shnum * SHDR_SIZE > len(d):
            raise BadInput("section headers missing or out of the file")
        self.sh = []
        for i in range(self.shnum):
            vals = struct.unpack_from("<10I", d, self.shoff + i * SHDR_SIZE)
            self.sh.append(dict(zip(SH_FIELDS, vals)))
        ss = self.sh[self.shstrndx]
        self.shstr = d[ss["offset"]:ss["offset"] + ss["size"]]
        self.names = [cstr(self.shstr, s["name"]) for s in self.sh]
        symtabs = [i for i, s in enumerate(self.sh) if s["type"] == SHT_SYMTAB]
        if len(symtabs) != 1:
            raise BadInput("expected one symbol table")
        self.symindex = symtabs[0]
        self.strindex = self.sh[self.symindex]["link"]
        st = self.sh[self.strindex]
        self.strtab = d[st["offset"]:st["offset"] + st["size"]]
        sy = self.sh[self.symindex]
        self.syms = []
        for k in range(sy["size"] // SYM_SIZE):
            name, value, size, info, other, shndx = struct.unpack_from(
                "<IIIBBH", d, sy["offset"] + k * SYM_SIZE)
            self.syms.append(dict(name=name, value=value, size=size, info=info, other=other,
                                  shndx=shndx, str=cstr(self.strtab, name)))

    def idx(self, name):
        """Index of the (last) section called name, or None."""
        found = None
        for i, n in enumerate(self.names):
            if n == name:
                found = i
        return found

    def shdr_at(self, i):
        return self.shoff + i * SHDR_SIZE

    def sym_at(self, k):
        return self.sh[self.symindex]["offset"] + k * SYM_SIZE

    def rels(self, i):
        """The entries of REL section i: (file offset, r_offset, r_info)."""
        s = self.sh[i]
        return [(s["offset"] + k * REL_SIZE,) + struct.unpack_from("<II", self.data,
                                                                    s["offset"] + k * REL_SIZE)
                for k in range(s["size"] // REL_SIZE)]

    def loaded_rels(self):
        """The REL sections with entries whose target is loaded."""
        found = [i for i, s in enumerate(self.sh)
                 if s["type"] == SHT_REL and s["size"] >= REL_SIZE and 0 < s["info"] < self.shnum
                 and self.sh[s["info"]]["flags"] & SHF_ALLOC]
        if not found:
            raise BadInput("no relocations of a loaded section")
        return found

    def loaded_rel(self):
        return self.loaded_rels()[0]

    def modinfo(self):
        i = self.idx(".modinfo")
        if i is None:
            raise BadInput("no .modinfo")
        s = self.sh[i]
        return i, s["offset"], self.data[s["offset"]:s["offset"] + s["size"]]

    def modinfo_tag(self, tag):
        """File offset of 'tag=' at the start of a .modinfo string, or None."""
        _, off, data = self.modinfo()
        pos = 0
        for item in data.split(b"\0"):
            if item.startswith(tag.encode() + b"="):
                return off + pos
            pos += len(item) + 1
        return None


# ---- writing -------------------------------------------------------------

def patch(img, off, fmt, value):
    struct.pack_into("<" + fmt, img, off, value)


def set_sh(img, elf, i, field, value):
    patch(img, elf.shdr_at(i) + 4 * SH_FIELDS.index(field), "I", value & 0xffffffff)


def set_sym(img, elf, k, field, value):
    off, fmt = {"name": (0, "I"), "value": (4, "I"), "info": (12, "B"),
                "shndx": (14, "H")}[field]
    patch(img, elf.sym_at(k) + off, fmt, value)


class Rebuild:
    """Changes that move things: renamed sections (a new section name table
    at the end of the file), new sections (their data and a new section
    header table at the end), sections given new contents (at the end).
    bytes() gives the image, every other byte where it was."""

    def __init__(self, elf):
        self.elf = elf
        self.body = bytearray(elf.data)
        self.sh = [dict(s) for s in elf.sh]
        self.shstr = bytearray(elf.shstr)
        self.new_names = False
        self.new_table = False

    def append(self, data, align=16):
        self.body += b"\0" * (align_up(len(self.body), align) - len(self.body))
        off = len(self.body)
        self.body += data
        return off

    def name_off(self, name):
        self.new_names = True
        off = len(self.shstr)
        self.shstr += name.encode() + b"\0"
        return off

    def rename(self, i, name):
        self.sh[i]["name"] = self.name_off(name)

    def move(self, i, data):
        """Give section i new contents, placed at the end of the file."""
        self.sh[i]["offset"] = self.append(data)
        self.sh[i]["size"] = len(data)

    def add(self, name, type_, flags, data=b"", size=None, link=0, info=0, align=4,
            entsize=0, addr=0):
        self.new_table = True
        off = self.append(data, max(align, 1)) if data else len(self.body)
        self.sh.append(dict(name=self.name_off(name), type=type_, flags=flags, addr=addr,
                            offset=off, size=len(data) if size is None else size,
                            link=link, info=info, addralign=align, entsize=entsize))
        return len(self.sh) - 1

    def bytes(self):
        if self.new_names:
            si = self.elf.shstrndx
            self.sh[si]["offset"] = self.append(bytes(self.shstr), 1)
            self.sh[si]["size"] = len(self.shstr)
        shoff = self.elf.shoff
        if self.new_table:
            shoff = self.append(b"\0" * (len(self.sh) * SHDR_SIZE), 4)
            patch(self.body, E_SHOFF, "I", shoff)
            patch(self.body, E_SHNUM, "H", len(self.sh))
        for i, s in enumerate(self.sh):
            struct.pack_into("<10I", self.body, shoff + i * SHDR_SIZE,
                             *[s[f] & 0xffffffff for f in SH_FIELDS])
        return bytes(self.body)


def shdrs_first(elf):
    """The same module with its section headers right after the ELF header
    and every section moved up behind them (alignments kept), so that
    cutting the file at a section's start or end leaves the headers whole."""
    maxalign = max([16] + [s["addralign"] for s in elf.sh])
    delta = align_up(elf.shnum * SHDR_SIZE, maxalign)
    body = bytearray(elf.data[:EHDR_SIZE])
    body += b"\0" * delta
    body += elf.data[EHDR_SIZE:]
    patch(body, E_SHOFF, "I", EHDR_SIZE)
    for i, s in enumerate(elf.sh):
        vals = dict(s)
        if i and vals["type"] != SHT_NULL:
            vals["offset"] += delta
        struct.pack_into("<10I", body, EHDR_SIZE + i * SHDR_SIZE,
                         *[vals[f] for f in SH_FIELDS])
    return bytes(body)


# ---- what the kernel checks first ---------------------------------------

def first_section_past_end(elf, length):
    """The section the loader's range check names when the file is cut to
    length bytes (section headers still whole)."""
    for i in range(1, elf.shnum):
        s = elf.sh[i]
        if s["type"] in (SHT_NOBITS, SHT_NULL):
            continue
        if s["offset"] > length or s["size"] > length - s["offset"]:
            return i
    return None


# ---- the images -----------------------------------------------------------

class Set:
    def __init__(self):
        self.images = {}        # name -> (bytes, errno, reason)
        self.seen = {}          # content digest -> name
        self.skipped = []

    def add(self, name, data, reason, errno=-ENOEXEC):
        if name in self.images:
            raise AssertionError("two images called " + name)
        digest = hashlib.sha256(data).hexdigest()
        if digest in self.seen:
            return              # the same bytes under another name
        self.seen[digest] = name
        self.images[name] = (bytes(data), errno, reason)

    def skip(self, name, why):
        self.skipped.append((name, why))


def header_images(out, elf):
    d = elf.data

    def hdr(name, off, fmt, value, reason):
        img = bytearray(d)
        patch(img, off, fmt, value)
        out.add(name, img, reason)

    for n in (0, 4, 16, EHDR_SIZE - 1):
        out.add("trunc-ehdr-%d" % n, d[:n], "shorter than an ELF header")
    hdr("magic-bad", 1, "B", ord("X"), "bad magic")
    hdr("class-64", E_IDENT + EI_CLASS, "B", 2, "ELF class 2")
    hdr("data-msb", E_IDENT + EI_DATA, "B", 2, "not little-endian")
    hdr("ident-version-bad", E_IDENT + EI_VERSION, "B", 0, "ELF version")
    hdr("version-bad", E_VERSION, "I", 2, "ELF version 1/2")
    hdr("type-exec", E_TYPE, "H", 2, "ELF type 2")
    hdr("type-dyn", E_TYPE, "H", 3, "ELF type 3")
    hdr("machine-x86_64", E_MACHINE, "H", 62, "machine 62")
    hdr("shentsize-wrong", E_SHENTSIZE, "H", 64, "section header size 64")
    hdr("shnum-zero", E_SHNUM, "H", 0, "0 sections")
    hdr("shnum-huge", E_SHNUM, "H", 0xffff, "65535 sections")
    hdr("shnum-513", E_SHNUM, "H", MAX_MODULE_SECTIONS + 1, "513 sections")
    fits = (len(d) - elf.shoff) // SHDR_SIZE
    if fits < MAX_MODULE_SECTIONS:
        hdr("shnum-past-end", E_SHNUM, "H", fits + 1, "section headers at")
    hdr("shoff-past-end", E_SHOFF, "I", len(d), "section headers at")
    hdr("shoff-overflow", E_SHOFF, "I", 0xfffffff0, "section headers at")
    hdr("shstrndx-zero", E_SHSTRNDX, "H", 0, "section name table index 0")
    hdr("shstrndx-bad", E_SHSTRNDX, "H", elf.shnum, "section name table index %d" % elf.shnum)

    # Cut inside the section header table: at the start of each header.
    for k in range(elf.shnum):
        n = elf.shoff + k * SHDR_SIZE
        if n < len(d):
            out.add("trunc-shdr-%d" % k, d[:n], "section headers at")
    if elf.shoff + elf.shnum * SHDR_SIZE == len(d):
        out.add("trunc-last-byte", d[:-1], "section headers at")


def truncation_images(out, elf):
    """Cut the headers-first layout at each section's start and end."""
    first = Elf(shdrs_first(elf))
    d = first.data
    out.add("good-shdrs-first", d, "", 0)
    for i in range(1, first.shnum):
        s = first.sh[i]
        if s["type"] in (SHT_NOBITS, SHT_NULL) or not s["size"]:
            continue
        for what, n in (("start", s["offset"]), ("end", s["offset"] + s["size"] - 1)):
            j = first_section_past_end(first, n)
            out.add("trunc-sec-%d-%s" % (i, what), d[:n], "section %d: offset" % j)


def section_images(out, elf):
    d = elf.data
    n = elf.shnum
    names = elf.names

    def sh(name, changes, reason, base=elf):
        img = bytearray(base.data)
        for i, field, value in changes:
            set_sh(img, base, i, field, value)
        out.add(name, img, reason)

    for i in range(1, n):
        s = elf.sh[i]
        if s["type"] in (SHT_NOBITS, SHT_NULL) or not s["offset"]:
            continue
        sh("sh-offset-past-end-%d" % i, [(i, "offset", len(d) + 1)], "section %d: offset" % i)
        sh("sh-size-overflow-%d" % i, [(i, "size", (1 << 32) - s["offset"] + 16)],
           "section %d: offset" % i)
    shstr = elf.shstrndx
    sh("sh-name-bad-0", [(0, "name", elf.sh[shstr]["size"])], "section 0: name offset")
    sh("sh-name-bad", [(1, "name", elf.sh[shstr]["size"])], "section 1: name offset")
    sh("sh-name-huge", [(1, "name", 0xffffffff)], "section 1: name offset")
    sh("sh-align-not-pow2", [(1, "addralign", 24)], "alignment 24 is not a power of two")
    sh("sh-align-huge", [(1, "addralign", 8192)], "alignment 8192 above a page")

    # The section name table.
    img = bytearray(d)
    img[elf.sh[shstr]["offset"] + elf.sh[shstr]["size"] - 1] = ord("x")
    out.add("shstrtab-unterminated", img, "section name table (section %d)" % shstr)
    sh("shstrtab-not-strtab", [(shstr, "type", SHT_PROGBITS)], "section name table")
    sh("shstrtab-nobits", [(shstr, "type", SHT_NOBITS)], "section name table")
    sh("shstrtab-empty", [(shstr, "size", 0)], "section name table")

    # The symbol table and its string table.
    sym, strx = elf.symindex, elf.strindex
    sy = elf.sh[sym]
    spare = [i for i in range(1, sym) if elf.sh[i]["type"] == SHT_PROGBITS
             and not elf.sh[i]["flags"] & SHF_ALLOC]
    if spare:
        sh("symtab-twice", [(spare[0], f, sy[f]) for f in
                            ("type", "offset", "size", "link", "info", "addralign", "entsize")],
           "more than one symbol table")
        sh("symtab-shndx", [(spare[0], "type", SHT_SYMTAB_SHNDX)],
           "extended section indices")
    else:
        out.skip("symtab-twice", "no unloaded section before the symbol table")
    sh("symtab-entsize-wrong", [(sym, "entsize", 24)], "symbol table entry size 24")
    sh("symtab-size-partial", [(sym, "size", sy["size"] - 8)], "symbol table entry size")
    sh("symtab-link-zero", [(sym, "link", 0)], "string table (section 0)")
    sh("sh-link-bad", [(sym, "link", n)], "string table (section %d)" % n)
    sh("symtab-link-not-strtab", [(sym, "link", 1)], "string table (section 1)")
    sh("strtab-empty", [(strx, "size", 0)], "string table (section %d)" % strx)
    img = bytearray(d)
    img[elf.sh[strx]["offset"] + elf.sh[strx]["size"] - 1] = ord("x")
    out.add("strtab-unterminated", img, "string table (section %d)" % strx)
    sh("no-symtab", [(sym, "type", SHT_PROGBITS)], "no symbol table")

    # A relocation section.
    r = elf.loaded_rel()
    rs = elf.sh[r]
    sh("rel-entsize-wrong", [(r, "entsize", 12)], "relocation entry size 12")
    sh("rel-size-partial", [(r, "size", rs["size"] - 4)], "relocation entry size")
    sh("rel-info-zero", [(r, "info", 0)], "relocates section 0,")
    sh("sh-info-bad", [(r, "info", 0xffff)], "relocates section 65535,")
    sh("rel-targets-missing-section", [(r, "info", n)], "relocates section %d," % n)
    sh("rela-section", [(r, "type", SHT_RELA)], "RELA relocations")
    sh("rel-names-missing-symtab", [(r, "link", n + 5)],
       "uses symbol table %d, not %d" % (n + 5, sym))
    sh("rel-link-not-symtab", [(r, "link", strx)], "uses symbol table %d, not %d" % (strx, sym))

    # Two loaded sections at the same place in the file.
    loaded = [i for i in range(1, n) if elf.sh[i]["flags"] & SHF_ALLOC
              and elf.sh[i]["type"] != SHT_NOBITS and elf.sh[i]["size"]]
    a, b = loaded[0], loaded[1]
    sh("sections-overlap", [(b, "offset", elf.sh[a]["offset"])],
       "sections %s and %s overlap" % (names[a], names[b]))


def symbol_images(out, elf):
    d = elf.data
    strsize = elf.sh[elf.strindex]["size"]

    def sym(name, k, field, value, reason):
        img = bytearray(d)
        set_sym(img, elf, k, field, value)
        out.add(name, img, reason)

    sym("st-name-bad", 1, "name", strsize, "symbol 1: name offset %d" % strsize)
    sym("st-name-huge", 1, "name", 0xffffffff, "symbol 1: name offset")
    named = [k for k, s in enumerate(elf.syms) if k and s["str"] and s["shndx"] != SHN_UNDEF
             and s["shndx"] < SHN_LORESERVE and s["info"] >> 4 == STB_GLOBAL]
    g = named[0]
    gname = elf.syms[g]["str"]
    sym("common-symbol", g, "shndx", SHN_COMMON, "symbol %s is a common symbol" % gname)
    sym("st-shndx-bad", g, "shndx", elf.shnum, "symbol %s: section index %d" % (gname, elf.shnum))
    sym("st-shndx-reserved", g, "shndx", SHN_LORESERVE, "symbol %s: section index" % gname)
    sym("st-shndx-xindex", g, "shndx", SHN_XINDEX, "symbol %s: section index" % gname)

    # Relocation entries of a loaded section.
    r = elf.loaded_rel()
    rname = elf.names[r]
    tsize = elf.sh[elf.sh[r]["info"]]["size"]
    off, r_offset, r_info = elf.rels(r)[0]
    nsyms = len(elf.syms)

    def rel(name, new_offset, new_info, reason, at=off):
        img = bytearray(d)
        patch(img, at, "I", new_offset)
        patch(img, at + 4, "I", new_info)
        out.add(name, img, reason)

    rel("r-sym-bad", r_offset, (nsyms << 8) | (r_info & 0xff),
        "section %s: relocation 0 names symbol %d of %d" % (rname, nsyms, nsyms))
    rel("r-sym-huge", r_offset, 0xffffff00 | (r_info & 0xff), "relocation 0 names symbol")
    rel("r-offset-bad", tsize - 3, r_info, "section %s: relocation 0 at %#x is outside"
        % (rname, tsize - 3))
    rel("r-offset-huge", 0xfffffffc, r_info, "relocation 0 at 0xfffffffc is outside")
    # Types the loader does not apply: in the last section relocated, so
    # that the loader has linked everything else (the module's parameter
    # table too) when it refuses. The same in the first one is a bug image.
    last = elf.loaded_rels()[-1]
    last_off, last_r_offset, last_r_info = elf.rels(last)[0]
    for t, tname, shown in RELOC_TYPES:
        rel("reloc-type-" + tname, last_r_offset, (last_r_info & ~0xff) | t,
            "section %s: relocation 0 has type %s (%d)" % (elf.names[last], shown, t),
            at=last_off)

    # An undefined symbol nobody exports: -ENOENT, naming it. Without a
    # parameter table (see unknown-symbol-with-params among the bug images).
    undef = [k for k, s in enumerate(elf.syms) if k and s["str"] and s["shndx"] == SHN_UNDEF]
    if undef:
        s = elf.syms[undef[0]]
        rb = Rebuild(elf)
        rb.body[elf.sh[elf.strindex]["offset"] + s["name"]] = ord("x")
        param = elf.idx("__param")
        if param is not None:
            rb.rename(param, "__param_gone")
        out.add("enoent-unknown-symbol", rb.bytes(), "Unknown symbol x" + s["str"][1:], -ENOENT)
    else:
        out.skip("enoent-unknown-symbol", "the module has no undefined symbols")


def special_images(out, elf):
    d = elf.data
    mod = elf.idx(THIS_MODULE)
    info, info_off, info_data = elf.modinfo()
    ms = elf.sh[mod]

    def sh(name, changes, reason):
        img = bytearray(d)
        for i, field, value in changes:
            set_sh(img, elf, i, field, value)
        out.add(name, img, reason)

    def rebuilt(name, fn, reason, errno=-ENOEXEC):
        rb = Rebuild(elf)
        fn(rb)
        out.add(name, rb.bytes(), reason, errno)

    sh("modinfo-nobits", [(info, "type", SHT_NOBITS)], "section .modinfo has no contents")
    sh("this-module-nobits", [(mod, "type", SHT_NOBITS)],
       "section %s has no contents" % THIS_MODULE)
    rebuilt("no-this-module", lambda rb: rb.rename(mod, THIS_MODULE + "_gone"),
            "no %s section" % THIS_MODULE)
    sh("this-module-size-wrong", [(mod, "size", ms["size"] - 4)],
       "%s is %d bytes, expected %d" % (THIS_MODULE, ms["size"] - 4, ms["size"]))
    sh("this-module-not-alloc", [(mod, "flags", ms["flags"] & ~SHF_ALLOC)],
       "%s must be loaded, writable data" % THIS_MODULE)
    for table, entsize in (("__ksymtab", 8), ("__ksymtab_gpl", 8), ("__param", 16)):
        short = table.strip("_").replace("_", "-")
        rebuilt(short + "-nobits",
                lambda rb, t=table, e=entsize: rb.add(t, SHT_NOBITS, SHF_ALLOC, size=e),
                "section %s has no contents" % table)
        rebuilt(short + "-size-partial",
                lambda rb, t=table, e=entsize: rb.add(t, SHT_PROGBITS, SHF_ALLOC, b"\0" * (e + 4)),
                "%s size %d is not a multiple of %d" % (table, entsize + 4, entsize))

    img = bytearray(d)
    img[info_off + len(info_data) - 1] = ord("x")
    out.add("modinfo-unterminated", img, ".modinfo does not end in a NUL")

    # What load_module reads from .modinfo: the name and the vermagic.
    rebuilt("no-modinfo", lambda rb: rb.rename(info, ".modinfo_gone"), "no valid module name")
    sh("modinfo-empty", [(info, "size", 0)], "no valid module name")
    name_at = elf.modinfo_tag("name")
    img = bytearray(d)
    img[name_at + 1] = ord("o")
    out.add("modinfo-no-name", img, "no valid module name")
    img = bytearray(d)
    n = len(cstr(d, name_at)) - len("name=")
    img[name_at + 5:name_at + 5 + n] = b"\0" * n
    out.add("modinfo-name-empty", img, "no valid module name")
    longer = b"\0".join(item.replace(b"name=", b"name=" + b"n" * MODULE_NAME_LEN + b"_", 1)
                        if item.startswith(b"name=") else item for item in info_data.split(b"\0"))
    rebuilt("modinfo-name-long", lambda rb: rb.move(info, longer), "no valid module name")
    vm_at = elf.modinfo_tag("vermagic")
    vm = cstr(d, vm_at)
    img = bytearray(d)
    img[vm_at + len(vm) - 1] ^= 0x20
    out.add("vermagic-wrong", img, "version magic '%s' should be '%s'"
            % (vm[len("vermagic="):-1] + chr(ord(vm[-1]) ^ 0x20), vm[len("vermagic="):]))
    img = bytearray(d)
    img[vm_at + len(vm) - 1] = 0
    out.add("vermagic-prefix", img, "version magic")
    img = bytearray(d)
    img[vm_at + len("vermagic") - 1] = ord("x")
    out.add("vermagic-missing", img, "version magic '(none)'")

    # The layout: loaded sections too large together.
    bss = [i for i, s in enumerate(elf.sh) if s["type"] == SHT_NOBITS and s["flags"] & SHF_ALLOC]
    if bss:
        b = bss[0]
        bname = elf.names[b]
        sh("size-overflow-32", [(b, "size", 0xffffffff)],
           "sections too large (%s: 4294967295 bytes)" % bname)
        sh("bss-too-large", [(b, "size", MAX_MODULE_SIZE + 1)], "sections too large (%s" % bname)
        later = [i for i in range(b + 1, elf.shnum) if not elf.sh[i]["flags"] & SHF_ALLOC
                 and elf.sh[i]["type"] == SHT_PROGBITS]
        if later:
            c = later[0]
            sh("layout-sum-too-large",
               [(b, "size", 40 << 20), (c, "type", SHT_NOBITS),
                (c, "flags", SHF_ALLOC | SHF_WRITE), (c, "size", 40 << 20)],
               "sections too large (%s: %d bytes)" % (elf.names[c], 40 << 20))
    else:
        out.skip("size-overflow-32", "the module has no .bss")

    # Exporting a name twice: two __ksymtab entries naming the module's own
    # name (its .modinfo "name=" value), relocated against .modinfo.
    sect_sym = [k for k, s in enumerate(elf.syms) if s["info"] & 0xf == STT_SECTION
                and s["shndx"] == info]
    if sect_sym and elf.sh[info]["flags"] & SHF_ALLOC:
        modname = cstr(d, name_at)[len("name="):]
        at = name_at + len("name=") - info_off

        def dup_export(rb):
            ks = rb.add("__ksymtab", SHT_PROGBITS, SHF_ALLOC, struct.pack("<4I", 0, at, 0, at))
            rels = struct.pack("<4I", 4, (sect_sym[0] << 8) | R_386_32,
                               12, (sect_sym[0] << 8) | R_386_32)
            rb.add(".rel__ksymtab", SHT_REL, 0, rels, link=elf.symindex, info=ks,
                   entsize=REL_SIZE)
        rebuilt("export-twice", dup_export,
                "exports %s, which %s already exports" % (modname, modname))
    else:
        out.skip("export-twice", "no section symbol for a loaded .modinfo")


def good_images(out, elf):
    d = elf.data
    out.add("good-with-debug", d, "", 0)
    img = bytearray(d)
    for i, s in enumerate(elf.sh):
        if s["type"] == SHT_REL and not elf.sh[s["info"]]["flags"] & SHF_ALLOC:
            for off, _, _ in elf.rels(i):
                patch(img, off, "I", 0xfffffff0)
                patch(img, off + 4, "I", 0xffffff09)    # symbol 2^24-1, R_386_GOTOFF
    out.add("good-debug-relocs-garbage", img, "", 0)
    out.add("good-trailing-bytes", d + b"\xff" * 1000, "", 0)


def bug_images(elf):
    """Images that show loader bugs: (name, bytes, what happens)."""
    d = elf.data
    mod = elf.idx(THIS_MODULE)
    ms = elf.sh[mod]
    info = elf.modinfo()[0]
    text = [i for i, s in enumerate(elf.sh) if s["flags"] & SHF_ALLOC
            and s["type"] == SHT_PROGBITS][0]
    bugs = []

    def sh(name, changes, what):
        img = bytearray(d)
        for i, field, value in changes:
            set_sh(img, elf, i, field, value)
        bugs.append((name, bytes(img), what))

    far = 0x40000000
    sh("null-type-modinfo-far", [(info, "type", SHT_NULL), (info, "offset", far)],
       "a section of type SHT_NULL skips the range check of check_sections(), yet "
       ".modinfo is found by name and read: find_special_sections() reads the byte at "
       "image + 1 GiB (page fault, or garbage if that is RAM)")
    sh("null-type-text-far", [(text, "type", SHT_NULL), (text, "offset", far)],
       "a loaded section of type SHT_NULL is not range-checked; elf_copy_sections() "
       "copies %s from image + 1 GiB" % elf.names[text])
    sh("this-module-readonly", [(mod, "flags", SHF_ALLOC)],
       "%s without SHF_WRITE is laid out with the read-only data; load_module() writes "
       "the record (state = COMING) after set_memory_ro(): page fault" % THIS_MODULE)

    rb = Rebuild(elf)
    rb.add("__ksymtab", SHT_PROGBITS, 0, struct.pack("<2I", 0, 0), addr=0xfffff000)
    bugs.append(("ksymtab-not-loaded", rb.bytes(),
                 "__ksymtab without SHF_ALLOC is not placed, so its sh_addr is the file's "
                 "(0xfffff000 here) and load_module() makes it mod->syms; "
                 "add_module_exports() reads there: page fault"))

    img = bytearray(d)
    base = ms["offset"]
    patch(img, base + MOD_SYMS, "I", 0xfffff000)
    patch(img, base + MOD_NUM_SYMS, "I", 1)
    bugs.append(("this-module-garbage-syms", bytes(img),
                 "the loader takes struct module's own fields from the file: with no "
                 "__ksymtab, syms/num_syms stay as the image has them (0xfffff000, 1), and "
                 "add_module_exports() reads there: page fault"))
    img = bytearray(d)
    patch(img, base + MOD_REFS, "I", 5)
    bugs.append(("this-module-refs", bytes(img),
                 "refs[0].count comes from the file (5): the module loads but rmmod says "
                 "it is in use, for ever"))

    rel = [i for i, s in enumerate(elf.sh) if s["type"] == SHT_REL and s["info"] == mod]
    if rel:
        img = bytearray(d)
        off = elf.rels(rel[0])[0][0]
        patch(img, off, "I", MOD_LIST)
        bugs.append(("reloc-this-module-list", bytes(img),
                     "relocations of %s are applied after load_module() has linked the "
                     "record into the module list: this one adds a function's address to "
                     "mod->list.next (and init is left 0); the next walk of the list "
                     "(lsmod, insmod) follows it" % THIS_MODULE))

    undef = [k for k, s in enumerate(elf.syms) if k and s["str"] and s["shndx"] == SHN_UNDEF]
    if undef and elf.idx("__param") is not None:
        s = elf.syms[undef[0]]
        img = bytearray(d)
        img[elf.sh[elf.strindex]["offset"] + s["name"]] = ord("x")
        bugs.append(("unknown-symbol-with-params", bytes(img),
                     "an unknown symbol (x%s) in a module with parameters: the failed load "
                     "goes to load_module()'s unlink path, whose free_params() reads "
                     "kp->ops->free for every parameter although __param was never "
                     "relocated: NULL pointer dereference" % s["str"][1:]))
        first = elf.loaded_rels()[0]
        off, _, r_info = elf.rels(first)[0]
        img = bytearray(d)
        patch(img, off + 4, "I", (r_info & ~0xff) | 9)
        bugs.append(("reloc-type-gotoff-before-params", bytes(img),
                     "an R_386_GOTOFF relocation in %s, before __param is relocated: "
                     "refused, then the same NULL dereference in free_params()"
                     % elf.names[first]))

    rb = Rebuild(elf)
    rb.sh[elf.symindex]["size"] = 0
    for i, s in enumerate(elf.sh):
        if s["type"] == SHT_REL and elf.sh[s["info"]]["flags"] & SHF_ALLOC:
            rb.sh[i]["size"] = 0
    param = elf.idx("__param")
    if param is not None:
        rb.rename(param, "__param_gone")    # not the free_params() bug again
    bugs.append(("empty-symtab", rb.bytes(),
                 "a module with an empty symbol table (and so no relocations) passes the "
                 "checks, but elf_resolve_symbols() asks kcalloc() for 0 bytes, gets NULL "
                 "and the load fails with -ENOMEM (insmod: Cannot allocate memory)"))
    return bugs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("good", help="a good module (.ko)")
    ap.add_argument("outdir", help="directory for the images and MANIFEST")
    ap.add_argument("--bugs", metavar="BUGDIR", help="also write the loader-bug images here")
    args = ap.parse_args()

    with open(args.good, "rb") as f:
        data = f.read()
    try:
        elf = Elf(data)
        if elf.idx(THIS_MODULE) is None:
            raise BadInput("no %s section" % THIS_MODULE)
        out = Set()
        for gen in (good_images, header_images, truncation_images, section_images,
                    symbol_images, special_images):
            gen(out, elf)
        bugs = bug_images(elf) if args.bugs else []
    except BadInput as e:
        sys.exit("gen_bad.py: %s: %s" % (args.good, e))

    os.makedirs(args.outdir, exist_ok=True)
    lines = []
    for name in sorted(out.images):
        img, errno, reason = out.images[name]
        with open(os.path.join(args.outdir, name + ".ko"), "wb") as f:
            f.write(img)
        lines.append("%s.ko\t%d\t%s\n" % (name, errno, reason))
    with open(os.path.join(args.outdir, "MANIFEST"), "w") as f:
        f.writelines(lines)
    for name, why in out.skipped:
        print("gen_bad.py: no %s.ko: %s" % (name, why), file=sys.stderr)

    if args.bugs:
        os.makedirs(args.bugs, exist_ok=True)
        with open(os.path.join(args.bugs, "README"), "w") as readme:
            readme.write("Images that show loader bugs (tests/modimg/gen_bad.py --bugs).\n\n")
            for name, img, what in bugs:
                with open(os.path.join(args.bugs, name + ".ko"), "wb") as f:
                    f.write(img)
                readme.write("%s.ko\n    %s\n\n" % (name, what))
    print("gen_bad.py: %d images in %s%s" % (
        len(out.images), args.outdir,
        " and %d in %s" % (len(bugs), args.bugs) if args.bugs else ""))


if __name__ == "__main__":
    main()
