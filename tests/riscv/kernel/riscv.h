// riscv.h — the few CSR accesses the testbed uses (QEMU virt). The kernel runs in M-mode, or
// in S-mode when built with TESTBED_SMODE (entry.S drops to S-mode after boot).
#pragma once

#include <stdint.h>

#define NCPU 3

#ifdef TESTBED_SMODE
#define STATUS_CSR "sstatus"
#define STATUS_IE (1ul << 1) /* sstatus.SIE */
#else
#define STATUS_CSR "mstatus"
#define STATUS_IE (1ul << 3) /* mstatus.MIE */
#endif
#define MIE_MTIE (1ul << 7)
#define MIE_MSIE (1ul << 3)
#define MCAUSE_MACHINE_TIMER ((1ul << 63) | 7ul)
#define MCAUSE_MACHINE_SOFTWARE ((1ul << 63) | 3ul)

static inline uint64_t hart_id(void) {
    uint64_t tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    return tp;
}

static inline void intr_on(void) { __asm__ volatile("csrs " STATUS_CSR ", %0" ::"r"(STATUS_IE)); }
static inline void intr_off(void) { __asm__ volatile("csrc " STATUS_CSR ", %0" ::"r"(STATUS_IE)); }
static inline int intr_get(void) {
    uint64_t status;
    __asm__ volatile("csrr %0, " STATUS_CSR : "=r"(status));
    return (status & STATUS_IE) != 0;
}

static inline void cpu_relax(void) { __asm__ volatile("nop"); }

#define RETURN_ADDRESS() (__builtin_return_address(0))
