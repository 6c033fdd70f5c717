/*
 * heisen_riscv.h — heisen's freestanding RISC-V port: what a kernel provides and may call.
 *
 * Link the engine (every .cpp file of src/core) and riscv_port.c into an RV64 kernel built with
 * -fno-omit-frame-pointer. Nothing needs initialising: every table lives in zeroed BSS, so the
 * kernel's own start code is the whole set-up. docs/riscv.md explains the integration.
 *
 * Call heisen with interrupts disabled (as Linux lockdep disables them inside lock_acquire()):
 * the engine reads the hart id once per call and keeps per-hart state, so a call interrupted by
 * a timer that switches the task to another hart would resume on the wrong hart's state. Where
 * the kernel's own call site has interrupts on (taking a sleeping lock), mask them around the
 * heisen call and report the caller's state through heisen_riscv_irqs_enabled().
 *
 * Configuration (compile riscv_port.c with -D...):
 *   HEISEN_RISCV_MMODE          1: the kernel runs in M-mode (irq state from mstatus.MIE);
 *                               0 (default): S-mode (sstatus.SIE).
 *   HEISEN_RISCV_UART_BASE      16550 UART used for report text (default 0x10000000, QEMU virt).
 *   HEISEN_RISCV_UART_REG_SHIFT register stride as a shift (default 0: byte-spaced registers).
 *   HEISEN_RISCV_TIMEBASE_HZ    frequency of the time CSR (default 10000000, QEMU virt).
 *   HEISEN_RISCV_STACK_LOW/HIGH default address range a frame pointer must lie in to be followed
 *                               (default 0x80000000 .. 0x88000000: QEMU virt's first 128 MiB).
 *   HEISEN_RISCV_STACK_DEPTH    most frames walked per stack (default 16).
 */
#ifndef HEISEN_PORTS_RISCV_HEISEN_RISCV_H
#define HEISEN_PORTS_RISCV_HEISEN_RISCV_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Hooks the kernel may define (weak defaults in riscv_port.c) ----------------------- */

/* Dense CPU number of the calling hart, 0 .. HEISEN_MAX_CPUS-1.
 * Default: the tp register, where teaching kernels keep the hart id. */
uint32_t heisen_riscv_cpu_id(void);

/* Identity of the running task (e.g. the address of its struct proc), or 0 when no task runs
 * on this hart (scheduler loop, boot, idle). Sleeping locks are held by tasks, so a kernel
 * with a scheduler defines this. Default: always 0 (every lock belongs to the hart). */
uintptr_t heisen_riscv_task_id(void);

/* Whether interrupts are enabled for the code calling heisen. A kernel that masks interrupts
 * around a heisen call on its caller's behalf returns the caller's state here, so the sleep and
 * irq-usage rules judge the caller, not the mask. Default: sstatus.SIE (mstatus.MIE in M-mode). */
int heisen_riscv_irqs_enabled(void);

/* The address range [*low, *high) the stack containing `fp` occupies; return 0 when `fp` is in
 * no stack the kernel knows, which ends the walk. Only memory inside a range it returned is read,
 * so a corrupt frame cannot fault. Asked again when a frame pointer leaves the current stack
 * (an interrupt stack returning into a task's stack).
 * Default: HEISEN_RISCV_STACK_LOW .. HEISEN_RISCV_STACK_HIGH. */
int heisen_riscv_stack_bounds(uintptr_t fp, uintptr_t *low, uintptr_t *high);

/* Writes a name for the code address `pc` (a return address) into `buf` (at most `len` bytes
 * with the NUL), e.g. "bget+0x44 (kernel/bio.c:87)" from a symbol table linked into the
 * kernel; returns its length, 0 when it has none. Reports print it after the address.
 * Called while reporting: lock-free. Default: 0 (bare addresses). */
size_t heisen_riscv_describe_pc(uintptr_t pc, char *buf, size_t len);

/* ---- Functions the kernel calls -------------------------------------------------------- */

/* Call from panic() before halting: prints every hart's held locks and every task's held
 * sleeping locks, without taking any lock (other harts may be stopped while holding theirs). */
void heisen_riscv_panic_dump(void);

/* Writes text on the UART by polling; takes no lock. Usable for the kernel's own last words. */
void heisen_riscv_uart_write(const char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* HEISEN_PORTS_RISCV_HEISEN_RISCV_H */
