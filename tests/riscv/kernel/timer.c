// timer.c — the machine timer interrupt and the trap handler (timer and cross-hart calls).
#include "timer.h"

#include "xcall.h"

#define CLINT_BASE 0x2000000ul
#define CLINT_MTIMECMP(hart) ((volatile uint64_t *)(CLINT_BASE + 0x4000 + 8 * (hart)))
#define CLINT_MTIME ((volatile uint64_t *)(CLINT_BASE + 0xbff8))
#define TIMER_INTERVAL 10000ul /* 1 ms at QEMU virt's 10 MHz timebase */

struct spinlock tickslock;
uint64_t ticks;

void timer_init(void) { initlock(&tickslock, "ticks"); }

#ifdef TESTBED_SMODE
// S-mode scenarios run without timer interrupts (they would need an M-mode forwarder).
void timer_start(void) { panic("timer_start: timer interrupts need the M-mode testbed"); }
void timer_stop(void) {}
#else
void timer_start(void) {
    *CLINT_MTIMECMP(hart_id()) = *CLINT_MTIME + TIMER_INTERVAL;
    __asm__ volatile("csrs mie, %0" ::"r"(MIE_MTIE));
}

void timer_stop(void) { __asm__ volatile("csrc mie, %0" ::"r"(MIE_MTIE)); }
#endif

static void timer_interrupt(void) {
    acquire(&tickslock);
    ticks += 1;
    release(&tickslock);
    *CLINT_MTIMECMP(hart_id()) = *CLINT_MTIME + TIMER_INTERVAL;
}

// Called from trap_vector (entry.S) with interrupts off.
void trap_handler(uint64_t cause, uint64_t epc) {
    (void)epc;
    if (cause != MCAUSE_MACHINE_TIMER && cause != MCAUSE_MACHINE_SOFTWARE) panic("trap_handler: unexpected trap");
    heisen_irq_enter();
    if (cause == MCAUSE_MACHINE_TIMER) timer_interrupt();
    else xcall_interrupt();
    heisen_irq_exit();
}
