"""The VFS under QEMU: the file commands, the initrd, /boot, /proc, mounts."""

import os
import re

from qemu import WITH_TESTS, Qemu, TestFailure, expect_eq, expect_in, expect_not_in, repo_path

INITRD = "build/initrd.cpio"


def boot(smp=1, extra_initrd=()):
    return Qemu(smp=smp, initrd=[INITRD, *extra_initrd])


def test_tree_operations_round_trip():
    with boot() as q:
        q.wait_prompt()
        expect_eq(q.run("mkdir /work"), "", "mkdir output")
        expect_eq(q.run("echo first line > /work/notes"), "", "echo > output")
        expect_eq(q.run("echo second line >> /work/notes"), "", "echo >> output")
        expect_eq(q.run("cat /work/notes"), "first line\nsecond line", "the file read back")
        q.run("mkdir /work/sub")
        expect_eq(q.run("mv /work/notes /work/sub"), "", "mv into a directory")
        expect_eq(q.run("ls /work/sub"), "notes", "ls after mv")
        expect_eq(q.run("mv /work/sub/notes /work/renamed"), "", "mv to a new name")
        expect_eq(q.run("ls /work"), "renamed\nsub/", "ls after rename")
        expect_in(q.run("stat /work/renamed"), "Size: 23", "stat of a 23-byte file")
        expect_eq(q.run("rm /work/renamed"), "", "rm output")
        expect_eq(q.run("rmdir /work/sub"), "", "rmdir output")
        expect_eq(q.run("rmdir /work"), "", "rmdir of the emptied directory")
        expect_in(q.run("ls /work"), "No such file or directory", "ls of the removed directory")


def test_errors_name_the_path_and_the_reason():
    with boot() as q:
        q.wait_prompt()
        cases = [
            ("ls /nope", "ls: cannot access '/nope': No such file or directory"),
            ("cat /nope", "cat: /nope: No such file or directory"),
            ("cat /etc", "cat: /etc: Is a directory"),
            ("cd /etc/motd", "cd: /etc/motd: Not a directory"),
            ("mkdir /etc", "mkdir: cannot create directory '/etc': File exists"),
            ("rmdir /etc", "rmdir: failed to remove '/etc': Directory not empty"),
            ("rm /etc", "rm: cannot remove '/etc': Is a directory"),
            ("rmdir /etc/motd", "rmdir: failed to remove '/etc/motd': Not a directory"),
            ("mv /etc /etc/sub", "Invalid argument"),
            ("mv /etc/motd /proc/motd", "Invalid cross-device link"),
            ("mount -t nosuchfs none /mnt", "mount: /mnt: unknown filesystem type 'nosuchfs'."),
            ("mount -t ramfs none /etc/motd", "mount: /etc/motd: Not a directory."),
            ("umount /etc", "umount: /etc: not mounted."),
            ("touch /nope/x", "touch: cannot touch '/nope/x': No such file or directory"),
        ]
        for cmd, message in cases:
            expect_in(q.run(cmd), message, "output of '%s'" % cmd)
        # Nothing was changed by the failures.
        expect_eq(q.run("ls /etc/sub"), "ls: cannot access '/etc/sub': No such file or directory",
                  "ls after the refused mv")
        expect_in(q.run("cat /etc/motd"), "Welcome to modlab", "motd after the refused commands")


def test_relative_paths_dot_dot_and_cd():
    with boot() as q:
        q.wait_prompt()
        expect_eq(q.run("pwd"), "/", "pwd at start")
        q.run("cd /usr/share")
        expect_eq(q.run("pwd"), "/usr/share", "pwd after cd")
        expect_in(q.run("cat modlab/../../../etc/./hello.txt"), "Hello from the initrd.",
                  "a relative path with . and ..")
        q.run("cd ../..")
        expect_eq(q.run("pwd"), "/", "pwd after cd ../..")
        q.run("cd ..")
        expect_eq(q.run("pwd"), "/", ".. of the root is the root")
        q.run("cd /proc")
        q.run("cd ..")
        expect_eq(q.run("pwd"), "/", ".. from the root of a mount goes to its parent")


def test_initrd_files_are_unpacked_into_root():
    with boot() as q:
        q.wait_prompt()
        expect_in(q.output, "initramfs: initrd.cpio:", "boot log line for the archive")
        with open(repo_path("initrd/etc/motd")) as f:
            motd = f.read().strip()
        expect_eq(q.run("cat /etc/motd"), motd, "/etc/motd from the initrd")
        expect_in(q.run("ls /usr/share/doc/modlab"), "README", "a nested directory from the initrd")
        expect_in(q.run("stat /etc/empty"), "Size: 0", "an empty file from the initrd")
        size = os.path.getsize(repo_path("initrd/usr/share/modlab/bytes.bin"))
        expect_in(q.run("stat /usr/share/modlab/bytes.bin"), "Size: %d " % size,
                  "size of a binary file from the initrd")


def makefile_list(name):
    """The module names the Makefile's NAME := a b c line lists."""
    with open(repo_path("Makefile")) as f:
        m = re.search(r"^%s\s*:=(.*)$" % name, f.read(), re.M)
    if not m:
        raise TestFailure("Makefile: no line %s := ..." % name)
    return m.group(1).split()


def ls_names(q, path):
    return set(q.run("ls " + path).split())


def test_default_initrd_holds_every_user_module_and_no_test_material():
    """build/initrd.cpio (what make run boots) has each module of modules/
    but those the Makefile gives to the test and bench archives; the
    damaged images are not in it. Given after it, build/tests.cpio adds the
    test material to the same /lib/modules/ and takes nothing away."""
    test_mods = makefile_list("TEST_MODULE_NAMES")
    bench_mods = makefile_list("BENCH_MODULE_NAMES")
    user_mods = sorted(d for d in os.listdir(repo_path("modules"))
                       if os.path.isfile(repo_path(os.path.join("modules", d, "Kbuild")))
                       and d not in test_mods + bench_mods)
    for must in ("hello", "memfs", "romfs", "ata"):
        if must not in user_mods:
            raise TestFailure("Makefile: %s.ko is kept out of the default initrd" % must)
    with boot() as q:
        q.wait_prompt()
        seen = ls_names(q, "/lib/modules")
        expect_eq(sorted(seen), sorted(m + ".ko" for m in user_mods),
                  "ls /lib/modules with the default initrd")
        expect_in(q.run("ls /lib/modules/bad"), "No such file or directory",
                  "the damaged module images in the default initrd")
    with Qemu(smp=1, initrd=WITH_TESTS) as q:
        q.wait_prompt()
        expect_in(q.output, "initramfs: tests.cpio:", "boot log line for the test archive")
        seen = ls_names(q, "/lib/modules")
        want = set(m + ".ko" for m in user_mods + test_mods) | {"bad/", "bugs/"}
        expect_eq(sorted(seen), sorted(want), "ls /lib/modules with tests.cpio added")
        images = sorted(n for n in os.listdir(repo_path("build/modimg")) if n.endswith(".ko"))
        expect_eq(sorted(ls_names(q, "/lib/modules/bad")), images,
                  "ls /lib/modules/bad against build/modimg/")


def test_extra_module_is_readable_in_boot():
    path = repo_path("build/test-extra-module.txt")
    text = "an extra multiboot module\nsecond line\n"
    with open(path, "w") as f:
        f.write(text)
    with boot(extra_initrd=[path]) as q:
        q.wait_prompt()
        expect_eq(q.run("cat /boot/test-extra-module.txt"), text.strip(), "the module's contents")
        expect_in(q.run("ls -l /boot"), "-r--r--r--", "the module's mode (read-only)")
        expect_in(q.run("echo x > /boot/test-extra-module.txt"), "Permission denied",
                  "writing to a boot module")


def test_proc_mounts_and_filesystems():
    with boot() as q:
        q.wait_prompt()
        mounts = q.run("cat /proc/mounts").splitlines()
        expect_in(mounts, "rootfs / ramfs rw 0 0", "/proc/mounts")
        expect_in(mounts, "proc /proc proc rw 0 0", "/proc/mounts")
        q.run("mount -t ramfs scratch /mnt")
        expect_in(q.run("cat /proc/mounts").splitlines(), "scratch /mnt ramfs rw 0 0",
                  "/proc/mounts after a mount")
        expect_in(q.run("cat /proc/filesystems").splitlines(), "nodev\tramfs", "/proc/filesystems")


def test_proc_cpuinfo_has_one_block_per_cpu():
    with boot(smp=4) as q:
        q.wait_prompt()
        info = q.run("cat /proc/cpuinfo")
        processors = re.findall(r"^processor\s*: (\d+)$", info, re.M)
        expect_eq(processors, ["0", "1", "2", "3"], "processor lines in /proc/cpuinfo")


def test_proc_meminfo_uptime_threads_cmdline():
    with Qemu(smp=2, initrd=[INITRD], extra=["-append", "quiet marker=42"]) as q:
        q.wait_prompt()
        expect_in(q.run("cat /proc/cmdline"), "marker=42", "/proc/cmdline")
        expect_in(q.run("cat /proc/meminfo"), "MemTotal:", "/proc/meminfo")
        up = q.run("cat /proc/uptime")
        if not re.fullmatch(r"\d+\.\d\d \d+\.\d\d", up):
            raise TestFailure("expected /proc/uptime as 'SECONDS IDLE', saw %r" % up)
        expect_in(q.run("cat /proc/threads"), " sh", "the shell in /proc/threads")


def test_second_ramfs_mount_and_busy_umount():
    with boot() as q:
        q.wait_prompt()
        expect_eq(q.run("mount -t ramfs scratch /mnt"), "", "mount output")
        q.run("echo on the mount > /mnt/file")
        expect_eq(q.run("cat /mnt/file"), "on the mount", "a file on the second ramfs")
        q.run("cd /mnt")
        expect_eq(q.run("umount /mnt"), "umount: /mnt: target is busy.",
                  "umount while the shell's cwd is inside")
        q.run("cd /")
        q.run("mkdir /mnt/inner")
        q.run("mount -t ramfs inner /mnt/inner")
        expect_eq(q.run("umount /mnt"), "umount: /mnt: target is busy.",
                  "umount with another mount below")
        expect_eq(q.run("umount /mnt/inner"), "", "umount of the inner mount")
        expect_eq(q.run("umount /mnt"), "", "umount once nothing uses it")
        expect_in(q.run("cat /mnt/file"), "No such file or directory",
                  "the file is gone with its filesystem")


def test_umount_refused_while_a_file_is_open():
    with boot() as q:
        q.wait_prompt()
        out = q.run("selftest umount-busy", timeout=30)
        expect_in(out, "selftest umount-busy: PASS", "selftest output")


def test_unregistering_a_mounted_filesystem_type_is_refused():
    with boot() as q:
        q.wait_prompt()
        out = q.run("selftest fs-unregister-mounted", timeout=30)
        expect_in(out, "unregister while mounted: -16", "the refused unregister")
        expect_in(out, "selftest fs-unregister-mounted: PASS", "selftest output")


def test_vfs_errors_from_kernel_calls():
    with boot() as q:
        q.wait_prompt()
        out = q.run("selftest vfs-errors", timeout=30)
        expect_in(out, "selftest vfs-errors: PASS", "selftest output")


def test_threads_on_four_cpus_create_and_remove_files_in_one_directory():
    with boot(smp=4) as q:
        q.wait_prompt()
        out = q.run("selftest vfs-concurrent", timeout=120)
        expect_in(out, "selftest vfs-concurrent: PASS", "selftest output")
        expect_not_in(q.run("ls /tmp"), "vfs-selftest", "the test's directory is removed")


def test_grub_iso_loads_the_initrd():
    with Qemu(iso="build/boot.iso") as q:
        q.wait_prompt()
        expect_in(q.run("cat /etc/motd"), "Welcome to modlab", "/etc/motd after a GRUB boot")
