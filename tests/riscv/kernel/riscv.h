// riscv.h — the few machine-mode CSR accesses and devices the testbed uses (QEMU virt).
#pragma once

#include <stdint.h>

#define NCPU 3

#define MSTATUS_MIE (1ul << 3)
#define MIE_MTIE (1ul << 7)
#define MCAUSE_MACHINE_TIMER ((1ul << 63) | 7ul)

static inline uint64_t hart_id(void) {
    uint64_t tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    return tp;
}

static inline void intr_on(void) { __asm__ volatile("csrs mstatus, %0" ::"r"(MSTATUS_MIE)); }
static inline void intr_off(void) { __asm__ volatile("csrc mstatus, %0" ::"r"(MSTATUS_MIE)); }
static inline int intr_get(void) {
    uint64_t status;
    __asm__ volatile("csrr %0, mstatus" : "=r"(status));
    return (status & MSTATUS_MIE) != 0;
}

static inline void cpu_relax(void) { __asm__ volatile("nop"); }

#define RETURN_ADDRESS() (__builtin_return_address(0))
