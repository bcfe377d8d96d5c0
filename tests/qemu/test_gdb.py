"""gdb against QEMU's stub with the tree's commands (tools/gdb/modlab.py):
lx-symbols loads module symbols at the loader's addresses, breakpoints in
module code are hit, backtraces name module functions, and lx-lsmod,
lx-dmesg and lx-ps read the kernel's own lists."""

import os
import pty
import socket
import subprocess
import threading
import time

from qemu import ROOT, Qemu, expect_in, expect_match, fail, scaled

KERNEL = os.path.join(ROOT, "build", "kernel.elf")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Gdb:
    """gdb -batch running the given commands against the stub on port."""

    def __init__(self, port, commands):
        args = ["gdb", "-nx", "-batch",
                "-ex", "set architecture i386", "-ex", "set breakpoint pending on",
                "-ex", "file %s" % KERNEL,
                "-ex", "source %s" % os.path.join(ROOT, "tools", "gdb", "modlab.py"),
                "-ex", "target remote 127.0.0.1:%d" % port]
        for c in commands:
            args += ["-ex", c]
        self.args = args
        self.chunks = []
        # On a pipe gdb's output would sit in its buffer while it waits in
        # 'continue'; on a terminal it comes line by line.
        master, slave = pty.openpty()
        self.proc = subprocess.Popen(args, stdout=slave, stderr=slave,
                                     stdin=subprocess.DEVNULL, cwd=ROOT)
        os.close(slave)
        self.master = master
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            try:
                data = os.read(self.master, 4096)
            except OSError:         # EIO: gdb has gone and closed the terminal
                break
            if not data:
                break
            self.chunks.append(data.decode("utf-8", "replace").replace("\r\n", "\n"))
        os.close(self.master)

    def output(self):
        return "".join(self.chunks)

    def wait_for(self, text, timeout):
        deadline = time.monotonic() + scaled(timeout)
        while time.monotonic() < deadline:
            if text in self.output():
                return
            if self.proc.poll() is not None and text not in self.output():
                break
            time.sleep(0.05)
        fail("gdb: expected '%s' in its output, saw:\n%s" % (text, self.output()))

    def finish(self, timeout=60):
        try:
            self.proc.wait(scaled(timeout))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("gdb did not finish within %ds; its output:\n%s" % (timeout, self.output()))
        self.reader.join()
        return self.output()


def test_gdb_lx_symbols_breaks_in_module_code_and_names_it():
    port = free_port()
    with Qemu(smp=4, initrd=["build/initrd.cpio"],
              extra=["-gdb", "tcp:127.0.0.1:%d" % port]) as q:
        q.wait_prompt()
        q.run("insmod /lib/modules/hello.ko whom=gdb")
        g = Gdb(port, [
            "lx-symbols",
            "lx-lsmod",
            # ticker is not loaded yet: the breakpoint waits for its symbols,
            # which lx-symbols adds when the loader reaches the module.
            "set pagination off",
            "set width 0",
            "break ticker_init",
            "continue",
            "bt",
            # A kernel function called from module code: the backtrace must
            # go through the module's thread function.
            "delete",
            'break msleep if $_caller_is("ticker_thread")',
            "continue",
            "bt",
            "delete",
            "lx-ps",
            "lx-dmesg",
            "detach",
        ])
        # The breakpoint is set just before 'continue'; what the shell is
        # sent while the kernel is still halted waits in QEMU's serial line.
        g.wait_for("Breakpoint 1 (ticker_init) pending.", 60)
        q.send("insmod /lib/modules/ticker.ko\n")
        out = g.finish()
        expect_match(out, r"^loading @0x[0-9a-f]+: .*/hello\.ko$",
                     "lx-symbols loading hello.ko, which was loaded before gdb came")
        expect_match(out, r"^0x[0-9a-f]+\s+hello\s+\d+\s+0\s+live$", "hello in lx-lsmod")
        expect_match(out, r"^loading @0x[0-9a-f]+: .*/ticker\.ko$",
                     "ticker.ko's symbols loaded when the kernel loaded the module")
        expect_match(out, r"hit Breakpoint \d+, ticker_init \(\) at modules/ticker/ticker\.c:\d+",
                     "the breakpoint in the module's init, with its source line")
        expect_match(out, r"^#\d+\s+0x[0-9a-f]+ in load_module ", "the init's caller in bt")
        expect_match(out, r"hit Breakpoint \d+, msleep ", "the breakpoint on msleep")
        expect_match(out, r"^#1\s+0x[0-9a-f]+ in ticker_thread \(.*\) at modules/ticker/ticker\.c",
                     "the module function calling msleep, named in bt")
        expect_match(out, r"^0x[0-9a-f]+\s+\d+\s+\d+\s+[RSD]\s+ticker$", "ticker's thread in lx-ps")
        expect_in(out, "hello: hello, gdb", "the module's message in lx-dmesg")
        # Detached: the load finishes and the kernel goes on.
        q.wait_prompt()
        expect_match(q.run("lsmod"), r"^ticker\s+\d+\s+0\s+.*Live", "ticker live after detach")
        expect_in(q.run("rmmod ticker"), "", "rmmod ticker")
        expect_in(q.run("echo still here"), "still here", "the shell after gdb")
