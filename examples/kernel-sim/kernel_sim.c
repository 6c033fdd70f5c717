// kernel_sim.c — the validator's kernel rules, shown in user space through a port of our own.
//
// A kernel gives heisen its CPU, task and interrupt state through the port interface
// (src/core/port.h). This program is that port for a pretend kernel whose "CPUs", "tasks" and
// "interrupts" are variables, so the rules that only exist in a kernel — sleeping locks in
// interrupt handlers, interrupts enabled under an irq-safe lock, sleeping with interrupts off,
// push/pop mismatches, a sleep holding what its wakeup needs — can be demonstrated on any machine.
// Usage: kernel_sim SCENARIO
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/port.h"
#include "heisen/heisen.h"

// ---- the pretend kernel's state, and its port ------------------------------------------------
static unsigned g_cpu;
static uintptr_t g_task;
static int g_irqs_enabled = 1;

uint32_t heisen_port_cpu_id(void) { return g_cpu; }
uintptr_t heisen_port_task_id(void) { return g_task; }
int heisen_port_irqs_enabled(void) { return g_irqs_enabled; }
int heisen_port_irq_context_may_sleep(void) { return 0; }  // a kernel: interrupts never sleep
void heisen_port_write(const char *text, size_t len) { fwrite(text, 1, len, stderr); }
size_t heisen_port_stack(uintptr_t *pcs, size_t max, size_t skip) {
    void *frames[32];
    int n = backtrace(frames, 32);
    size_t out = 0;
    for (int i = (int)skip + 1; i < n && out < max; ++i) pcs[out++] = (uintptr_t)frames[i];
    return out;
}
size_t heisen_port_format_pc(uintptr_t pc, char *buf, size_t len) {
    int n = snprintf(buf, len, "%#lx", (unsigned long)pc);
    return n < 0 ? 0 : (size_t)n;
}
uint64_t heisen_port_now_ns(void) { return 0; }
int heisen_port_report_made(const struct heisen_report *report) {
    (void)report;
    return 0;  // let the engine print lockdep text through heisen_port_write
}
void heisen_port_abort(void) { abort(); }

// ---- the pretend kernel's locks ---------------------------------------------------------------
struct spinlock {
    heisen_lock_map dep;
};
struct sleeplock {
    heisen_lock_map dep;
};

static void initlock(struct spinlock *lk, const char *name) {
    heisen_lock_init(&lk->dep, name, HEISEN_LOCK_SPIN, HEISEN_CLASS_BY_NAME, 0);
}
static void initsleeplock(struct sleeplock *lk, const char *name) {
    heisen_lock_init(&lk->dep, name, HEISEN_LOCK_SLEEP, HEISEN_CLASS_BY_NAME, 0);
}
static void acquire(struct spinlock *lk) { heisen_acquire(&lk->dep, 0, 0, 0); }
static void release(struct spinlock *lk) { heisen_release(&lk->dep, 0); }
static void acquiresleep(struct sleeplock *lk) { heisen_acquire(&lk->dep, 0, 0, 0); }
static void releasesleep(struct sleeplock *lk) { heisen_release(&lk->dep, 0); }
static void intr_off(void) { g_irqs_enabled = 0; heisen_irqs_off(0); }
static void intr_on(void) { g_irqs_enabled = 1; heisen_irqs_on(0); }
static void interrupt(void (*handler)(void)) {  // the hardware delivers an interrupt
    int was = g_irqs_enabled;
    g_irqs_enabled = 0;
    heisen_irq_enter();
    handler();
    heisen_irq_exit();
    g_irqs_enabled = was;
}

static struct spinlock tickslock, uart_lock, console_lock;
static struct sleeplock inode_lock;
static int noff;  // push_off nesting, as in xv6

// ---- scenarios ---------------------------------------------------------------------------------
static void disk_intr(void) {  // wrong: a disk interrupt handler waits for an inode
    acquiresleep(&inode_lock);
    releasesleep(&inode_lock);
}
static void sleeping_lock_in_interrupt(void) { interrupt(disk_intr); }

static void uart_intr(void) {
    acquire(&uart_lock);
    release(&uart_lock);
}
static void irq_inversion(void) {
    interrupt(uart_intr);  // uart_lock is used in interrupt context: irq-safe
    intr_off();
    acquire(&uart_lock);
    acquire(&console_lock);  // ... and console_lock is taken while holding it
    release(&console_lock);
    release(&uart_lock);
    intr_on();
    acquire(&console_lock);  // but console_lock is also held with interrupts on elsewhere
    release(&console_lock);
}

static void sleep_with_interrupts_off(void) {
    intr_off();
    heisen_might_sleep(0);  // e.g. a blocking disk read
    intr_on();
}

static void push_off(void) { intr_off(); ++noff; }
static void pop_off(void) {
    if (--noff < 0) {
        heisen_irq_nesting_underflow(0);
        noff = 0;
    }
    if (noff == 0) intr_on();
}
static void unbalanced_pop_off(void) {
    push_off();
    pop_off();
    pop_off();  // one pop too many: interrupts come back on inside someone else's critical section
}

static void syscall_returns_holding_lock(void) {
    g_task = 0x1001;  // a process
    acquire(&tickslock);
    heisen_return_to_user(0);  // usertrapret with tickslock still held
}

static void caller_forgot_the_lock(void) {
    heisen_assert_held(&tickslock.dep, 0);  // a helper documents "caller holds tickslock"
}

static void sched_holding_extra_lock(void) {
    struct spinlock p_lock;
    initlock(&p_lock, "proc");
    heisen_lock_map *allowed[] = {&p_lock.dep};
    g_task = 0x2002;
    acquire(&tickslock);  // forgot to release before sleeping ...
    acquire(&p_lock);
    heisen_sched_enter(allowed, 1, 0);  // ... sched() may only hold p->lock
}

// A process sleeps until the log commits while it still holds an inode's sleeplock; the
// committer must lock that inode before it wakes the sleepers up. Run one after the other, so
// nothing hangs: the two halves are enough.
static heisen_lock_map log_committed;  // the channel's event (xv6: sleep(&log, ...), wakeup(&log))

static void sleep_holding_what_wakeup_needs(void) {
    heisen_event_init(&log_committed, "log.committed", HEISEN_CLASS_BY_NAME, 0);
    g_cpu = 0, g_task = 0x3003;
    acquiresleep(&inode_lock);
    heisen_wait_begin(&log_committed, 0, 0);  // sleep(&log, &log.lock), inode still held
    heisen_wait_end(&log_committed, 0);
    releasesleep(&inode_lock);
    g_cpu = 1, g_task = 0x4004;
    acquiresleep(&inode_lock);  // the commit writes the inode back first ...
    releasesleep(&inode_lock);
    heisen_event(&log_committed, 0);  // ... then wakeup(&log)
}

static const struct {
    const char *name;
    void (*run)(void);
} kScenarios[] = {
    {"sleeping-lock-in-interrupt", sleeping_lock_in_interrupt},
    {"irq-inversion", irq_inversion},
    {"sleep-with-interrupts-off", sleep_with_interrupts_off},
    {"unbalanced-pop-off", unbalanced_pop_off},
    {"return-to-user-holding-lock", syscall_returns_holding_lock},
    {"caller-forgot-the-lock", caller_forgot_the_lock},
    {"sched-holding-extra-lock", sched_holding_extra_lock},
    {"sleep-holding-what-wakeup-needs", sleep_holding_what_wakeup_needs},
};

int main(int argc, char **argv) {
    initlock(&tickslock, "time");
    initlock(&uart_lock, "uart");
    initlock(&console_lock, "cons");
    initsleeplock(&inode_lock, "inode");
    for (size_t i = 0; argc == 2 && i < sizeof kScenarios / sizeof kScenarios[0]; ++i) {
        if (strcmp(argv[1], kScenarios[i].name)) continue;
        kScenarios[i].run();
        return heisen_report_count() ? 1 : 0;
    }
    fprintf(stderr, "usage: kernel_sim SCENARIO\nSCENARIO:");
    for (size_t i = 0; i < sizeof kScenarios / sizeof kScenarios[0]; ++i) fprintf(stderr, " %s", kScenarios[i].name);
    fprintf(stderr, "\n");
    return 2;
}
