// scenario.c — what each hart does in each scenario. Reports are expected from abba,
// sleep_in_spinlock, irq_inconsistent and irq_reentry; none from handoff and correct; panic
// ends in the held-lock listing; park stops with locks held for the GDB extension's test;
// port checks the port's functions themselves (port_checks.c); concurrent_reports makes three
// reports at once to show they come out whole; abort_on_report stops the reporting hart;
// xcall_holding waits for a cross-hart call holding the lock its target spins on (reported
// without the hang), xcall_correct releases it first.
#include "scenario.h"

#include "bench.h"
#include "port_checks.h"
#include "sleeplock.h"
#include "task.h"
#include "timer.h"
#include "xcall.h"

static struct spinlock lock_a, lock_b, bucket_lock, wait_lock;
static struct sleeplock buffer;
static uint32_t step;        // progress flag between harts
static uint32_t work_done;   // protected by lock_a
static struct task *holder;  // the task left sleeping with `buffer` held (panic, park)

static void signal_step(uint32_t n) { __atomic_store_n(&step, n, __ATOMIC_RELEASE); }
static void wait_step(uint32_t n) {
    while (__atomic_load_n(&step, __ATOMIC_ACQUIRE) < n) cpu_relax();
}

static uint64_t read_ticks(void) {
    acquire(&tickslock);
    uint64_t now = ticks;
    release(&tickslock);
    return now;
}

static void wait_ticks(uint64_t count) {
    uint64_t start = read_ticks();
    while (read_ticks() - start < count) cpu_relax();
}

static void init_locks(void) {
    initlock(&lock_a, "lock_a");
    initlock(&lock_b, "lock_b");
    initlock(&bucket_lock, "bcache.bucket");
    initlock(&wait_lock, "wait");
    initsleeplock(&buffer, "buffer");
    timer_init();
}

// ---- abba: hart 1 takes lock_a then lock_b; later hart 2 takes lock_b then lock_a --------

static void abba_run(uint32_t hart) {
    if (hart == 1) {
        acquire(&lock_a);
        acquire(&lock_b);
        release(&lock_b);
        release(&lock_a);
        signal_step(1);
    } else if (hart == 2) {
        wait_step(1);
        acquire(&lock_b);
        acquire(&lock_a);  // closes the cycle: reported although nothing deadlocks
        release(&lock_a);
        release(&lock_b);
    }
}

// ---- sleep_in_spinlock: a task sleeps on a buffer while holding its bucket's spinlock ---------

static void writer_under_bucket(void *unused) {
    (void)unused;
    acquire(&bucket_lock);
    acquiresleep(&buffer);  // uncontended, so it never actually sleeps: still reported
    releasesleep(&buffer);
    release(&bucket_lock);
}

static void sleep_in_spinlock_setup(void) { task_create("writer", writer_under_bucket, 0); }

static void run_scheduler(uint32_t hart) {
    (void)hart;
    scheduler_run_until_done();
}

// ---- irq_inconsistent: hart 2 holds the timer handler's lock with interrupts on ------------

static void irq_inconsistent_run(uint32_t hart) {
    if (hart == 0) {
        timer_start();
        intr_on();
        wait_ticks(2);  // the handler has taken tickslock in interrupt context
        intr_off();
        timer_stop();
        signal_step(1);
    } else if (hart == 2) {
        wait_step(1);
        intr_on();  // no timer is armed on this hart, so nothing actually interrupts it
        spin_lock(&tickslock);
        spin_unlock(&tickslock);
        intr_off();
    }
}

// ---- irq_reentry: the timer interrupt re-takes the lock its hart holds with interrupts on ----

static void irq_reentry_run(uint32_t hart) {
    if (hart != 0) return;
    timer_start();
    intr_on();
    spin_lock(&tickslock);
    // The next timer interrupt acquires tickslock again on this hart: heisen reports the
    // self-deadlock, then acquire() panics instead of spinning forever.
    for (uint64_t i = 0; i < 2000000000ull; ++i) cpu_relax();
    panic("irq_reentry: no timer interrupt arrived");
}

// ---- handoff: tasks yield back and forth across harts (t->lock passes task <-> scheduler) ----

#define HANDOFF_TASKS 4
#define HANDOFF_ROUNDS 25

static void handoff_worker(void *unused) {
    (void)unused;
    for (int i = 0; i < HANDOFF_ROUNDS; ++i) {
        acquire(&lock_a);
        work_done += 1;
        release(&lock_a);
        yield();
    }
}

static void handoff_setup(void) {
    for (int i = 0; i < HANDOFF_TASKS; ++i) task_create("worker", handoff_worker, 0);
}

static void handoff_run(uint32_t hart) {
    scheduler_run_until_done();
    if (hart == 0 && work_done != HANDOFF_TASKS * HANDOFF_ROUNDS) panic("handoff: work lost");
}

// ---- correct: consistent order, contended sleeplock, irq-safe use of the handler's lock -------

static void buffer_sharer(void *unused) {
    (void)unused;
    for (int i = 0; i < 10; ++i) {
        acquiresleep(&buffer);
        acquire(&lock_a);
        acquire(&lock_b);
        work_done += 1;
        release(&lock_b);
        release(&lock_a);
        yield();  // holding a sleeplock across a switch is fine; the other task sleeps on it
        releasesleep(&buffer);
    }
}

static void correct_setup(void) {
    task_create("sharer", buffer_sharer, 0);
    task_create("sharer", buffer_sharer, 0);
}

static void correct_run(uint32_t hart) {
    if (hart == 0) {
        timer_start();
        intr_on();
        scheduler_run_until_done();
        wait_ticks(2);
        intr_off();
        timer_stop();
    } else {
        scheduler_run_until_done();
        (void)read_ticks();  // interrupts off while held: safe against the handler
    }
}

// ---- panic and park: every hart and a task hold something when hart 0 stops -----------------

static void sleep_forever(void *unused) {
    (void)unused;
    acquiresleep(&buffer);
    acquire(&wait_lock);
    for (;;) sleep(&holder, &wait_lock);  // nobody wakes this channel
}

static void holding_setup(void) { holder = task_create("holder", sleep_forever, 0); }

static int holder_asleep(void) {
    acquire(&holder->lock);
    int asleep = holder->state == TASK_SLEEPING;
    release(&holder->lock);
    return asleep;
}

// Leaves hart 1 holding lock_b, the holder task asleep with `buffer`, hart 0 holding lock_a.
static void hold_everywhere(uint32_t hart) {
    if (hart == 1) {
        acquire(&lock_a);  // records the order lock_a -> lock_b
        acquire(&lock_b);
        release(&lock_b);
        release(&lock_a);
        acquire(&lock_b);
        signal_step(1);
        park_hart();
    } else if (hart == 2) {
        scheduler_run_until_done();
    } else {
        wait_step(1);
        while (!holder_asleep()) cpu_relax();
        acquire(&lock_a);
    }
}

static void panic_run(uint32_t hart) {
    hold_everywhere(hart);
    panic("deliberate panic with locks held");
}

// GDB's test sets a breakpoint here.
__attribute__((noinline)) void testbed_parked(void) { __asm__ volatile(""); }

static void park_run(uint32_t hart) {
    hold_everywhere(hart);
    print("testbed: parked\n");
    testbed_parked();
    park_hart();
}

// ---- concurrent_reports: all three harts make a report at the same moment --------------------

static struct spinlock per_hart_lock[NCPU];
static const char *const kPerHartName[NCPU] = {"hart0.lock", "hart1.lock", "hart2.lock"};
static uint32_t harts_ready;

static void concurrent_reports_setup(void) {
    for (int h = 0; h < NCPU; ++h) initlock(&per_hart_lock[h], kPerHartName[h]);
}

// heisen reports a sleep under a spinning lock once per place that lock was taken, so each hart
// takes its lock at its own call site.
__attribute__((noinline)) static void sleep_under_lock_0(void) {
    acquire(&per_hart_lock[0]);
    heisen_might_sleep(RETURN_ADDRESS());
    release(&per_hart_lock[0]);
}
__attribute__((noinline)) static void sleep_under_lock_1(void) {
    acquire(&per_hart_lock[1]);
    heisen_might_sleep(RETURN_ADDRESS());
    release(&per_hart_lock[1]);
}
__attribute__((noinline)) static void sleep_under_lock_2(void) {
    acquire(&per_hart_lock[2]);
    heisen_might_sleep(RETURN_ADDRESS());
    release(&per_hart_lock[2]);
}
static void (*const kSleepUnderLock[NCPU])(void) = {sleep_under_lock_0, sleep_under_lock_1,
                                                     sleep_under_lock_2};

static void concurrent_reports_run(uint32_t hart) {
    __atomic_fetch_add(&harts_ready, 1u, __ATOMIC_ACQ_REL);
    while (__atomic_load_n(&harts_ready, __ATOMIC_ACQUIRE) != NCPU) cpu_relax();
    kSleepUnderLock[hart]();  // a report from every hart at once
}

// ---- abort_on_report: with HEISEN_ON_REPORT_ABORT the reporting hart stops in heisen_port_abort

static uint32_t continued_after_report;

static void abort_on_report_setup(void) { heisen_set_on_report(HEISEN_ON_REPORT_ABORT); }

static void abort_on_report_run(uint32_t hart) {
    if (hart == 1 || hart == 2) {
        abba_run(hart);  // hart 2's second acquisition is reported, and hart 2 stops there
        if (hart == 2) __atomic_store_n(&continued_after_report, 1u, __ATOMIC_RELEASE);
        return;
    }
    while (heisen_report_count() == 0) cpu_relax();
    for (uint64_t i = 0; i < 20000000ull; ++i) cpu_relax();  // time for hart 2 to go on, if it could
    if (__atomic_load_n(&continued_after_report, __ATOMIC_ACQUIRE))
        panic("abort_on_report: the reporting hart went on");
    print("testbed: hart 2 stopped at its report\n");
    count_stopped_hart();
}

// ---- steal_*: a bucket cache whose bucket locks share one name steals across buckets ---------
// Three designs, all three harts stealing at once: a ring walk (hold your bucket, lock the next
// ones, wrapping from the last to the first) can deadlock and is reported; nesting always the
// lower bucket first, or only under one eviction lock, cannot and is not.

#define BUCKETS 13
static struct spinlock buckets[BUCKETS], evict_lock;
static uint32_t steals;  // counted atomically: the harts share it

static void buckets_setup(void) {
    for (int i = 0; i < BUCKETS; ++i) initlock_instance_ordered(&buckets[i], "bcache.bucket");
    initlock(&evict_lock, "bcache.evict");
}

static void steal(int own, int other) {
    acquire(&buckets[own]);
    acquire(&buckets[other]);
    __atomic_fetch_add(&steals, 1u, __ATOMIC_RELAXED);
    release(&buckets[other]);
    release(&buckets[own]);
}

static void steal_ring_run(uint32_t hart) {
    for (int round = 0; round < 20; ++round)
        for (int own = (int)hart; own < BUCKETS; own += NCPU) steal(own, (own + 1) % BUCKETS);
}

static void steal_ordered_run(uint32_t hart) {
    for (int round = 0; round < 5; ++round)
        for (int own = (int)hart; own < BUCKETS; own += NCPU)
            for (int other = 0; other < BUCKETS; ++other)
                if (other != own) steal(own < other ? own : other, own < other ? other : own);
}

static void steal_evict_run(uint32_t hart) {
    for (int round = 0; round < 5; ++round) {
        for (int own = (int)hart; own < BUCKETS; own += NCPU) {
            for (int other = 0; other < BUCKETS; ++other) {
                if (other == own) continue;
                acquire(&evict_lock);
                steal(own, other);
                release(&evict_lock);
            }
        }
    }
}

// ---- xcall: hart 1 calls hart 2 and spins until hart 2's interrupt handler acknowledges ----
// The deadlock: hart 1 holds xcall.lock with interrupts off while it waits; hart 2 spins on
// xcall.lock with interrupts off, so it never takes the call. Here the halves run at different
// times (hart 2 takes the lock before accepting calls), so nothing hangs and heisen must see it
// from the dependencies alone: a call's acknowledgement needs its target to handle interrupts,
// which a hart spinning on xcall.lock with interrupts off does not.

static struct spinlock xcall_lock;

static void xcall_setup(void) {
    initlock(&xcall_lock, "xcall.lock");
    xcall_init();
}

static void xcall_run(uint32_t hart, int holding) {
    if (hart == 2) {
        acquire(&xcall_lock);  // interrupts off (push_off)
        release(&xcall_lock);
        xcall_accept();
        intr_on();
        signal_step(1);
        wait_step(2);
        intr_off();
    } else if (hart == 1) {
        wait_step(1);
        intr_on();
        xcall(2);  // holding nothing, interrupts on: correct
        acquire(&xcall_lock);
        if (!holding) {
            release(&xcall_lock);
            xcall(2);
        } else {
            xcall(2);  // holding the lock hart 2 spins on, interrupts off: reported here
            release(&xcall_lock);
        }
        intr_off();
        signal_step(2);
    }
}

static void xcall_holding_run(uint32_t hart) { xcall_run(hart, 1); }
static void xcall_correct_run(uint32_t hart) { xcall_run(hart, 0); }

// ---- the table -----------------------------------------------------------------------------

struct scenario {
    const char *name;
    void (*setup)(void);
    void (*run)(uint32_t hart);
};

static const struct scenario scenarios[] = {
    {"abba", 0, abba_run},
    {"sleep_in_spinlock", sleep_in_spinlock_setup, run_scheduler},
    {"irq_inconsistent", 0, irq_inconsistent_run},
    {"irq_reentry", 0, irq_reentry_run},
    {"handoff", handoff_setup, handoff_run},
    {"correct", correct_setup, correct_run},
    {"panic", holding_setup, panic_run},
    {"park", holding_setup, park_run},
    {"port", 0, port_checks_run},
    {"bench", bench_setup, bench_run},
    {"concurrent_reports", concurrent_reports_setup, concurrent_reports_run},
    {"abort_on_report", abort_on_report_setup, abort_on_report_run},
    {"steal_ring", buckets_setup, steal_ring_run},
    {"steal_ordered", buckets_setup, steal_ordered_run},
    {"steal_evict", buckets_setup, steal_evict_run},
    {"xcall_holding", xcall_setup, xcall_holding_run},
    {"xcall_correct", xcall_setup, xcall_correct_run},
};

static int same_name(const char *a, const char *b) {
    while (*a && *a == *b) ++a, ++b;
    return *a == *b;
}

static const struct scenario *chosen(void) {
    for (unsigned i = 0; i < sizeof scenarios / sizeof scenarios[0]; ++i)
        if (same_name(scenarios[i].name, testbed_scenario_name)) return &scenarios[i];
    panic("unknown scenario");
}

void scenario_setup(void) {
    init_locks();
    const struct scenario *s = chosen();
    if (s->setup) s->setup();
}

void scenario_run(uint32_t hart) { chosen()->run(hart); }
