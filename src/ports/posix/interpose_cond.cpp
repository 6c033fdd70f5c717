// interpose_cond.cpp — condition variables: a wait releases its mutex, sleeps, and re-takes it.
//
// The engine sees exactly that: a release, a might-sleep point, and an acquisition after the
// wait returns (the mutex is held again whether the wait succeeded or timed out). The
// re-acquisition records the order "locks still held → the mutex", which is real.
//
// The condition variable itself is an event (one class per condition object, like locks): the
// wait is a wait for it that gives up the mutex (so the locks held besides the mutex are what it
// depends on), pthread_cond_signal/broadcast trigger it. A signaller that needs a lock the
// waiter holds across the wait is then a "possible circular wait dependency" (core/waits.cpp).
// A timed wait (timedwait, clockwait) is no wait for the event: it ends at its deadline whatever
// the signaller does, so it cannot be part of a deadlock. (CPython's GIL is taken with 5 ms
// timed waits in a loop, by threads holding Python locks that the thread dropping the GIL may
// have held too: counting those would report every threaded Python program. A hand-written loop
// of timed waits is missed the same way.)
//
// Only with `heisen run --condition-waits`: an event depends on every lock its thread acquired
// since its last wait or event, which a condition signalled from both sides (pigz's yarn locks:
// main and a worker each wait for the other on one condition) or by whichever thread comes
// next (CPython's GIL hand-over) turns into reports of deadlocks that cannot happen
// (docs/waits-validation.md). Without it a signal, and the end of a wait, are still where the
// thread synchronised: what it acquired before is not "on the way" to its next event (a thread
// that takes a lock, signals that it is done and then ends does not need the lock to end).
//
// A thread cancelled inside the wait does not return from it: glibc re-takes the mutex and
// unwinds through the thread's cleanup handlers, which usually unlock it. A cleanup handler of
// our own, innermost, tells the engine about the re-acquisition first.
//
// The mutex must be held when the wait starts: one the thread does not hold (or one heisen has
// never seen, e.g. never initialised) is reported as a bad unlock at the wait. A wait glibc
// refuses before touching the mutex (EPERM: an error-checking mutex the thread does not own;
// EINVAL: a bad deadline) leaves it as it was: held again only if it was held before.
#include <errno.h>
#include <pthread.h>
#include <threads.h>

#include "mutex_identity.h"
#include "wrapper_support.h"

namespace heisen::posix {
namespace {

struct WaitInProgress {
    LockEntry *entry;
    LockEntry *event;  // the condition variable's entry, null when it found no room
    const void *ip;
    bool was_held;  // the thread held the mutex when the wait started
};

// The wait is over; the mutex is held again when `reacquired`.
void finish_wait(const WaitInProgress &wait, bool reacquired) {
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    heisen_wait_end(wait.event ? &wait.event->map : nullptr, wait.ip);  // synchronised, whatever the setting
    if (reacquired) heisen_acquire(&wait.entry->map, 0, 0, wait.ip);
}

LockEntry *condition_entry(const void *cond, const void *site) {
    return lock_entry(cond, {Primitive::kCondition, HEISEN_EVENT, reinterpret_cast<uintptr_t>(site)});
}

// Runs when the thread is cancelled inside the wait, after glibc has re-taken the mutex.
void reacquired_by_cancellation(void *wait) { finish_wait(*static_cast<WaitInProgress *>(wait), true); }

template <typename Wait>
int validated_wait(const void *cond, pthread_mutex_t *mutex, Deadline deadline, const void *ip, Wait real_wait) {
    might_sleep_here(ip);
    WaitInProgress wait{nullptr, nullptr, ip, false};
    if (ThreadState *thread = validating_thread()) {
        RuntimeScope scope(*thread);
        wait.entry = mutex_entry(mutex, ip);
        if (wait.entry) {
            wait.was_held = heisen_is_held(&wait.entry->map);
            if (deadline == Deadline::kNone && runtime_config().condition_waits) wait.event = condition_entry(cond, ip);
            heisen_lock_map *released = &wait.entry->map;
            if (wait.event) heisen_wait_begin_releasing(&wait.event->map, &released, 1, 0, ip);
            heisen_release(&wait.entry->map, ip);
        }
    }
    if (!wait.entry) return real_wait();
    int rc;
    pthread_cleanup_push(reacquired_by_cancellation, &wait);
    rc = real_wait();
    pthread_cleanup_pop(0);
    const bool refused = rc == EPERM || rc == EINVAL;  // the mutex was never let go
    finish_wait(wait, !refused || wait.was_held);
    return rc;
}

pthread_mutex_t *as_pthread_mutex(mtx_t *mutex) { return reinterpret_cast<pthread_mutex_t *>(mutex); }

// Signal or broadcast: the event, before the real call (the waiter it wakes may run at once).
// Without --condition-waits the condition is no event, but the signal still ends the stretch of
// what the thread acquired on the way to its next event (heisen_wait_end restarts it).
void triggered(const void *cond, const void *ip) {
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    if (!runtime_config().condition_waits)
        heisen_wait_end(nullptr, ip);
    else if (LockEntry *event = condition_entry(cond, ip))
        heisen_event(&event->map, ip);
}

// Destroyed: the next condition variable at this address is another object.
void ended(const void *cond) {
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    if (LockEntry *event = find_lock_entry(cond)) retire_lock_entry(event);
}

}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex) {
    ensure_real_functions();
    return validated_wait(cond, mutex, Deadline::kNone, HEISEN_CALLER, [&] { return real.cond_wait(cond, mutex); });
}

HEISEN_INTERPOSE int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex,
                                            const struct timespec *abstime) {
    ensure_real_functions();
    return validated_wait(cond, mutex, Deadline::kTimed, HEISEN_CALLER,
                          [&] { return real.cond_timedwait(cond, mutex, abstime); });
}

HEISEN_INTERPOSE int pthread_cond_clockwait(pthread_cond_t *cond, pthread_mutex_t *mutex, clockid_t clock,
                                            const struct timespec *abstime) {
    ensure_real_functions();
    return validated_wait(cond, mutex, Deadline::kTimed, HEISEN_CALLER,
                          [&] { return real.cond_clockwait(cond, mutex, clock, abstime); });
}

// C11: glibc's cnd_t and mtx_t are pthread_cond_t and pthread_mutex_t.
HEISEN_INTERPOSE int cnd_wait(cnd_t *cond, mtx_t *mutex) {
    ensure_real_functions();
    return validated_wait(cond, as_pthread_mutex(mutex), Deadline::kNone, HEISEN_CALLER,
                          [&] { return real.cnd_wait(cond, mutex); });
}

HEISEN_INTERPOSE int cnd_timedwait(cnd_t *__restrict cond, mtx_t *__restrict mutex,
                                   const struct timespec *__restrict abstime) {
    ensure_real_functions();
    return validated_wait(cond, as_pthread_mutex(mutex), Deadline::kTimed, HEISEN_CALLER,
                          [&] { return real.cnd_timedwait(cond, mutex, abstime); });
}

HEISEN_INTERPOSE int pthread_cond_signal(pthread_cond_t *cond) {
    ensure_real_functions();
    triggered(cond, HEISEN_CALLER);
    return real.cond_signal(cond);
}

HEISEN_INTERPOSE int pthread_cond_broadcast(pthread_cond_t *cond) {
    ensure_real_functions();
    triggered(cond, HEISEN_CALLER);
    return real.cond_broadcast(cond);
}

HEISEN_INTERPOSE int pthread_cond_destroy(pthread_cond_t *cond) {
    ensure_real_functions();
    ended(cond);
    return real.cond_destroy(cond);
}

HEISEN_INTERPOSE int cnd_signal(cnd_t *cond) {
    ensure_real_functions();
    triggered(cond, HEISEN_CALLER);
    return real.cnd_signal(cond);
}

HEISEN_INTERPOSE int cnd_broadcast(cnd_t *cond) {
    ensure_real_functions();
    triggered(cond, HEISEN_CALLER);
    return real.cnd_broadcast(cond);
}

HEISEN_INTERPOSE void cnd_destroy(cnd_t *cond) {
    ensure_real_functions();
    ended(cond);
    real.cnd_destroy(cond);
}
