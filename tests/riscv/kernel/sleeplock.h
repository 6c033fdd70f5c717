// sleeplock.h — a lock whose waiters sleep; held by a task, validated by heisen.
#pragma once

#include "spinlock.h"

struct sleeplock {
    struct spinlock guard;  // protects `locked` and `owner`
    uint32_t locked;
    struct task *owner;
    heisen_lock_map map;
};

void initsleeplock(struct sleeplock *sl, const char *name);
// May sleep: call from a task, with no spinlock held and interrupts on.
void acquiresleep(struct sleeplock *sl);
void releasesleep(struct sleeplock *sl);
