/* context_switch.c — user-space cooperative threads switched by one inline-asm statement,
 * built like a kernel's switch macro. Compiled twice by run.sh with GCC at -O1:
 *
 *   default            the buggy switch: saves only rbp, and writes rax without declaring it.
 *                      A value the compiler keeps in a callee-saved register (rbx, r12–r15)
 *                      across yield() comes back holding another thread's value.
 *   -DFIXED_SWITCH     saves rbx, rbp and r12–r15 on the stack around the switch, steps over
 *                      the red zone, and declares its scratch register.
 *
 * Exit status: 0 when every thread's result matches the reference computation, 3 when the
 * program detects corruption (and says which thread and value).
 */
#include <stdio.h>
#include <stdlib.h>

struct thread {
    void *sp;             /* saved stack pointer while switched out */
    void *ip;             /* where to resume */
    long seed;
    long result;
    int iterations;
    int done;
};

enum { kThreads = 3, kStackBytes = 64 * 1024, kRounds = 4 };

static struct thread threads[kThreads]; /* [0] is main */
static struct thread *current = &threads[0];
static unsigned char stacks[kThreads][kStackBytes] __attribute__((aligned(16)));

#ifndef FIXED_SWITCH
/* The buggy switch: only rbp survives; rax is the "return value" nobody declared. */
#define SWITCH_TO(prev, next, scratch)                                              \
    asm volatile("pushq %%rbp\n\t"                                                  \
                 "movq %%rsp, %[prev_sp]\n\t"                                       \
                 "leaq 1f(%%rip), %[tmp]\n\t"                                       \
                 "movq %[tmp], %[prev_ip]\n\t"                                      \
                 "movq %[next_sp], %%rsp\n\t"                                       \
                 "pushq %[next_ip]\n\t"                                             \
                 "ret\n"                                                            \
                 "1:\tpopq %%rbp\n\t"                                               \
                 "xorl %%eax, %%eax"                                                \
                 : [prev_sp] "=m"(prev->sp), [prev_ip] "=m"(prev->ip), [tmp] "=&r"(scratch) \
                 : [next_sp] "m"(next->sp), [next_ip] "m"(next->ip)                 \
                 : "memory")
#else
/* The fixed switch: every callee-saved register is saved on the old stack and restored from
 * the new one; the red zone below rsp is stepped over before anything is pushed. */
#define SWITCH_TO(prev, next, scratch)                                              \
    asm volatile("leaq -128(%%rsp), %%rsp\n\t"                                      \
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
                 : [prev_sp] "=m"(prev->sp), [prev_ip] "=m"(prev->ip), [tmp] "=&r"(scratch) \
                 : [next_sp] "m"(next->sp), [next_ip] "m"(next->ip)                 \
                 : "memory")
#endif

/* Round robin over the threads that are not done; main (thread 0) is never done. */
static __attribute__((noinline)) void yield(void) {
    struct thread *prev = current;
    struct thread *next = prev;
    do {
        next = next == &threads[kThreads - 1] ? &threads[0] : next + 1;
    } while (next->done && next != prev);
    if (next == prev) return;
    current = next;
    void *scratch;
    SWITCH_TO(prev, next, scratch);
    (void)scratch;
}

/* Five values the compiler keeps in callee-saved registers across the calls to yield(). The
 * loop count lives in memory so a corrupted register cannot make the loop run away. */
static __attribute__((noinline)) long work(long seed) {
    long a = seed * 3 + 1, b = seed * 5 + 2, c = seed * 7 + 3, d = seed * 11 + 4, e = seed * 13 + 5;
    while (current->iterations++ < kRounds) {
        yield();
        a = a * 3 + b;
        b ^= c;
        c += d * 2;
        d -= e;
        e = e * 5 + a;
    }
    return a ^ b ^ c ^ d ^ e;
}

static long reference(long seed) {
    long a = seed * 3 + 1, b = seed * 5 + 2, c = seed * 7 + 3, d = seed * 11 + 4, e = seed * 13 + 5;
    for (int i = 0; i < kRounds; ++i) {
        a = a * 3 + b;
        b ^= c;
        c += d * 2;
        d -= e;
        e = e * 5 + a;
    }
    return a ^ b ^ c ^ d ^ e;
}

static __attribute__((noreturn)) void thread_start(void) {
    current->result = work(current->seed);
    current->done = 1;
    yield();  /* never comes back: done threads are not scheduled */
    abort();
}

/* Not inlined: main's scheduling loop then keeps nothing in registers across yield(). */
static __attribute__((noinline)) int workers_done(void) {
    for (int i = 1; i < kThreads; ++i)
        if (!threads[i].done) return 0;
    return 1;
}

int main(void) {
    for (int i = 1; i < kThreads; ++i) {
        threads[i].seed = 100 * i;
        /* As if thread_start had been called: rsp + 8 is 16-byte aligned at its entry. */
        threads[i].sp = stacks[i] + kStackBytes - 8;
        threads[i].ip = (void *)thread_start;
    }
    while (!workers_done()) yield();
    int status = 0;
    for (int i = 1; i < kThreads; ++i) {
        const long expected = reference(threads[i].seed);
        if (threads[i].result != expected) {
            printf("corruption detected: thread %d computed %ld, expected %ld "
                   "(a callee-saved register changed across the context switch)\n",
                   i, threads[i].result, expected);
            status = 3;
        }
    }
    if (status == 0) printf("all %d threads computed the expected values\n", kThreads - 1);
    fflush(stdout);
    exit(status);
}
