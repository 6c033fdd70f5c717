/* Kernel threads switched by a macro that saves a little on the old stack, loads the new stack,
 * records where the old thread resumes (label 1), pushes the new thread's resume address and
 * jumps into a C function that finishes the switch and returns into the new thread. */

struct thread_regs {
    unsigned long sp;
    unsigned long ip;
};

struct kthread {
    struct thread_regs *regs;
};

void finish_switch(struct kthread *prev, struct kthread *next);

/* Buggy: only rbp survives the switch; the jump into finish_switch clobbers rcx, rdx, r8-r11 and
 * the two pointer inputs; rax is pushed and popped, so the compiler does not know it is busy,
 * and may have formed the address of prev->regs->ip in it. */
#define KTHREAD_SWITCH_BUGGY(prev, next)                                              \
    __asm__ __volatile__("pushq %%rbp\n\t"              /* expect: red-zone */        \
                         "pushq %%rax\n\t"                                            \
                         "movq %%rsp, %0\n\t"                                         \
                         "movq %2, %%rsp\n\t"           /* expect: stack-switch */    \
                         "leaq 1f(%%rip), %%rax\n\t"                                  \
                         "movq %%rax, %1\n\t"           /* expect: address-base-clobbered */ \
                         "pushq %3\n\t"                                               \
                         "jmp finish_switch\n"          /* expect: escapes-to-function */ \
                         "1:\tpopq %%rax\n\t"                                         \
                         "popq %%rbp"                                                 \
                         : "=m"(prev->regs->sp), "=m"(prev->regs->ip)                 \
                         : "m"(next->regs->sp), "m"(next->regs->ip), "D"(prev), "S"(next) \
                         : "memory")

/* Fixed: steps over the red zone, saves the callee-saved registers before the switch and
 * restores them after the resume label, makes the pointers outputs and declares the rest. */
#define KTHREAD_SWITCH(prev, next)                                                    \
    __asm__ __volatile__("leaq -128(%%rsp), %%rsp\n\t"                                \
                         "pushq %%rbp\n\t"                                            \
                         "pushq %%rbx\n\t"                                            \
                         "pushq %%r12\n\t"                                            \
                         "pushq %%r13\n\t"                                            \
                         "pushq %%r14\n\t"                                            \
                         "pushq %%r15\n\t"                                            \
                         "movq %%rsp, %0\n\t"                                         \
                         "movq %4, %%rsp\n\t"                                         \
                         "leaq 1f(%%rip), %%rax\n\t"                                  \
                         "movq %%rax, %1\n\t"                                         \
                         "pushq %5\n\t"                                               \
                         "jmp finish_switch\n"                                        \
                         "1:\tpopq %%r15\n\t"                                         \
                         "popq %%r14\n\t"                                             \
                         "popq %%r13\n\t"                                             \
                         "popq %%r12\n\t"                                             \
                         "popq %%rbx\n\t"                                             \
                         "popq %%rbp\n\t"                                             \
                         "leaq 128(%%rsp), %%rsp"                                     \
                         : "=m"(prev->regs->sp), "=m"(prev->regs->ip), "+D"(prev), "+S"(next) \
                         : "m"(next->regs->sp), "m"(next->regs->ip)                   \
                         : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11",             \
                           "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", \
                           "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", \
                           "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)", \
                           "cc", "memory")

void kthread_switch_buggy(struct kthread *prev, struct kthread *next) { KTHREAD_SWITCH_BUGGY(prev, next); }

void kthread_switch(struct kthread *prev, struct kthread *next) { KTHREAD_SWITCH(prev, next); }
