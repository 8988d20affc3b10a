/*
 * milklab workloads: process entry point.
 *
 * The kernel (Linux, qemu-riscv32 or milklab) enters _start with the Linux initial stack:
 *     sp+0            argc
 *     sp+4 ..         argv[0..argc-1], NULL
 *     then            envp[...], NULL, then auxv pairs
 * Registers other than sp are not relied upon.  We set gp (for linker relaxation of
 * small-data accesses), clear .bss defensively (the loader should already have zeroed it),
 * call main(argc, argv, envp), flush buffered output and exit_group(main's return value).
 */
        .section .text._start, "ax", @progbits
        .globl  _start
        .type   _start, @function
        .weak   __global_pointer$
_start:
        .option push
        .option norelax
        la      gp, __global_pointer$      /* 0 when the linker provides none: harmless */
        .option pop
        lw      s0, 0(sp)                  /* s0 = argc */
        addi    s1, sp, 4                  /* s1 = argv */
        slli    t0, s0, 2
        add     s2, s1, t0
        addi    s2, s2, 4                  /* s2 = envp (after argv's NULL) */

        la      t0, __bss_start            /* clear .bss: [__bss_start, _end) */
        la      t1, _end
1:      bgeu    t0, t1, 2f
        sb      zero, 0(t0)
        addi    t0, t0, 1
        j       1b
2:
        andi    sp, sp, -16                /* ABI: 16-byte aligned stack at calls */
        mv      a0, s0
        mv      a1, s1
        mv      a2, s2
        call    main
        call    rt_exit                    /* flushes stdout, exit_group(a0); never returns */
3:      j       3b
        .size   _start, . - _start
