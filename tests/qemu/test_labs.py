"""The labs' graders, proven (tools/labci.py) in its quick mode: for each
lab, the skeleton builds and fails every graded test, the reference gets
full marks on a random seed, and every known-wrong solution in
labs/NN-NAME/mutants/ fails the tests its "Fails:" line names. `make
labs-check` runs the same with a table and two seeds; `make labs-check
FULL=1` uses three."""

import random

import labci
import mklab
from qemu import fail


def _lab_test(name):
    def test(_name=name):
        lab, (lab_dir, meta) = mklab.find_lab(_name)
        seeds = [random.SystemRandom().randrange(1, 1 << 31)]
        row, problems = labci.check_lab(lab, lab_dir, meta, seeds)
        if problems:
            fail("lab %s (SEED=%s): %s\n(reference %s, skeleton %s, mutants caught %s)"
                 % (lab, " ".join(map(str, seeds)), "\n".join(problems), row["reference"],
                    row["skeleton"], row["mutants"]))
    test.__name__ = "test_lab_%s_grader_fails_skeleton_and_mutants_passes_reference" % name
    return test


def test_lab_markers_are_sound():
    problems = mklab.check()
    if problems:
        fail("tools/mklab.py check:\n" + "\n".join(problems))


for _name in mklab.labs():
    _t = _lab_test(_name)
    globals()[_t.__name__] = _t
