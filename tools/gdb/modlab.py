"""gdb commands for debugging modlab, under the names Linux's gdb scripts use.

Loaded by the tree's .gdbinit (gdb -x .gdbinit). With the kernel stopped
under QEMU's gdb stub:

    lx-symbols [DIR...]   load the symbols of every loaded module, each .ko
                          at the addresses the kernel's loader chose, and
                          keep doing so for modules loaded later (before
                          their init runs, so `break my_init` works)
    lx-lsmod              the loaded modules: address, size, references, state
    lx-dmesg              the kernel log
    lx-ps                 every thread: pid, CPU, state, name

Everything is read from the kernel's own data through gdb's Python API: the
module list (kernel/module/main.c), each module's section table
(kernel/module/sections.c), the log ring (kernel/printk.c) and the thread
list (kernel/sched/core.c). Nothing is written to the target.
"""

import os

import gdb


def _static(name):
    """A variable of the kernel's by name, static or not."""
    sym = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
    if sym is None:
        raise gdb.GdbError("no symbol '%s': is build/kernel.elf loaded?" % name)
    return sym.value()


def _container_of(ptr, typename, member):
    """The struct typename whose field member is at address ptr."""
    stype = gdb.lookup_type(typename)
    offset = next(f.bitpos // 8 for f in stype.fields() if f.name == member)
    addr = _ulong(ptr) - offset
    return gdb.Value(addr).cast(stype.pointer())


def _list_entries(head, typename, member):
    """Each struct typename on the list whose head is the value head."""
    node = head["next"]
    end = head.address
    while _ulong(node) != _ulong(end):
        yield _container_of(node, typename, member)
        node = node["next"]


def modules():
    return _list_entries(_static("modules"), "struct module", "list")


def _ulong(value):
    return int(value.cast(gdb.lookup_type("unsigned long")))


def module_refcount(mod):
    """The sum of the per-CPU counters (best effort, as lsmod's)."""
    return sum(int(r["count"]["counter"]) for r in _array(mod["refs"]))


def _array(value):
    lo, hi = value.type.range()
    return [value[i] for i in range(lo, hi + 1)]


def module_sections(mod):
    """[(name, address, init)] from the module's section table."""
    sa = mod["sect_attrs"]
    if _ulong(sa) == 0:
        return []
    attrs = sa["attrs"]
    return [(attrs[i]["name"].string(), _ulong(attrs[i]["address"]), bool(attrs[i]["init"]))
            for i in range(int(sa["nsections"]))]


class LxSymbols(gdb.Command):
    """Load the symbols of the loaded modules: lx-symbols [DIR...]

Each module's NAME.ko is looked for (a '-' in a file name counts as '_', as
kmod does) in the directories given, then in the kernel's build tree
(build/modules and build/, beside build/kernel.elf) and in the labs. Each is added at the
addresses of its sections in the running kernel. A breakpoint on
module_debug_loaded() then loads every module inserted later, before its
init runs."""

    def __init__(self):
        super().__init__("lx-symbols", gdb.COMMAND_FILES, gdb.COMPLETE_FILENAME)
        self.dirs = []
        self.loaded = {}        # module name -> .ko path added to gdb
        self.breakpoint = None

    def _search_dirs(self):
        dirs = list(self.dirs)
        kernel = gdb.current_progspace().filename
        if kernel:
            build = os.path.dirname(os.path.abspath(kernel))
            dirs += [os.path.join(build, "modules"), build,
                     os.path.join(os.path.dirname(build), "labs")]
        return dirs

    def find_ko(self, name):
        for d in self._search_dirs():
            for root, _, files in os.walk(d):
                for f in files:
                    if f.endswith(".ko") and f[:-3].replace("-", "_") == name:
                        return os.path.join(root, f)
        return None

    def load_module(self, mod):
        name = mod["name"].string()
        path = self.find_ko(name)
        if path is None:
            gdb.write("lx-symbols: %s.ko not found in %s\n"
                      % (name, ", ".join(self._search_dirs())))
            return False
        sections = module_sections(mod)
        if not sections:
            gdb.write("lx-symbols: %s: the kernel recorded no sections\n" % name)
            return False
        text = next((a for n, a, _ in sections if n == ".text"), sections[0][1])
        others = " ".join("-s %s %#x" % (n, a) for n, a, _ in sections if n != ".text")
        if name in self.loaded:
            gdb.execute("remove-symbol-file %s" % self.loaded.pop(name), to_string=True)
        gdb.execute("add-symbol-file %s %#x %s" % (path, text, others), to_string=True)
        self.loaded[name] = path
        gdb.write("loading @%#x: %s\n" % (text, path))
        return True

    def invoke(self, arg, from_tty):
        self.dirs = [os.path.abspath(os.path.expanduser(d)) for d in gdb.string_to_argv(arg)]
        for name, path in list(self.loaded.items()):
            gdb.execute("remove-symbol-file %s" % path, to_string=True)
        self.loaded.clear()
        count = sum(1 for mod in modules() if self.load_module(mod))
        gdb.write("lx-symbols: symbols of %d module(s) loaded\n" % count)
        if self.breakpoint is None or not self.breakpoint.is_valid():
            self.breakpoint = LoadModuleBreakpoint(self)


class LoadModuleBreakpoint(gdb.Breakpoint):
    """Stops nothing: on each module load it adds that module's symbols."""

    def __init__(self, command):
        super().__init__("module_debug_loaded", internal=True)
        self.silent = True
        self.command = command

    def stop(self):
        mod = gdb.parse_and_eval("mod")
        self.command.load_module(mod)
        return False


class LxLsmod(gdb.Command):
    """List the loaded modules, as lsmod does: lx-lsmod"""

    def __init__(self):
        super().__init__("lx-lsmod", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        states = {0: "live", 1: "coming", 2: "going", 3: "unformed"}
        gdb.write("%-10s  %-20s %8s  %5s  %s\n" % ("Address", "Module", "Size", "Used", "State"))
        for mod in modules():
            core = mod["core"]
            state = int(mod["state"])
            gdb.write("%#010x  %-20s %8d  %5d  %s\n"
                      % (_ulong(core["base"]), mod["name"].string(), int(core["size"]),
                         module_refcount(mod), states.get(state, str(state))))


class LxDmesg(gdb.Command):
    """Print the kernel log ring: lx-dmesg"""

    def __init__(self):
        super().__init__("lx-dmesg", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        buf = _static("log_buf")
        size = buf.type.sizeof
        head = int(_static("log_head"))
        start = max(0, head - size)
        inferior = gdb.selected_inferior()
        base = _ulong(buf.address)
        data = b""
        for off in range(start, head, 4096):
            n = min(4096, head - off)
            first = min(n, size - off % size)
            data += bytes(inferior.read_memory(base + off % size, first))
            if first < n:
                data += bytes(inferior.read_memory(base, n - first))
        text = data.decode("utf-8", "replace")
        if start:               # the oldest line was cut by the ring: drop it
            text = text[text.find("\n") + 1:]
        gdb.write(text)


class LxPs(gdb.Command):
    """List every thread: lx-ps"""

    def __init__(self):
        super().__init__("lx-ps", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        states = {0: "R", 1: "S", 2: "D", 0x40: "X"}
        gdb.write("%-10s %5s %3s %5s  %s\n" % ("TASK", "PID", "CPU", "STATE", "COMM"))
        for t in _list_entries(_static("task_list"), "struct task_struct", "tasks"):
            state = int(t["state"])
            gdb.write("%#010x %5d %3d %5s  %s\n"
                      % (_ulong(t), int(t["pid"]), int(t["cpu"]), states.get(state, hex(state)),
                         t["comm"].string()))


LxSymbols()
LxLsmod()
LxDmesg()
LxPs()
