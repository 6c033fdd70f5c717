/* switch_buggy.h — a context switch that breaks its promise twice.
 *
 * It saves only rbp across the switch, so every other register the compiler keeps a live value
 * in comes back holding whatever the thread that ran before left there: the callee-saved rbx
 * and r12–r15 at any optimisation level, the caller-saved ones too once GCC's interprocedural
 * register allocation (-O2) relies on them. And it writes eax (a "return value") without
 * declaring it. `heisen asm` reports stack-switch, undeclared-write and red-zone here.
 */
#ifndef HEISEN_EXAMPLE_SWITCH_BUGGY_H
#define HEISEN_EXAMPLE_SWITCH_BUGGY_H

#define SWITCH_TO(prev, next)                                                                   \
    do {                                                                                        \
        void *scratch;                                                                          \
        __asm__ __volatile__("pushq %%rbp\n\t"                                                  \
                             "movq %%rsp, %[prev_sp]\n\t"                                       \
                             "leaq 1f(%%rip), %[tmp]\n\t"                                       \
                             "movq %[tmp], %[prev_ip]\n\t"                                      \
                             "movq %[next_sp], %%rsp\n\t"                                       \
                             "pushq %[next_ip]\n\t"                                             \
                             "ret\n"                                                            \
                             "1:\tpopq %%rbp\n\t"                                               \
                             "xorl %%eax, %%eax"                                                \
                             : [prev_sp] "=m"((prev)->sp), [prev_ip] "=m"((prev)->ip),          \
                               [tmp] "=&r"(scratch)                                             \
                             : [next_sp] "m"((next)->sp), [next_ip] "m"((next)->ip)             \
                             : "memory");                                                       \
        (void)scratch;                                                                          \
    } while (0)

#endif
