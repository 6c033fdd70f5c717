// interpose_mutex.cpp — pthread mutexes of every type.
//
// A mutex is a sleeping lock owned by its thread. PTHREAD_MUTEX_RECURSIVE may be re-taken by its
// owner; error-checking and timed mutexes are plain sleeping locks (an error-checking mutex's
// EPERM/EDEADLK answers are exactly the bugs heisen reports). The type is read from the mutex
// itself, so statically initialised mutexes (never passed to pthread_mutex_init) get it too.
#include <pthread.h>

#include "wrapper_support.h"

namespace heisen::posix {
namespace {

unsigned mutex_kind(const pthread_mutex_t *mutex) {
    // glibc keeps the type in the low bits of __kind (PTHREAD_MUTEX_KIND_MASK_NP).
    int type = mutex->__data.__kind & 3;
    return type == PTHREAD_MUTEX_RECURSIVE ? HEISEN_LOCK_SLEEP | HEISEN_LOCK_RECURSIVE : HEISEN_LOCK_SLEEP;
}

inline LockIdentity mutex_identity(pthread_mutex_t *mutex, const void *site) {
    return {Primitive::kMutex, mutex_kind(mutex), reinterpret_cast<uintptr_t>(site)};
}

inline LockEntry *mutex_entry(pthread_mutex_t *mutex, const void *site) {
    return lock_entry(mutex, mutex_identity(mutex, site));
}


}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr) {
    ensure_real_functions();
    int rc = real.mutex_init(mutex, attr);
    if (rc != 0) return rc;
    if (ThreadState *thread = validating_thread()) {
        RuntimeScope scope(*thread);
        reinit_lock_entry(mutex, mutex_identity(mutex, HEISEN_CALLER));
    }
    return rc;
}

HEISEN_INTERPOSE int pthread_mutex_destroy(pthread_mutex_t *mutex) {
    ensure_real_functions();
    if (ThreadState *thread = validating_thread()) {
        RuntimeScope scope(*thread);
        if (LockEntry *entry = find_lock_entry(mutex)) retire_lock_entry(entry);
    }
    return real.mutex_destroy(mutex);
}

HEISEN_INTERPOSE int pthread_mutex_lock(pthread_mutex_t *mutex) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_acquire(
        ip, 0, [&] { return mutex_entry(mutex, ip); }, [&] { return real.mutex_lock(mutex); },
        [&] { return real.mutex_trylock(mutex); });
}

HEISEN_INTERPOSE int pthread_mutex_timedlock(pthread_mutex_t *mutex, const struct timespec *abstime) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_acquire(
        ip, 0, [&] { return mutex_entry(mutex, ip); },
        [&] { return real.mutex_timedlock(mutex, abstime); });
}

HEISEN_INTERPOSE int pthread_mutex_clocklock(pthread_mutex_t *mutex, clockid_t clock,
                                             const struct timespec *abstime) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_acquire(
        ip, 0, [&] { return mutex_entry(mutex, ip); },
        [&] { return real.mutex_clocklock(mutex, clock, abstime); });
}

HEISEN_INTERPOSE int pthread_mutex_trylock(pthread_mutex_t *mutex) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_try(ip, 0, [&] { return mutex_entry(mutex, ip); }, real.mutex_trylock(mutex));
}

HEISEN_INTERPOSE int pthread_mutex_unlock(pthread_mutex_t *mutex) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    validated_release(ip, [&] { return entry_to_release(mutex, mutex_identity(mutex, ip)); });
    return real.mutex_unlock(mutex);
}
