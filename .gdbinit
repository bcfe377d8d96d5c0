# gdb setup for 'make gdb': load the kernel's symbols, the modlab commands
# (lx-symbols, lx-lsmod, lx-dmesg, lx-ps: see tools/gdb/modlab.py and
# docs/debugging.md) and attach to QEMU's stub.
# Start it with: gdb -x .gdbinit   (gdb does not read a project's .gdbinit by itself)
set architecture i386
set breakpoint pending on
file build/kernel.elf
source tools/gdb/modlab.py
target remote :1234
