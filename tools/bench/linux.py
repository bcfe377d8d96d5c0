#!/usr/bin/env python3
"""Debian's Linux beside modlab in the same QEMU: boot to a shell prompt,
and insmod+rmmod of a small module from that shell (make bench-linux).

What it gets, with apt-get download only (no other network):
  linux-image-686:i386   Debian's meta package, read for the name of the
                         kernel image package it depends on (e.g.
                         linux-image-6.1.0-57-686), which is downloaded too
  busybox-static:i386    one static binary: the shell, insmod, rmmod, mount
Both are unpacked with dpkg-deb -x under build/linux/. If i386 is not one of
dpkg's architectures, it is added (dpkg --add-architecture i386, apt-get
update) when running as root; otherwise the script says what to run.

The Linux guest: the kernel image's vmlinuz with -append "console=ttyS0
quiet" and its lockup and RCU stall reports off (LINUX_APPEND), and an initramfs made here (build/linux/initramfs.cpio): busybox,
links for the applets used, lib/ts_kmp.ko from the image package, and an
/init script that mounts proc, sys and devtmpfs, prints "linux: shell
ready" and starts busybox's sh on the console with the prompt "# ".
ts_kmp (lib/ts_kmp.ko: the Knuth-Morris-Pratt text search) is small (6 KB),
depends on no other module, and its init and exit only register and
unregister its algorithm with the built-in textsearch layer, as hello's
print a line. Debian signs its modules; the kernel checks the signature
at each insmod, as it does on any Debian machine.

The modlab guest: build/kernel.elf with build/initrd.cpio (hello.ko).

Measured the same way for both (boot.py's run_once and shellbench.py):
  boot      process start to the first prompt after the "shell ready" line,
            at -smp 1, 4, 16, --runs times each, interleaved
  pairs     insmod + rmmod typed at the shell, round trip minus one echo
            line, and QEMU's CPU time per pair, at -smp 1, 4, 8
and printed side by side with modlab / Linux, and for the pair how far
modlab is from a tenth of Linux's pair.

If the packages cannot be had, it prints one line saying why and exits 1.

Standard library only.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from boot import (KERNEL, QEMU_FLAGS, ROOT, Case, parse_smp, positive,  # noqa: E402
                  qemu_version, rel, run_once, shell_marker)
from modules import loadavg  # noqa: E402
from shellbench import (Pairs, Stat, against_goal, boot_guest, host_lines, measure_pairs, ms,  # noqa: E402
                        ratio, table)
from smp import BootError  # noqa: E402

WORK = ROOT / "build" / "linux"
INITRD = ROOT / "build" / "initrd.cpio"
META = "linux-image-686:i386"
BUSYBOX = "busybox-static:i386"
LINUX_MODULE = "kernel/lib/ts_kmp.ko"
APPLETS = ["sh", "mount", "insmod", "rmmod", "lsmod", "echo", "cat", "setsid", "cttyhack"]
# The lockup and RCU stall detectors only report; on a host with fewer cores
# than vCPUs (TCG) a vCPU can wait seconds for its turn, and their reports
# would be taken for a kernel failure (smp.FAILURE) and end the boot.
LINUX_APPEND = "console=ttyS0 quiet nowatchdog rcupdate.rcu_cpu_stall_suppress=1"

INIT = """#!/bin/sh
# The initramfs's first process: what a shell needs, then the shell.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "linux: shell ready"
export PS1='# '
exec setsid cttyhack sh
"""


class Unavailable(Exception):
    """The packages could not be had: the one line that says why."""


# ---------------------------------------------------------------- packages

def run(cmd, what, cwd=None):
    try:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise Unavailable("%s: %s" % (what, e))
    if r.returncode != 0:
        msg = [l for l in (r.stderr or r.stdout).strip().splitlines() if l.strip()]
        raise Unavailable("%s failed: %s" % (what, msg[-1] if msg else "status %d"
                                             % r.returncode))
    return r.stdout


def ensure_i386():
    archs = run(["dpkg", "--print-foreign-architectures"], "dpkg").split()
    if "i386" in archs or run(["dpkg", "--print-architecture"], "dpkg").strip() == "i386":
        return
    if os.geteuid() != 0:
        raise Unavailable("dpkg does not know i386 packages: run (as root) "
                          "dpkg --add-architecture i386 && apt-get update")
    print("bench-linux: adding the i386 architecture to dpkg and updating apt's lists")
    run(["dpkg", "--add-architecture", "i386"], "dpkg --add-architecture i386")
    run(["apt-get", "update"], "apt-get update")


def download(pkg, into):
    """apt-get download pkg into the directory into; the .deb's path."""
    before = set(into.glob("*.deb"))
    run(["apt-get", "download", pkg], "apt-get download %s" % pkg, cwd=into)
    new = sorted(set(into.glob("*.deb")) - before)
    if not new:
        # Already there from an earlier run: apt-get leaves it as it is.
        name = pkg.split(":")[0]
        new = sorted(into.glob(name + "_*.deb"))
    if not new:
        raise Unavailable("apt-get download %s left no .deb in %s" % (pkg, rel(into)))
    return new[-1]


def fetch(meta):
    """Download and unpack both packages (once for a given meta package);
    (vmlinuz, busybox, module, the image package's name and version)."""
    debs, root = WORK / "debs", WORK / "root"
    stamp = WORK / "unpacked"
    if not stamp.is_file() or stamp.read_text().split("\n")[0] != meta:
        ensure_i386()
        shutil.rmtree(debs, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)
        debs.mkdir(parents=True)
        root.mkdir(parents=True)
        meta_deb = download(meta, debs)
        depends = run(["dpkg-deb", "-f", str(meta_deb), "Depends"], "dpkg-deb -f").strip()
        m = re.match(r"(linux-image-[\w.+-]+)", depends)
        if not m:
            raise Unavailable("%s depends on no kernel image (Depends: %r)"
                              % (meta, depends))
        image = download(m.group(1) + ":i386", debs)
        bb = download(BUSYBOX, debs)
        for deb in (image, bb):
            run(["dpkg-deb", "-x", str(deb), str(root)], "dpkg-deb -x %s" % deb.name)
        desc = "%s %s" % (run(["dpkg-deb", "-f", str(image), "Package"], "dpkg-deb").strip(),
                          run(["dpkg-deb", "-f", str(image), "Version"], "dpkg-deb").strip())
        stamp.write_text(meta + "\n" + desc + "\n")
    desc = stamp.read_text().split("\n")[1]
    vmlinuz = sorted((root / "boot").glob("vmlinuz-*"))
    modules = sorted((root / "lib" / "modules").glob("*/" + LINUX_MODULE))
    busybox = root / "bin" / "busybox"
    if not vmlinuz or not modules or not busybox.is_file():
        stamp.unlink()
        raise Unavailable("the unpacked packages in %s lack vmlinuz, %s or busybox"
                          % (rel(root), LINUX_MODULE))
    return vmlinuz[-1], busybox, modules[-1], desc


def make_initramfs(busybox, module):
    """build/linux/initramfs.cpio: busybox, its links, the module, /init."""
    stage = WORK / "initramfs"
    shutil.rmtree(stage, ignore_errors=True)
    for d in ("bin", "proc", "sys", "dev", "lib"):
        (stage / d).mkdir(parents=True)
    shutil.copy(busybox, stage / "bin" / "busybox")
    for applet in APPLETS:
        os.symlink("busybox", stage / "bin" / applet)
    shutil.copy(module, stage / "lib" / module.name)
    (stage / "init").write_text(INIT)
    os.chmod(stage / "init", 0o755)
    out = WORK / "initramfs.cpio"
    names = sorted(str(p.relative_to(stage)) for p in stage.rglob("*"))
    with open(out, "wb") as f:
        r = subprocess.run(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet"],
                           cwd=stage, input="\n".join(names).encode(), stdout=f,
                           stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise Unavailable("cpio failed: %s" % r.stderr.decode(errors="replace").strip())
    return out


# ---------------------------------------------------------------- measuring

def guests(args, vmlinuz, initramfs, module):
    """name -> (boot arguments, insmod line, rmmod line)."""
    mod = module.name
    return {
        "modlab": (["-kernel", str(args.kernel), "-initrd", str(args.initrd)],
                   "insmod /lib/modules/hello.ko", "rmmod hello"),
        "Linux": (["-kernel", str(vmlinuz), "-initrd", str(initramfs),
                   "-append", LINUX_APPEND],
                  "insmod /lib/" + mod, "rmmod " + mod[:-3]),
    }


def measure_boot(args, extra, g, notes):
    cases = {}
    for smp in args.boot_smp:
        for name, (boot_args, _, _) in g.items():
            cases[name, smp] = Case(name, smp, boot_args, shell_marker)
    for rnd in range(args.warmup + args.runs):
        for case in cases.values():
            res = run_once(case.command(args.qemu, extra), case.marker, args.boot_timeout)
            if rnd >= args.warmup:
                case.record(res)
    for case in cases.values():
        for problem, n in case.problems.items():
            notes.append("boot %s smp %d: %d run(s): %s" % (case.name, case.smp, n, problem))
    return {k: Stat(c.times) for k, c in cases.items()}


def measure_shell(args, extra, g, notes):
    got = {}
    for smp in args.smp:
        for name, (boot_args, insmod, rmmod) in g.items():
            got[name, smp] = Pairs()
    for rnd in range(args.boots):
        for smp in args.smp:
            for name, (boot_args, insmod, rmmod) in g.items():
                cmd = [args.qemu] + QEMU_FLAGS + ["-smp", str(smp)] + extra + boot_args
                boot = None
                try:
                    boot, _ = boot_guest(cmd, args.boot_timeout)
                    got[name, smp].extend(measure_pairs(boot, insmod, rmmod, args.batches,
                                                        args.per_batch, args.warmup_pairs))
                except BootError as e:
                    notes.append("pairs %s smp %d: %s" % (name, smp, e.problem))
                    tail = e.tail.decode(errors="replace").replace("\r", "").splitlines()
                    tail = [l.strip() for l in tail if l.strip()][-3:]
                    if tail:
                        notes.append("pairs %s smp %d: last output: %s"
                                     % (name, smp, " | ".join(tail)))
                finally:
                    if boot is not None:
                        boot.close()
    return got


def tenth(m, lx):
    """modlab / Linux against the goal of a tenth, and how far from it."""
    return against_goal(ratio(m, lx), 0.1)


def main():
    ap = argparse.ArgumentParser(
        description="Boot Debian's Linux (i386) and modlab in the same QEMU and "
                    "compare boot to a prompt and insmod+rmmod at the shell.")
    ap.add_argument("--kernel", type=Path, default=KERNEL)
    ap.add_argument("--initrd", type=Path, default=INITRD)
    ap.add_argument("--image-meta", default=META,
                    help="the package that names the kernel image package (default %s)"
                         % META)
    ap.add_argument("--boot-smp", type=parse_smp, default=[1, 4, 16],
                    help="CPU counts for the boot table (default 1,4,16)")
    ap.add_argument("--smp", type=parse_smp, default=[1, 4, 8],
                    help="CPU counts for the insmod+rmmod table (default 1,4,8)")
    ap.add_argument("--runs", type=positive, default=3,
                    help="timed boots per system and CPU count (default 3)")
    ap.add_argument("--warmup", type=int, default=1,
                    help="untimed boot rounds (default 1)")
    ap.add_argument("--boots", type=positive, default=1,
                    help="boots per system and CPU count for the pairs (default 1)")
    ap.add_argument("--batches", type=positive, default=5)
    ap.add_argument("--per-batch", type=positive, default=20)
    ap.add_argument("--warmup-pairs", type=int, default=3)
    ap.add_argument("--boot-timeout", type=float, default=300.0)
    ap.add_argument("--qemu", default="qemu-system-i386")
    ap.add_argument("--accel", help="pass -accel ACCEL (default: QEMU's own, i.e. tcg)")
    args = ap.parse_args()

    qver = qemu_version(args.qemu)
    if qver is None:
        print("bench-linux: cannot run %s (try tools/setup)" % args.qemu)
        return 1
    for path in (args.kernel, args.initrd):
        if not path.is_file():
            print("bench-linux: %s not found (run make first)" % rel(path))
            return 1
    try:
        vmlinuz, busybox, module, desc = fetch(args.image_meta)
        initramfs = make_initramfs(busybox, module)
    except Unavailable as e:
        print("bench-linux: cannot get Debian's i386 Linux and busybox: %s" % e)
        return 1
    extra = ["-accel", args.accel] if args.accel else []
    g = guests(args, vmlinuz, initramfs, module)

    out = sys.stdout
    print("Linux and modlab in the same QEMU (%s)" % " ".join(QEMU_FLAGS + extra), file=out)
    host_lines(out, qver, extra,
               "boot: %d per system and CPU count after %d warm-up round(s); pairs: %d "
               "boot(s), %d batches of %d echo lines and %d pairs each"
               % (args.runs, args.warmup, args.boots, args.batches, args.per_batch,
                  args.per_batch))
    print("Linux   : %s: %s -append \"%s\", initramfs %s (busybox-static, /init)"
          % (desc, rel(vmlinuz), LINUX_APPEND, rel(initramfs)), file=out)
    print("          module %s (%d bytes, no dependencies)"
          % (LINUX_MODULE, module.stat().st_size), file=out)
    print("modlab  : %s, initrd %s; module hello.ko (%d bytes)"
          % (rel(args.kernel), rel(args.initrd),
             (ROOT / "build" / "modules" / "hello.ko").stat().st_size), file=out)
    print("figures : median (min-max), ms", file=out)
    out.flush()

    notes = []
    boots = measure_boot(args, extra, g, notes)
    rows = []
    for smp in args.boot_smp:
        m, lx = boots["modlab", smp], boots["Linux", smp]
        r = ratio(m, lx)
        rows.append(("smp %d" % smp, [ms(lx), ms(m), "%.3fx" % r if r else "-"]))
    table(out, "boot to the shell prompt", ["Linux", "modlab", "modlab / Linux"], rows)
    out.flush()

    pairs = measure_shell(args, extra, g, notes)
    rows = []
    for smp in args.smp:
        lx, m = pairs["Linux", smp], pairs["modlab", smp]
        lw, mw = Stat(lx.wall), Stat(m.wall)
        lc, mc = Stat(lx.cpu), Stat(m.cpu)
        rows.append(("smp %d round trip" % smp, [ms(lw), ms(mw), tenth(mw, lw)]))
        rows.append(("smp %d QEMU CPU" % smp, [ms(lc), ms(mc), tenth(mc, lc)]))
        rows.append(("smp %d echo line" % smp, [ms(Stat(lx.echo), 2), ms(Stat(m.echo), 2), ""]))
    table(out, "insmod + rmmod at the shell, minus one echo line",
          ["Linux (ts_kmp)", "modlab (hello)", "modlab / Linux"], rows)

    notes.append("host load average at the end: %s" % loadavg())
    print(file=out)
    print("notes:", file=out)
    for n in notes:
        print("  - " + n, file=out)
    return 1 if any(n.startswith(("boot ", "pairs ")) for n in notes) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
