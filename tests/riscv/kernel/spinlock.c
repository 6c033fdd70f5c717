// spinlock.c — test-and-set locks that tell heisen before they spin.
#include "spinlock.h"

void initlock(struct spinlock *lk, const char *name) {
    lk->locked = 0;
    lk->name = name;
    lk->cpu = 0;
    heisen_lock_init(&lk->map, name, HEISEN_LOCK_SPIN, HEISEN_CLASS_BY_NAME, 0);
}

void initlock_instance_ordered(struct spinlock *lk, const char *name) {
    lk->locked = 0;
    lk->name = name;
    lk->cpu = 0;
    heisen_lock_init(&lk->map, name, HEISEN_LOCK_SPIN | HEISEN_LOCK_ORDER_INSTANCES, HEISEN_CLASS_BY_NAME, 0);
}

// The caller keeps interrupts off or stays on this hart, so mycpu() is stable.
int holding(struct spinlock *lk) { return lk->locked && lk->cpu == mycpu(); }

// heisen hears of the acquisition before the spin, so a deadlock is reported before it
// happens; the holding() panic after it is the kernel's own last resort. `flags` is
// HEISEN_ACQ_IRQS_OFF when the caller has masked interrupts itself (acquire()), 0 when the
// engine must ask the port (spin_lock(), which scenarios call with interrupts on).
static void take(struct spinlock *lk, unsigned flags, const void *site) {
    heisen_acquire(&lk->map, flags, 0, site);
    if (holding(lk)) panic("acquire: lock already held by this hart");
    while (__atomic_exchange_n(&lk->locked, 1u, __ATOMIC_ACQUIRE)) cpu_relax();
    lk->cpu = mycpu();
}

static void drop(struct spinlock *lk, const void *site) {
    if (!holding(lk)) panic("release: lock not held by this hart");
    heisen_release(&lk->map, site);
    lk->cpu = 0;
    __atomic_store_n(&lk->locked, 0u, __ATOMIC_RELEASE);
}

void acquire(struct spinlock *lk) {
    push_off();
    take(lk, HEISEN_ACQ_IRQS_OFF, RETURN_ADDRESS());
}

void release(struct spinlock *lk) {
    drop(lk, RETURN_ADDRESS());
    pop_off();
}

void spin_lock(struct spinlock *lk) { take(lk, 0, RETURN_ADDRESS()); }

void spin_unlock(struct spinlock *lk) { drop(lk, RETURN_ADDRESS()); }
