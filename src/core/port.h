/*
 * port.h — everything the validator engine needs from its environment.
 *
 * The engine (src/core) never asks the operating system anything directly: each environment
 * (Linux user space, a bare-metal RISC-V kernel, xv6, the unit-test fake) implements these
 * functions once. Nothing above this interface knows which port it runs on.
 *
 * Every function here may be called from interrupt or signal context and from inside a report,
 * so implementations must be lock-free, must not allocate and must not call back into heisen.
 */
#ifndef HEISEN_CORE_PORT_H
#define HEISEN_CORE_PORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Who is running. Every heisen_* call must finish on the CPU it started on: the engine reads the
 * CPU id once per call and works on that CPU's state, so a kernel port calls the engine with
 * interrupts (and preemption) disabled, as Linux lockdep does inside lock_acquire(); user space
 * gives each thread its own CPU slot. The CPU id is dense, 0 .. HEISEN_MAX_CPUS-1. The task id
 * is any non-zero value unique among live tasks; 0 means "no task" (a kernel scheduler loop,
 * boot code, an idle hart). */
uint32_t heisen_port_cpu_id(void);
uintptr_t heisen_port_task_id(void);

/* Interrupt (or, in user space, signal) state of the current CPU. */
int heisen_port_irqs_enabled(void);

/* Non-zero where interrupt context (or a disabled interrupt state) may legitimately sleep:
 * in user space a signal handler or a blocked signal mask does not make blocking invalid, so
 * only a held spinning lock makes a sleep invalid there. Kernels return 0. The irq state still
 * feeds the inconsistent-lock-state and irq-inversion rules either way. The answer is a property
 * of the port: the engine asks once and keeps it. */
int heisen_port_irq_context_may_sleep(void);

/* Writes report text. Must not take any lock the program uses (polled UART, write(2)). */
void heisen_port_write(const char *text, size_t len);

/* Fills `pcs` with up to `max` return addresses of the caller's stack, skipping `skip` frames
 * of heisen itself; returns how many were stored. May return 0 where stacks are unavailable. */
size_t heisen_port_stack(uintptr_t *pcs, size_t max, size_t skip);

/* Formats one code address for a report line (e.g. "0x80001234", "libfoo.so+0x1234",
 * "acquire+0x1c"). Writes at most `len` bytes including the terminating NUL; returns the length. */
size_t heisen_port_format_pc(uintptr_t pc, char *buf, size_t len);

/* Names the variable a lock lies in, for reports: "bcache.bucket[3]" for the map at `instance`
 * (the address of a heisen_lock_map). Returns NULL when the port cannot tell; the string must
 * outlive the report (a static table). Optional: the engine's weak default returns NULL. */
const char *heisen_port_lock_variable(uintptr_t instance);

/* Monotonic time in nanoseconds, for lock statistics. May return 0 where no clock exists. */
uint64_t heisen_port_now_ns(void);

/* Called once per new (deduplicated) report, before the engine writes it. The report
 * (src/core/report.h) is complete and structured: kind, lockdep header, locks, stacks.
 * Return 0 to let the engine render it as lockdep text through heisen_port_write(); return
 * non-zero when the port delivered it itself (the POSIX port ships it to `heisen run`, which
 * symbolizes it and renders text or JSON with the same renderers). */
struct heisen_report;
int heisen_port_report_made(const struct heisen_report *report);

/* Stops the program (HEISEN_ON_REPORT_ABORT). Must not return. */
void heisen_port_abort(void) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#endif /* HEISEN_CORE_PORT_H */
