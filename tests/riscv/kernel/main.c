// main.c — boot: hart 0 clears BSS and sets the scenario up; every hart then runs its part.
#include "kernel.h"
#include "scenario.h"

// In .data, not BSS: other harts poll them while hart 0 is clearing BSS.
__attribute__((section(".data"))) static uint32_t boot_done;
__attribute__((section(".data"))) static uint32_t harts_done;

_Alignas(16) char hart_stacks[NCPU * HART_STACK_SIZE];  // entry.S points each hart's sp here

extern char __bss_start[], __bss_end[];

void count_stopped_hart(void) { __atomic_fetch_add(&harts_done, 1u, __ATOMIC_ACQ_REL); }

void kmain(uint64_t hart) {
    if (hart >= NCPU) park_hart();
    if (hart == 0) {
        // hart_stacks is in BSS too, and every hart is already running on its part of it.
        for (char *p = __bss_start; p < __bss_end; ++p)
            if (p < hart_stacks || p >= hart_stacks + sizeof hart_stacks) *p = 0;
        print_line2("testbed: scenario ", testbed_scenario_name);
        scenario_setup();
        __atomic_store_n(&boot_done, 1u, __ATOMIC_RELEASE);
    } else {
        while (!__atomic_load_n(&boot_done, __ATOMIC_ACQUIRE)) cpu_relax();
    }

    scenario_run((uint32_t)hart);

    __atomic_fetch_add(&harts_done, 1u, __ATOMIC_ACQ_REL);
    if (hart != 0) park_hart();
    while (__atomic_load_n(&harts_done, __ATOMIC_ACQUIRE) != NCPU) cpu_relax();
    print_line2("testbed: done: ", testbed_scenario_name);
    power_off(1);
}
