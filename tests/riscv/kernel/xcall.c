// xcall.c — cross-hart calls through the CLINT's software interrupt (see xcall.h).
#include "xcall.h"

#include "heisen/heisen.h"
#include "riscv.h"

#define CLINT_MSIP(hart) ((volatile uint32_t *)(0x2000000ul + 4 * (hart)))

static heisen_lock_map done_event;
static volatile uint32_t acknowledged[NCPU];

void xcall_init(void) { heisen_event_init(&done_event, "xcall.done", HEISEN_CLASS_BY_NAME, 0); }

void xcall_accept(void) { __asm__ volatile("csrs mie, %0" ::"r"(MIE_MSIE)); }

void xcall(uint32_t hart) {
    __atomic_store_n(&acknowledged[hart], 0u, __ATOMIC_RELEASE);
    *CLINT_MSIP(hart) = 1;
    heisen_wait_begin(&done_event, HEISEN_WAIT_SPIN, __builtin_return_address(0));
    while (!__atomic_load_n(&acknowledged[hart], __ATOMIC_ACQUIRE)) cpu_relax();
    heisen_wait_end(&done_event, __builtin_return_address(0));
}

void xcall_interrupt(void) {
    uint32_t self = (uint32_t)hart_id();
    *CLINT_MSIP(self) = 0;
    heisen_event(&done_event, 0);
    __atomic_store_n(&acknowledged[self], 1u, __ATOMIC_RELEASE);
}
