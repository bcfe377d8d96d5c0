# modlab: build, run and test the kernel.
#
#   make            build/kernel.elf (and everything it boots with)
#   make modules    build/modules/*.ko; make -C <tree> M=<dir>: modules outside the tree
#   make iso        build/boot.iso, a GRUB rescue image
#   make run        boot the ISO in QEMU, serial console on this terminal
#   make run-vga    the same with a VGA window
#   make gdb        QEMU halted with its gdb stub; gdb reads .gdbinit
#   make check      host unit tests, then QEMU integration tests
#   make bench      boot-time and other figures
#   make bench-linux  the same figures for Debian's Linux in the same QEMU
#   make clean

SMP ?= 4
MEM ?= 256

# --- toolchain ---------------------------------------------------------------
# Prefer a bare-metal i686-elf toolchain, then Debian's i686-linux-gnu one.
# Without either, assume Debian's, which tools/setup installs.
ifeq ($(origin CROSS),undefined)
CROSS := $(if $(shell command -v i686-elf-gcc 2>/dev/null),i686-elf-,i686-linux-gnu-)
endif

CC      := $(CROSS)gcc
LD      := $(CROSS)ld
NM      := $(CROSS)nm
OBJCOPY := $(CROSS)objcopy
HOSTCC  ?= gcc
PYTHON  ?= python3
QEMU    ?= qemu-system-i386

B := build

# The kernel sees only its own headers and the compiler's freestanding ones
# (stdarg.h, stddef.h, stdint.h, stdbool.h): -nostdinc keeps host headers out.
GCC_INCLUDE = $(shell $(CC) -print-file-name=include 2>/dev/null)

BASE_CFLAGS := -std=gnu11 -m32 -march=i686 -O2 -g \
	-ffreestanding -fno-pie -fno-pic -fno-common -fno-stack-protector \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls -fno-delete-null-pointer-checks \
	-fno-asynchronous-unwind-tables -mgeneral-regs-only -mno-red-zone \
	-nostdinc -isystem $(GCC_INCLUDE) -Iinclude -D__KERNEL__
# The kernel and in-tree modules: every warning is an error.
CFLAGS := $(BASE_CFLAGS) -Wall -Wextra -Werror -Wno-unused-parameter -MMD -MP $(EXTRA_CFLAGS)
# External modules (M=) get Linux's default warning set: printed, not
# fatal, with the few Linux makes errors; W=1 adds -Wextra's extra
# warnings, W=e makes every warning an error, as in Linux.
EXTMOD_WARN := -Wall -Wundef -Wno-trigraphs -Wno-format-security -Wvla -Wno-pointer-sign \
	-Wno-maybe-uninitialized -Werror=implicit-function-declaration -Werror=implicit-int \
	-Werror=return-type -Werror=strict-prototypes -Werror=incompatible-pointer-types \
	-Werror=date-time \
	$(if $(findstring 1,$(W)),-Wextra -Wunused -Wno-unused-parameter -Wmissing-prototypes \
		-Wmissing-declarations -Wold-style-definition) \
	$(if $(findstring e,$(W)),-Werror)
EXTMOD_CFLAGS := $(BASE_CFLAGS) $(EXTMOD_WARN) -MMD -MP
ASFLAGS := -m32 -g -nostdinc -Iinclude -D__ASSEMBLY__ -MMD -MP
LDFLAGS := -m elf_i386 -nostdlib -static -T boot/linker.ld --no-warn-rwx-segments -z noexecstack

# --- kernel sources ------------------------------------------------------------
KERNEL_SRCS := $(wildcard boot/*.S) \
	$(wildcard arch/x86/*.c arch/x86/*.S) \
	$(wildcard kernel/*.c kernel/*/*.c) \
	$(wildcard fs/*.c fs/*/*.c) \
	$(wildcard drivers/*/*.c) \
	$(wildcard drivers/*/*/*.c) \
	$(wildcard tests/kernel/*.c)
KERNEL_OBJS := $(patsubst %,$(B)/obj/%.o,$(basename $(KERNEL_SRCS)))

.DELETE_ON_ERROR:
.PHONY: all iso run run-vga gdb check unit bench clean setup labs lab-skeleton grade lab-run labs-check
all: $(B)/kernel.elf

# The targets a newcomer types first install missing tools, then build.
SUBMAKE = $(MAKE) --no-print-directory
setup:
	@tools/setup

# V=1 shows whole commands.
Q := $(if $(V),,@)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(B)/obj/%.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(ASFLAGS) -c $< -o $@

# The symbol table for oops backtraces is made from the linked kernel itself:
# link once with an empty table, list the symbols, link again with them.
# The table lives in the last section of the image, so filling it in moves no
# other symbol: the recipe checks that (only the table and _kernel_end move).
$(B)/kallsyms0.S: tools/kallsyms.py
	@mkdir -p $(B)
	$(PYTHON) tools/kallsyms.py --empty > $@

$(B)/kernel.pass1.elf: $(KERNEL_OBJS) $(B)/obj/kallsyms0.o boot/linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJS) $(B)/obj/kallsyms0.o

$(B)/obj/kallsyms0.o: $(B)/kallsyms0.S
	$(CC) $(ASFLAGS) -c $< -o $@

$(B)/kallsyms.S: $(B)/kernel.pass1.elf tools/kallsyms.py
	$(NM) -n -S $< | $(PYTHON) tools/kallsyms.py > $@

$(B)/obj/kallsyms.o: $(B)/kallsyms.S
	$(CC) $(ASFLAGS) -c $< -o $@

$(B)/kernel.elf: $(KERNEL_OBJS) $(B)/obj/kallsyms.o boot/linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJS) $(B)/obj/kallsyms.o
	$(NM) -n $(B)/kernel.pass1.elf | grep -v -e kallsyms -e _kernel_end > $(B)/syms.pass1
	$(NM) -n $@ | grep -v -e kallsyms -e _kernel_end > $(B)/syms.pass2
	@cmp -s $(B)/syms.pass1 $(B)/syms.pass2 || \
		{ echo "kallsyms: symbol addresses moved between link passes"; exit 1; }

# --- modules -------------------------------------------------------------------
# Loadable modules (.ko), built the way Linux's kbuild builds them. Each
# in-tree module has a directory modules/NAME/ with its sources and a Kbuild
# file in Linux's syntax:
#	obj-m += NAME.o			one object, from NAME.c
#	NAME-objs := a.o b.o		or several (NAME-y += a.o ... too)
#	ccflags-y += -DDEBUG		extra compiler flags (optional)
# tools/kbuild.mk reads the Kbuild files (in a make of its own, so they
# cannot clash with this file). For each module:
#   build/modules/NAME/a.o	each source compiled with the kernel's CFLAGS
#				and -DMODULE -DKBUILD_MODNAME='"NAME"'
#   build/modules/NAME/NAME.o	the module's objects linked into one (ld -r)
#   build/Module.symvers	tools/modpost.py, once for all modules: checks
#				each one's undefined symbols against the kernel's
#				and the modules' exports (an error, as in Linux),
#				writes NAME.mod.c (vermagic, name, depends=, struct
#				module) and lists every export
#   build/modules/NAME.ko	NAME.o + NAME.mod.o, linked with ld -r: the
#				kernel's loader does the final link, so the
#				relocations stay (and so do the debug sections)
# Each .ko goes into /lib/modules/ of one archive (see the initrd block).
#
# External modules, as in Linux: make -C <this tree> M=<dir> [modules|clean]
# reads <dir>/Kbuild (or else <dir>/Makefile, with KERNELRELEASE set), builds
# with this tree's flags and headers, checks against build/Module.symvers
# (so the tree must be built first) and leaves NAME.ko and the intermediate
# files in <dir>, with <dir>/Module.symvers listing its modules' exports.
# KBUILD_EXTRA_SYMBOLS names other Module.symvers files to link against.
#
# make KBUILD_MODPOST_WARN=1 makes undefined symbols warnings, as in Linux.
# MODPOST_ALLOW_GPL_VIOLATION names test modules allowed to use GPL-only
# exports without a GPL licence: the build warns, the kernel must refuse them.
MODPOST := $(PYTHON) tools/modpost.py
MODPOST_ALLOW_GPL_VIOLATION := gplonly_user
MODPOST_FLAGS = $(if $(KBUILD_MODPOST_WARN),--warn-undefined) \
	$(addprefix --allow-gpl-violation ,$(MODPOST_ALLOW_GPL_VIOLATION))

define newline


endef

# $(call kbuild_read,DIRS): define KBUILD_MODS (the modules the directories'
# Kbuild files ask for) and, for each module NAME, NAME.dir, NAME.objs and
# NAME.ccflags. tools/kbuild.mk ends each line with @@ ($(shell) joins lines).
# PWD is handed on as it is: the shell $(shell) starts would reset it to this
# directory, and Makefiles such as LDD3's name their headers from $(PWD).
# So are the variables set on the command line (MAKEOVERRIDES), as Linux's
# kbuild sees them: LDD3's Makefiles pass LDDINCDIR=... that way.
kbuild_read = $(eval $(subst @@,$(newline),$(shell PWD='$(PWD)' MAKEFLAGS= $(MAKE) -s --no-print-directory \
	$(MAKEOVERRIDES) \
	-f tools/kbuild.mk KBUILD_DIRS="$(1)")))$(if $(filter 0,$(.SHELLSTATUS)),,$(error \
	cannot read the Kbuild files of $(1)))

# $(call module_rules,NAME,OBJDIR,KO,SYMVERS): the rules for one module,
# with its objects in OBJDIR, linked into KO, checked by the modpost run
# that makes SYMVERS.
define module_rules
$(1).objfiles := $$(addprefix $(2)/,$$($(1).objs))
$(1).sobjs := $$(foreach o,$$($(1).objs),$$(if $$(wildcard $$($(1).dir)/$$(o:.o=.S)),$(2)/$$(o)))
$(1).cobjs := $$(filter-out $$($(1).sobjs),$$($(1).objfiles))
$(1).prelinked := $(2)/$(1).o
MODULE_DEPFILES += $$($(1).objfiles:.o=.d) $(2)/$(1).mod.d

ifneq ($$($(1).cobjs),)
$$($(1).cobjs): $(2)/%.o: $$($(1).dir)/%.c
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  CC [M]  $$<")
	$$(Q)$$(CC) $$(MODULE_CFLAGS) $$($(1).ccflags) -DMODULE \
		-DKBUILD_MODNAME='"$(subst -,_,$(1))"' -c $$< -o $$@
endif
ifneq ($$($(1).sobjs),)
$$($(1).sobjs): $(2)/%.o: $$($(1).dir)/%.S
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  AS [M]  $$<")
	$$(Q)$$(CC) $$(ASFLAGS) $$($(1).ccflags) -DMODULE -c $$< -o $$@
endif
ifneq ($$($(1).objs),$(1).o)
$(2)/$(1).o: $$($(1).objfiles)
	@$$(if $$(Q),echo "  LD [M]  $$@")
	$$(Q)$$(LD) -m elf_i386 -r -o $$@ $$^
endif

# modpost writes NAME.mod.c (only when its text changes).
$(2)/$(1).mod.c: $(4) ;

$(2)/$(1).mod.o: $(2)/$(1).mod.c
	@$$(if $$(Q),echo "  CC [M]  $$<")
	$$(Q)$$(CC) $$(CFLAGS) -DMODULE -DKBUILD_MODNAME='"$(subst -,_,$(1))"' -c $$< -o $$@

$(3): $(2)/$(1).o $(2)/$(1).mod.o
	@$$(if $$(Q),echo "  LD [M]  $$@")
	$$(Q)$$(LD) -m elf_i386 -r -o $$@ $$^
endef

# OBJECT=SHOWN for each module, as modpost takes them.
modpost_args = $(foreach m,$(KBUILD_MODS),$($(m).prelinked)=$($(m).dir)/$(m).ko)

.PHONY: modules
MODULE_CFLAGS = $(CFLAGS)
ifeq ($(M),)
# In-tree: modules/*/ into build/modules/.
MODULE_DIRS := $(patsubst %/Kbuild,%,$(wildcard modules/*/Kbuild))
$(if $(MODULE_DIRS),$(call kbuild_read,$(MODULE_DIRS)))
MODULES := $(foreach m,$(KBUILD_MODS),$(B)/modules/$(m).ko)
intree_rules = $(call module_rules,$(1),$(B)/modules/$(1),$(B)/modules/$(1).ko,$(B)/Module.symvers)
$(foreach m,$(KBUILD_MODS),$(eval $(call intree_rules,$(m))))

all: modules
modules: $(MODULES) $(B)/Module.symvers

$(B)/Module.symvers: $(B)/kernel.elf $(foreach m,$(KBUILD_MODS),$($(m).prelinked)) tools/modpost.py
	@$(if $(Q),echo "  MODPOST $@")
	$(Q)$(MODPOST) $(MODPOST_FLAGS) --kernel $(B)/kernel.elf --symvers-out $@ $(modpost_args)
else
# External: M=<dir>, built in <dir> (named relative to this tree if inside it).
KBUILD_EXTMOD := $(patsubst $(CURDIR)/%,%,$(abspath $(M)))
MODULE_CFLAGS = $(EXTMOD_CFLAGS) $(EXTRA_CFLAGS)
$(call kbuild_read,$(KBUILD_EXTMOD))
EXT_MODULES := $(foreach m,$(KBUILD_MODS),$(KBUILD_EXTMOD)/$(m).ko)
EXT_SYMVERS := $(KBUILD_EXTMOD)/Module.symvers
ext_rules = $(call module_rules,$(1),$(KBUILD_EXTMOD),$(KBUILD_EXTMOD)/$(1).ko,$(EXT_SYMVERS))
$(foreach m,$(KBUILD_MODS),$(eval $(call ext_rules,$(m))))

.DEFAULT_GOAL := modules
ifneq ($(filter-out clean,$(or $(MAKECMDGOALS),modules)),)
ifeq ($(wildcard $(B)/Module.symvers),)
$(error $(B)/Module.symvers is missing: build the kernel first (make -C $(CURDIR)))
endif
endif

modules: $(EXT_MODULES)

$(EXT_SYMVERS): $(B)/Module.symvers $(KBUILD_EXTRA_SYMBOLS) \
		$(foreach m,$(KBUILD_MODS),$($(m).prelinked)) tools/modpost.py
	@$(if $(Q),echo "  MODPOST $@")
	$(Q)$(MODPOST) $(MODPOST_FLAGS) --symvers-in $(B)/Module.symvers \
		$(addprefix --symvers-in ,$(KBUILD_EXTRA_SYMBOLS)) --symvers-out $@ $(modpost_args)

clean:
	rm -f $(sort $(foreach m,$(KBUILD_MODS),$($(m).objfiles) $($(m).objfiles:.o=.d) \
		$(addprefix $(KBUILD_EXTMOD)/$(m),.o .mod.c .mod.o .mod.d .ko))) $(EXT_SYMVERS)
endif

# --- GRUB image ----------------------------------------------------------------
iso: $(B)/boot.iso
$(B)/boot.iso: $(B)/kernel.elf $(B)/initrd.cpio boot/grub.cfg
	@rm -rf $(B)/iso && mkdir -p $(B)/iso/boot/grub
	cp $(B)/kernel.elf $(B)/iso/boot/kernel.elf
	cp $(B)/initrd.cpio $(B)/iso/boot/initrd.cpio
	cp boot/grub.cfg $(B)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/iso 2>$(B)/grub-mkrescue.log || \
		{ cat $(B)/grub-mkrescue.log; exit 1; }

# --- running -------------------------------------------------------------------
QEMU_FLAGS := -smp $(SMP) -m $(MEM) -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=4

run: setup
	@$(SUBMAKE) $(B)/boot.iso
	$(QEMU) $(QEMU_FLAGS) -cdrom $(B)/boot.iso -nographic

run-vga: setup
	@$(SUBMAKE) $(B)/boot.iso
	$(QEMU) $(QEMU_FLAGS) -cdrom $(B)/boot.iso -serial stdio

gdb: setup
	@$(SUBMAKE) $(B)/kernel.elf $(B)/initrd.cpio
	@echo "QEMU is halted with a gdb stub on :1234; in another terminal run: gdb -x .gdbinit"
	$(QEMU) $(QEMU_FLAGS) -kernel $(B)/kernel.elf \
		-initrd $(B)/initrd.cpio$(if $(LAB),$(comma)$$($(PYTHON) tools/grade $(LAB) --build-only)) \
		-nographic -s -S

# --- labs ------------------------------------------------------------------------
# labs/NN-NAME/: handout, grader (grade.py), known-wrong solutions (mutants/);
# the reference solutions sit in the tree between LAB(NAME) markers
# (tools/mklab.py). A lab's student tree has conf/lab.mk, which sets LAB.
-include conf/lab.mk
comma := ,
lab_usage = { echo "usage: make $@ LAB=NAME$(1)   (make labs lists them)"; exit 2; }

labs:
	@$(PYTHON) tools/mklab.py list

lab-skeleton:
	@test -n "$(LAB)" -a -n "$(OUT)" || $(call lab_usage, OUT=DIR)
	$(PYTHON) tools/mklab.py skeleton $(LAB) $(OUT)

grade: setup
	@test -n "$(LAB)" || $(call lab_usage, [SEED=N] [T=TEST])
	@$(SUBMAKE) all
	$(PYTHON) tools/grade $(LAB) $(if $(SEED),--seed $(SEED)) $(if $(T),-t $(T))

lab-run: setup
	@test -n "$(LAB)" || $(call lab_usage, [SMP=N])
	@$(SUBMAKE) all
	$(QEMU) $(QEMU_FLAGS) -kernel $(B)/kernel.elf \
		-initrd $(B)/initrd.cpio,$$($(PYTHON) tools/grade $(LAB) --build-only) -nographic

labs-check: setup
	@$(SUBMAKE) all
	$(PYTHON) tools/labci.py $(if $(FULL),--full)$(if $(QUICK),--quick) $(LAB)

# --- tests ---------------------------------------------------------------------
# Host unit tests compile kernel code with the host compiler and sanitizers;
# tests/unit/host.h renames the kernel's libc-like symbols out of libc's way.
HOST_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-builtin -include tests/unit/host.h -Itests/unit/include -Iinclude -Itests/unit -Wall -Wextra -Werror \
	-Wno-unused-parameter
UNIT_TESTS := $(B)/host/test_vsprintf $(B)/host/test_string $(B)/host/test_slab \
	$(B)/host/test_madt $(B)/host/test_mptable $(B)/host/test_sscanf

$(B)/host/test_vsprintf: tests/unit/test_vsprintf.c kernel/lib/vsprintf.c kernel/lib/string.c
$(B)/host/test_string: tests/unit/test_string.c kernel/lib/string.c
$(B)/host/test_slab: tests/unit/test_slab.c tests/unit/mm_host.c tests/unit/kernel_host.c \
	kernel/mm/slab.c kernel/lib/string.c kernel/lib/vsprintf.c
$(B)/host/test_sscanf: tests/unit/test_sscanf.c kernel/lib/sscanf.c tests/unit/mm_host.c \
	tests/unit/kernel_host.c kernel/mm/slab.c kernel/lib/string.c kernel/lib/vsprintf.c
$(B)/host/test_madt: tests/unit/test_madt.c tests/unit/printk_host.c arch/x86/madt.c \
	kernel/lib/string.c kernel/lib/vsprintf.c
$(B)/host/test_mptable: tests/unit/test_mptable.c tests/unit/printk_host.c arch/x86/mptable.c \
	kernel/lib/string.c kernel/lib/vsprintf.c

# Path helpers and the cpio parser; test_cpio also reads build/initrd.cpio.
UNIT_TESTS += $(B)/host/test_path $(B)/host/test_cpio
$(B)/host/test_path: tests/unit/test_path.c fs/path.c kernel/lib/string.c
$(B)/host/test_cpio: tests/unit/test_cpio.c tests/unit/printk_host.c fs/cpio.c \
	kernel/lib/string.c kernel/lib/vsprintf.c | $(B)/initrd.cpio
# Red-black trees (kernel/lib/rbtree.c).
UNIT_TESTS += $(B)/host/test_rbtree
$(B)/host/test_rbtree: tests/unit/test_rbtree.c kernel/lib/rbtree.c
# The shell's command-line parser.
UNIT_TESTS += $(B)/host/test_shell_parse
$(B)/host/test_shell_parse: tests/unit/test_shell_parse.c kernel/shell/parse.c \
	kernel/lib/string.c kernel/lib/vsprintf.c
$(UNIT_TESTS): tests/unit/unit.h tests/unit/host.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -MF $@.d $(filter %.c,$^) -o $@

unit: $(UNIT_TESTS)
	$(PYTHON) tools/check --unit $(UNIT_TESTS)

check: setup
	@$(SUBMAKE) $(B)/kernel.elf $(B)/boot.iso $(UNIT_TESTS) $(FUZZERS) debug-kernel \
		$(B)/tests.cpio $(B)/romfs.img $(B)/romfs-corrupt.img
	$(PYTHON) tools/check --unit $(UNIT_TESTS) $(FUZZ_CHECK) --qemu

# --- kernels for the module unload race test --------------------------------
# build/debug/kernel.elf widens try_module_get's window and poisons and
# unmaps freed module memory (tests/qemu/test_modrace.py runs on it).
# `make race-demo` builds build/broken/kernel.elf, whose try_module_get is
# split on purpose, and shows the same test catching it.
DEBUG_KERNEL_FLAGS  := -DCONFIG_DEBUG_MODULE_REF_WINDOW=1 -DCONFIG_DEBUG_MODULE_FREE=1
BROKEN_KERNEL_FLAGS := -DCONFIG_DEBUG_MODULE_REF_BROKEN=1 -DCONFIG_DEBUG_MODULE_FREE=1
.PHONY: debug-kernel broken-kernel race-demo
debug-kernel:
	@$(SUBMAKE) B=$(B)/debug EXTRA_CFLAGS="$(DEBUG_KERNEL_FLAGS)" $(B)/debug/kernel.elf
broken-kernel:
	@$(SUBMAKE) B=$(B)/broken EXTRA_CFLAGS="$(BROKEN_KERNEL_FLAGS)" $(B)/broken/kernel.elf
race-demo: setup
	@$(SUBMAKE) $(B)/initrd.cpio $(B)/tests.cpio broken-kernel
	MODLAB_RACE_KERNEL=$(B)/broken/kernel.elf $(PYTHON) tools/check --qemu -k modrace -v

# --- fuzzing -------------------------------------------------------------------
# libFuzzer harnesses in tests/fuzz/, built with clang and the sanitizers.
# `make fuzz` runs each harness for FUZZ_TIME seconds; `make check` gives each
# harness a short run through tests/fuzz/short_run, which reports to
# tools/check like a unit-test binary, so the count includes it.
FUZZ_CC   ?= clang
FUZZ_TIME ?= 300
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-builtin -include tests/unit/host.h -Itests/unit/include -Iinclude -Itests/unit \
	-Wall -Wextra -Werror -Wno-unused-parameter
FUZZERS    := $(B)/fuzz/fuzz_cpio $(B)/fuzz/fuzz_module $(B)/fuzz/fuzz_shell_parse
FUZZ_CHECK := tests/fuzz/short_run

$(B)/fuzz/fuzz_cpio: tests/fuzz/fuzz_cpio.c fs/cpio.c tests/unit/printk_host.c \
	kernel/lib/string.c kernel/lib/vsprintf.c tests/unit/host.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -MF $@.d $(filter %.c,$^) -o $@

$(B)/fuzz/fuzz_shell_parse: tests/fuzz/fuzz_shell_parse.c kernel/shell/parse.c \
	kernel/lib/string.c kernel/lib/vsprintf.c tests/unit/host.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -MF $@.d $(filter %.c,$^) -o $@

# The module loader's checks and linker, built for i386 (-m32) as the kernel
# is, so that struct module and the loader's 32-bit addresses have the
# kernel's sizes (clang finds the 32-bit C++ runtime libFuzzer needs through
# the cross toolchain's g++). -D__ssize_t_defined leaves ssize_t to
# linux/types.h, which says long where i386 glibc says int. Not checked:
# alignment (elf.c reads symbols and relocations in place, at whatever file
# offset the image gives; x86 allows it) and pointer-overflow (elf.c forms
# &sechdrs[sh_info] before knowing the section is a REL one; never used).
$(B)/fuzz/fuzz_module: tests/fuzz/fuzz_module.c kernel/module/elf.c arch/x86/module.c \
	tests/unit/printk_host.c kernel/lib/string.c kernel/lib/vsprintf.c tests/unit/host.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -m32 -D__ssize_t_defined -fno-sanitize=alignment,pointer-overflow \
		-MMD -MP -MF $@.d $(filter %.c,$^) -o $@

.PHONY: fuzz
fuzz: setup
	@$(SUBMAKE) $(FUZZERS)
	@set -e; for name in $(notdir $(FUZZERS)); do \
		what=$${name#fuzz_}; \
		mkdir -p $(B)/fuzz/corpus_$$what; \
		echo "$$name: $(FUZZ_TIME) s"; \
		$(B)/fuzz/$$name -max_total_time=$(FUZZ_TIME) -timeout=5 -print_final_stats=1 \
			-dict=tests/fuzz/$$what.dict -artifact_prefix=$(B)/fuzz/ \
			$(B)/fuzz/corpus_$$what tests/fuzz/corpus_$$what; \
	done

# `make bench` prints, each table with the machine, QEMU, the host's load
# and the number of runs: boot to the prompt with the default initrd against
# the floor kernel (tools/bench/boot.py); insmod+rmmod at the shell and
# QEMU's CPU time per pair, quiet host and beside a CPU hog (shell.py);
# in-kernel SMP timings (smp.py); module load, unload and reference counts
# (modules.py, with build/bench.cpio). `make bench-linux` measures Debian's
# Linux in the same QEMU the same way, beside modlab (tools/bench/linux.py):
# it downloads two Debian packages with apt-get, so make check never runs it.
bench: setup
	@$(SUBMAKE) $(B)/kernel.elf $(B)/initrd.cpio $(B)/bench.cpio
	@status=0; \
	$(PYTHON) tools/bench/boot.py || status=1; echo; \
	$(PYTHON) tools/bench/shell.py || status=1; echo; \
	$(PYTHON) tools/bench/smp.py || status=1; echo; \
	$(PYTHON) tools/bench/modules.py || status=1; \
	exit $$status

.PHONY: bench-linux
bench-linux: setup
	@$(SUBMAKE) $(B)/kernel.elf $(B)/initrd.cpio
	$(PYTHON) tools/bench/linux.py

# --- initrd ------------------------------------------------------------------
# Three cpio newc archives, each unpacked into / at boot by the kernel when
# it is given as a loader module (-initrd a.cpio,b.cpio; later ones add
# files to the tree the earlier ones made):
#   build/initrd.cpio	what a user needs, and all that `make run` and the
#			GRUB image boot with: initrd/ (the greeting, a few
#			files to try the file commands on, the docs) and the
#			modules in /lib/modules/ that a user loads: the
#			examples, the filesystems, the drivers
#   build/tests.cpio	test material, for the QEMU tests that need it
#			(tests/qemu/ add it with -initrd): the modules that
#			only tests load, and the damaged module images
#   build/bench.cpio	the modules only `make bench` loads
# Keeping the test images out of the default archive keeps a user's boot
# short: unpacking is copying, and the module images are megabytes.
# Each module goes into one archive, decided here by name:
#   tests: hammer		the threads that take references for the
#				reference-count and unload race tests
#	   workqueue_test	the system workqueue's checks, a test
#   bench: bench_relocs		2000 relocations, for `bench modules`
# Every other module in modules/ is for users (each says what it teaches;
# refmod shows rmmod --wait and -f by hand, so it stays too).
TEST_MODULE_NAMES  := hammer workqueue_test
BENCH_MODULE_NAMES := bench_relocs
TEST_MODULES  := $(filter $(addprefix $(B)/modules/,$(addsuffix .ko,$(TEST_MODULE_NAMES))),$(MODULES))
BENCH_MODULES := $(filter $(addprefix $(B)/modules/,$(addsuffix .ko,$(BENCH_MODULE_NAMES))),$(MODULES))
USER_MODULES  := $(filter-out $(TEST_MODULES) $(BENCH_MODULES),$(MODULES))

# Each archive is packed from a staging tree $(B)/cpio/NAME/ that NAME_STAGE
# fills (its copy commands) from NAME_DEPS (its files). The archives are
# reproducible: sorted names, owner root, modes without the umask's mark,
# every mtime SOURCE_DATE_EPOCH, inodes renumbered.
SOURCE_DATE_EPOCH ?= 0
INITRD_DEPS  := $(shell find initrd) $(USER_MODULES)
INITRD_STAGE := cp -R initrd/. $(B)/cpio/initrd/;
TESTS_DEPS   := $(TEST_MODULES)
TESTS_STAGE  :=
BENCH_DEPS   := $(BENCH_MODULES)
BENCH_STAGE  :=
ifneq ($(USER_MODULES),)
INITRD_STAGE += mkdir -p $(B)/cpio/initrd/lib/modules && cp $(USER_MODULES) $(B)/cpio/initrd/lib/modules/;
endif
ifneq ($(TEST_MODULES),)
TESTS_STAGE  += mkdir -p $(B)/cpio/tests/lib/modules && cp $(TEST_MODULES) $(B)/cpio/tests/lib/modules/;
endif
ifneq ($(BENCH_MODULES),)
BENCH_STAGE  += mkdir -p $(B)/cpio/bench/lib/modules && cp $(BENCH_MODULES) $(B)/cpio/bench/lib/modules/;
endif

# $(call pack_cpio,NAME,STAGE): the recipe that fills $(B)/cpio/NAME/ with
# the commands in the variable STAGE and packs it into $(B)/NAME.cpio.
define pack_cpio
	@rm -rf $(B)/cpio/$(1) && mkdir -p $(B)/cpio/$(1)
	$($(2))
	chmod -R u+rw,go-w,a+rX $(B)/cpio/$(1)
	find $(B)/cpio/$(1) -exec touch -h -d @$(SOURCE_DATE_EPOCH) {} +
	cd $(B)/cpio/$(1) && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort | \
		cpio -o -H newc -R 0:0 --reproducible --quiet > $(CURDIR)/$(B)/$(1).cpio.tmp
	mv $(B)/$(1).cpio.tmp $(B)/$(1).cpio
endef

.PHONY: initrds
initrds: $(B)/initrd.cpio $(B)/tests.cpio $(B)/bench.cpio
all: initrds
$(B)/initrd.cpio: $(INITRD_DEPS) Makefile
	$(call pack_cpio,initrd,INITRD_STAGE)
$(B)/tests.cpio: $(TESTS_DEPS) Makefile
	$(call pack_cpio,tests,TESTS_STAGE)
$(B)/bench.cpio: $(BENCH_DEPS) Makefile
	$(call pack_cpio,bench,BENCH_STAGE)

# --- hostile module images -------------------------------------------------------
# tests/modimg/gen_bad.py turns hello.ko into build/modimg/: a damaged copy
# for each check the loader makes, named after what is wrong (and a few
# good-*.ko that must still load), with a MANIFEST of the reason each must be
# refused for. They go into build/tests.cpio as /lib/modules/bad/, which
# `selftest module-bad-images` loads (tests/qemu/test_modimg.py). The images
# in build/modimg/bugs/ show loader bugs (see the README there); they go to
# /lib/modules/bugs/ in the same archive, for insmod by hand (boot with
# -initrd build/initrd.cpio,build/tests.cpio), and no test loads them.
# The archive's rule has already read TESTS_DEPS here, so the dependency
# goes on a rule line of its own; TESTS_STAGE is read when the rule runs.
ifeq ($(M),)
MODIMG_GOOD := $(B)/modules/hello.ko
$(B)/modimg/MANIFEST: tests/modimg/gen_bad.py $(MODIMG_GOOD)
	@rm -rf $(B)/modimg
	$(PYTHON) tests/modimg/gen_bad.py $(MODIMG_GOOD) $(B)/modimg --bugs $(B)/modimg/bugs
$(B)/tests.cpio: $(B)/modimg/MANIFEST
TESTS_STAGE += mkdir -p $(B)/cpio/tests/lib/modules/bad $(B)/cpio/tests/lib/modules/bugs && \
	cp $(B)/modimg/*.ko $(B)/cpio/tests/lib/modules/bad/ && \
	cp $(B)/modimg/bugs/*.ko $(B)/cpio/tests/lib/modules/bugs/;
endif

# --- romfs test images ----------------------------------------------------------
# build/romfs.img is tests/romfs/ packed by genromfs (tools/setup installs
# it); tests/qemu/test_blockfs.py gives it to QEMU as a RAM disk (a loader
# module named *.img becomes /dev/ramN) and as an IDE disk (-drive: hda).
# build/romfs-corrupt.img is a copy with four bytes of the root directory's
# header flipped (offsets 40-43), which mount must refuse.
ROMFS_SRCS := $(shell find tests/romfs)
all: $(B)/romfs.img $(B)/romfs-corrupt.img
$(B)/romfs.img: $(ROMFS_SRCS)
	@mkdir -p $(B)
	@command -v genromfs >/dev/null 2>&1 || tools/setup
	genromfs -f $@ -d tests/romfs -V modlab-test
$(B)/romfs-corrupt.img: $(B)/romfs.img
	$(PYTHON) -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); \
		b[40:44] = bytes(x ^ 0xff for x in b[40:44]); open(sys.argv[2], "wb").write(b)' $< $@

ifeq ($(M),)
clean:
	rm -rf $(B)
endif

-include $(KERNEL_OBJS:.o=.d) $(UNIT_TESTS:=.d) $(FUZZERS:=.d) $(MODULE_DEPFILES)
