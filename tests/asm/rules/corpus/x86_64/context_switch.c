/* User-space cooperative threads switched by a kernel-style switch macro. */

struct task {
    void *sp;
    void *ip;
};

/* Buggy: saves only rbp, writes rax as an undeclared "return value", pushes into the red zone. */
#define SWITCH_TO_BUGGY(prev, next, scratch)                                         \
    __asm__ __volatile__("pushq %%rbp\n\t"                 /* expect: red-zone */    \
                         "movq %%rsp, %[prev_sp]\n\t"                                \
                         "leaq 1f(%%rip), %[tmp]\n\t"                                \
                         "movq %[tmp], %[prev_ip]\n\t"                               \
                         "movq %[next_sp], %%rsp\n\t"      /* expect: stack-switch */ \
                         "pushq %[next_ip]\n\t"                                      \
                         "ret\n"                                                     \
                         "1:\tpopq %%rbp\n\t"                                        \
                         "xorl %%eax, %%eax"               /* expect: undeclared-write flags */ \
                         : [prev_sp] "=m"(prev->sp), [prev_ip] "=m"(prev->ip), [tmp] "=&r"(scratch) \
                         : [next_sp] "m"(next->sp), [next_ip] "m"(next->ip)          \
                         : "memory")

/* Half fixed: steps over the red zone and saves every callee-saved register on the old stack,
 * but declares no caller-saved register. GCC -O2 keeps values in those across calls to the
 * function holding it (-fipa-ra), and after the switch they hold the other thread's. */
#define SWITCH_TO_CALLEE_SAVED_ONLY(prev, next, scratch)                             \
    __asm__ __volatile__("leaq -128(%%rsp), %%rsp\n\t"                               \
                         "pushq %%rbp\n\t"                                           \
                         "pushq %%rbx\n\t"                                           \
                         "pushq %%r12\n\t"                                           \
                         "pushq %%r13\n\t"                                           \
                         "pushq %%r14\n\t"                                           \
                         "pushq %%r15\n\t"                                           \
                         "movq %%rsp, %[prev_sp]\n\t"                                \
                         "leaq 1f(%%rip), %[tmp]\n\t"                                \
                         "movq %[tmp], %[prev_ip]\n\t"                               \
                         "movq %[next_sp], %%rsp\n\t"      /* expect: stack-switch */ \
                         "pushq %[next_ip]\n\t"                                      \
                         "ret\n"                                                     \
                         "1:\tpopq %%r15\n\t"                                        \
                         "popq %%r14\n\t"                                            \
                         "popq %%r13\n\t"                                            \
                         "popq %%r12\n\t"                                            \
                         "popq %%rbx\n\t"                                            \
                         "popq %%rbp\n\t"                                            \
                         "leaq 128(%%rsp), %%rsp"                                    \
                         : [prev_sp] "=m"(prev->sp), [prev_ip] "=m"(prev->ip), [tmp] "=&r"(scratch) \
                         : [next_sp] "m"(next->sp), [next_ip] "m"(next->ip)          \
                         : "memory")

/* Correct: the callee-saved registers saved as above, everything caller-saved declared. */
#define SWITCH_TO(prev, next)                                                        \
    __asm__ __volatile__("leaq -128(%%rsp), %%rsp\n\t"                               \
                         "pushq %%rbp\n\t"                                           \
                         "pushq %%rbx\n\t"                                           \
                         "pushq %%r12\n\t"                                           \
                         "pushq %%r13\n\t"                                           \
                         "pushq %%r14\n\t"                                           \
                         "pushq %%r15\n\t"                                           \
                         "movq %%rsp, %[prev_sp]\n\t"                                \
                         "leaq 1f(%%rip), %%rax\n\t"                                 \
                         "movq %%rax, %[prev_ip]\n\t"                                \
                         "movq %[next_sp], %%rsp\n\t"                                \
                         "pushq %[next_ip]\n\t"                                      \
                         "ret\n"                                                     \
                         "1:\tpopq %%r15\n\t"                                        \
                         "popq %%r14\n\t"                                            \
                         "popq %%r13\n\t"                                            \
                         "popq %%r12\n\t"                                            \
                         "popq %%rbx\n\t"                                            \
                         "popq %%rbp\n\t"                                            \
                         "leaq 128(%%rsp), %%rsp"                                    \
                         : [prev_sp] "=m"(prev->sp), [prev_ip] "=m"(prev->ip)        \
                         : [next_sp] "m"(next->sp), [next_ip] "m"(next->ip)          \
                         : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",\
                           "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",\
                           "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",\
                           "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)",\
                           "cc", "memory")

/* Declares the callee-saved registers instead of saving them, and nothing caller-saved. */
void switch_declared_callee_saved(void **prev_sp, void *next_sp) {
    __asm__ __volatile__("movq %%rsp, (%0)\n\t"
                         "movq %1, %%rsp"                 /* expect: stack-switch */
                         :
                         : "r"(prev_sp), "r"(next_sp)
                         : "rbx", "rbp", "r12", "r13", "r14", "r15", "memory");
}

/* Correct too: every register declared, so the compiler saves what it needs around the
 * statement; the pointers are outputs in fixed registers. */
void switch_declared(void **prev_sp, void *next_sp) {
    __asm__ __volatile__("movq %%rsp, (%0)\n\t"
                         "movq %1, %%rsp"
                         : "+S"(prev_sp), "+D"(next_sp)
                         :
                         : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "rbx", "rbp", "r12", "r13", "r14", "r15",
                           "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
                           "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
                           "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)",
                           "memory");
}

/* Starting a thread never comes back here: no callee-saved register needs to survive. */
void start_on_stack(void *stack, void (*entry)(void)) {
    __asm__ __volatile__("movq %0, %%rsp\n\t"
                         "jmp *%1"
                         :
                         : "r"(stack), "r"(entry));
}

void switch_buggy(struct task *prev, struct task *next) {
    void *scratch;
    SWITCH_TO_BUGGY(prev, next, scratch);
    (void)scratch;
}

void switch_callee_saved_only(struct task *prev, struct task *next) {
    void *scratch;
    SWITCH_TO_CALLEE_SAVED_ONLY(prev, next, scratch);
    (void)scratch;
}

void switch_correct(struct task *prev, struct task *next) { SWITCH_TO(prev, next); }
