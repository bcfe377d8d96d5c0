"""Boot, shell and crash behaviour of modlab under QEMU.

Each test boots its own QEMU. Run with tools/check (e.g. `tools/check
--qemu -k echo`).
"""

import re

from qemu import Qemu, expect_eq, expect_in, expect_line, expect_match, expect_not_in

PANIC_ON_OOPS = ("-append", "panic_on_oops=1")
TIMESTAMPED = re.compile(r"^\[ *\d+\.\d{6}\] ")


# ---- booting ----------------------------------------------------------------

def test_boots_to_shell_prompt_on_one_cpu():
    with Qemu(smp=1) as q:
        q.wait_prompt()


def test_boots_to_shell_prompt_on_four_cpus():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        expect_eq(q.run("echo up"), "up", "echo output after an SMP boot")


def test_boot_log_lines_carry_timestamps():
    with Qemu(smp=1) as q:
        q.wait_prompt()
        ready = [l for l in q.output.split("\n") if "shell ready" in l]
        expect_eq(len(ready), 1, "number of 'shell ready' lines")
        expect_match(ready[0], TIMESTAMPED, "the 'shell ready' line")


def test_grub_iso_boots_to_shell_prompt():
    with Qemu(smp=1, iso="build/boot.iso") as q:
        q.wait_prompt()
        expect_eq(q.run("echo grub"), "grub", "echo output after a GRUB boot")


# ---- shell ------------------------------------------------------------------

def test_echo_prints_its_arguments():
    with Qemu(smp=1) as q:
        q.wait_prompt()
        expect_eq(q.run("echo a b c"), "a b c", "echo output")
        expect_eq(q.run("echo hello world"), "hello world", "echo output")


def test_unknown_command_is_reported():
    with Qemu(smp=1) as q:
        q.wait_prompt()
        expect_in(q.run("foo"), "sh: foo: command not found", "output of an unknown command")


def test_too_long_line_is_refused_and_shell_still_works():
    line = "echo " + "x" * 295
    assert len(line) == 300
    with Qemu(smp=1) as q:
        q.wait_prompt()
        out = q.type_line(line, raw=True)
        expect_in(out, "line too long", "output for a 300-character line")
        expect_not_in(out.split("line too long", 1)[1], "x" * 50,
                      "output after the refusal (the line must not run)")
        expect_eq(q.run("echo ok"), "ok", "echo output after a refused line")


def test_backspace_deletes_the_previous_character():
    with Qemu(smp=1) as q:
        q.wait_prompt()
        expect_eq(q.type_line("echo abX\x7fc"), "abc", "output of 'echo abX<BS>c'")


def test_left_arrow_moves_the_cursor_for_inserting():
    with Qemu(smp=1) as q:
        q.wait_prompt()
        expect_eq(q.type_line("echo ac\x1b[Db"), "abc", "output of 'echo ac<Left>b'")


def test_up_arrow_recalls_the_previous_command():
    with Qemu(smp=1) as q:
        q.wait_prompt()
        expect_eq(q.run("echo first"), "first", "echo output")
        expect_line(q.type_line("\x1b[A"), "first", "output of <Up><Enter>")


# ---- crashes ----------------------------------------------------------------

def _expect_oops(command, exception, function, also=()):
    """With panic_on_oops=1, command must oops naming exception, with
    function in the call trace, then panic and make QEMU exit with status
    3. Each text in also must appear in the output too (anywhere from the
    command on)."""
    with Qemu(smp=1, extra=PANIC_ON_OOPS) as q:
        q.wait_prompt()
        start = q.mark()
        q.send(command + "\n")
        status = q.wait_exit(timeout=20)
        out = q.output_since(start)
        expect_in(out, "Oops:", "output of %r" % command)
        oops = out[out.index("Oops:"):]
        expect_in(oops, exception, "the oops")
        for text in also:
            expect_in(out, text, "output of %r" % command)
        expect_in(oops, "Call trace:", "the oops")
        trace = oops[oops.index("Call trace:"):]
        # The compiler may have renamed a clone of the function
        # (crash_stack_overflow.isra.0): that still names it.
        expect_match(trace, r"\b%s(\.[a-z]+\.\d+)*\+0x[0-9a-f]+/0x[0-9a-f]+"
                     % re.escape(function), "the call trace (the faulting function)")
        expect_in(oops, "Kernel panic", "output after the oops")
        expect_eq(status, 3, "QEMU exit status after the panic")


def test_null_dereference_oopses_in_crash_null_deref():
    _expect_oops("crash null", "Page fault", "crash_null_deref")


def test_divide_by_zero_oopses_in_crash_divide_by_zero():
    _expect_oops("crash div0", "Divide error", "crash_divide_by_zero")


def test_stack_overflow_oopses_with_double_fault_in_crash_stack_overflow():
    _expect_oops("crash stack", "Double fault", "crash_stack_overflow",
                 also=("stack overflow",))


# ---- leaving ------------------------------------------------------------------

def test_poweroff_exits_qemu_with_status_0():
    with Qemu(smp=1) as q:
        q.wait_prompt()
        q.send("poweroff\n")
        q.expect_exit(0, what="QEMU exit status after poweroff")


def test_reboot_exits_qemu_when_rebooting_is_disabled():
    with Qemu(smp=1) as q:
        q.wait_prompt()
        q.send("reboot\n")
        q.expect_exit(0, what="QEMU exit status after reboot with -no-reboot")


# ---- background jobs --------------------------------------------------------

def test_background_job_runs_and_wait_reports_it():
    with Qemu(smp=2) as q:
        q.wait_prompt()
        started = q.run("echo from a job > /tmp/job-out &")
        expect_match(started, r"^\[1\] \d+$", "the job's announcement")
        expect_in(q.run("wait"), "[1]  Done (0)    echo from a job > /tmp/job-out",
                  "wait's report")
        expect_eq(q.run("cat /tmp/job-out"), "from a job", "the job's output file")
        expect_eq(q.run("jobs"), "", "jobs after wait")
        expect_in(q.run("wait %3"), "no such job", "wait for a job that does not exist")
