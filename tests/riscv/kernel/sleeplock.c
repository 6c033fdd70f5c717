// sleeplock.c — sleeping locks on top of sleep()/wakeup().
#include "sleeplock.h"

#include "task.h"

void initsleeplock(struct sleeplock *sl, const char *name) {
    initlock(&sl->guard, "sleep lock guard");
    sl->locked = 0;
    sl->owner = 0;
    heisen_lock_init(&sl->map, name, HEISEN_LOCK_SLEEP, HEISEN_CLASS_BY_NAME, 0);
}

void acquiresleep(struct sleeplock *sl) {
    heisen_might_sleep(RETURN_ADDRESS());  // reported at the first call, contended or not
    heisen_acquire(&sl->map, 0, 0, RETURN_ADDRESS());
    acquire(&sl->guard);
    while (sl->locked) sleep(sl, &sl->guard);
    sl->locked = 1;
    sl->owner = mytask();
    release(&sl->guard);
}

void releasesleep(struct sleeplock *sl) {
    acquire(&sl->guard);
    heisen_release(&sl->map, RETURN_ADDRESS());
    sl->locked = 0;
    sl->owner = 0;
    wakeup(sl);
    release(&sl->guard);
}
