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

/* Correct: steps over the red zone and saves every callee-saved register on the old stack. */
#define SWITCH_TO(prev, next, scratch)                                               \
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
                         : [prev_sp] "=m"(prev->sp), [prev_ip] "=m"(prev->ip), [tmp] "=&r"(scratch) \
                         : [next_sp] "m"(next->sp), [next_ip] "m"(next->ip)          \
                         : "memory")

/* Correct too: the compiler saves what the clobbers name (rbp is kept by the frame). */
void switch_declared(void **prev_sp, void *next_sp) {
    __asm__ __volatile__("movq %%rsp, (%0)\n\t"
                         "movq %1, %%rsp"
                         :
                         : "r"(prev_sp), "r"(next_sp)
                         : "rbx", "rbp", "r12", "r13", "r14", "r15", "memory");
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

void switch_correct(struct task *prev, struct task *next) {
    void *scratch;
    SWITCH_TO(prev, next, scratch);
    (void)scratch;
}
