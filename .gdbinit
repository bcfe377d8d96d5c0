# gdb setup for 'make gdb': load the kernel's symbols and attach to QEMU's stub.
# Start it with: gdb -x .gdbinit   (gdb does not read a project's .gdbinit by itself)
set architecture i386
file build/kernel.elf
target remote :1234
