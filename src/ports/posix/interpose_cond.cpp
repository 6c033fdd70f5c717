// interpose_cond.cpp — condition variables: a wait releases its mutex, sleeps, and re-takes it.
//
// The engine sees exactly that: a release, a might-sleep point, and an acquisition after the
// wait returns (the mutex is held again whether the wait succeeded or timed out). The
// re-acquisition records the order "locks still held → the mutex", which is real.
#include <pthread.h>

#include "wrapper_support.h"

namespace heisen::posix {
namespace {

template <typename Wait>
int validated_wait(pthread_mutex_t *mutex, const void *ip, Wait real_wait) {
    might_sleep_here(ip);
    ThreadState *thread = validating_thread();
    LockEntry *entry = nullptr;
    if (thread) {
        RuntimeScope scope(*thread);
        entry = find_lock_entry(mutex);
        if (entry) heisen_release(&entry->map, ip);
    }
    int rc = real_wait();
    if (entry) {
        RuntimeScope scope(*thread);
        heisen_acquire(&entry->map, 0, 0, ip);
    }
    return rc;
}

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
