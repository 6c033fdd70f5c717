// bench.c — the "bench" scenario: the cost of the validated lock paths on a hart, measured with
// the time CSR. Built twice, with heisen and with HEISEN_DISABLE (testbed-bench-off.elf), so
// tests/riscv/bench.sh can print the two side by side.
#include "bench.h"

#include "task.h"

#define BENCH_ROUNDS 200000u
#define YIELD_ROUNDS 20000u
#define TIMEBASE_NS 100u /* QEMU virt: 10 MHz */

static struct spinlock outer, inner;

static uint64_t now_ticks(void) {
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

static void print_decimal(uint64_t value) {
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    char text[25];
    for (int i = 0; i < n; ++i) text[i] = digits[n - 1 - i];
    text[n] = '\0';
    print(text);
}

// One line per figure: "bench: <name>: <ns> ns/op".
static void report(const char *name, uint64_t ticks, uint32_t ops) {
    print("bench: ");
    print(name);
    print(": ");
    print_decimal(ticks * TIMEBASE_NS / ops);
    print(" ns/op\n");
}

static uint32_t yields_left = YIELD_ROUNDS;

static void yielder(void *unused) {
    (void)unused;
    while (__atomic_load_n(&yields_left, __ATOMIC_RELAXED)) {
        __atomic_fetch_sub(&yields_left, 1u, __ATOMIC_RELAXED);
        yield();
    }
}

void bench_setup(void) {
    initlock(&outer, "bench.outer");
    initlock(&inner, "bench.inner");
    task_create("yielder", yielder, 0);
    task_create("yielder", yielder, 0);
}

void bench_run(uint32_t hart) {
    if (hart != 0) return;
    uint64_t start = now_ticks();
    for (uint32_t i = 0; i < BENCH_ROUNDS; ++i) {
        acquire(&outer);
        release(&outer);
    }
    report("acquire+release, one lock", now_ticks() - start, BENCH_ROUNDS);

    start = now_ticks();
    for (uint32_t i = 0; i < BENCH_ROUNDS; ++i) {
        acquire(&outer);
        acquire(&inner);
        release(&inner);
        release(&outer);
    }
    report("two nested locks", now_ticks() - start, BENCH_ROUNDS);

    start = now_ticks();
    scheduler_run_until_done();  // the task lock changes hands twice per switch
    report("task switch (yield)", now_ticks() - start, YIELD_ROUNDS);
}
