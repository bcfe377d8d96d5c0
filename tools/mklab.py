#!/usr/bin/env python3
"""Lab regions: list the labs, write a lab's student tree, check the markers.

usage: tools/mklab.py list
       tools/mklab.py skeleton LAB OUT     write the student tree for LAB in OUT
       tools/mklab.py check                check every lab's markers and skeleton

The reference solution of every lab lives in the tree between markers. In C
and assembly:

    /* LAB(refcount) BEGIN: take a reference only while the module is live */
    ...reference code...
    /* LAB(refcount) SKEL
    	return false;
    */
    /* LAB(refcount) END */

and in Kbuild files, Makefiles and Python, with '#' lines:

    # LAB(params) BEGIN: link both objects into greeter.ko
    ...reference lines...
    # LAB(params) SKEL
    # greeter-objs := main.o
    # LAB(params) END

The student tree of LAB is the whole tree (as `git ls-files` lists it) in
which each region of LAB becomes a TODO line carrying the BEGIN's hint,
followed by the SKEL text (the placeholder that keeps the tree building),
while every other lab's regions keep their reference code, without the
markers. The SKEL block is optional and sits just before END.

`check` refuses: a BEGIN without END (or END without BEGIN), nested regions,
a SKEL outside a region, a lab name with no labs/NN-NAME/lab.toml, a region
in a file the lab's lab.toml does not list among `files`; and, for each
lab, a skeleton that still contains a region's reference code.
"""

import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABS = os.path.join(ROOT, "labs")

MARK = re.compile(r"^(?P<indent>\s*)(?:/\*|#)\s*LAB\((?P<lab>[a-z0-9_-]+)\)\s+"
                  r"(?P<kind>BEGIN|SKEL|END)\b:?\s*(?P<rest>.*?)\s*(?:\*/)?\s*$")


class MarkerError(Exception):
    pass


def labs():
    """{name: (directory, lab.toml as a dict)} for every labs/NN-NAME/."""
    found = {}
    if not os.path.isdir(LABS):
        return found
    for d in sorted(os.listdir(LABS)):
        conf = os.path.join(LABS, d, "lab.toml")
        if re.match(r"^\d\d-[a-z0-9_-]+$", d) and os.path.exists(conf):
            with open(conf, "rb") as f:
                meta = tomllib.load(f)
            found[meta["name"]] = (os.path.join(LABS, d), meta)
    return found


def find_lab(name):
    """A lab by name ('params') or number ('1', '01')."""
    all_labs = labs()
    if name in all_labs:
        return name, all_labs[name]
    for lab, (d, meta) in all_labs.items():
        if name.isdigit() and int(name) == meta["number"]:
            return lab, (d, meta)
    raise MarkerError("no lab '%s'; the labs are: %s" % (name, ", ".join(all_labs)))


def tree_files(root=ROOT):
    """The tree's files, as git knows them (tracked, or new and not ignored)."""
    out = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others",
                          "--exclude-standard"], stdout=subprocess.PIPE, check=True).stdout
    return sorted(p for p in out.decode().split("\0")
                  if p and os.path.isfile(os.path.join(root, p)))


def parse(path, text):
    """The file's lines and its regions: [(lab, hint, begin, skel, end)] as
    line indexes (skel is None without a SKEL block)."""
    lines = text.split("\n")
    regions, open_region = [], None
    for i, line in enumerate(lines):
        m = MARK.match(line)
        if not m:
            continue
        lab, kind = m.group("lab"), m.group("kind")
        where = "%s:%d" % (path, i + 1)
        if kind == "BEGIN":
            if open_region:
                raise MarkerError("%s: region inside the region begun at line %d"
                                  % (where, open_region[2] + 1))
            open_region = [lab, m.group("rest"), i, None]
        elif open_region is None or open_region[0] != lab:
            raise MarkerError("%s: LAB(%s) %s outside a LAB(%s) region" % (where, lab, kind, lab))
        elif kind == "SKEL":
            if open_region[3] is not None:
                raise MarkerError("%s: a second SKEL in one region" % where)
            open_region[3] = i
        else:
            regions.append((lab, open_region[1], open_region[2], open_region[3], i))
            open_region = None
    if open_region:
        raise MarkerError("%s:%d: LAB(%s) BEGIN without END"
                          % (path, open_region[2] + 1, open_region[0]))
    return lines, regions


def skel_lines(lines, skel, end):
    """The SKEL block's text: between SKEL and END, without the C comment's
    closing line or the '# ' of each line."""
    body = lines[skel + 1:end]
    if body and body[-1].strip() == "*/":
        body = body[:-1]
    if lines[skel].lstrip().startswith("#"):
        body = [re.sub(r"^(\s*)# ?", r"\1", b) for b in body]
    return body


def render(lines, regions, lab):
    """The file's text for lab's students: lab's regions replaced by their
    TODO and SKEL; other regions reduced to their reference code."""
    out, pos = [], 0
    for name, hint, begin, skel, end in regions:
        out += lines[pos:begin]
        ref_end = skel if skel is not None else end
        if name == lab:
            m = MARK.match(lines[begin])
            indent = m.group("indent")
            comment = "#" if lines[begin].lstrip().startswith("#") else "/*"
            todo = "TODO(%s): %s" % (lab, hint) if hint else "TODO(%s)" % lab
            width = 96 - len(indent.expandtabs(8))
            if comment == "#":
                out += [indent + "# " + l for l in textwrap.wrap(todo, width - 2)]
            else:
                parts = textwrap.wrap(todo, width - 3)
                if len(parts) == 1:
                    out.append(indent + "/* " + parts[0] + " */")
                else:
                    out.append(indent + "/* " + parts[0])
                    out += [indent + " * " + l for l in parts[1:]]
                    out.append(indent + " */")
            if skel is not None:
                out += skel_lines(lines, skel, end)
        else:
            out += lines[begin + 1:ref_end]
        pos = end + 1
    out += lines[pos:]
    return "\n".join(out)


def may_hold_regions(path):
    """Sources and build files; not this file's examples, nor the docs'."""
    base = os.path.basename(path)
    return (base.endswith((".c", ".h", ".S")) or base in ("Kbuild", "Makefile")
            or base.endswith(".mk"))


def marked_files(root=ROOT):
    """{path: (lines, regions)} for every file of the tree with a marker."""
    result = {}
    for p in tree_files(root):
        if not may_hold_regions(p):
            continue
        full = os.path.join(root, p)
        try:
            with open(full, encoding="utf-8") as f:
                text = f.read()
        except UnicodeDecodeError:
            continue
        if "LAB(" not in text:
            continue
        lines, regions = parse(p, text)
        if regions:
            result[p] = (lines, regions)
    return result


def skeleton(lab, out):
    """Write the student tree of lab into out; return the files changed."""
    name, (lab_dir, meta) = find_lab(lab)
    marked = marked_files()
    if os.path.exists(out) and os.listdir(out):
        raise MarkerError("%s exists and is not empty" % out)
    changed = []
    for p in tree_files():
        src, dst = os.path.join(ROOT, p), os.path.join(out, p)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if p in marked:
            lines, regions = marked[p]
            text = render(lines, regions, name)
            with open(dst, "w", encoding="utf-8") as f:
                f.write(text)
            shutil.copymode(src, dst)
            if any(r[0] == name for r in regions):
                changed.append(p)
            else:       # same bytes as far as the build cares: keep the time
                shutil.copystat(src, dst)
        else:
            shutil.copy2(src, dst)     # the time too, so a copied build/ stays valid
    os.makedirs(os.path.join(out, "conf"), exist_ok=True)
    with open(os.path.join(out, "conf", "lab.mk"), "w") as f:
        f.write("# This tree is the handout of one lab: 'make grade' grades it.\nLAB ?= %s\n" % name)
    return changed


def check():
    """Every problem with the markers, as a list of messages."""
    problems = []
    all_labs = labs()
    try:
        marked = marked_files()
    except MarkerError as e:
        return [str(e)]
    regions_of = {lab: [] for lab in all_labs}
    for p, (lines, regions) in marked.items():
        for lab, hint, begin, skel, end in regions:
            if lab not in all_labs:
                problems.append("%s:%d: unknown lab '%s'" % (p, begin + 1, lab))
                continue
            if p not in all_labs[lab][1].get("files", []):
                problems.append("%s:%d: LAB(%s) region in a file labs/%s/lab.toml does not list"
                                % (p, begin + 1, lab, os.path.basename(all_labs[lab][0])))
            regions_of[lab].append((p, lines, regions, begin, skel, end))
    for lab, (d, meta) in all_labs.items():
        if not regions_of[lab]:
            problems.append("lab %s has no region" % lab)
        for f in meta.get("files", []):
            if not os.path.exists(os.path.join(ROOT, f)):
                problems.append("lab %s lists %s, which does not exist" % (lab, f))
        for p, lines, regions, begin, skel, end in regions_of[lab]:
            text = render(lines, regions, lab)
            ref = [l.strip() for l in lines[begin + 1:skel if skel is not None else end]]
            code = "\n".join(l for l in ref if l and not l.startswith(("/*", "*", "//", "#")))
            flat = "\n".join(l.strip() for l in text.split("\n") if l.strip())
            if code and code in flat:
                problems.append("%s:%d: the skeleton of %s still holds the region's code"
                                % (p, begin + 1, lab))
    return problems


def main(argv):
    if len(argv) >= 1 and argv[0] == "list":
        for name, (d, meta) in labs().items():
            print("%-12s %s  (labs/%s)" % (name, meta["title"], os.path.basename(d)))
        return 0
    if len(argv) == 3 and argv[0] == "skeleton":
        try:
            changed = skeleton(argv[1], argv[2])
        except MarkerError as e:
            print("mklab: %s" % e, file=sys.stderr)
            return 1
        print("mklab: wrote %s; the lab's regions are in: %s" % (argv[2], " ".join(changed)))
        return 0
    if len(argv) == 1 and argv[0] == "check":
        problems = check()
        for p in problems:
            print("mklab: %s" % p)
        if not problems:
            print("mklab: the markers of %d lab(s) are sound" % len(labs()))
        return 1 if problems else 0
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
