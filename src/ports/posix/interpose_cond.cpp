// interpose_cond.cpp — condition variables: a wait releases its mutex, sleeps, and re-takes it.
//
// The engine sees exactly that: a release, a might-sleep point, and an acquisition after the
// wait returns (the mutex is held again whether the wait succeeded or timed out). The
// re-acquisition records the order "locks still held → the mutex", which is real.
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
    const void *ip;
    bool was_held;  // the thread held the mutex when the wait started
};

void reacquire_after_wait(const WaitInProgress &wait) {
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    heisen_acquire(&wait.entry->map, 0, 0, wait.ip);
}

// Runs when the thread is cancelled inside the wait, after glibc has re-taken the mutex.
void reacquired_by_cancellation(void *wait) { reacquire_after_wait(*static_cast<WaitInProgress *>(wait)); }

template <typename Wait>
int validated_wait(pthread_mutex_t *mutex, const void *ip, Wait real_wait) {
    might_sleep_here(ip);
    WaitInProgress wait{nullptr, ip, false};
    if (ThreadState *thread = validating_thread()) {
        RuntimeScope scope(*thread);
        wait.entry = mutex_entry(mutex, ip);
        if (wait.entry) {
            wait.was_held = heisen_is_held(&wait.entry->map);
            heisen_release(&wait.entry->map, ip);
        }
    }
    if (!wait.entry) return real_wait();
    int rc;
    pthread_cleanup_push(reacquired_by_cancellation, &wait);
    rc = real_wait();
    pthread_cleanup_pop(0);
    const bool refused = rc == EPERM || rc == EINVAL;  // the mutex was never let go
    if (!refused || wait.was_held) reacquire_after_wait(wait);
    return rc;
}

pthread_mutex_t *as_pthread_mutex(mtx_t *mutex) { return reinterpret_cast<pthread_mutex_t *>(mutex); }

}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex) {
    ensure_real_functions();
    return validated_wait(mutex, HEISEN_CALLER, [&] { return real.cond_wait(cond, mutex); });
}

HEISEN_INTERPOSE int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex,
                                            const struct timespec *abstime) {
    ensure_real_functions();
    return validated_wait(mutex, HEISEN_CALLER, [&] { return real.cond_timedwait(cond, mutex, abstime); });
}

HEISEN_INTERPOSE int pthread_cond_clockwait(pthread_cond_t *cond, pthread_mutex_t *mutex, clockid_t clock,
                                            const struct timespec *abstime) {
    ensure_real_functions();
    return validated_wait(mutex, HEISEN_CALLER,
                          [&] { return real.cond_clockwait(cond, mutex, clock, abstime); });
}

// C11: glibc's cnd_t and mtx_t are pthread_cond_t and pthread_mutex_t.
HEISEN_INTERPOSE int cnd_wait(cnd_t *cond, mtx_t *mutex) {
    ensure_real_functions();
    return validated_wait(as_pthread_mutex(mutex), HEISEN_CALLER, [&] { return real.cnd_wait(cond, mutex); });
}

HEISEN_INTERPOSE int cnd_timedwait(cnd_t *__restrict cond, mtx_t *__restrict mutex,
                                   const struct timespec *__restrict abstime) {
    ensure_real_functions();
    return validated_wait(as_pthread_mutex(mutex), HEISEN_CALLER,
                          [&] { return real.cnd_timedwait(cond, mutex, abstime); });
}
