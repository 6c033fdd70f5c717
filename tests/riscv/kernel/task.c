// task.c — tasks, the scheduler loop and the p->lock hand-off heisen must accept.
#include "task.h"

static struct task tasks[MAX_TASKS];
static uint32_t task_count;

void task_trampoline(void);  // entry.S: enters task_start with no return address
void task_start(void);

int task_stack_bounds(uintptr_t fp, uintptr_t *low, uintptr_t *high) {
    for (uint32_t i = 0; i < MAX_TASKS; ++i) {
        uintptr_t base = (uintptr_t)tasks[i].stack;
        if (fp > base && fp <= base + TASK_STACK_SIZE) {
            *low = base;
            *high = base + TASK_STACK_SIZE;
            return 1;
        }
    }
    return 0;
}

struct task *task_create(const char *name, void (*entry)(void *), void *argument) {
    if (task_count == MAX_TASKS) panic("task_create: too many tasks");
    struct task *t = &tasks[task_count++];
    initlock(&t->lock, "task");
    t->name = name;
    t->entry = entry;
    t->argument = argument;
    t->context.ra = (uint64_t)task_trampoline;
    t->context.sp = (uint64_t)(t->stack + TASK_STACK_SIZE);
    t->context.s[0] = 0;  // frame-pointer chains end at the task's first frame
    t->state = TASK_RUNNABLE;
    return t;
}

void scheduler_run_until_done(void) {
    struct cpu *c = mycpu();
    for (;;) {
        uint32_t unfinished = 0;
        for (uint32_t i = 0; i < __atomic_load_n(&task_count, __ATOMIC_ACQUIRE); ++i) {
            struct task *t = &tasks[i];
            acquire(&t->lock);
            if (t->state != TASK_DONE) ++unfinished;
            if (t->state == TASK_RUNNABLE) {
                t->state = TASK_RUNNING;
                c->task = t;
                swtch(&c->scheduler_context, &t->context);  // returns with t->lock held
                c->task = 0;
            }
            release(&t->lock);  // taken by the task before it switched back
        }
        if (unfinished == 0) return;
    }
}

// Switches to this hart's scheduler. The caller holds exactly its own t->lock.
static void sched(void) {
    struct task *t = mytask();
    heisen_lock_map *allowed[1] = {&t->lock.map};
    heisen_sched_enter(allowed, 1, RETURN_ADDRESS());
    (void)allowed;  // when HEISEN_DISABLE compiles the call out
    if (!holding(&t->lock)) panic("sched: task lock not held");
    if (mycpu()->noff != 1) panic("sched: locks held");
    int intena = mycpu()->intena;
    swtch(&t->context, &mycpu()->scheduler_context);
    mycpu()->intena = intena;
}

// A new task's first C code: the scheduler switched here holding t->lock.
void task_start(void) {
    struct task *t = mytask();
    release(&t->lock);
    intr_on();
    t->entry(t->argument);
    heisen_task_exit(RETURN_ADDRESS());
    acquire(&t->lock);
    t->state = TASK_DONE;
    sched();
    panic("task_start: a finished task ran again");
}

void yield(void) {
    struct task *t = mytask();
    acquire(&t->lock);
    t->state = TASK_RUNNABLE;
    sched();
    release(&t->lock);
}

void sleep(const void *chan, struct spinlock *lk) {
    struct task *t = mytask();
    acquire(&t->lock);  // wakeup() needs t->lock too, so no wakeup is lost after this
    release(lk);
    t->chan = chan;
    t->state = TASK_SLEEPING;
    sched();
    t->chan = 0;
    release(&t->lock);
    acquire(lk);
}

void wakeup(const void *chan) {
    struct task *self = mytask();
    for (uint32_t i = 0; i < task_count; ++i) {
        struct task *t = &tasks[i];
        if (t == self) continue;
        acquire(&t->lock);
        if (t->state == TASK_SLEEPING && t->chan == chan) t->state = TASK_RUNNABLE;
        release(&t->lock);
    }
}
