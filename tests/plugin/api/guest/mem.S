/* Memory accesses of every kind with known addresses and values (the
 * expected list is in mem.expected, relative to the symbols buf and ptr). */
    .option norvc
    .option norelax
    .text
    .globl _start
_start:
    lla s0, buf
    li t0, 0x1122334455667788
    sd t0, 0(s0)            /* W 8 buf+0  0x1122334455667788 */
    lb t1, 7(s0)            /* R 1 buf+7  0x11 signed */
    lhu t1, 2(s0)           /* R 2 buf+2  0x5566 */
    lw t1, 4(s0)            /* R 4 buf+4  0x11223344 signed */
    sb t0, 16(s0)           /* W 1 buf+16 0x88 */
    sh t0, 18(s0)           /* W 2 buf+18 0x7788 */
    sw t0, 20(s0)           /* W 4 buf+20 0x55667788 */
    ld t2, 16(s0)           /* R 8 buf+16 0x5566778877880088 */
    lla t3, ptr
    ld t3, 0(t3)            /* R 8 ptr    buf: the load overwrites its address */
    fld ft0, 0(s0)          /* R 8 buf+0  0x1122334455667788 */
    fsw ft0, 24(s0)         /* W 4 buf+24 0x55667788 */
    li t4, 5
    amoadd.w t5, t4, (s0)   /* R 4 buf+0  0x55667788 signed, W 4 buf+0 0x5566778d */
    lr.d t5, (s0)           /* R 8 buf+0  0x112233445566778d */
    sc.d t6, t4, (s0)       /* R 8 buf+0  0x112233445566778d, W 8 buf+0 5 */
    li a0, 0
    li a7, 93
    ecall

    .data
    .balign 8
buf:
    .zero 32
ptr:
    .dword buf
    .globl buf, ptr
