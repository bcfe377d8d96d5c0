"""charp module parameters: the loader frees the copies it made of the
values given at insmod, exactly once, and never a module's own defaults;
on unload and on a failed load alike (modules/paramtest)."""

import re

from qemu import Qemu, expect_eq, expect_in, expect_not_in

M = "/lib/modules/"


def kmalloc_objects(q):
    """Objects kmalloc has handed out and not had back, from free."""
    out = q.run("free")
    m = re.search(r"^kmalloc: (\d+) objects", out, re.M)
    if not m:
        raise AssertionError("expected a 'kmalloc: N objects' line in free, saw:\n" + out)
    return int(m.group(1))


def test_charp_array_defaults_are_not_freed_on_unload():
    with Qemu() as q:
        q.wait_prompt()
        expect_not_in(q.run("insmod " + M + "paramtest.ko names=x,y"), "ERROR", "insmod")
        expect_in(q.run("dmesg"), "paramtest: init: names=x,y,gamma (2 given) str=plain",
                  "the given names and the untouched default")
        expect_not_in(q.run("rmmod paramtest"), "BUG", "rmmod output (a bad kfree prints a BUG)")
        expect_in(q.run("dmesg"), "paramtest: exit: names=x,y,gamma", "exit's view")
        expect_not_in(q.run("dmesg"), "BUG", "the log after the unload")


def test_charp_values_are_freed_on_a_failed_load():
    with Qemu() as q:
        q.wait_prompt()
        q.run("insmod " + M + "paramtest.ko fail=1")    # warm the allocator's caches
        before = kmalloc_objects(q)
        for _ in range(5):
            out = q.run("insmod " + M + "paramtest.ko names=x,y str=abc fail=1")
            expect_in(out, "No such device", "insmod with a failing init")
            out = q.run("insmod " + M + "paramtest.ko names=x,y str=abc nosuch=1")
            expect_in(out, "insmod: ERROR", "insmod with an unknown parameter")
        expect_not_in(q.run("dmesg"), "BUG", "the log after the failed loads")
        expect_eq(kmalloc_objects(q), before, "kmalloc objects after 10 failed loads")


def test_a_charp_given_twice_leaks_nothing():
    with Qemu() as q:
        q.wait_prompt()
        q.run("insmod " + M + "paramtest.ko str=abc str=def")     # warm the caches
        q.run("rmmod paramtest")
        before = kmalloc_objects(q)
        for _ in range(20):
            out = q.run("insmod " + M + "paramtest.ko str=abc str=def names=p,q,r names=s")
            expect_not_in(out, "ERROR", "insmod with values given twice")
            expect_not_in(q.run("rmmod paramtest"), "BUG", "rmmod paramtest")
        expect_in(q.run("dmesg"), "paramtest: init: names=s,q,r (1 given) str=def",
                  "the last value given for each element wins")
        expect_not_in(q.run("dmesg"), "BUG", "the log after 20 loads")
        expect_eq(kmalloc_objects(q), before, "kmalloc objects after 20 loads and unloads")
