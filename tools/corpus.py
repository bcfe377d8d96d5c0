"""Our own Linux-style modules (tests/linux-modules/), built as a Linux user
builds external modules and handed to a guest in an initrd archive of their
own.

    from corpus import corpus_initrd, newc
    cpio = corpus_initrd("sysfs", ["sysfs_kobj", "sysfs_class"], "/lib/linux-modules/sysfs")
    with Qemu(smp=4, initrd=["build/initrd.cpio", cpio]) as q: ...

Each directory is copied out of the tree and built with `make -C <tree>
M=<copy> modules`, as a user builds a module of their own; a failed build,
or one that warns, fails the test with make's output. Every .ko a directory
makes goes into the archive as GUEST_DIR/NAME.ko. Each archive is built once
per test process, however many tests ask for it.
"""
import atexit
import os
import shutil
import tempfile

from qemu import ROOT, fail, make_tree

CORPUS = os.path.join(ROOT, "tests", "linux-modules")

_built = {}


def newc(entries, pad_to=4):
    """A cpio archive in the newc format of entries (path, mode, bytes) and
    the trailer, its length padded to a multiple of pad_to."""
    out = bytearray()
    for ino, (path, mode, data) in enumerate(list(entries) + [("TRAILER!!!", 0, b"")], 1):
        name = path.encode() + b"\0"
        fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0]
        out += b"070701" + b"".join(b"%08x" % f for f in fields) + name
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
    return bytes(out + b"\0" * (-len(out) % pad_to))


def build_module_dir(src, into):
    """Copy the module directory src to into and build it there as an
    external module; returns the paths of the .ko files it made."""
    shutil.copytree(src, into)
    status, out = make_tree("M=" + into, "modules")
    name = os.path.basename(src.rstrip("/"))
    if status or "warning:" in out:
        fail("make -C <tree> M=.../%s modules: expected status 0 and no warning, saw status "
             "%d:\n%s" % (name, status, out))
    kos = sorted(f for f in os.listdir(into) if f.endswith(".ko"))
    if not kos:
        fail("make -C <tree> M=.../%s modules: expected a .ko, saw none:\n%s" % (name, out))
    return [os.path.join(into, ko) for ko in kos]


def corpus_initrd(tag, dirs, guest_dir):
    """Build tests/linux-modules/DIR for each of dirs; an archive (its path)
    holding every .ko they make in guest_dir, built once per tag."""
    if tag in _built:
        return _built[tag]
    if not os.path.exists(os.path.join(ROOT, "build", "Module.symvers")):
        fail("build/Module.symvers is missing: run make first")
    tmp = tempfile.mkdtemp(prefix="modlab-%s-" % tag)
    atexit.register(shutil.rmtree, tmp, True)
    guest = guest_dir.strip("/")
    entries = []
    for i in range(1, guest.count("/") + 2):
        entries.append(("/".join(guest.split("/")[:i]), 0o040755, b""))
    for d in dirs:
        for ko in build_module_dir(os.path.join(CORPUS, d), os.path.join(tmp, d)):
            with open(ko, "rb") as f:
                entries.append(("%s/%s" % (guest, os.path.basename(ko)), 0o100644, f.read()))
    path = os.path.join(tmp, tag + ".cpio")
    with open(path, "wb") as f:
        f.write(newc(entries))
    _built[tag] = path
    return path
