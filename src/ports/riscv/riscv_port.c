/*
 * riscv_port.c — heisen's port interface (src/core/port.h) for a freestanding RV64 kernel.
 *
 * Every function here can run in interrupt context, inside a report and inside panic() while
 * other harts are stopped holding locks, so none takes a lock, allocates or calls libc.
 * Reports from different harts do not interleave: the engine serialises whole reports with its
 * own bounded output flag, and the UART routine below writes whatever it is given by polling.
 */
#include "ports/riscv/heisen_riscv.h"

#include "core/port.h"
#include "heisen/heisen.h"

#ifndef HEISEN_RISCV_MMODE
#define HEISEN_RISCV_MMODE 0
#endif
#ifndef HEISEN_RISCV_UART_BASE
#define HEISEN_RISCV_UART_BASE 0x10000000ul
#endif
#ifndef HEISEN_RISCV_UART_REG_SHIFT
#define HEISEN_RISCV_UART_REG_SHIFT 0
#endif
#ifndef HEISEN_RISCV_TIMEBASE_HZ
#define HEISEN_RISCV_TIMEBASE_HZ 10000000ull
#endif
#ifndef HEISEN_RISCV_STACK_LOW
#define HEISEN_RISCV_STACK_LOW 0x80000000ul
#endif
#ifndef HEISEN_RISCV_STACK_HIGH
#define HEISEN_RISCV_STACK_HIGH 0x88000000ul
#endif
#ifndef HEISEN_RISCV_STACK_DEPTH
#define HEISEN_RISCV_STACK_DEPTH 16
#endif

#if __riscv_xlen != 64
#error "heisen's RISC-V port supports RV64 only"
#endif

/* ---- Identity and interrupt state ---------------------------------------------------------
 *
 * The engine asks for the hart (and task) on every lock operation. These functions are leaves
 * or one jump, and a stack walk never passes through them, so they are written without a frame
 * (naked: the kernel builds with -fno-omit-frame-pointer, which would give each a prologue and
 * an epilogue). The engine's heisen_port_* calls forward to the kernel's hooks with one tail
 * jump: a kernel that defines a hook gets its definition, one that does not gets the weak
 * default below. */

__attribute__((weak, naked)) uint32_t heisen_riscv_cpu_id(void) {
    __asm__("sext.w a0, tp\n\tret"); /* a uint32_t return is sign-extended (RV64 ABI) */
}

__attribute__((weak, naked)) uintptr_t heisen_riscv_task_id(void) { __asm__("li a0, 0\n\tret"); }

__attribute__((weak, naked)) int heisen_riscv_irqs_enabled(void) {
#if HEISEN_RISCV_MMODE
    __asm__("csrr a0, mstatus\n\tsrli a0, a0, 3\n\tandi a0, a0, 1\n\tret"); /* mstatus.MIE */
#else
    __asm__("csrr a0, sstatus\n\tsrli a0, a0, 1\n\tandi a0, a0, 1\n\tret"); /* sstatus.SIE */
#endif
}

__attribute__((naked)) uint32_t heisen_port_cpu_id(void) { __asm__("tail heisen_riscv_cpu_id"); }

__attribute__((naked)) uintptr_t heisen_port_task_id(void) { __asm__("tail heisen_riscv_task_id"); }

__attribute__((naked)) int heisen_port_irqs_enabled(void) { __asm__("tail heisen_riscv_irqs_enabled"); }

__attribute__((weak)) int heisen_riscv_stack_bounds(uintptr_t fp, uintptr_t *low, uintptr_t *high) {
    (void)fp;
    *low = HEISEN_RISCV_STACK_LOW;
    *high = HEISEN_RISCV_STACK_HIGH;
    return 1;
}

/* In a kernel, sleeping with interrupts off or inside an interrupt handler is always a bug. */
int heisen_port_irq_context_may_sleep(void) { return 0; }

/* ---- Output -------------------------------------------------------------------------------- */

#define UART_REG(n) ((volatile uint8_t *)(HEISEN_RISCV_UART_BASE + ((uintptr_t)(n) << HEISEN_RISCV_UART_REG_SHIFT)))
#define UART_THR 0              /* transmit holding register */
#define UART_LSR 5              /* line status register */
#define UART_LSR_THR_EMPTY 0x20 /* room for one more byte */

void heisen_riscv_uart_write(const char *text, size_t len) {
    for (size_t i = 0; i < len; ++i) {
        while ((*UART_REG(UART_LSR) & UART_LSR_THR_EMPTY) == 0) {
        }
        *UART_REG(UART_THR) = (uint8_t)text[i];
    }
}

void heisen_port_write(const char *text, size_t len) { heisen_riscv_uart_write(text, len); }

/* The engine renders reports itself, as text through heisen_port_write(). */
int heisen_port_report_made(const struct heisen_report *report) {
    (void)report;
    return 0;
}

/* ---- Stacks ---------------------------------------------------------------------------------- */

/*
 * With -fno-omit-frame-pointer, GCC and Clang keep s0 pointing at the caller's stack pointer
 * (the frame's top); the return address is stored at fp-8 and the caller's fp at fp-16. Within
 * one stack the walk stops at the first frame pointer that is misaligned, outside the stack's
 * bounds, or not above the previous one (stacks grow down), so a corrupt chain ends the stack
 * instead of faulting. A frame pointer that leaves the stack may enter another one the kernel
 * knows (an interrupt stack returning to a task stack): the bounds are asked for again, at most
 * kStackSwitches times.
 */
enum { kStackSwitches = 2 };

size_t heisen_port_stack(uintptr_t *pcs, size_t max, size_t skip) {
    uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
    uintptr_t low, high;
    if (!heisen_riscv_stack_bounds(fp, &low, &high)) return 0;
    size_t stored = 0;
    unsigned switches = 0;
    for (unsigned depth = 0; depth < HEISEN_RISCV_STACK_DEPTH && stored < max; ++depth) {
        if ((fp & 7u) != 0 || fp < low + 16 || fp > high) break;
        uintptr_t return_address = ((const uintptr_t *)fp)[-1];
        uintptr_t caller_fp = ((const uintptr_t *)fp)[-2];
        if (return_address == 0) break;
        if (skip > 0)
            --skip;
        else
            pcs[stored++] = return_address;
        if (caller_fp < low + 16 || caller_fp > high) {
            if (caller_fp == 0 || ++switches > kStackSwitches ||
                !heisen_riscv_stack_bounds(caller_fp, &low, &high))
                break;
        } else if (caller_fp <= fp) {
            break;
        }
        fp = caller_fp;
    }
    return stored;
}

__attribute__((weak)) size_t heisen_riscv_describe_pc(uintptr_t pc, char *buf, size_t len) {
    (void)pc;
    (void)buf;
    (void)len;
    return 0;
}

/* "0x80003268", then " bget+0x44 (kernel/bio.c:87)" where the kernel can name it. */
size_t heisen_port_format_pc(uintptr_t pc, char *buf, size_t len) {
    static const char kDigits[] = "0123456789abcdef";
    const uintptr_t pc_in = pc;
    char digits[16];
    size_t count = 0;
    do {
        digits[count++] = kDigits[pc & 15u];
        pc >>= 4;
    } while (pc != 0 && count < sizeof digits);
    if (len == 0) return 0;
    size_t out = 0;
    const char *prefix = "0x";
    for (size_t i = 0; prefix[i] && out + 1 < len; ++i) buf[out++] = prefix[i];
    while (count > 0 && out + 1 < len) buf[out++] = digits[--count];
    buf[out] = '\0';
    if (out + 2 < len) {
        size_t named = heisen_riscv_describe_pc(pc_in, buf + out + 1, len - out - 1);
        if (named) {
            buf[out] = ' ';
            out += 1 + named;
        }
        buf[out] = '\0';
    }
    return out;
}

/* ---- Time ------------------------------------------------------------------------------------ */

uint64_t heisen_port_now_ns(void) {
    uint64_t ticks;
    __asm__ volatile("rdtime %0" : "=r"(ticks));
    /* Split so the product cannot overflow for any timebase below 2^34 Hz. */
    const uint64_t hz = HEISEN_RISCV_TIMEBASE_HZ;
    return (ticks / hz) * 1000000000ull + (ticks % hz) * 1000000000ull / hz;
}

/* ---- Stopping ---------------------------------------------------------------------------------- */

void heisen_port_abort(void) {
    for (;;) {
#if HEISEN_RISCV_MMODE
        __asm__ volatile("csrci mstatus, 0x8");
#else
        __asm__ volatile("csrci sstatus, 0x2");
#endif
        __asm__ volatile("wfi");
    }
}

void heisen_riscv_panic_dump(void) { heisen_dump_all_held(); }
