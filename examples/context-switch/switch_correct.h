/* switch_correct.h — a context switch that keeps its promise (System V x86-64 ABI).
 *
 * Code after a stack switch runs with the registers of the thread that ran before, so every
 * register the compiler may keep a live value in must be either saved and restored by the
 * template or declared:
 *   - callee-saved rbx, rbp, r12–r15: pushed on the old stack, popped from the new one (rbp
 *     cannot be a clobber when it is the frame pointer);
 *   - the callee-saved control state, the MXCSR and x87 control words: stored and reloaded the
 *     same way, so a thread that changes its rounding mode keeps it to itself;
 *   - everything caller-saved — rax, rcx, rdx, rsi, rdi, r8–r11, xmm0–xmm15, the x87 and MMX
 *     registers, the flags: declared as clobbers. A switch is a call as far as the thread that
 *     makes it is concerned, and GCC's interprocedural register allocation (-fipa-ra, on from
 *     -O2) only treats the registers this statement declares as changed by calls to the
 *     function holding it.
 * The template steps over the red zone before pushing, and uses rax (declared) as scratch.
 */
#ifndef HEISEN_EXAMPLE_SWITCH_CORRECT_H
#define HEISEN_EXAMPLE_SWITCH_CORRECT_H

#if defined(__AVX512F__)
#error "switch_correct.h declares xmm0-xmm15; an AVX-512 build must also declare xmm16-xmm31 and k0-k7"
#endif

#define SWITCH_TO(prev, next)                                                                   \
    __asm__ __volatile__("leaq -128(%%rsp), %%rsp\n\t"                                          \
                         "pushq %%rbp\n\t"                                                      \
                         "pushq %%rbx\n\t"                                                      \
                         "pushq %%r12\n\t"                                                      \
                         "pushq %%r13\n\t"                                                      \
                         "pushq %%r14\n\t"                                                      \
                         "pushq %%r15\n\t"                                                      \
                         "leaq -8(%%rsp), %%rsp\n\t"                                            \
                         "stmxcsr (%%rsp)\n\t"                                                  \
                         "fnstcw 4(%%rsp)\n\t"                                                  \
                         "movq %%rsp, %[prev_sp]\n\t"                                           \
                         "leaq 1f(%%rip), %%rax\n\t"                                            \
                         "movq %%rax, %[prev_ip]\n\t"                                           \
                         "movq %[next_sp], %%rsp\n\t"                                           \
                         "pushq %[next_ip]\n\t"                                                 \
                         "ret\n"                                                                \
                         "1:\tldmxcsr (%%rsp)\n\t"                                              \
                         "fldcw 4(%%rsp)\n\t"                                                   \
                         "leaq 8(%%rsp), %%rsp\n\t"                                             \
                         "popq %%r15\n\t"                                                       \
                         "popq %%r14\n\t"                                                       \
                         "popq %%r13\n\t"                                                       \
                         "popq %%r12\n\t"                                                       \
                         "popq %%rbx\n\t"                                                       \
                         "popq %%rbp\n\t"                                                       \
                         "leaq 128(%%rsp), %%rsp"                                               \
                         : [prev_sp] "=m"((prev)->sp), [prev_ip] "=m"((prev)->ip)               \
                         : [next_sp] "m"((next)->sp), [next_ip] "m"((next)->ip)                 \
                         : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",         \
                           "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",      \
                           "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",         \
                           "xmm15", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",          \
                           "st(6)", "st(7)", "mm0", "mm1", "mm2", "mm3", "mm4", "mm5",          \
                           "mm6", "mm7", "cc", "memory")

#endif
