/* switch_callee_saved_only.h — the usual first fix, and still wrong.
 *
 * It steps over the red zone, saves all callee-saved registers (rbx, rbp, r12–r15) on the old
 * stack and restores them from the new one, and declares its scratch register. That is enough
 * as long as the compiler treats the function holding the switch like any other callee. GCC's
 * interprocedural register allocation (-fipa-ra, on from -O2) does not: it sees which registers
 * the function itself changes — here only the scratch — and lets its callers keep values in all
 * the other caller-saved registers across the call. After the switch those registers hold the
 * other thread's values. `heisen asm` reports stack-switch here, naming them.
 */
#ifndef HEISEN_EXAMPLE_SWITCH_CALLEE_SAVED_ONLY_H
#define HEISEN_EXAMPLE_SWITCH_CALLEE_SAVED_ONLY_H

#define SWITCH_TO(prev, next)                                                                   \
    do {                                                                                        \
        void *scratch;                                                                          \
        __asm__ __volatile__("leaq -128(%%rsp), %%rsp\n\t"                                      \
                             "pushq %%rbp\n\t"                                                  \
                             "pushq %%rbx\n\t"                                                  \
                             "pushq %%r12\n\t"                                                  \
                             "pushq %%r13\n\t"                                                  \
                             "pushq %%r14\n\t"                                                  \
                             "pushq %%r15\n\t"                                                  \
                             "movq %%rsp, %[prev_sp]\n\t"                                       \
                             "leaq 1f(%%rip), %[tmp]\n\t"                                       \
                             "movq %[tmp], %[prev_ip]\n\t"                                      \
                             "movq %[next_sp], %%rsp\n\t"                                       \
                             "pushq %[next_ip]\n\t"                                             \
                             "ret\n"                                                            \
                             "1:\tpopq %%r15\n\t"                                               \
                             "popq %%r14\n\t"                                                   \
                             "popq %%r13\n\t"                                                   \
                             "popq %%r12\n\t"                                                   \
                             "popq %%rbx\n\t"                                                   \
                             "popq %%rbp\n\t"                                                   \
                             "leaq 128(%%rsp), %%rsp"                                           \
                             : [prev_sp] "=m"((prev)->sp), [prev_ip] "=m"((prev)->ip),          \
                               [tmp] "=&r"(scratch)                                             \
                             : [next_sp] "m"((next)->sp), [next_ip] "m"((next)->ip)             \
                             : "memory");                                                       \
        (void)scratch;                                                                          \
    } while (0)

#endif
