// console.c — kernel text output, panic and power-off.
#include "kernel.h"

#include "ports/riscv/heisen_riscv.h"

#define VIRT_TEST_DEVICE 0x100000ul /* QEMU virt "sifive_test": write a code to exit */
#define VIRT_TEST_PASS 0x5555u
#define VIRT_TEST_FAIL 0x13333u /* exit status 1 */

void print(const char *text) {
    size_t n = 0;
    while (text[n]) ++n;
    heisen_riscv_uart_write(text, n);
}

void print_line2(const char *first, const char *second) {
    print(first);
    print(second);
    print("\n");
}

extern const char testbed_scenario_name[];

_Noreturn void power_off(int passed) {
    *(volatile uint32_t *)VIRT_TEST_DEVICE = passed ? VIRT_TEST_PASS : VIRT_TEST_FAIL;
    park_hart();
}

_Noreturn void park_hart(void) {
    for (;;) {
        intr_off();
        __asm__ volatile("wfi");
    }
}

static uint32_t panicking;

// Like a teaching kernel's panic(), plus heisen's listing of every lock still held.
_Noreturn void panic(const char *message) {
    intr_off();
    if (__atomic_exchange_n(&panicking, 1u, __ATOMIC_ACQ_REL)) park_hart();
    print_line2("testbed: panic: ", message);
    heisen_riscv_panic_dump();
    print_line2("testbed: halted by panic in scenario ", testbed_scenario_name);
    power_off(0);
}
