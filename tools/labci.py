#!/usr/bin/env python3
"""Prove every lab's grader: the skeleton fails, the reference passes, the
known-wrong solutions are caught.

usage: tools/labci.py [--full] [LAB...]

For each lab (all of them without LAB):
  1. the markers are sound (tools/mklab.py check);
  2. the skeleton tree (tools/mklab.py skeleton) builds and scores below
     full marks, every test with points failing except those that only
     check the build (@points(n, infra=True));
  3. the reference (this tree) scores full marks on 2 seeds (3 with --full);
  4. each labs/NN-NAME/mutants/*.patch, applied to the reference, still
     builds and fails every test its "Fails:" line names (only those
     tests are run on it).
It ends with a table (lab, tests, reference, skeleton, mutants caught) and
the line `labs-check: N passed, N failed`; the exit status is 0 only if
every lab passed. Work trees and logs are in build/labci/.
"""

import json
import os
import random
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True
TOOLS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, TOOLS)
import mklab  # noqa: E402

ROOT = mklab.ROOT
WORK = os.path.join(ROOT, "build", "labci")


def copy_build(dst):
    """The tree's build/, with its times, so make in dst rebuilds only what
    differs (the lab's own files)."""
    def ignore(d, names):
        if os.path.abspath(d) == os.path.join(ROOT, "build"):
            return [n for n in names if n in ("labci", "lab", "test-logs", "grade")]
        return []
    shutil.copytree(os.path.join(ROOT, "build"), os.path.join(dst, "build"), symlinks=True,
                    ignore=ignore)


def copy_tree(dst):
    for p in mklab.tree_files():
        os.makedirs(os.path.dirname(os.path.join(dst, p)), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, p), os.path.join(dst, p))


def run_grade(tree, lab, seed, log, only=None):
    """Build the kernel in tree, grade lab there (only the tests named in
    the list only, if given); (results dict, output)."""
    env = dict(os.environ)
    for var in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(var, None)
    out = ""
    mk = subprocess.run(["make", "--no-print-directory", "-C", tree, "all"], env=env,
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out += mk.stdout
    results = None
    if mk.returncode == 0:
        g = subprocess.run([sys.executable, os.path.join(tree, "tools", "grade"), lab,
                            "--seed", str(seed)] + (["-t", ",".join(only)] if only else []),
                           cwd=tree, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        out += g.stdout
        path = os.path.join(tree, "build", "lab", lab, "results.json")
        if os.path.exists(path):
            with open(path) as f:
                results = json.load(f)
    with open(log, "w") as f:
        f.write(out)
    return results, out


def score_of(results):
    if not results:
        return None, None
    return (sum(t["score"] for t in results["tests"]),
            sum(t["max_score"] for t in results["tests"]))


def handout_points(lab_dir):
    """{test: points} from the handout's table (rows '| name | ... | N |')."""
    table = {}
    with open(os.path.join(lab_dir, "handout.md")) as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and cells[-1].isdigit():
                table[cells[0]] = int(cells[-1])
    return table


def check_handout(name, lab_dir):
    """The handout's points table must say what grade.py gives."""
    graded = {t.__name__[len("test_"):]: t.points for t in load_tests(lab_dir)}
    shown = handout_points(lab_dir)
    if graded != shown:
        return ["%s: handout.md's points table %s differs from grade.py's %s"
                % (name, sorted(shown.items()), sorted(graded.items()))]
    return []


def check_lab(name, lab_dir, meta, seeds):
    problems = check_handout(name, lab_dir)
    os.makedirs(WORK, exist_ok=True)
    row = {"lab": name, "tests": "?", "reference": "", "skeleton": "", "mutants": ""}

    # The reference, on each seed.
    ref_scores = []
    for seed in seeds:
        res, out = run_grade(ROOT, name, seed, os.path.join(WORK, "%s-ref-%d.log" % (name, seed)))
        got, total = score_of(res)
        row["tests"] = len(res["tests"]) if res else "?"
        ref_scores.append("%s/%s" % (got, total))
        if got is None or got != total:
            problems.append("%s: the reference scored %s/%s with SEED=%d (log: %s)"
                            % (name, got, total, seed,
                               os.path.relpath(os.path.join(WORK, "%s-ref-%d.log" % (name, seed)))))
    row["reference"] = " ".join(ref_scores)

    # The skeleton.
    skel = os.path.join(WORK, name + "-skeleton")
    shutil.rmtree(skel, ignore_errors=True)
    mklab.skeleton(name, skel)
    copy_build(skel)
    res, out = run_grade(skel, name, seeds[0], os.path.join(WORK, name + "-skeleton.log"))
    got, total = score_of(res)
    row["skeleton"] = "%s/%s" % (got, total) if res else "no result"
    if res is None:
        problems.append("%s: the skeleton did not build or grade (log: build/labci/%s-skeleton.log)"
                        % (name, name))
    else:
        infra = {t.__name__[5:] for t in load_tests(lab_dir) if t.infra}
        for t in res["tests"]:
            if t["score"] and t["name"] not in infra:
                problems.append("%s: the skeleton passes test %s" % (name, t["name"]))
        if got >= total:
            problems.append("%s: the skeleton scores full marks" % name)

    # The mutants.
    mdir = os.path.join(lab_dir, "mutants")
    patches = sorted(f for f in os.listdir(mdir) if f.endswith(".patch")) if os.path.isdir(mdir) else []
    caught = 0
    for p in patches:
        with open(os.path.join(mdir, p)) as f:
            text = f.read()
        m = re.search(r"^Fails:\s*(.+)$", text, re.M)
        want = m.group(1).split() if m else []
        tag = "%s-mutant-%s" % (name, p[:-len(".patch")])
        tree = os.path.join(WORK, tag)
        shutil.rmtree(tree, ignore_errors=True)
        copy_tree(tree)
        copy_build(tree)
        ap = subprocess.run(["patch", "-p1", "--no-backup-if-mismatch", "-i",
                             os.path.join(mdir, p)], cwd=tree,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if ap.returncode or not want:
            problems.append("%s: mutant %s: %s" % (name, p, "no 'Fails:' line" if not want
                                                   else "does not apply: " + ap.stdout.strip()))
            continue
        # Only the tests the mutant must fail: the others prove nothing
        # about it, and each is a boot.
        res, out = run_grade(tree, name, seeds[0], os.path.join(WORK, tag + ".log"), want)
        if res is None or res.get("build_status"):
            problems.append("%s: mutant %s does not build (log: build/labci/%s.log)"
                            % (name, p, tag))
            continue
        failed = {t["name"] for t in res["tests"] if t["score"] < t["max_score"]}
        missed = [t for t in want if t not in failed]
        if missed:
            problems.append("%s: mutant %s passes %s, which should catch it (log: build/labci/%s.log)"
                            % (name, p, " ".join(missed), tag))
        else:
            caught += 1
        shutil.rmtree(tree, ignore_errors=True)
    row["mutants"] = "%d/%d" % (caught, len(patches))
    return row, problems


def load_tests(lab_dir):
    import gradelib
    return gradelib.load_grader(lab_dir)


def main(argv):
    full = "--full" in argv
    names = [a for a in argv if not a.startswith("--")]
    problems = mklab.check()
    all_labs = mklab.labs()
    selected = names or list(all_labs)
    rng = random.SystemRandom()
    seeds = [rng.randrange(1, 1 << 31) for _ in range(3 if full else 2)]
    rows, passed, failed = [], 0, 0
    for name in selected:
        name, (lab_dir, meta) = mklab.find_lab(name)
        print("labs-check: %s (SEED=%s)" % (name, " ".join(map(str, seeds))), flush=True)
        row, p = check_lab(name, lab_dir, meta, seeds)
        rows.append(row)
        for line in p:
            print("  " + line, flush=True)
        problems += p
        if p:
            failed += 1
        else:
            passed += 1
    print()
    print("%-12s %6s  %-16s %-10s %s" % ("lab", "tests", "reference", "skeleton", "mutants caught"))
    for r in rows:
        print("%-12s %6s  %-16s %-10s %s" % (r["lab"], r["tests"], r["reference"], r["skeleton"],
                                           r["mutants"]))
    if problems and not failed:
        failed = 1      # marker problems belong to no single lab
    print("labs-check: %d passed, %d failed" % (passed, failed))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
