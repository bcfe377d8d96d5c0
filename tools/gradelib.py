"""The graders' library: points, random inputs from a seed, the lab's modules
built and shipped to the guest, and the report.

A lab's grader is labs/NN-NAME/grade.py, a set of functions:

    from gradelib import points

    @points(20)
    def test_greets(lab):
        count = lab.rand_int(1, 9)
        with lab.boot() as q:
            q.wait_prompt()
            out = q.run("insmod /lab/greeter.ko count=%d" % count)
            ...

Each test is run in the order written, with a Lab (below) that gives the
run's random generator (seeded from SEED, printed first), the result of
building the lab's modules, and boot() for a QEMU with the modules at
/lab/. A test passes if it returns; it fails on any exception, whose
message is shown (qemu.TestFailure says what was sent, expected and seen).
Tests marked @points(n, infra=True) only check the build: labs-check lets
them pass on a skeleton.

The report is a line per test, then `Score: X/Y`; build/lab/NAME/
results.json has the same in Gradescope's schema, and the QEMU transcripts
are in build/test-logs/.
"""

import json
import os
import random
import shutil
import string
import subprocess
import sys
import time
import traceback

import qemu
from qemu import ROOT, TestFailure


def points(n, infra=False):
    """Mark a test worth n points (infra: it only checks the build)."""
    def mark(fn):
        fn.points = n
        fn.infra = infra
        return fn
    return mark


class Lab:
    """What a grader's tests see of the lab and of this run."""

    def __init__(self, name, lab_dir, meta, seed, verbose=False):
        self.name = name
        self.dir = lab_dir
        self.meta = meta
        self.seed = seed
        self.rng = random.Random(seed)
        self.verbose = verbose
        self.out = os.path.join(ROOT, "build", "lab", name)
        self.cpio = os.path.join(ROOT, "build", "lab", name + ".cpio")
        self.build_status = None
        self.build_output = ""
        self.probe_output = ""

    # ---- random inputs (all from the run's seed) ----
    def rand_int(self, lo, hi):
        return self.rng.randint(lo, hi)

    def rand_word(self, lo=3, hi=10):
        return "".join(self.rng.choice(string.ascii_lowercase)
                       for _ in range(self.rng.randint(lo, hi)))

    def rand_list(self, n, lo, hi):
        return [self.rng.randint(lo, hi) for _ in range(n)]

    # ---- building ----
    def module_dirs(self):
        return [os.path.join(self.dir, d) for d in self.meta.get("modules", [])]

    def probe_dirs(self):
        return [os.path.join(self.dir, d) for d in self.meta.get("probes", [])]

    def build(self):
        """make -C TREE M=DIR for each of the lab's module directories (with
        lab.toml's make_args); then the trusted probes (lab.toml's probes),
        against the lab modules' Module.symvers, with probe_make_args; then
        pack every .ko made into build/lab/NAME.cpio: the lab's under /lab/,
        the probes' under /lab/probe/."""
        outputs, status = [], 0
        for k in self.meta.get("kernels", []):
            p = run_make(["%s-kernel" % k])
            outputs.append("$ make %s-kernel\n%s" % (k, p.stdout))
            status = status or p.returncode
        args = self.meta.get("make_args", [])
        for d in self.module_dirs():
            rel = os.path.relpath(d, ROOT)
            p = run_make(["M=" + rel, "clean"])
            p = run_make(["M=" + rel, "modules"] + args)
            outputs.append("$ make M=%s modules %s\n%s" % (rel, " ".join(args), p.stdout))
            status = status or p.returncode
        self.build_status = status
        self.build_output = "".join(outputs)
        # The probes' output is kept apart: their warnings (a symbol the
        # student's module fails to export) are not the student's build's.
        symvers = [os.path.join(d, "Module.symvers") for d in self.module_dirs()
                   if os.path.exists(os.path.join(d, "Module.symvers"))]
        pargs = self.meta.get("probe_make_args", [])
        if symvers:
            pargs = pargs + ["KBUILD_EXTRA_SYMBOLS=" + " ".join(symvers)]
        self.probe_output = ""
        for d in self.probe_dirs():
            rel = os.path.relpath(d, ROOT)
            run_make(["M=" + rel, "clean"])
            p = run_make(["M=" + rel, "modules"] + pargs)
            self.probe_output += "$ make M=%s modules %s\n%s" % (rel, " ".join(pargs), p.stdout)
            self.build_status = self.build_status or p.returncode
        pack = os.path.join(self.out, "cpio")
        shutil.rmtree(pack, ignore_errors=True)
        os.makedirs(os.path.join(pack, "lab", "probe"))
        for dirs, sub in ((self.module_dirs(), "lab"), (self.probe_dirs(), "lab/probe")):
            for d in dirs:
                for f in sorted(os.listdir(d)):
                    if f.endswith(".ko"):
                        shutil.copy(os.path.join(d, f), os.path.join(pack, sub, f))
        files = subprocess.run("find . -mindepth 1 | LC_ALL=C sort", shell=True, cwd=pack,
                               stdout=subprocess.PIPE, check=True).stdout
        with open(self.cpio, "wb") as f:
            subprocess.run(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet"], input=files,
                           cwd=pack, stdout=f, check=True)
        return status

    def ko(self, name):
        """The host path of a module the lab built."""
        for d in self.module_dirs() + self.probe_dirs():
            p = os.path.join(d, name)
            if os.path.exists(p):
                return p
        raise TestFailure("%s was not built; the build said:\n%s" % (name, self.build_output))

    def expect_built(self):
        if self.build_status:
            raise TestFailure("the lab's modules did not build; make said:\n%s"
                              % (self.build_output + self.probe_output))

    # ---- running ----
    def boot(self, smp=None, initrd=(), **kw):
        """A QEMU with the default initrd and the lab's modules at /lab/;
        initrd: more archives to add (e.g. "build/tests.cpio")."""
        smp = smp or self.meta.get("smp", 4)
        return qemu.Qemu(smp=smp, initrd=["build/initrd.cpio", self.cpio] + list(initrd), **kw)


def run_make(args):
    env = dict(os.environ)
    for var in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(var, None)
    return subprocess.run(["make", "--no-print-directory", "-C", ROOT] + args,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True,
                          timeout=qemu.scaled(300))


def load_grader(lab_dir):
    import importlib.util
    path = os.path.join(lab_dir, "grade.py")
    spec = importlib.util.spec_from_file_location("grade_" + os.path.basename(lab_dir), path)
    mod = importlib.util.module_from_spec(spec)
    sys.dont_write_bytecode = True
    spec.loader.exec_module(mod)
    tests = [getattr(mod, n) for n in mod.__dict__ if n.startswith("test_")
             and callable(getattr(mod, n)) and hasattr(getattr(mod, n), "points")]
    tests.sort(key=lambda fn: fn.__code__.co_firstlineno)
    return tests


def grade(name, lab_dir, meta, seed, only=None, verbose=False):
    """Run the lab's tests; print the report; return (score, total, results)."""
    lab = Lab(name, lab_dir, meta, seed, verbose)
    tests = load_grader(lab_dir)
    if only:
        wanted = only.split(",")
        tests = [t for t in tests if any(w in t.__name__ for w in wanted)]
        if not tests:
            raise SystemExit("grade: no test of lab %s matches '%s'" % (name, only))
    print("grade: lab %s, SEED=%d (make grade LAB=%s SEED=%d repeats this run)"
          % (name, seed, name, seed), flush=True)
    os.makedirs(lab.out, exist_ok=True)
    lab.build()
    score = total = 0
    results = []
    for t in tests:
        # Each test draws from its own generator, so T= gives the same inputs.
        lab.rng = random.Random("%d:%s" % (seed, t.__name__))
        start = time.monotonic()
        err = None
        try:
            t(lab)
        except TestFailure as e:
            err = str(e)
        except Exception:
            err = traceback.format_exc()
        finally:
            qemu.close_all()
        took = time.monotonic() - start
        got = 0 if err else t.points
        score += got
        total += t.points
        name_shown = t.__name__[len("test_"):]
        print("%-24s %s %3d/%-3d (%.1fs)" % (name_shown + ":", "FAIL" if err else "OK  ", got,
                                             t.points, took), flush=True)
        if err:
            print("    " + err.rstrip().replace("\n", "\n    "), flush=True)
        results.append({"name": name_shown, "score": got, "max_score": t.points,
                        "output": err or "", "infra": t.infra})
    print("Score: %d/%d" % (score, total), flush=True)
    with open(os.path.join(lab.out, "results.json"), "w") as f:
        json.dump({"score": score, "seed": seed, "build_status": lab.build_status,
                   "tests": [{k: r[k] for k in ("name", "score", "max_score", "output")}
                             for r in results]}, f, indent=1)
    return score, total, results
