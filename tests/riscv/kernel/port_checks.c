// port_checks.c — the "port" scenario: checks each RISC-V port function on the real (emulated)
// hart, including a stack walk through a deliberately corrupted frame.
#include "port_checks.h"

#include "core/port.h"
#include "ports/riscv/heisen_riscv.h"

static void check(int ok, const char *what) {
    if (!ok) panic(what);
}

static int same_text(const char *a, const char *b) {
    while (*a && *a == *b) ++a, ++b;
    return *a == *b;
}

static void check_format_pc(void) {
    char buf[24];
    check(heisen_port_format_pc(0x80001234u, buf, sizeof buf) == 10 && same_text(buf, "0x80001234"),
          "port: format_pc(0x80001234)");
    check(heisen_port_format_pc(0, buf, sizeof buf) == 3 && same_text(buf, "0x0"), "port: format_pc(0)");
    check(heisen_port_format_pc(0xffffffffffffffffu, buf, sizeof buf) == 18 &&
              same_text(buf, "0xffffffffffffffff"),
          "port: format_pc(~0)");
    check(heisen_port_format_pc(0x80001234u, buf, 5) == 4 && same_text(buf, "0x80"),
          "port: format_pc truncates to the buffer");
}

extern char _start[], __bss_start[];
static int in_text(uintptr_t pc) { return pc >= (uintptr_t)_start && pc < (uintptr_t)__bss_start; }

// Three real frames, so the walk has something to follow.
__attribute__((noinline)) static size_t walk_innermost(uintptr_t *pcs, size_t max) {
    size_t n = heisen_port_stack(pcs, max, 0);
    __asm__ volatile("" ::: "memory");
    return n;
}
__attribute__((noinline)) static size_t walk_middle(uintptr_t *pcs, size_t max) {
    size_t n = walk_innermost(pcs, max);
    __asm__ volatile("" ::: "memory");
    return n;
}

// Overwrites this frame's saved frame pointer with `garbage` for the duration of the walk:
// the walk must stop at this frame instead of following it.
__attribute__((noinline)) static size_t walk_with_corrupt_frame(uintptr_t *pcs, size_t max,
                                                                uintptr_t garbage) {
    volatile uintptr_t *saved_fp = (volatile uintptr_t *)__builtin_frame_address(0) - 2;
    uintptr_t original = *saved_fp;
    *saved_fp = garbage;
    size_t n = heisen_port_stack(pcs, max, 0);
    *saved_fp = original;
    return n;
}

static void check_stack(void) {
    uintptr_t pcs[16];
    size_t n = walk_middle(pcs, 16);
    check(n >= 4, "port: stack walk is too short");
    for (size_t i = 0; i < n; ++i) check(in_text(pcs[i]), "port: stack walk left the kernel text");
    check(walk_middle(pcs, 2) == 2, "port: stack walk ignores `max`");
    uintptr_t skipped[16];
    size_t m = heisen_port_stack(skipped, 16, 1);
    check(m >= 1 && in_text(skipped[0]), "port: stack walk with skip");

    static const uintptr_t kGarbage[] = {0, 0x3, 0x1000, 0xdeadbeefdeadbee8u, 0x87fffff8u};
    for (unsigned i = 0; i < sizeof kGarbage / sizeof kGarbage[0]; ++i) {
        size_t c = walk_with_corrupt_frame(pcs, 16, kGarbage[i]);
        check(c >= 1 && c <= 2, "port: stack walk followed a corrupt frame pointer");
    }
}

static void check_irq_state(void) {
    intr_off();
    check(!heisen_port_irqs_enabled(), "port: irqs_enabled with interrupts disabled");
    intr_on();  // nothing is armed, so no interrupt arrives
    check(heisen_port_irqs_enabled(), "port: irqs_enabled with interrupts enabled");
    intr_off();
}

static void check_time(void) {
    uint64_t first = heisen_port_now_ns();
    for (int i = 0; i < 100000; ++i) cpu_relax();
    uint64_t second = heisen_port_now_ns();
    check(second > first, "port: now_ns does not advance");
}

void port_checks_run(uint32_t hart) {
    check(heisen_port_cpu_id() == hart, "port: cpu_id is not the hart id");
    check(heisen_port_task_id() == 0, "port: task_id outside a task");
    if (hart != 0) return;
    check_format_pc();
    check_stack();
    check_irq_state();
    check_time();
    print("testbed: port checks passed\n");
}
