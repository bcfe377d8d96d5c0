"""Drive modlab under QEMU for integration tests.

A test boots the kernel, talks to its shell over the serial port and
checks what comes back:

    from qemu import Qemu, expect_in

    def test_echo_prints_its_arguments():
        with Qemu(smp=1) as q:
            q.wait_prompt()
            expect_in(q.run("echo hello world"), "hello world", "echo output")

Everything that waits has a timeout, so a test never hangs; the
environment variable MODLAB_TIMEOUT_SCALE (a float, default 1) multiplies
every timeout for slow machines. MODLAB_QEMU names the QEMU binary
(default qemu-system-i386).

A failure raises TestFailure, whose message says what was sent, what was
expected, and the end of what QEMU printed (with QEMU's own stderr and
exit status if it has exited, and a note when the kernel panicked).

Serial output is decoded as UTF-8 (bad bytes become U+FFFD) and "\\r\\n"
becomes "\\n"; a lone "\\r" (as line editing may send) is kept.

The prompt is "# " at the start of a line, so a command whose output has a
line starting with "# " ends run() early: check such output with send()
and wait_for() instead.

With monitor=True, QEMU's human monitor listens on a Unix socket in a
temporary directory, and the test can press keys on the PS/2 keyboard and
read the VGA text screen:

    with Qemu(monitor=True) as q:
        q.wait_prompt()
        q.type_keys("echo hi\n")          # as if typed on the keyboard
        q.sendkey("up")                   # QEMU sendkey names
        screen = q.vga_text()             # 25 strings of 80 characters

Keys are queued by QEMU and reach the guest some time after sendkey()
returns: wait for their effect on the serial output before reading the
screen.
"""

import atexit
import codecs
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import weakref

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DEFAULT_TIMEOUT = 10.0      # seconds for one wait (scaled)
BOOT_TIMEOUT = 30.0         # seconds from start to the first prompt (scaled)
EXIT_TIMEOUT = 10.0         # seconds for QEMU to exit (scaled)
TAIL_LINES = 40             # lines of output shown in a failure

PROMPT = re.compile(r"^# ", re.M)
SHELL_READY = "shell ready"
PANIC = "Kernel panic"
PANIC_EXIT_STATUS = 3       # isa-debug-exit: (1 << 1) | 1

HMP_PROMPT = "(qemu) "
VGA_TEXT_ADDR = 0xb8000
VGA_COLS = 80
VGA_ROWS = 25

# Plain ASCII -> QEMU sendkey names, for a US keyboard layout.
_UNSHIFTED_KEYS = {
    " ": "spc", "\n": "ret", "\t": "tab",
    "-": "minus", "=": "equal", "[": "bracket_left", "]": "bracket_right",
    ";": "semicolon", "'": "apostrophe", "`": "grave_accent", "\\": "backslash",
    ",": "comma", ".": "dot", "/": "slash",
}
_SHIFTED_KEYS = {
    "!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7",
    "*": "8", "(": "9", ")": "0", "_": "minus", "+": "equal",
    "{": "bracket_left", "}": "bracket_right", ":": "semicolon",
    '"': "apostrophe", "~": "grave_accent", "|": "backslash",
    "<": "comma", ">": "dot", "?": "slash",
}


def key_names(text):
    """The QEMU sendkey names that type text (plain ASCII) on a US keyboard:
    key_names('Hi!\n') == ['shift-h', 'i', 'shift-1', 'ret']."""
    names = []
    for ch in text:
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            names.append(ch)
        elif "A" <= ch <= "Z":
            names.append("shift-" + ch.lower())
        elif ch in _UNSHIFTED_KEYS:
            names.append(_UNSHIFTED_KEYS[ch])
        elif ch in _SHIFTED_KEYS:
            names.append("shift-" + _SHIFTED_KEYS[ch])
        else:
            raise ValueError("no key types %r (plain ASCII only; use sendkey() "
                             "for other keys)" % ch)
    return names


class TestFailure(Exception):
    """A test's expectation was not met. str() gives the full report."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
        self.context = ""

    def add_context(self, text):
        if not self.context and text:
            self.context = text

    def __str__(self):
        if self.context:
            return self.message.rstrip("\n") + "\n" + self.context
        return self.message


# What a user boots with (make run); tests that need test material (test
# modules, damaged module images) add build/tests.cpio: initrd=WITH_TESTS.
DEFAULT_INITRD = "build/initrd.cpio"
TESTS_INITRD = "build/tests.cpio"
WITH_TESTS = (DEFAULT_INITRD, TESTS_INITRD)


def timeout_scale():
    raw = os.environ.get("MODLAB_TIMEOUT_SCALE", "").strip()
    if not raw:
        return 1.0
    try:
        scale = float(raw)
    except ValueError:
        raise ValueError("MODLAB_TIMEOUT_SCALE must be a number, not %r" % raw)
    if scale <= 0:
        raise ValueError("MODLAB_TIMEOUT_SCALE must be positive, not %r" % raw)
    return scale


def scaled(seconds):
    return seconds * timeout_scale()


def make_tree(*args):
    """Run make in this tree with the caller's make settings cleared (as a
    user would type it, e.g. make M=DIR modules); (exit status, output)."""
    env = dict(os.environ)
    for var in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "W"):
        env.pop(var, None)
    p = subprocess.run(["make", "--no-print-directory", "-C", ROOT] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                       timeout=300, text=True)
    return p.returncode, p.stdout


def repo_path(path):
    """A path relative to the repository root made absolute."""
    return path if os.path.isabs(path) else os.path.join(ROOT, path)


def _indent(text, prefix="    | "):
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return "\n".join(prefix + _visible(line) for line in lines) if lines else prefix + "(nothing)"


def _visible(line):
    """A line with control characters shown, so escapes don't act on the terminal."""
    out = []
    for ch in line:
        if ch == "\t" or " " <= ch < "\x7f" or ch > "\x9f":
            out.append(ch)
        else:
            out.append("\\x%02x" % ord(ch) if ord(ch) < 0x100 else repr(ch)[1:-1])
    return "".join(out)


EXCERPT_LINES = 15          # lines of a checked text shown by expect_*


def _tail(text, n=TAIL_LINES):
    lines = text.split("\n")
    if len(lines) > n:
        return "[... %d earlier lines]\n" % (len(lines) - n) + "\n".join(lines[-n:])
    return text


# ---- assertions ----------------------------------------------------------

def fail(message):
    raise TestFailure(message)


def expect_eq(seen, expected, what):
    if seen != expected:
        raise TestFailure("%s: expected %r, saw %r" % (what, expected, seen))


def expect_in(text, needle, what):
    if needle not in text:
        raise TestFailure("%s: expected to contain %r, saw:\n%s"
                          % (what, needle, _indent(_tail(text, EXCERPT_LINES))))


def expect_not_in(text, needle, what):
    if needle in text:
        raise TestFailure("%s: expected not to contain %r, saw:\n%s"
                          % (what, needle, _indent(_tail(text, EXCERPT_LINES))))


def expect_match(text, pattern, what, flags=re.M):
    """text must contain a match of the regex pattern; returns the match."""
    rx = pattern if hasattr(pattern, "search") else re.compile(pattern, flags)
    m = rx.search(text)
    if not m:
        raise TestFailure("%s: expected a match of /%s/, saw:\n%s"
                          % (what, rx.pattern, _indent(_tail(text, EXCERPT_LINES))))
    return m


def expect_line(text, line, what):
    """One line of text (without surrounding spaces) must equal line exactly."""
    if line not in [l.strip() for l in text.split("\n")]:
        raise TestFailure("%s: expected a line %r, saw:\n%s"
                          % (what, line, _indent(_tail(text, EXCERPT_LINES))))


# ---- per-test context set by the runner -------------------------------------

# tools/check sets log_dir and, in the thread running a test, current.name;
# each Qemu then saves its full transcript to log_dir/<name>[.N].log.
log_dir = None
current = threading.local()

_live = weakref.WeakSet()
_live_lock = threading.RLock()    # reentrant: close_all() may run in a signal handler


def close_all():
    """Kill every QEMU still running (used at exit and on interrupt)."""
    with _live_lock:
        instances = list(_live)
    for q in instances:
        try:
            q.close()
        except Exception:
            pass


atexit.register(close_all)


# ---- the driver ----------------------------------------------------------

# A kernel message that another CPU or a background job prints while a
# command line is being echoed lands between two of its characters, as on
# any terminal: whole log lines ("[  12.345678] ...") may come anywhere in
# the echo.
_LOG_LINES = r"(?:\[ *\d+\.\d+\] [^\n]*\n)*"


def _echo_pattern(cmd):
    """The echo of the command line cmd, log lines allowed inside it."""
    return re.compile(_LOG_LINES.join(re.escape(ch) for ch in cmd) + _LOG_LINES + r"\r?\n")


class Qemu:
    """One QEMU running the kernel, with its serial port on a pipe and,
    with monitor=True, its human monitor on a Unix socket (see hmp())."""

    def __init__(self, smp=1, mem=256, kernel="build/kernel.elf", iso=None,
                 initrd=None, extra=(), timeout=DEFAULT_TIMEOUT, boot_timeout=BOOT_TIMEOUT,
                 monitor=False):
        self.timeout = timeout
        self.boot_timeout = boot_timeout
        self._out = ""              # normalised serial output so far
        self._err = b""
        self._cursor = 0            # waits search from here
        self._booted = False
        self._last_sent = None
        self._closed = False
        self._cond = threading.Condition()
        self._eof = False
        self._killed = False        # close() stopped a QEMU still running
        self.status = None
        self._mon_dir = None        # temporary directory holding the monitor socket
        self._mon_path = None
        self._mon = None            # connected monitor socket, or None
        self._mon_lock = threading.Lock()
        self._last_hmp = None

        image = repo_path(iso) if iso else repo_path(kernel)
        if not os.path.exists(image):
            raise TestFailure("%s is missing: build it first (make%s)"
                              % (os.path.relpath(image, ROOT), " iso" if iso else ""))
        qemu_bin = os.environ.get("MODLAB_QEMU", "qemu-system-i386")
        if not shutil.which(qemu_bin):
            raise TestFailure("cannot find %s: install it (tools/setup)" % qemu_bin)
        args = [qemu_bin]
        if iso:
            args += ["-cdrom", image, "-boot", "d"]
        else:
            args += ["-kernel", image]
        if monitor:
            self._mon_dir = _socket_dir()
            self._mon_path = os.path.join(self._mon_dir, "mon.sock")
            monitor_arg = "unix:%s,server=on,wait=off" % self._mon_path
        else:
            monitor_arg = "none"
        args += ["-smp", str(smp), "-m", str(mem),
                 "-display", "none", "-serial", "stdio", "-monitor", monitor_arg,
                 "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
        # The initrd the build makes, unless the test names its own (or ()).
        if initrd is None:
            initrd = [] if iso else [DEFAULT_INITRD]
        if isinstance(initrd, str):
            initrd = [initrd]
        for path in initrd:
            if not os.path.exists(repo_path(path)):
                raise TestFailure("%s is missing: build it first (make)" % path)
        if initrd:
            args += ["-initrd", ",".join(repo_path(p) for p in initrd)]
        args += list(extra)
        self.args = args

        # If the test process dies, even by SIGKILL, take QEMU with it:
        # setpriv asks the kernel to kill QEMU when the thread that started
        # it ends (close() has normally stopped QEMU long before).
        launch = list(args)
        if _have_setpriv():
            launch = ["setpriv", "--pdeathsig", "KILL", "--"] + launch
        try:
            self.proc = subprocess.Popen(launch, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, cwd=ROOT, bufsize=0)
        except OSError as e:
            self._remove_socket_dir()
            raise TestFailure("cannot start %s: %s" % (qemu_bin, e))
        with _live_lock:
            _live.add(self)
        self._name = getattr(current, "name", None)
        self._start = time.monotonic()
        self._t_out = threading.Thread(target=self._read_stdout, daemon=True)
        self._t_err = threading.Thread(target=self._read_stderr, daemon=True)
        self._t_out.start()
        self._t_err.start()

    # ---- context manager ----

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()
        if isinstance(exc, TestFailure):
            exc.add_context(self.report())
        elif isinstance(exc, Exception) and hasattr(exc, "add_note"):
            exc.add_note(self.report())
        return False

    # ---- readers ----

    def _read_stdout(self):
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        held_cr = False
        fd = self.proc.stdout.fileno()
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            final = not chunk
            text = decoder.decode(chunk, final=final)
            if held_cr:
                text = "\r" + text
                held_cr = False
            if text.endswith("\r") and not final:
                text = text[:-1]
                held_cr = True
            text = text.replace("\r\n", "\n")
            with self._cond:
                self._out += text
                if final:
                    self._eof = True
                self._cond.notify_all()
            if final:
                return

    def _read_stderr(self):
        fd = self.proc.stderr.fileno()
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                return
            with self._cond:
                self._err += chunk
                self._cond.notify_all()

    # ---- state ----

    @property
    def output(self):
        """All serial output so far (normalised)."""
        with self._cond:
            return self._out

    @property
    def stderr(self):
        with self._cond:
            return self._err.decode("utf-8", "replace")

    def mark(self):
        """A position in the output, for output_since()."""
        with self._cond:
            return len(self._out)

    def output_since(self, mark):
        with self._cond:
            return self._out[mark:]

    def _exited(self):
        if self.status is None:
            rc = self.proc.poll()
            if rc is not None:
                self.status = rc
        return self.status is not None

    def panicked(self):
        return PANIC in self.output

    def _describe_exit(self):
        if self._killed:
            how = "QEMU was still running when the test ended"
            return how + (" (the kernel had panicked)" if PANIC in self._out else "")
        if not self._exited():
            return "QEMU is still running"
        st = self.status
        if st < 0:
            how = "QEMU was killed by signal %d" % -st
        else:
            how = "QEMU exited with status %d" % st
        if PANIC in self._out:
            how += " after a kernel panic"
        elif st == PANIC_EXIT_STATUS:
            how += " (the kernel wrote 1 to the debug-exit port)"
        return how

    def report(self):
        """The end of what was seen, QEMU's exit and stderr: failure context."""
        with self._cond:
            out = self._out
        lines = out.split("\n")
        start = max(0, len(lines) - TAIL_LINES)
        if PANIC in out:
            # Show the whole oops: from the line that starts it, if not too long.
            for i in range(len(lines) - 1, -1, -1):
                if "Oops" in lines[i] or PANIC in lines[i]:
                    first = i
                    while first > 0 and i - first < 20 and not lines[first].strip().startswith("["):
                        first -= 1
                    if len(lines) - first <= 3 * TAIL_LINES:
                        start = min(start, first)
                    if "Oops" in lines[i]:
                        break
        shown = "\n".join(lines[start:])
        head = "[... %d earlier lines]\n" % start if start else ""
        parts = []
        if self._last_sent is not None:
            parts.append("  last sent: %r" % self._last_sent)
        if self._last_hmp is not None:
            parts.append("  last monitor command: %r" % self._last_hmp)
        parts.append("  serial output (%s):\n%s" % (
            "last %d lines" % (len(lines) - start) if start else "all",
            _indent(head + shown) if out else "    | (nothing)"))
        parts.append("  " + self._describe_exit())
        err = self.stderr.strip()
        if err and self._exited():
            parts.append("  QEMU stderr:\n" + _indent(_tail(err, 20)))
        if self._logfile:
            parts.append("  full log: %s" % os.path.relpath(self._logfile, os.getcwd()))
        return "\n".join(parts)

    _logfile = None

    # ---- waiting ----

    def wait_for(self, pattern, timeout=None, what=None, allow_panic=False, since=None):
        """Wait until pattern (a str, or a compiled regex) appears after the
        cursor (or after since, a mark(): for text another thread prints
        while a command runs, which may come before the prompt run() waited
        for); move the cursor past it and return the match object.

        Fails at once if QEMU exits, or if the kernel panics (unless
        allow_panic), rather than waiting for the timeout."""
        if hasattr(pattern, "search"):
            rx = pattern
            desc = "the prompt '# '" if rx is PROMPT else "/%s/" % rx.pattern
        else:
            rx = re.compile(re.escape(pattern))
            desc = repr(pattern)
        what = what or "waiting for %s" % desc
        limit = scaled(self.timeout if timeout is None else timeout)
        deadline = time.monotonic() + limit
        panic_seen_at = None
        with self._cond:
            while True:
                m = rx.search(self._out, self._cursor if since is None else since)
                if m:
                    self._cursor = max(self._cursor, m.end())
                    return m
                now = time.monotonic()
                if self._eof:
                    # Reader has seen EOF: QEMU is gone or going.
                    self._cond.release()
                    try:
                        self._wait_proc(2.0)
                    finally:
                        self._cond.acquire()
                    raise TestFailure("%s: not seen; %s" % (what, self._describe_exit()))
                if not allow_panic and PANIC in self._out:
                    # Give the oops a moment to finish and QEMU to exit.
                    if panic_seen_at is None:
                        panic_seen_at = now
                    elif now - panic_seen_at > 1.0:
                        raise TestFailure("%s: the kernel panicked" % what)
                if now >= deadline:
                    raise TestFailure("%s: not seen within %.1fs" % (what, limit))
                self._cond.wait(min(0.1, deadline - now) if panic_seen_at else
                                min(0.5, deadline - now))

    def _wait_proc(self, seconds):
        try:
            self.status = self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            pass

    def wait_prompt(self, timeout=None):
        """Wait for the shell prompt; the first call also waits for the boot
        to reach "shell ready"."""
        if not self._booted:
            limit = self.boot_timeout if timeout is None else timeout
            start = time.monotonic()
            self.wait_for(SHELL_READY, timeout=limit,
                          what="booting to %r" % SHELL_READY)
            self._booted = True
            used = (time.monotonic() - start) / timeout_scale()
            self.wait_for(PROMPT, timeout=max(limit - used, self.timeout),
                          what="waiting for the first prompt '# '")
        else:
            self.wait_for(PROMPT, timeout=timeout, what="waiting for the prompt '# '")

    # ---- talking ----

    def send(self, text):
        """Write text (str or bytes) to the serial port as it is."""
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        self._last_sent = text
        if self._exited():
            raise TestFailure("sending %r: QEMU has already exited" % (text,))
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as e:
            raise TestFailure("sending %r: QEMU is not reading input (%s)" % (text, e))

    def run(self, cmd, timeout=None):
        """Type cmd and Enter at the prompt; wait for its echo and the next
        prompt. Returns the command's output, without the echoed command
        line, the prompt, and the newline before the prompt."""
        if "\n" in cmd or "\r" in cmd:
            raise ValueError("run() takes one command line; use send() for raw input")
        if not self._booted:
            self.wait_prompt()
        self.send(cmd + "\n")
        echo = self.wait_for(_echo_pattern(cmd), timeout=timeout, what="echo of %r" % cmd)
        prompt = self.wait_for(PROMPT, timeout=timeout,
                               what="the prompt after %r" % cmd)
        out = self.output[echo.end():prompt.start()]
        return out[:-1] if out.endswith("\n") else out

    def type_line(self, keys, timeout=None, raw=False):
        """Send keys (which may hold editing keys such as "\\x7f" or
        "\\x1b[D") and Enter, then wait for the next prompt.

        Returns what the command printed: the text after the first newline
        that follows the keys (the end of the echoed line), up to the
        prompt, less its final newline. With raw=True, returns everything
        from the keys to the prompt, echo included."""
        if not self._booted:
            self.wait_prompt()
        with self._cond:
            start = self._cursor
        self.send(keys + "\n")
        prompt = self.wait_for(PROMPT, timeout=timeout,
                               what="the prompt after typing %r" % keys)
        text = self.output[start:prompt.start()]
        if raw:
            return text
        nl = text.find("\n")
        out = text[nl + 1:] if nl >= 0 else ""
        return out[:-1] if out.endswith("\n") else out

    # ---- the monitor, keyboard and screen ----

    def hmp(self, command, timeout=None):
        """Run one human-monitor command; return what it printed (without
        the echoed command and the prompt; lines end in "\n")."""
        if self._mon_path is None:
            raise TestFailure("hmp(%r): QEMU was started without monitor=True" % command)
        if any(ord(ch) < 0x20 or ord(ch) == 0x7f for ch in command):
            raise ValueError("a monitor command is one line of printable text: %r" % command)
        limit = scaled(self.timeout if timeout is None else timeout)
        deadline = time.monotonic() + limit
        with self._mon_lock:
            self._last_hmp = command
            if self._closed:
                raise TestFailure("monitor command %r: QEMU has been closed" % command)
            try:
                if self._mon is None:
                    self._connect_monitor(deadline)
                    self._read_until_prompt(b"", deadline, "the first prompt")
                self._mon.settimeout(max(0.1, deadline - time.monotonic()))
                self._mon.sendall(command.encode("utf-8") + b"\n")
                data = self._read_until_prompt(b"", deadline, "the output of %r" % command)
            except TestFailure:
                # Whatever arrives late must not be taken for the next reply.
                self._disconnect_monitor()
                raise
            except OSError as e:
                self._disconnect_monitor()
                raise TestFailure("monitor command %r: %s; %s"
                                  % (command, e, self._describe_exit()))
        # The monitor echoes the line as it is typed (with terminal escapes)
        # and ends the echo with "\r\n"; the prompt follows the output.
        text = data.decode("utf-8", "replace")
        end_of_echo = text.find("\n")
        text = text[end_of_echo + 1:] if end_of_echo >= 0 else ""
        text = text[:-len(HMP_PROMPT)] if text.endswith(HMP_PROMPT) else text
        return text.replace("\r\n", "\n")

    def _connect_monitor(self, deadline):
        """Connect to the monitor socket; QEMU may not have made it yet."""
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                sock.connect(self._mon_path)
                self._mon = sock
                return
            except (FileNotFoundError, ConnectionRefusedError) as e:
                sock.close()
                if self._exited():
                    raise TestFailure("connecting to the monitor: %s" % self._describe_exit())
                if time.monotonic() >= deadline:
                    raise TestFailure("connecting to the monitor at %s: %s"
                                      % (self._mon_path, e))
                time.sleep(0.05)
            except OSError:
                sock.close()
                raise

    def _read_until_prompt(self, data, deadline, what):
        """Read from the monitor until what has arrived ends in its prompt."""
        while not data.endswith(HMP_PROMPT.encode()):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TestFailure("waiting for %s from the monitor: no prompt within "
                                  "the time allowed; the last bytes received: %r"
                                  % (what, data[-200:]))
            self._mon.settimeout(min(left, 0.5))
            try:
                chunk = self._mon.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                raise TestFailure("waiting for %s: the monitor closed the connection; %s"
                                  % (what, self._describe_exit()))
            data += chunk
        return data

    def _disconnect_monitor(self):
        if self._mon is not None:
            try:
                self._mon.close()
            except OSError:
                pass
            self._mon = None

    def _remove_socket_dir(self):
        if self._mon_dir is not None:
            shutil.rmtree(self._mon_dir, ignore_errors=True)
            self._mon_dir = None

    def sendkey(self, keys, hold_ms=None):
        """Press keys on the PS/2 keyboard: one QEMU sendkey name ('e',
        'shift-a', 'ret', 'backspace', 'up', 'ctrl-u') or a list of them,
        pressed one after another. Each is held hold_ms (QEMU's default:
        100 ms). Returns at once: QEMU delivers the keys in order later."""
        if isinstance(keys, str):
            keys = [keys]
        for key in keys:
            if not key or not re.match(r"^[A-Za-z0-9_-]+$", key):
                raise ValueError("not a sendkey name: %r" % key)
            command = "sendkey " + key
            if hold_ms is not None:
                command += " %d" % hold_ms
            out = self.hmp(command).strip()
            if out:
                raise TestFailure("sendkey %s: the monitor said %r" % (key, out))

    def type_keys(self, text, hold_ms=None):
        """Type plain ASCII text on the PS/2 keyboard ("\n" is Enter)."""
        self.sendkey(key_names(text), hold_ms)

    def vga_crtc(self, index):
        """One register of the VGA's CRT controller, read through its ports."""
        self.hmp("o /b 0x3d4 0x%02x" % index)
        out = self.hmp("i /b 0x3d5")
        m = re.search(r"=\s*0x([0-9a-fA-F]+)", out)
        if not m:
            raise TestFailure("reading a VGA register: unexpected monitor output %r" % out)
        return int(m.group(1), 16)

    def vga_start(self):
        """The cell of the text window the screen starts at (the CRT
        controller's start address: the console scrolls by moving it)."""
        return self.vga_crtc(0x0c) << 8 | self.vga_crtc(0x0d)

    def vga_cells(self):
        """The 80x25 VGA text cells the screen shows (character | attribute
        << 8), read from guest physical memory in the window at 0xb8000 from
        the CRT controller's start address on."""
        count = VGA_COLS * VGA_ROWS
        out = self.hmp("xp /%dhx 0x%x" % (count, VGA_TEXT_ADDR + 2 * self.vga_start()))
        cells = []
        for line in out.split("\n"):
            if not line.strip():
                continue
            addr, colon, values = line.partition(":")
            if not colon or not re.match(r"^\s*[0-9a-fA-F]+$", addr):
                raise TestFailure("reading the VGA screen: unexpected monitor output %r" % line)
            cells += [int(v, 16) for v in values.split()]
        if len(cells) != count:
            raise TestFailure("reading the VGA screen: expected %d cells, got %d; output:\n%s"
                              % (count, len(cells), _indent(_tail(out, 5))))
        return cells

    def vga_text(self):
        """The VGA text screen: 25 strings of 80 characters (the low byte of
        each cell, as code page 437; NUL shown as a space)."""
        chars = bytes(cell & 0xff for cell in self.vga_cells())
        text = chars.replace(b"\0", b" ").decode("cp437")
        return [text[r * VGA_COLS:(r + 1) * VGA_COLS] for r in range(VGA_ROWS)]

    # ---- ending ----

    def wait_exit(self, timeout=None):
        """Wait for QEMU to exit; return its exit status (0 after poweroff,
        3 after a kernel panic)."""
        limit = scaled(EXIT_TIMEOUT if timeout is None else timeout)
        try:
            self.status = self.proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            raise TestFailure("waiting for QEMU to exit: still running after %.1fs" % limit)
        # Collect the last output before anyone looks at it.
        self._t_out.join(timeout=5)
        self._t_err.join(timeout=5)
        return self.status

    def expect_exit(self, status, timeout=None, what=None):
        """Wait for QEMU to exit and fail unless it exits with status."""
        seen = self.wait_exit(timeout)
        if seen != status:
            raise TestFailure("%s: expected %d, saw %d%s" % (
                what or "QEMU exit status", status, seen,
                " (the kernel panicked)" if self.panicked() else ""))
        return seen

    def close(self):
        """Kill QEMU if it still runs; save the transcript if logging."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.proc.poll() is None:
                self._killed = True
                self.proc.kill()
            try:
                self.status = self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            self._t_out.join(timeout=5)
            self._t_err.join(timeout=5)
            for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                try:
                    f.close()
                except OSError:
                    pass
            self._save_log()
        finally:
            self._disconnect_monitor()
            self._remove_socket_dir()
            with _live_lock:
                _live.discard(self)

    def _save_log(self):
        if not log_dir or not self._name:
            return
        os.makedirs(log_dir, exist_ok=True)
        base = os.path.join(log_dir, re.sub(r"[^A-Za-z0-9_.-]+", "_", self._name))
        path, n = base + ".log", 1
        with _log_lock:
            while path in _logs_taken:
                n += 1
                path = "%s.%d.log" % (base, n)
            _logs_taken.add(path)
        with open(path, "w", encoding="utf-8", errors="replace") as f:
            f.write("$ %s\n" % " ".join(self.args))
            f.write(self.output)
            if not self.output.endswith("\n"):
                f.write("\n")
            f.write("--- %s after %.1fs\n" % (self._describe_exit(),
                                              time.monotonic() - self._start))
            err = self.stderr
            if err:
                f.write("--- QEMU stderr:\n" + err)
        self._logfile = path
        with _log_lock:
            saved_logs.setdefault(self._name, []).append(path)


def _socket_dir():
    """A new private directory for a Unix socket (whose path must be short)."""
    path = tempfile.mkdtemp(prefix="modlab-qemu-")
    if len(os.path.join(path, "mon.sock")) > 100:
        os.rmdir(path)
        path = tempfile.mkdtemp(prefix="modlab-qemu-", dir="/tmp")
    return path


_log_lock = threading.Lock()
_logs_taken = set()
saved_logs = {}             # test name -> transcript paths, in order
_setpriv = None


def _have_setpriv():
    global _setpriv
    if _setpriv is None:
        try:
            r = subprocess.run(["setpriv", "--help"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=5)
            _setpriv = b"pdeathsig" in r.stdout
        except (OSError, subprocess.TimeoutExpired):
            _setpriv = False
    return _setpriv

