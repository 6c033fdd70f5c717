// spinlock.h — spinning locks held by a hart, validated by heisen.
#pragma once

#include "heisen/heisen.h"
#include "kernel.h"

struct spinlock {
    uint32_t locked;
    const char *name;
    struct cpu *cpu;      // holder, for holding()
    heisen_lock_map map;  // heisen's state; one class per name, as in teaching kernels
};

void initlock(struct spinlock *lk, const char *name);
// A lock of a class whose instances nest with each other (bucket locks of one name): the
// validator judges such nesting by instance order (HEISEN_LOCK_ORDER_INSTANCES).
void initlock_instance_ordered(struct spinlock *lk, const char *name);
// Disables interrupts (push_off) for as long as the lock is held: the safe way.
void acquire(struct spinlock *lk);
void release(struct spinlock *lk);
// Leaves interrupts as they are. Correct only for locks no interrupt handler takes; the
// scenarios use it to model the bug of holding an interrupt handler's lock with interrupts on.
void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);
int holding(struct spinlock *lk);
