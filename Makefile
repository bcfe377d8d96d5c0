# modlab: build, run and test the kernel.
#
#   make            build/kernel.elf (and everything it boots with)
#   make iso        build/boot.iso, a GRUB rescue image
#   make run        boot the ISO in QEMU, serial console on this terminal
#   make run-vga    the same with a VGA window
#   make gdb        QEMU halted with its gdb stub; gdb reads .gdbinit
#   make check      host unit tests, then QEMU integration tests
#   make bench      boot-time and other figures
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

CFLAGS := -std=gnu11 -m32 -march=i686 -O2 -g \
	-ffreestanding -fno-pie -fno-pic -fno-common -fno-stack-protector \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls -fno-delete-null-pointer-checks \
	-fno-asynchronous-unwind-tables -mgeneral-regs-only -mno-red-zone \
	-nostdinc -isystem $(GCC_INCLUDE) -Iinclude \
	-Wall -Wextra -Werror -Wno-unused-parameter -MMD -MP
ASFLAGS := -m32 -g -nostdinc -Iinclude -D__ASSEMBLY__ -MMD -MP
LDFLAGS := -m elf_i386 -nostdlib -static -T boot/linker.ld --no-warn-rwx-segments -z noexecstack

# --- kernel sources ------------------------------------------------------------
KERNEL_SRCS := $(wildcard boot/*.S) \
	$(wildcard arch/x86/*.c arch/x86/*.S) \
	$(wildcard kernel/*.c kernel/*/*.c) \
	$(wildcard fs/*.c fs/*/*.c) \
	$(wildcard tests/kernel/*.c)
KERNEL_OBJS := $(patsubst %,$(B)/obj/%.o,$(basename $(KERNEL_SRCS)))

.DELETE_ON_ERROR:
.PHONY: all iso run run-vga gdb check unit bench clean setup
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
$(B)/kallsyms0.S:
	@mkdir -p $(B)
	$(PYTHON) tools/kallsyms.py --empty > $@

$(B)/kernel.pass1.elf: $(KERNEL_OBJS) $(B)/obj/kallsyms0.o boot/linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJS) $(B)/obj/kallsyms0.o

$(B)/obj/kallsyms0.o: $(B)/kallsyms0.S
	$(CC) $(ASFLAGS) -c $< -o $@

$(B)/kallsyms.S: $(B)/kernel.pass1.elf tools/kallsyms.py
	$(NM) -n $< | $(PYTHON) tools/kallsyms.py > $@

$(B)/obj/kallsyms.o: $(B)/kallsyms.S
	$(CC) $(ASFLAGS) -c $< -o $@

$(B)/kernel.elf: $(KERNEL_OBJS) $(B)/obj/kallsyms.o boot/linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJS) $(B)/obj/kallsyms.o
	$(NM) -n $(B)/kernel.pass1.elf | grep -v -e kallsyms -e _kernel_end > $(B)/syms.pass1
	$(NM) -n $@ | grep -v -e kallsyms -e _kernel_end > $(B)/syms.pass2
	@cmp -s $(B)/syms.pass1 $(B)/syms.pass2 || \
		{ echo "kallsyms: symbol addresses moved between link passes"; exit 1; }

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
	$(QEMU) $(QEMU_FLAGS) -kernel $(B)/kernel.elf -initrd $(B)/initrd.cpio -nographic -s -S

# --- tests ---------------------------------------------------------------------
# Host unit tests compile kernel code with the host compiler and sanitizers;
# tests/unit/host.h renames the kernel's libc-like symbols out of libc's way.
HOST_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-builtin -include tests/unit/host.h -Itests/unit/include -Iinclude -Itests/unit -Wall -Wextra -Werror \
	-Wno-unused-parameter
UNIT_TESTS := $(B)/host/test_vsprintf $(B)/host/test_string $(B)/host/test_slab \
	$(B)/host/test_madt $(B)/host/test_mptable

$(B)/host/test_vsprintf: tests/unit/test_vsprintf.c kernel/lib/vsprintf.c kernel/lib/string.c
$(B)/host/test_string: tests/unit/test_string.c kernel/lib/string.c
$(B)/host/test_slab: tests/unit/test_slab.c tests/unit/mm_host.c tests/unit/kernel_host.c \
	kernel/mm/slab.c kernel/lib/string.c kernel/lib/vsprintf.c
$(B)/host/test_madt: tests/unit/test_madt.c tests/unit/printk_host.c arch/x86/madt.c \
	kernel/lib/string.c kernel/lib/vsprintf.c
$(B)/host/test_mptable: tests/unit/test_mptable.c tests/unit/printk_host.c arch/x86/mptable.c \
	kernel/lib/string.c kernel/lib/vsprintf.c

# Path helpers and the cpio parser; test_cpio also reads build/initrd.cpio.
UNIT_TESTS += $(B)/host/test_path $(B)/host/test_cpio
$(B)/host/test_path: tests/unit/test_path.c fs/path.c kernel/lib/string.c
$(B)/host/test_cpio: tests/unit/test_cpio.c tests/unit/printk_host.c fs/cpio.c \
	kernel/lib/string.c kernel/lib/vsprintf.c | $(B)/initrd.cpio
$(UNIT_TESTS): tests/unit/unit.h tests/unit/host.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -MF $@.d $(filter %.c,$^) -o $@

unit: $(UNIT_TESTS)
	$(PYTHON) tools/check --unit $(UNIT_TESTS)

check: setup
	@$(SUBMAKE) $(B)/kernel.elf $(B)/boot.iso $(UNIT_TESTS) $(FUZZERS)
	$(PYTHON) tools/check --unit $(UNIT_TESTS) $(FUZZ_CHECK) --qemu

# --- fuzzing -------------------------------------------------------------------
# libFuzzer harnesses in tests/fuzz/, built with clang and the sanitizers.
# `make fuzz` runs fuzz_cpio for FUZZ_TIME seconds; `make check` gives each
# harness a short run through tests/fuzz/short_run, which reports to
# tools/check like a unit-test binary, so the count includes it.
FUZZ_CC   ?= clang
FUZZ_TIME ?= 300
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-builtin -include tests/unit/host.h -Itests/unit/include -Iinclude -Itests/unit \
	-Wall -Wextra -Werror -Wno-unused-parameter
FUZZERS    := $(B)/fuzz/fuzz_cpio
FUZZ_CHECK := tests/fuzz/short_run

$(B)/fuzz/fuzz_cpio: tests/fuzz/fuzz_cpio.c fs/cpio.c tests/unit/printk_host.c \
	kernel/lib/string.c kernel/lib/vsprintf.c tests/unit/host.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -MF $@.d $(filter %.c,$^) -o $@

.PHONY: fuzz
fuzz: setup
	@$(SUBMAKE) $(B)/fuzz/fuzz_cpio
	@mkdir -p $(B)/fuzz/corpus_cpio
	$(B)/fuzz/fuzz_cpio -max_total_time=$(FUZZ_TIME) -timeout=5 -print_final_stats=1 \
		-dict=tests/fuzz/cpio.dict -artifact_prefix=$(B)/fuzz/ \
		$(B)/fuzz/corpus_cpio tests/fuzz/corpus_cpio

bench: setup
	@$(SUBMAKE) $(B)/kernel.elf
	@status=0; \
	$(PYTHON) tools/bench/boot.py || status=1; echo; \
	$(PYTHON) tools/bench/smp.py || status=1; \
	exit $$status

# --- initrd ------------------------------------------------------------------
# build/initrd.cpio (cpio newc) is unpacked into / at boot. It is packed from
# the staging tree $(B)/initrd/, which INITRD_STAGE fills: each source adds
# its copy commands there and its files to INITRD_DEPS, e.g. for modules:
#   INITRD_DEPS  += $(MODULES)
#   INITRD_STAGE += mkdir -p $(B)/initrd/lib/modules && cp $(MODULES) $(B)/initrd/lib/modules/;
# The archive is reproducible: sorted names, owner root, modes without the
# umask's mark, every mtime SOURCE_DATE_EPOCH, inodes renumbered.
SOURCE_DATE_EPOCH ?= 0
INITRD_DEPS  := $(shell find initrd)
INITRD_STAGE := cp -R initrd/. $(B)/initrd/;

all: $(B)/initrd.cpio
$(B)/initrd.cpio: $(INITRD_DEPS) Makefile
	@rm -rf $(B)/initrd && mkdir -p $(B)/initrd
	$(INITRD_STAGE)
	chmod -R u+rw,go-w,a+rX $(B)/initrd
	find $(B)/initrd -exec touch -h -d @$(SOURCE_DATE_EPOCH) {} +
	cd $(B)/initrd && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort | \
		cpio -o -H newc -R 0:0 --reproducible --quiet > $(CURDIR)/$@.tmp
	mv $@.tmp $@

clean:
	rm -rf $(B)

-include $(KERNEL_OBJS:.o=.d) $(UNIT_TESTS:=.d) $(FUZZERS:=.d)
