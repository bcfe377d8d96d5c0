"""The shell under QEMU: how a line is parsed (quotes, redirections, '&'),
background jobs and wait, line editing on the serial line, time, and
commands when memory runs out.

The parser's rules are tested one by one on the host
(tests/unit/test_shell_parse.c); these tests check that the shell acts on
them: which files a line creates, what runs, what is refused.
"""

import re

from qemu import Qemu, TestFailure, expect_eq, expect_in, expect_match, expect_not_in

M = "/lib/modules/"
SYNTAX_NEWLINE = "sh: syntax error near unexpected token 'newline'"


def boot(smp=1):
    return Qemu(smp=smp)


def file_text(q, path):
    """A file's contents as cat shows them (an empty file shows nothing)."""
    return q.run("cat " + path)


def expect_size(q, path, size, what):
    expect_in(q.run("stat " + path), "Size: %d " % size, what)


# ---- quoting and redirection --------------------------------------------------

def test_quoted_greater_than_is_text_not_a_redirection():
    with boot() as q:
        q.wait_prompt()
        q.run("cd /tmp")
        expect_eq(q.run("echo '>x'"), ">x", "output of echo '>x'")
        expect_eq(q.run('echo ">>y" \\>z'), ">>y >z", "output of echo \">>y\" \\>z")
        expect_eq(q.run("ls /tmp"), "", "/tmp after echoing quoted '>' (no file made)")
        expect_eq(q.run("cat '>'"), "cat: >: No such file or directory", "output of cat '>'")


def test_every_redirection_is_opened_and_the_last_gets_the_output():
    with boot() as q:
        q.wait_prompt()
        q.run("echo old contents > /tmp/a")
        expect_eq(q.run("echo x > /tmp/a > /tmp/b"), "", "output of echo x > /tmp/a > /tmp/b")
        expect_size(q, "/tmp/a", 0, "stat of /tmp/a (truncated, as sh does)")
        expect_eq(file_text(q, "/tmp/b"), "x", "/tmp/b (the last redirection)")
        expect_eq(q.run("echo y >> /tmp/b > /tmp/c >> /tmp/b"), "", "output of a mixed line")
        expect_eq(file_text(q, "/tmp/b"), "x\ny", "/tmp/b after >> ... >> /tmp/b")
        expect_size(q, "/tmp/c", 0, "stat of /tmp/c (created empty)")


def test_redirection_anywhere_in_the_line_and_without_blanks():
    with boot() as q:
        q.wait_prompt()
        expect_eq(q.run("> /tmp/f echo one"), "", "output of > /tmp/f echo one")
        expect_eq(q.run("echo two >>/tmp/f"), "", "output of echo two >>/tmp/f")
        expect_eq(q.run("echo three>>/tmp/f"), "", "output of echo three>>/tmp/f")
        expect_eq(q.run("echo >>/tmp/f four 1>>/tmp/f"), "", "output with two appends")
        expect_eq(file_text(q, "/tmp/f"), "one\ntwo\nthree\nfour", "/tmp/f")
        expect_eq(q.run("> /tmp/empty"), "", "output of a line with only a redirection")
        expect_size(q, "/tmp/empty", 0, "the file made by '> /tmp/empty'")


def test_a_failed_redirection_stops_the_line_after_creating_the_earlier_files():
    with boot() as q:
        q.wait_prompt()
        expect_eq(q.run("echo x > /tmp/made > /nope/f > /tmp/never"),
                  "sh: /nope/f: No such file or directory", "output of the line")
        expect_size(q, "/tmp/made", 0, "the file before the failed one")
        expect_in(q.run("stat /tmp/never"), "No such file or directory",
                  "the file after the failed one")


def test_syntax_errors_are_reported_and_nothing_runs():
    with boot() as q:
        q.wait_prompt()
        cases = [
            ("echo >", SYNTAX_NEWLINE),
            ("echo x >> ", SYNTAX_NEWLINE),
            ("echo x > > /tmp/s", "sh: syntax error near unexpected token '>'"),
            ("echo 'abc > /tmp/s", "sh: unexpected end of line: no closing '"),
            ('echo "abc > /tmp/s', 'sh: unexpected end of line: no closing "'),
            ("&", "sh: syntax error near unexpected token '&'"),
            ("  &  ", "sh: syntax error near unexpected token '&'"),
            ("& echo x > /tmp/s", "sh: syntax error near unexpected token '&'"),
            ("echo x > /tmp/s & echo y", "sh: one command per line: nothing may follow '&'"),
            ("echo x 2> /tmp/s", "sh: 2>: only standard output (1>) can be redirected"),
            ("echo x | cksum", "sh: '|' is not supported here (quote it to pass it on as text)"),
            ("echo x; echo y > /tmp/s",
             "sh: ';' is not supported here (quote it to pass it on as text)"),
            ("cat < /tmp/s", "sh: '<' is not supported here (quote it to pass it on as text)"),
        ]
        for line, message in cases:
            expect_eq(q.run(line), message, "output of %r" % line)
        expect_in(q.run("stat /tmp/s"), "No such file or directory",
                  "/tmp/s after the refused lines (none may create it)")
        expect_eq(q.run("jobs"), "", "jobs after the refused lines (no job started)")


def test_quotes_blanks_and_backslashes_make_the_words():
    with boot() as q:
        q.wait_prompt()
        cases = [
            ("echo   a     b  ", "a b"),
            ("echo 'a   b'  \"c  d\"", "a   b c  d"),
            ("echo '' x ''", " x "),
            ("echo a\\ b \\'q\\' \"\\\"d\\\"\"", "a b 'q' \"d\""),
            ("echo '&' \"x &\" y\\&", "& x & y&"),
            ("echo a #comment", "a"),
            ("echo a#b", "a#b"),
            ("echo $HOME *", "$HOME *"),
        ]
        for line, output in cases:
            expect_eq(q.run(line), output, "output of %r" % line)
        expect_eq(q.run("''"), "sh: : command not found", "output of a lone empty word")


def test_a_line_of_one_hundred_words_is_one_command():
    words = [chr(ord("a") + i % 26) for i in range(100)]
    with boot() as q:
        q.wait_prompt()
        out = q.run("echo " + " ".join(words) + " > /tmp/words")
        expect_eq(out, "", "output of echo with 100 words")
        expect_eq(file_text(q, "/tmp/words"), " ".join(words), "the 100 words read back")


def test_long_words_are_refused_whole_not_cut():
    with boot() as q:
        q.wait_prompt()
        q.run("insmod " + M + "hello.ko")
        name = "hello" + "x" * 100
        expect_eq(q.run("rmmod " + name),
                  "rmmod: ERROR: Module %s is not currently loaded" % name,
                  "rmmod of a name longer than any module's")
        expect_in(q.run("lsmod"), "hello", "lsmod after rmmod of a long name")
        expect_eq(q.run("insmod " + M + "noexit.ko 'x=a b'"),
                  "insmod: ERROR: parameter 'x=a b': a value cannot contain blanks",
                  "insmod with a blank in a value")


def test_commands_that_take_no_arguments_refuse_extra_ones():
    with boot() as q:
        q.wait_prompt()
        for cmd in ("uptime x", "free -m", "jobs %1", "lsmod hello", "pwd /tmp"):
            expect_eq(q.run(cmd), "%s: extra operand '%s'" % tuple(cmd.split()),
                      "output of %r" % cmd)


def test_modinfo_says_why_it_cannot_read_a_file():
    with boot() as q:
        q.wait_prompt()
        expect_eq(q.run("modinfo /etc"),
                  "modinfo: ERROR: could not get modinfo from '/etc': Is a directory",
                  "modinfo of a directory")
        expect_eq(q.run("modinfo /nope.ko"), "modinfo: ERROR: Module /nope.ko not found.",
                  "modinfo of a missing file")


# ---- background jobs ------------------------------------------------------------

def test_wait_in_a_background_job_does_not_wait_for_itself():
    with boot(smp=2) as q:
        q.wait_prompt()
        expect_match(q.run("wait &"), r"^\[1\] \d+$", "the job's announcement")
        expect_eq(q.run("wait", timeout=10), "[1]  Done (0)    wait",
                  "wait after 'wait &' (the job must have ended)")
        expect_match(q.run("jobs &"), r"^\[1\] \d+$", "the job's announcement")
        expect_eq(q.run("wait", timeout=10), "[1]  Done (0)    jobs", "wait after 'jobs &'")
        expect_eq(q.run("echo still here"), "still here", "the shell after the waits")


def test_wait_in_a_job_returns_while_an_earlier_job_still_runs():
    with boot(smp=2) as q:
        q.wait_prompt()
        q.run("insmod " + M + "refmod.ko")
        q.run("mount -t reffs x /mnt")
        # rmmod --wait runs until the umount: job 1 is running throughout.
        # Its "waiting" message comes from the job, at a moment of its own:
        # wait for it before typing, so it cannot land in a command's echo.
        mark = q.mark()
        q.run("rmmod --wait refmod &")
        q.wait_for("waiting for its references to go", since=mark,
                   what="rmmod --wait's message that it waits")
        q.run("wait &")
        expect_eq(q.run("wait %2", timeout=10), "[2]  Done (0)    wait",
                  "wait %2 (a 'wait' job) while job 1 runs")
        expect_in(q.run("jobs"), "[1]  Running     rmmod --wait refmod", "jobs")
        expect_eq(q.run("umount /mnt"), "", "umount")
        expect_eq(q.run("wait", timeout=30), "[1]  Done (0)    rmmod --wait refmod",
                  "wait for job 1 after the umount")


def test_wait_takes_several_job_numbers_and_a_job_has_none():
    with boot(smp=2) as q:
        q.wait_prompt()
        q.run("echo a > /tmp/1 &")
        q.run("echo b > /tmp/2 &")
        expect_eq(q.run("wait %2 1", timeout=10),
                  "[2]  Done (0)    echo b > /tmp/2\n[1]  Done (0)    echo a > /tmp/1",
                  "wait %2 1")
        expect_eq(q.run("wait %1 x"), "wait: x: not a job number", "wait with a bad number")
        q.run("echo c > /tmp/3 &")
        q.run("wait %1 > /tmp/w &")            # job 2: has no job 1 of its own
        expect_eq(q.run("wait %2", timeout=10), "[2]  Done (1)    wait %1 > /tmp/w",
                  "wait for the job that waited")
        expect_eq(file_text(q, "/tmp/w"), "wait: %1: no such job", "what the job's wait said")
        expect_eq(q.run("wait %1", timeout=10), "[1]  Done (0)    echo c > /tmp/3",
                  "job 1, still the shell's to report")


def test_jobs_that_wait_and_list_on_four_cpus_all_end_and_are_reported_once():
    # Eight jobs at a time (the table's size), mixing wait, jobs and work,
    # ending while the shell starts the next and while it waits.
    lines = ["wait", "jobs", "wait %1", "cksum /etc/motd", "wait", "jobs", "echo x", "wait"]
    with boot(smp=4) as q:
        q.wait_prompt()
        for round_ in range(10):
            for line in lines:
                expect_match(q.run(line + " > /tmp/out &"), r"^\[\d\] \d+$",
                             "round %d: starting %r" % (round_, line))
            out = q.run("wait", timeout=20).splitlines()
            expect_eq(sorted(l.split("    ", 1)[1] for l in out),
                      sorted(line + " > /tmp/out" for line in lines),
                      "round %d: the jobs wait reported" % round_)
            expect_eq(q.run("jobs"), "", "round %d: jobs after wait" % round_)


def test_a_ninth_job_is_refused_until_wait_reports_the_others():
    # The jobs write to files: on the console their output could land in
    # the middle of the shell's prompt.
    with boot(smp=2) as q:
        q.wait_prompt()
        for n in range(1, 9):
            expect_match(q.run("echo %d > /tmp/%d &" % (n, n)), r"^\[%d\] \d+$" % n,
                         "job %d" % n)
        expect_eq(q.run("echo 9 > /tmp/9 &"),
                  "sh: too many jobs (at most 8); 'wait' for some first", "a ninth job")
        expect_eq(len(q.run("wait", timeout=20).splitlines()), 8, "jobs reported by wait")
        expect_match(q.run("echo 9 > /tmp/9 &"), r"^\[1\] \d+$", "a job after the wait")


def test_job_line_keeps_its_quotes_and_redirection():
    with boot(smp=2) as q:
        q.wait_prompt()
        expect_eq(q.run("echo 'a &'"), "a &", "a quoted '&' does not start a job")
        expect_eq(q.run("jobs"), "", "jobs after echo 'a &'")
        q.run("   echo 'x  y' >/tmp/j&")
        expect_eq(q.run("wait"), "[1]  Done (0)    echo 'x  y' >/tmp/j", "wait's report")
        expect_eq(file_text(q, "/tmp/j"), "x  y", "the job's output file")


# ---- time -------------------------------------------------------------------------

REAL = re.compile(r"^real (\d+)\.(\d{6})s$")


def real_seconds(line, what):
    m = REAL.match(line)
    if not m:
        raise TestFailure("%s: expected a line 'real S.UUUUUUs', saw %r" % (what, line))
    return int(m.group(1)) + int(m.group(2)) / 1e6


def test_time_prints_the_wall_time_after_the_output():
    with boot() as q:
        q.wait_prompt()
        lines = q.run("time echo hi").splitlines()
        expect_eq(len(lines), 2, "lines printed by 'time echo hi' (%r)" % lines)
        expect_eq(lines[0], "hi", "the command's output, first")
        real_seconds(lines[1], "the second line of 'time echo hi'")


def test_time_reports_to_the_console_not_into_the_redirection():
    with boot() as q:
        q.wait_prompt()
        out = q.run("time echo into the file > /tmp/t")
        real_seconds(out, "the output of 'time echo ... > /tmp/t'")
        expect_eq(file_text(q, "/tmp/t"), "into the file", "/tmp/t (only the command's output)")


def test_time_measures_a_command_that_sleeps():
    with boot() as q:
        q.wait_prompt()
        lines = q.run("time insmod " + M + "refmod.ko init_sleep_ms=300").splitlines()
        seconds = real_seconds(lines[-1], "the last line of time insmod")
        if not 0.3 <= seconds < 60:
            raise TestFailure("time of an insmod whose init sleeps 300 ms: expected at least "
                              "0.3 s, saw %r" % lines[-1])


def test_time_errors_and_help():
    with boot() as q:
        q.wait_prompt()
        expect_eq(q.run("time"), "usage: time COMMAND [ARG...]", "time without a command")
        lines = q.run("time nosuch").splitlines()
        expect_eq(lines[0], "sh: nosuch: command not found", "time of an unknown command")
        real_seconds(lines[1], "the second line of 'time nosuch'")
        expect_in(q.run("help time"), "usage: time COMMAND [ARG...]", "help time")
        expect_in(q.run("help"), "  time ", "the command list")


# ---- line editing on the serial line ---------------------------------------------

def test_csi_sequences_with_parameters_are_consumed_whole():
    with boot() as q:
        q.wait_prompt()
        cases = [
            ("echo ab\x1b[1;5Cc", "abc", "Ctrl-Right (ESC [1;5C) at the end"),
            ("echo ac\x1b[1;5Db", "abc", "Ctrl-Left (ESC [1;5D) moves left"),
            ("echo abXc\x1b[D\x1b[D\x1b[3~", "abc", "Delete (ESC [3~)"),
            ("cho x\x1b[1~e\x1b[4~y", "xy", "Home (ESC [1~) and End (ESC [4~)"),
            ("cho x\x1bOHe\x1bOFy", "xy", "Home (ESC O H) and End (ESC O F)"),
            ("cho x\x1b[1;2He\x1b[1;2Fy", "xy", "Shift-Home and Shift-End"),
            ("echo a\x1b[200~b\x1b[15;3~c", "abc", "unknown sequences (dropped whole)"),
            ("echo a\x1bxb", "ab", "Alt-x (ESC x, dropped)"),
            ("echo ab\x1b", "ab", "a lone Escape before Enter"),
            ("echo ab\x1b[1;", "ab", "a sequence cut short by Enter"),
            ("echo ab\x1bO", "ab", "ESC O cut short by Enter"),
        ]
        for keys, output, what in cases:
            expect_eq(q.type_line(keys), output, "output of %s" % what)


def test_over_long_line_is_taken_once_edited_back_under_the_limit():
    with boot() as q:
        q.wait_prompt()
        line = "echo " + "x" * 295            # 300 characters: 45 are dropped
        out = q.type_line(line + "\x7f", raw=True)
        expect_not_in(out, "line too long", "output after one Backspace")
        expect_in(out, "\n" + "x" * 249 + "\n", "the line after one Backspace")
        out = q.type_line(line + "\x7f" * 60)
        expect_eq(out, "x" * 190, "the line after 60 Backspaces")
        out = q.type_line(line + "\x7f" + "yz", raw=True)
        expect_in(out, "line too long", "a line filled up again after the Backspace")


# ---- out of memory ----------------------------------------------------------------

def test_commands_report_cannot_allocate_memory_when_memory_is_full():
    with boot() as q:
        q.wait_prompt()
        q.run("insmod " + M + "hello.ko")
        expect_in(q.run("insmod " + M + "memhog.ko"), "memhog: holding", "insmod memhog")
        # Each command first has memhog take what was freed since (insmod's
        # buffers, the last command's): with "all" every free kmalloc object
        # too, for modinfo, whose buffer is small; without it, opening a
        # file still works and cat's page-sized buffer is what fails.
        cases = [
            ("", "cat /proc/meminfo", "cat: /proc/meminfo: Cannot allocate memory"),
            ("", "cat /etc/motd /proc/uptime",
             "cat: /etc/motd: Cannot allocate memory\ncat: /proc/uptime: Cannot allocate memory"),
            ("", "cksum /etc/motd", "cksum: /etc/motd: Cannot allocate memory"),
            ("all", "modinfo hello",
             "modinfo: ERROR: could not get modinfo from 'hello': Cannot allocate memory"),
        ]
        for what, cmd, message in cases:
            q.run("echo %s > /proc/memhog" % what)
            expect_eq(q.run(cmd), message, "output of %r with memory full" % cmd)
        expect_in(q.run("rmmod memhog"), "memhog: gave back", "rmmod memhog")
        expect_in(q.run("cat /proc/meminfo"), "MemTotal:", "cat /proc/meminfo afterwards")
        expect_in(q.run("modinfo hello"), "license:", "modinfo hello afterwards")


def test_sh_runs_a_script_line_by_line_and_refuses_what_it_cannot_run():
    with Qemu(smp=4, initrd=["build/initrd.cpio"]) as q:
        q.wait_prompt()
        q.run("echo '# a comment, then a blank line' > /s1")
        q.run("echo '' >> /s1")
        q.run("echo 'echo first' >> /s1")
        q.run("echo 'mkdir /made-by-script' >> /s1")
        q.run("echo 'echo second > /script-out' >> /s1")
        q.run("echo 'cat /script-out' >> /s1")
        expect_eq(q.run("sh /s1"), "first\nsecond", "output of sh /s1")
        expect_in(q.run("stat /made-by-script"), "directory", "what the script made")
        expect_eq(q.run("sh"), "usage: sh FILE", "sh without a file")
        expect_eq(q.run("sh /nope"), "sh: /nope: No such file or directory", "sh of no file")
        # A script that runs itself ends at the limit, and the shell goes on.
        q.run("echo 'sh /loop' > /loop")
        out = q.run("sh /loop", timeout=60)
        expect_in(out, "sh: /loop: too many scripts running at once (at most 16)",
                  "a script running itself")
        q.run("echo 'echo " + "x" * 200 + "' > /fits")
        expect_eq(q.run("sh /fits"), "x" * 200, "a script line of 205 characters")
        q.run("echo -n 'echo ' > /long")
        q.run("echo -n " + "x" * 200 + " >> /long")
        q.run("echo " + "y" * 200 + " >> /long")
        q.run("echo 'echo after' >> /long")
        expect_eq(q.run("sh /long"), "sh: /long: line 1: longer than 255 characters; stopped",
                  "a script line of 405 characters")
        expect_eq(q.run("echo still here"), "still here", "the shell after the scripts")
