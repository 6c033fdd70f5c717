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

// heisen follows a frame pointer only inside the stack it belongs to: a hart's boot stack or
// a task's stack. Anything else (a corrupt frame) ends the walk.
int heisen_riscv_stack_bounds(uintptr_t fp, uintptr_t *low, uintptr_t *high) {
    uintptr_t base = (uintptr_t)hart_stacks;
    if (fp > base && fp <= base + sizeof hart_stacks) {
        uintptr_t index = (fp - base - 1) / HART_STACK_SIZE;
        *low = base + index * HART_STACK_SIZE;
        *high = *low + HART_STACK_SIZE;
        return 1;
    }
    return task_stack_bounds(fp, low, high);
}

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
