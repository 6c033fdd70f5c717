# riscv64_classes.S — one instruction of each class `heisen xol` reports on riscv64, each at a
# global label the tests look up with nm, in functions whose verdicts are known. Assembled
# into a relocatable object (branch and call targets live in relocations) and linked into a
# freestanding executable. Never run.
        .option rvc
        .text
        .globl _start
        .type _start, @function
_start: li a0, 0
        ret
        .size _start, .-_start

# Nothing here depends on where it runs.
        .globl plain
        .type plain, @function
plain:  addi sp, sp, -16
        sd ra, 8(sp)
        add a0, a0, a1
        csrr a1, sstatus        # reads only
        ecall
        nop
        ld ra, 8(sp)
        addi sp, sp, 16
        jr a0
        .size plain, .-plain

        .globl fixups
        .type fixups, @function
fixups:
rv_auipc:       auipc a0, %pcrel_hi(counter)
rv_addi:        addi a0, a0, %pcrel_lo(rv_auipc)
rv_call:        call plain                      # auipc ra + jalr ra: a call pair
rv_jal:         jal ra, plain
rv_j:           .option norvc
                j 1f
                .option rvc
1:
rv_cj:          c.j 2f
2:
rv_beq:         beq a0, a1, 3f
3:
rv_cbeqz:       c.beqz a0, 4f
4:
rv_jalr:        jalr ra, 0(a2)
rv_cjalr:       c.jalr a3
                ret
        .size fixups, .-fixups

        .globl unsafe
        .type unsafe, @function
unsafe:
rv_csrs:        csrs sstatus, a0
rv_csrci:       csrci mstatus, 8
rv_ebreak:      .option norvc
                ebreak
                .option rvc
rv_cebreak:     c.ebreak
rv_mret:        mret
rv_sret:        sret
        .size unsafe, .-unsafe

# A compare-and-swap loop: every instruction from lr to sc is inside the window.
        .globl cas
        .type cas, @function
cas:
cas_lr:         lr.w.aqrl t0, (a0)
cas_bne:        bne t0, a1, 1f
cas_sc:         sc.w.rl t1, a2, (a0)
cas_retry:      bnez t1, cas_lr
1:              mv a0, t0
                ret
        .size cas, .-cas

        .data
        .globl counter
counter:        .dword 0
