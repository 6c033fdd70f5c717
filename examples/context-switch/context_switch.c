/* context_switch.c — cooperative user-space threads switched by one inline-asm statement, the
 * way a small kernel switches between processes. x86-64, System V ABI.
 *
 * Two worker threads and main take turns: each worker computes a value from its seed, calling
 * yield() between steps, and keeps its intermediate values in registers across those calls.
 * yield() picks the next thread and switches to it with SWITCH_TO, chosen at build time:
 *
 *   -DSWITCH_BUGGY              switch_buggy.h: saves only rbp, writes eax undeclared
 *   -DSWITCH_CALLEE_SAVED_ONLY  switch_callee_saved_only.h: saves the callee-saved registers
 *                               but declares none of the caller-saved ones
 *   -DSWITCH_CORRECT            switch_correct.h: saves or declares every register
 *
 * A register the switch neither preserves nor declares comes back holding the other thread's
 * value, and the worker's result differs from the same computation done without threads.
 *
 * Output and exit status: "all 2 threads computed the expected values" and 0, or one
 * "corruption detected: ..." line per wrong result and 3.
 */
#include <stdio.h>
#include <stdlib.h>

#if defined(SWITCH_BUGGY) + defined(SWITCH_CALLEE_SAVED_ONLY) + defined(SWITCH_CORRECT) != 1
#error "build with exactly one of -DSWITCH_BUGGY, -DSWITCH_CALLEE_SAVED_ONLY, -DSWITCH_CORRECT"
#endif
#if !defined(__x86_64__)
#error "the switches in this example are written for x86-64"
#endif

#if defined(SWITCH_BUGGY)
#include "switch_buggy.h"
#elif defined(SWITCH_CALLEE_SAVED_ONLY)
#include "switch_callee_saved_only.h"
#else
#include "switch_correct.h"
#endif

struct thread {
    void *sp; /* saved stack pointer while switched out */
    void *ip; /* where to resume: the switch's resume label, or thread_start for a new thread */
    long seed;
    long result;
    int iterations;
    int done;
};

enum { kThreads = 3, kStackBytes = 64 * 1024, kRounds = 4 };

static struct thread threads[kThreads]; /* [0] is main */
static struct thread *current = &threads[0];
static unsigned char stacks[kThreads][kStackBytes] __attribute__((aligned(16)));

/* Round robin over the threads that are not done; main (thread 0) is never done. Not inlined,
 * so the switch is a call its callers make, as in a kernel. */
static __attribute__((noinline)) void yield(void) {
    struct thread *prev = current;
    struct thread *next = prev;
    do {
        next = next == &threads[kThreads - 1] ? &threads[0] : next + 1;
    } while (next->done && next != prev);
    if (next == prev) return;
    current = next;
    SWITCH_TO(prev, next);
}

/* One step of the computation both work() and reference() do. */
#define STEP(a, b, c, d, e, x)   \
    do {                         \
        a = a * 3 + b;           \
        b ^= c;                  \
        c += d * 2;              \
        d -= e;                  \
        e = e * 5 + a;           \
        x = x * 1.5 + (double)a; \
    } while (0)

/* Five integers and a double live across every call to yield(): the compiler keeps them in
 * registers — callee-saved ones, or with -fipa-ra any register it believes yield() leaves
 * alone. The loop count lives in memory so a corrupted register cannot make the loop run away. */
static __attribute__((noinline)) long work(long seed) {
    long a = seed * 3 + 1, b = seed * 5 + 2, c = seed * 7 + 3, d = seed * 11 + 4, e = seed * 13 + 5;
    double x = (double)seed;
    while (current->iterations++ < kRounds) {
        yield();
        STEP(a, b, c, d, e, x);
    }
    return a ^ b ^ c ^ d ^ e ^ (long)x;
}

static long reference(long seed) {
    long a = seed * 3 + 1, b = seed * 5 + 2, c = seed * 7 + 3, d = seed * 11 + 4, e = seed * 13 + 5;
    double x = (double)seed;
    for (int i = 0; i < kRounds; ++i) STEP(a, b, c, d, e, x);
    return a ^ b ^ c ^ d ^ e ^ (long)x;
}

static __attribute__((noreturn)) void thread_start(void) {
    current->result = work(current->seed);
    current->done = 1;
    yield(); /* never comes back: done threads are not scheduled */
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
                   "(a register it kept across the context switch changed)\n",
                   i, threads[i].result, expected);
            status = 3;
        }
    }
    if (status == 0) printf("all %d threads computed the expected values\n", kThreads - 1);
    fflush(stdout);
    exit(status);
}
