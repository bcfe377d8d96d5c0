"""The PS/2 keyboard and the VGA text console under QEMU.

Keys are pressed through QEMU's monitor (sendkey) and the screen is read
from guest memory at 0xb8000. The shell echoes what it reads on every
console, so the serial output shows when typed keys have been handled.
"""


from qemu import (PROMPT, Qemu, TestFailure, expect_eq, expect_in, expect_line,
                  expect_not_in, fail, key_names)

KEY_SECONDS = 0.15          # QEMU holds each key 100 ms; allow a little more


def _keys_then_output(q, keys):
    """Press keys (sendkey names; the last should be 'ret') at the prompt
    and wait for the next prompt. Returns the serial output in between."""
    start = q.mark()
    q.sendkey(keys)
    prompt = q.wait_for(PROMPT, timeout=10 + KEY_SECONDS * len(keys),
                        what="the prompt after pressing %s" % " ".join(keys))
    return q.output[start:prompt.start()]


def _command_output(text):
    """What a command printed: the text after the echoed line, less the
    final newline."""
    nl = text.find("\n")
    out = text[nl + 1:] if nl >= 0 else ""
    return out[:-1] if out.endswith("\n") else out


def _type_line(q, text):
    """Type text and Enter on the keyboard; return what the command printed."""
    return _command_output(_keys_then_output(q, key_names(text) + ["ret"]))


def _screen(rows):
    """A screen as text, one row a line, trailing spaces cut."""
    return "\n".join(row.rstrip() for row in rows)


def _expect_eq_on_screen(seen, expected, what, rows):
    """expect_eq whose failure also shows the screen."""
    if seen != expected:
        raise TestFailure("%s: expected %r, saw %r; the screen:\n%s" % (
            what, expected, seen, "\n".join("    %2d|%s" % (i, r.rstrip())
                                            for i, r in enumerate(rows))))


def _cursor_position(q):
    """The VGA hardware cursor as (row, column) on the screen, read from the
    CRT controller (its cursor register counts from the window's start)."""
    pos = (q.vga_crtc(0x0e) << 8 | q.vga_crtc(0x0f)) - q.vga_start()
    return divmod(pos, 80)


# ---- keyboard -----------------------------------------------------------------

def test_keyboard_types_a_command_that_the_shell_runs():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        expect_eq(_type_line(q, "echo kbd ok"), "kbd ok",
                  "output of 'echo kbd ok' typed on the keyboard")


def test_keyboard_shift_gives_capitals_and_symbols():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        symbols = '!@#$%^&*()_+{}|:<>?~'
        expect_eq(_type_line(q, 'echo Hello WORLD "%s"' % symbols), "Hello WORLD " + symbols,
                  "output of an echo typed with shift")
        # Quoted: unquoted, the shell would take the backslash as an escape.
        expect_eq(_type_line(q, "echo 'lower -=[]\\;,./`'"), "lower -=[]\\;,./`",
                  "output of an echo typed without shift after shifted keys")


def test_keyboard_caps_lock_inverts_the_case_of_letters_only():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        keys = (key_names("echo ") + ["caps_lock"] + key_names("ab1") +
                ["shift-c", "shift-1", "caps_lock"] + key_names("d") + ["ret"])
        expect_eq(_command_output(_keys_then_output(q, keys)), "AB1c!d",
                  "output of 'echo <CapsLock>ab1<Shift-c><Shift-1><CapsLock>d'")


def test_keyboard_ctrl_u_kills_the_line():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        keys = key_names("echo wrong") + ["ctrl-u"] + key_names("echo right") + ["ret"]
        expect_eq(_command_output(_keys_then_output(q, keys)), "right",
                  "output of 'echo wrong<Ctrl-U>echo right'")


def test_keyboard_backspace_deletes_the_previous_character():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        keys = key_names("echo abX") + ["backspace"] + key_names("c") + ["ret"]
        expect_eq(_command_output(_keys_then_output(q, keys)), "abc",
                  "output of 'echo abX<Backspace>c'")


def test_keyboard_left_arrow_moves_the_cursor_for_inserting():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        keys = key_names("echo ac") + ["left"] + key_names("b") + ["ret"]
        expect_eq(_command_output(_keys_then_output(q, keys)), "abc",
                  "output of 'echo ac<Left>b'")


def test_keyboard_up_arrow_recalls_the_previous_command():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        expect_eq(_type_line(q, "echo first"), "first", "echo output")
        expect_eq(_type_line(q, "echo second"), "second", "echo output")
        expect_line(_command_output(_keys_then_output(q, ["up", "ret"])), "second",
                    "output of <Up><Enter>")
        # History: first, second (a repeat is not added). Up stops at the oldest.
        expect_line(_command_output(_keys_then_output(q, ["up", "up", "up", "ret"])), "first",
                    "output of <Up><Up><Up><Enter>")


def test_keyboard_down_arrow_walks_back_through_the_history():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        q.run("echo first")
        q.run("echo second")
        expect_line(_command_output(_keys_then_output(q, ["up", "up", "down", "ret"])),
                    "second", "output of <Up><Up><Down><Enter>")


# ---- VGA console ----------------------------------------------------------------

def test_vga_screen_shows_the_boot_log_and_the_prompt():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        rows = q.vga_text()
        expect_eq(len(rows), 25, "number of rows on the screen")
        expect_eq(sorted(set(len(r) for r in rows)), [80], "row lengths on the screen")
        screen = _screen(rows)
        expect_in(rows[0], "modlab", "the first row of the screen (the first boot line)")
        expect_in(rows[0], "booting", "the first row of the screen (the first boot line)")
        expect_in(screen, "shell ready", "the screen after booting")
        prompts = [r.rstrip() for r in rows if r.startswith("# ")]
        _expect_eq_on_screen(prompts, ["#"], "rows starting with the prompt '# '", rows)


def test_vga_screen_is_light_grey_on_black():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        attrs = sorted(set(cell >> 8 for cell in q.vga_cells()))
        expect_eq(attrs, [0x07], "attributes of the screen's cells")


def test_vga_screen_shows_what_the_shell_prints():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        expect_eq(q.run("echo on-screen"), "on-screen", "echo output")
        rows = [r.rstrip() for r in q.vga_text()]
        screen = _screen(rows)
        expect_line(screen, "# echo on-screen", "the screen (the command line)")
        expect_line(screen, "on-screen", "the screen (the command's output)")
        i = rows.index("on-screen")
        _expect_eq_on_screen(rows[i - 1:i + 2], ["# echo on-screen", "on-screen", "#"],
                             "the rows around the command's output", rows)


def test_vga_screen_shows_keyboard_line_editing():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        q.sendkey(key_names("echo abX") + ["backspace"])
        q.wait_for("X\b \b", what="the echo of 'echo abX<Backspace>'")
        rows = [r.rstrip() for r in q.vga_text()]
        _expect_eq_on_screen([r for r in rows if r.startswith("#")], ["# echo ab"],
                             "the prompt row after 'echo abX<Backspace>'", rows)
        q.sendkey(["left", "left"] + key_names("Z"))
        q.wait_for("Zab\b\b", what="the echo of '<Left><Left>Z'")
        rows = [r.rstrip() for r in q.vga_text()]
        prompt_rows = [i for i, r in enumerate(rows) if r.startswith("#")]
        _expect_eq_on_screen([rows[i] for i in prompt_rows], ["# echo Zab"],
                             "the prompt row after '<Left><Left>Z'", rows)
        _expect_eq_on_screen(_cursor_position(q), (prompt_rows[0], len("# echo Z")),
                             "the hardware cursor (row, column) after '<Left><Left>Z'", rows)


def test_vga_hardware_cursor_follows_the_prompt():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        q.run("echo one")
        rows = [r.rstrip() for r in q.vga_text()]
        prompt_rows = [i for i, r in enumerate(rows) if r == "#"]
        _expect_eq_on_screen(len(prompt_rows), 1, "rows holding just the prompt", rows)
        prompt_row = prompt_rows[0]
        _expect_eq_on_screen(_cursor_position(q), (prompt_row, 2),
                             "the hardware cursor (row, column) at the prompt", rows)
        q.send("echo two")
        q.wait_for("echo two")
        expect_eq(_cursor_position(q), (prompt_row, len("# echo two")),
                  "the hardware cursor (row, column) after typing 'echo two'")


def test_vga_console_scrolls_when_the_screen_is_full():
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        for n in range(1, 21):
            q.run("echo line-%02d" % n)
        rows = [r.rstrip() for r in q.vga_text()]
        # Each command takes two rows: the last 12 fill rows 0-23, the
        # prompt waits on the bottom row.
        expected = []
        for n in range(9, 21):
            expected += ["# echo line-%02d" % n, "line-%02d" % n]
        expected.append("#")
        screen = _screen(rows)
        expect_not_in(screen, "booting", "the screen after 40 rows of output (the first boot line)")
        expect_eq(rows[-3:], expected[-3:], "the bottom rows of the screen")
        _expect_eq_on_screen(rows, expected, "the whole screen after 20 commands", rows)
        expect_eq(_cursor_position(q), (24, 2), "the hardware cursor after 20 commands")


def test_vga_console_scrolls_on_past_the_end_of_the_text_window():
    # The console scrolls by moving the screen's start down the 32 KiB text
    # window (204 rows); 120 commands, 240 rows, take it past the window's
    # end and back to its start, where the screen must go on unbroken.
    with Qemu(smp=1, monitor=True) as q:
        q.wait_prompt()
        starts = set()
        for n in range(1, 121):
            q.run("echo line-%03d" % n)
            if n % 10 == 0 and n >= 20:
                starts.add(q.vga_start())
                rows = [r.rstrip() for r in q.vga_text()]
                expected = []
                for k in range(n - 11, n + 1):
                    expected += ["# echo line-%03d" % k, "line-%03d" % k]
                expected.append("#")
                _expect_eq_on_screen(rows, expected, "the whole screen after %d commands" % n,
                                     rows)
                expect_eq(_cursor_position(q), (24, 2),
                          "the hardware cursor after %d commands" % n)
        if min(starts) > 80 * 24 or max(starts) < 80 * 150:
            fail("the screen's start to go down the window and back to its top, saw starts %s"
                 % sorted(starts))
