# Entry of the bare-metal replay program: QEMU's virt with -bios none
# starts hart 0 in M mode at 0x80000000, where this is linked first.
    .text
    .globl _start
_start:
    lla sp, replay_stack + 8192
    call replay_main
1:  j 1b
