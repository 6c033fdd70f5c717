# entry.S — reset entry for every hart, the trap vector and the context switch.
# Built with TESTBED_SMODE, the harts leave M-mode at boot and the kernel runs in S-mode.

#define HART_STACK_SIZE 32768

#ifdef TESTBED_SMODE
#define CAUSE scause
#define EPC sepc
#define XRET sret
#else
#define CAUSE mcause
#define EPC mepc
#define XRET mret
#endif

.section .text.entry
.globl _start
_start:
    csrr a0, mhartid
    mv tp, a0                   # the hart id stays in tp: heisen's default CPU id
    la sp, hart_stacks
    li t0, HART_STACK_SIZE
    addi t1, a0, 1
    mul t0, t0, t1
    add sp, sp, t0
    li s0, 0                    # the frame-pointer chain ends here
#ifdef TESTBED_SMODE
    li t0, 0x3fffffffffffff     # PMP: let S-mode reach all memory (TOR, RWX)
    csrw pmpaddr0, t0
    li t0, 0xf
    csrw pmpcfg0, t0
    li t0, 0xffff               # every exception and interrupt goes to S-mode
    csrw medeleg, t0
    csrw mideleg, t0
    li t0, -1                   # S-mode may read the time CSR
    csrw mcounteren, t0
    csrw satp, zero
    la t0, trap_vector
    csrw stvec, t0
    csrr t0, mstatus            # mret lands in S-mode at kmain(hart)
    li t1, ~(3 << 11)
    and t0, t0, t1
    li t1, (1 << 11)
    or t0, t0, t1
    csrw mstatus, t0
    la t0, kmain
    csrw mepc, t0
    la ra, 1f
    mret
#else
    la t0, trap_vector
    csrw mtvec, t0
    call kmain
#endif
1:  wfi
    j 1b

# Saves the caller-saved registers on the current stack and calls trap_handler(cause, epc).
# The frame is also a frame-pointer record (epc as its return address) so a stack taken inside
# the handler continues into the interrupted code.
.section .text
.align 4
.globl trap_vector
trap_vector:
    addi sp, sp, -160
    sd ra, 0(sp)
    sd t0, 8(sp)
    sd t1, 16(sp)
    sd t2, 24(sp)
    sd t3, 32(sp)
    sd t4, 40(sp)
    sd t5, 48(sp)
    sd t6, 56(sp)
    sd a0, 64(sp)
    sd a1, 72(sp)
    sd a2, 80(sp)
    sd a3, 88(sp)
    sd a4, 96(sp)
    sd a5, 104(sp)
    sd a6, 112(sp)
    sd a7, 120(sp)
    sd s0, 144(sp)
    csrr a0, CAUSE
    csrr a1, EPC
    sd a1, 152(sp)
    addi s0, sp, 160
    call trap_handler
    ld a1, 152(sp)
    csrw EPC, a1
    ld s0, 144(sp)
    ld ra, 0(sp)
    ld t0, 8(sp)
    ld t1, 16(sp)
    ld t2, 24(sp)
    ld t3, 32(sp)
    ld t4, 40(sp)
    ld t5, 48(sp)
    ld t6, 56(sp)
    ld a0, 64(sp)
    ld a1, 72(sp)
    ld a2, 80(sp)
    ld a3, 88(sp)
    ld a4, 96(sp)
    ld a5, 104(sp)
    ld a6, 112(sp)
    ld a7, 120(sp)
    addi sp, sp, 160
    XRET

# A new task's first instruction: clears ra so the task's frame-pointer chain ends in
# task_start instead of pointing back into it.
.globl task_trampoline
task_trampoline:
    li ra, 0
    j task_start

# swtch(struct context *from, struct context *to): saves ra, sp and s0-s11 in `from`, loads
# them from `to`, and returns on the other stack.
.globl swtch
swtch:
    sd ra, 0(a0)
    sd sp, 8(a0)
    sd s0, 16(a0)
    sd s1, 24(a0)
    sd s2, 32(a0)
    sd s3, 40(a0)
    sd s4, 48(a0)
    sd s5, 56(a0)
    sd s6, 64(a0)
    sd s7, 72(a0)
    sd s8, 80(a0)
    sd s9, 88(a0)
    sd s10, 96(a0)
    sd s11, 104(a0)
    ld ra, 0(a1)
    ld sp, 8(a1)
    ld s0, 16(a1)
    ld s1, 24(a1)
    ld s2, 32(a1)
    ld s3, 40(a1)
    ld s4, 48(a1)
    ld s5, 56(a1)
    ld s6, 64(a1)
    ld s7, 72(a1)
    ld s8, 80(a1)
    ld s9, 88(a1)
    ld s10, 96(a1)
    ld s11, 104(a1)
    ret
