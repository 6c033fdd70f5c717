// cpu.c — per-hart state, interrupt nesting, and heisen's task hook.
#include "kernel.h"

#include "heisen/heisen.h"
#include "ports/riscv/heisen_riscv.h"

struct cpu cpus[NCPU];

// Callers keep interrupts off or run on one hart for good (no preemption here), so tp and
// the cpu it names cannot change under them.
struct cpu *mycpu(void) { return &cpus[hart_id()]; }

struct task *mytask(void) {
    push_off();
    struct task *t = mycpu()->task;
    pop_off();
    return t;
}

// heisen's view of "who runs": sleeping locks follow the task across harts.
uintptr_t heisen_riscv_task_id(void) { return (uintptr_t)mycpu()->task; }

void push_off(void) {
    int was_on = intr_get();
    intr_off();
    struct cpu *c = mycpu();
    if (c->noff == 0) c->intena = was_on;
    c->noff += 1;
}

void pop_off(void) {
    struct cpu *c = mycpu();
    if (intr_get()) panic("pop_off: interrupts enabled");
    if (c->noff < 1) {
        heisen_irq_nesting_underflow(RETURN_ADDRESS());
        panic("pop_off: unbalanced");
    }
    c->noff -= 1;
    if (c->noff == 0 && c->intena) intr_on();
}
