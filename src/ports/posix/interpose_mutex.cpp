// interpose_mutex.cpp — pthread mutexes of every type.
//
// A mutex is a sleeping lock owned by its thread. PTHREAD_MUTEX_RECURSIVE may be re-taken by its
// owner; error-checking and timed mutexes are plain sleeping locks (an error-checking mutex's
// EPERM/EDEADLK answers are exactly the bugs heisen reports); a robust mutex's owner may end
// holding it, and EOWNERDEAD is an acquisition (wrapper_support.h). The type is read from the
// mutex itself, so statically initialised mutexes (never passed to pthread_mutex_init) get it too.
#include <pthread.h>

#include "mutex_identity.h"
#include "wrapper_support.h"

using namespace heisen::posix;

HEISEN_INTERPOSE int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_init(
        mutex, [&] { return real.mutex_init(mutex, attr); }, [&] { return mutex_identity(mutex, ip); });
}

HEISEN_INTERPOSE int pthread_mutex_destroy(pthread_mutex_t *mutex) {
    ensure_real_functions();
    validated_destroy(mutex, HEISEN_CALLER);
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
    validated_release(ip, [&] { return entry_to_release(mutex, [&] { return mutex_identity(mutex, ip); }); });
    return real.mutex_unlock(mutex);
}

// glibc still exports these names for programs linked before libpthread moved into libc.
HEISEN_INTERPOSE int __pthread_mutex_init(pthread_mutex_t *, const pthread_mutexattr_t *)
    HEISEN_ALIAS_OF(pthread_mutex_init);
HEISEN_INTERPOSE int __pthread_mutex_destroy(pthread_mutex_t *) HEISEN_ALIAS_OF(pthread_mutex_destroy);
HEISEN_INTERPOSE int __pthread_mutex_lock(pthread_mutex_t *) HEISEN_ALIAS_OF(pthread_mutex_lock);
HEISEN_INTERPOSE int __pthread_mutex_trylock(pthread_mutex_t *) HEISEN_ALIAS_OF(pthread_mutex_trylock);
HEISEN_INTERPOSE int __pthread_mutex_unlock(pthread_mutex_t *) HEISEN_ALIAS_OF(pthread_mutex_unlock);
