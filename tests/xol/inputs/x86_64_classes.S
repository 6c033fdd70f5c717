# x86_64_classes.S — one instruction of each class `heisen xol` reports on x86-64, each at a
# global label the tests look up with nm, in functions whose verdicts are known. Never run.
        .text
        .globl _start
        .type _start, @function
_start: xorl %eax, %eax
        ret
        .size _start, .-_start

# Nothing here depends on where it runs.
        .globl plain
        .type plain, @function
plain:  pushq %rbp
        movq %rsp, %rbp
        movq %rdi, %rax
        addq $1, %rax
        nop
        movw %ax, %ds           # a segment load other than %ss
        movl counter, %eax      # an absolute address, not RIP-relative
        syscall
        jmp *%rax               # indirect: goes where it goes from any slot
        popq %rbp
        ret
        int3                    # fill after ret: never executed
        int3
        .size plain, .-plain

# Each instruction needs the probe to do its part.
        .globl fixups
        .type fixups, @function
fixups:
fx_load:        movl counter(%rip), %eax
fx_lea:         leaq counter(%rip), %rdi
fx_store:       movl $1, counter+4(%rip)        # the displacement is followed by an immediate
fx_jcc8:        je 1f
fx_jcc32:       {disp32} jne 1f
fx_jmp8:        jmp 1f
1:
fx_jmp32:       {disp32} jmp 2f
2:
fx_call:        call plain
fx_loop:        loop 3f
3:
fx_jrcxz:       jrcxz 4f
4:
fx_xbegin:      xbegin 5f
5:
fx_icall:       call *%rax
fx_icallm:      call *table(%rip)               # RIP-relative and an indirect call
fx_pushf:       pushfq
                popq %rax
                ret
        .size fixups, .-fixups

# Each instruction must not be single-stepped out of line.
        .globl unsafe
        .type unsafe, @function
unsafe:
us_sti:         sti
us_cli:         cli
us_popf:        popfq
us_int3:        int3
us_int:         int $0x80
us_int1:        .byte 0xf1
us_ud1:         ud1 (%rax), %eax
us_ss:          movw %ax, %ss
us_iret:        iretq
us_sysret:      sysretq
us_ud2:         ud2
        .size unsafe, .-unsafe

# An int3 after a ret that a branch reaches is executed: it counts.
        .globl reached_int3
        .type reached_int3, @function
reached_int3:
                testl %edi, %edi
                je ri_int3
                ret
ri_int3:        int3
                ret
        .size reached_int3, .-reached_int3

# A lock prefix belongs to its instruction (LLVM decodes it on its own).
        .globl locked
        .type locked, @function
locked:
lk_cmpxchg:     lock cmpxchgl %edx, counter(%rip)
lk_add:         lock addl $1, counter+4(%rip)
                ret
        .size locked, .-locked

# Instructions that need the original RIP: a push of a RIP-relative operand, an address built
# from RIP (the operand class covers both), a call pushing RIP.
        .globl pushes
        .type pushes, @function
pushes:
ps_push:        pushq table(%rip)
ps_lea:         leaq 0(%rip), %rax
ps_call:        call 1f
1:              popq %rax
                ret
        .size pushes, .-pushes

# int3 that ends a function after a call (to a function that does not return) is fill.
        .globl noreturn_tail
        .type noreturn_tail, @function
noreturn_tail:
                call plain
                int3
                int3
        .size noreturn_tail, .-noreturn_tail

# Nothing but fill under a symbol (a marker such as __kprobes_text_end): no function at all.
        .globl marker_fill
        .type marker_fill, @function
marker_fill:
                int3
                int3
                nop
        .size marker_fill, .-marker_fill

        .data
        .globl counter
counter:        .long 0, 0
table:          .quad plain
