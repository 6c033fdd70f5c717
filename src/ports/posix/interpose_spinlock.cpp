// interpose_spinlock.cpp — pthread spinlocks: spinning locks whose holder must not sleep.
#include <pthread.h>

#include "wrapper_support.h"

namespace heisen::posix {
namespace {

// pthread_spinlock_t is a volatile int: its address is the lock's identity.
const void *address_of(pthread_spinlock_t *lock) { return const_cast<const int *>(lock); }

inline LockIdentity spin_identity(const void *site) {
    return {Primitive::kSpinlock, HEISEN_LOCK_SPIN, reinterpret_cast<uintptr_t>(site)};
}

inline LockEntry *spin_entry(pthread_spinlock_t *lock, const void *site) {
    return lock_entry(address_of(lock), spin_identity(site));
}


}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int pthread_spin_init(pthread_spinlock_t *lock, int pshared) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_init(
        address_of(lock), [&] { return real.spin_init(lock, pshared); }, [&] { return spin_identity(ip); });
}

HEISEN_INTERPOSE int pthread_spin_destroy(pthread_spinlock_t *lock) {
    ensure_real_functions();
    validated_destroy(address_of(lock), HEISEN_CALLER);
    return real.spin_destroy(lock);
}

HEISEN_INTERPOSE int pthread_spin_lock(pthread_spinlock_t *lock) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_acquire(
        ip, 0, [&] { return spin_entry(lock, ip); }, [&] { return real.spin_lock(lock); },
        [&] { return real.spin_trylock(lock); });
}

HEISEN_INTERPOSE int pthread_spin_trylock(pthread_spinlock_t *lock) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_try(ip, 0, [&] { return spin_entry(lock, ip); }, real.spin_trylock(lock));
}

HEISEN_INTERPOSE int pthread_spin_unlock(pthread_spinlock_t *lock) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    validated_release(ip, [&] { return entry_to_release(address_of(lock), spin_identity(ip)); });
    return real.spin_unlock(lock);
}
