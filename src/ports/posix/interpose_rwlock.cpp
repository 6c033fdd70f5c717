// interpose_rwlock.cpp — pthread reader/writer locks.
//
// glibc's default rwlock prefers readers, so a thread may re-take the read side while holding it
// (READ_RECURSIVE); PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP makes a recursive read a
// deadlock as soon as a writer waits, and is registered without it.
#include <pthread.h>

#include "wrapper_support.h"

namespace heisen::posix {
namespace {

unsigned rwlock_kind(const pthread_rwlock_t *rwlock) {
    unsigned kind = HEISEN_LOCK_SLEEP | HEISEN_LOCK_RW;
    if (rwlock->__data.__flags != PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP)
        kind |= HEISEN_LOCK_READ_RECURSIVE;
    return kind;
}

inline LockEntry *rwlock_entry(pthread_rwlock_t *rwlock, const void *site) {
    return lock_entry(rwlock, {Primitive::kRwlock, rwlock_kind(rwlock), reinterpret_cast<uintptr_t>(site)});
}

}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int pthread_rwlock_init(pthread_rwlock_t *rwlock, const pthread_rwlockattr_t *attr) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_init(
        rwlock, [&] { return real.rwlock_init(rwlock, attr); },
        [&] { return LockIdentity{Primitive::kRwlock, rwlock_kind(rwlock), reinterpret_cast<uintptr_t>(ip)}; });
}

HEISEN_INTERPOSE int pthread_rwlock_destroy(pthread_rwlock_t *rwlock) {
    ensure_real_functions();
    validated_destroy(rwlock, HEISEN_CALLER);
    return real.rwlock_destroy(rwlock);
}

HEISEN_INTERPOSE int pthread_rwlock_rdlock(pthread_rwlock_t *rwlock) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_acquire(
        ip, HEISEN_ACQ_READ, [&] { return rwlock_entry(rwlock, ip); },
        [&] { return real.rwlock_rdlock(rwlock); }, [&] { return real.rwlock_tryrdlock(rwlock); });
}

HEISEN_INTERPOSE int pthread_rwlock_timedrdlock(pthread_rwlock_t *rwlock, const struct timespec *abstime) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_acquire(
        ip, HEISEN_ACQ_READ, [&] { return rwlock_entry(rwlock, ip); },
        [&] { return real.rwlock_timedrdlock(rwlock, abstime); });
}

HEISEN_INTERPOSE int pthread_rwlock_clockrdlock(pthread_rwlock_t *rwlock, clockid_t clock,
                                               const struct timespec *abstime) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_acquire(
        ip, HEISEN_ACQ_READ, [&] { return rwlock_entry(rwlock, ip); },
        [&] { return real.rwlock_clockrdlock(rwlock, clock, abstime); });
}

HEISEN_INTERPOSE int pthread_rwlock_tryrdlock(pthread_rwlock_t *rwlock) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_try(ip, HEISEN_ACQ_READ, [&] { return rwlock_entry(rwlock, ip); },
                         real.rwlock_tryrdlock(rwlock));
}

HEISEN_INTERPOSE int pthread_rwlock_wrlock(pthread_rwlock_t *rwlock) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_acquire(
        ip, 0, [&] { return rwlock_entry(rwlock, ip); }, [&] { return real.rwlock_wrlock(rwlock); },
        [&] { return real.rwlock_trywrlock(rwlock); });
}

HEISEN_INTERPOSE int pthread_rwlock_timedwrlock(pthread_rwlock_t *rwlock, const struct timespec *abstime) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_acquire(
        ip, 0, [&] { return rwlock_entry(rwlock, ip); },
        [&] { return real.rwlock_timedwrlock(rwlock, abstime); });
}

HEISEN_INTERPOSE int pthread_rwlock_clockwrlock(pthread_rwlock_t *rwlock, clockid_t clock,
                                               const struct timespec *abstime) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_acquire(
        ip, 0, [&] { return rwlock_entry(rwlock, ip); },
        [&] { return real.rwlock_clockwrlock(rwlock, clock, abstime); });
}

HEISEN_INTERPOSE int pthread_rwlock_trywrlock(pthread_rwlock_t *rwlock) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_try(ip, 0, [&] { return rwlock_entry(rwlock, ip); }, real.rwlock_trywrlock(rwlock));
}

HEISEN_INTERPOSE int pthread_rwlock_unlock(pthread_rwlock_t *rwlock) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    validated_release(ip, [&] {
        return entry_to_release(rwlock, {Primitive::kRwlock, rwlock_kind(rwlock), reinterpret_cast<uintptr_t>(ip)});
    });
    return real.rwlock_unlock(rwlock);
}

// glibc still exports these names for programs linked before libpthread moved into libc.
HEISEN_INTERPOSE int __pthread_rwlock_init(pthread_rwlock_t *, const pthread_rwlockattr_t *)
    HEISEN_ALIAS_OF(pthread_rwlock_init);
HEISEN_INTERPOSE int __pthread_rwlock_destroy(pthread_rwlock_t *) HEISEN_ALIAS_OF(pthread_rwlock_destroy);
HEISEN_INTERPOSE int __pthread_rwlock_rdlock(pthread_rwlock_t *) HEISEN_ALIAS_OF(pthread_rwlock_rdlock);
HEISEN_INTERPOSE int __pthread_rwlock_tryrdlock(pthread_rwlock_t *) HEISEN_ALIAS_OF(pthread_rwlock_tryrdlock);
HEISEN_INTERPOSE int __pthread_rwlock_wrlock(pthread_rwlock_t *) HEISEN_ALIAS_OF(pthread_rwlock_wrlock);
HEISEN_INTERPOSE int __pthread_rwlock_trywrlock(pthread_rwlock_t *) HEISEN_ALIAS_OF(pthread_rwlock_trywrlock);
HEISEN_INTERPOSE int __pthread_rwlock_unlock(pthread_rwlock_t *) HEISEN_ALIAS_OF(pthread_rwlock_unlock);
