// interpose_semaphore.cpp — POSIX semaphores.
//
// Every sem_wait is a sleeping point. A semaphore created with value 1 is a lock (a binary
// semaphore used for mutual exclusion): sem_wait acquires it and sem_post releases it, as a
// sleeping lock. Semaphores with any other initial value count events and are not locks.
#include <errno.h>
#include <semaphore.h>

#include "wrapper_support.h"

namespace heisen::posix {
namespace {

LockEntry *lock_semaphore_entry(sem_t *sem) {
    ThreadState *thread = validating_thread();
    if (!thread) return nullptr;
    RuntimeScope scope(*thread);
    return find_lock_entry(sem);
}

template <typename Wait>
int validated_sem_wait(sem_t *sem, const void *ip, Wait real_wait) {
    might_sleep_here(ip);
    LockEntry *entry = lock_semaphore_entry(sem);
    ThreadState &thread = this_thread();
    if (entry) {
        RuntimeScope scope(thread);
        heisen_acquire(&entry->map, 0, 0, ip);
    }
    int rc = real_wait();
    if (entry && rc != 0) {
        int saved_errno = errno;
        RuntimeScope scope(thread);
        heisen_release(&entry->map, ip);  // interrupted or timed out: never held
        errno = saved_errno;
    }
    return rc;
}

}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int sem_init(sem_t *sem, int pshared, unsigned value) {
    ensure_real_functions();
    int rc = real.sem_init(sem, pshared, value);
    if (rc != 0 || value != 1) return rc;
    if (ThreadState *thread = validating_thread()) {
        RuntimeScope scope(*thread);
        reinit_lock_entry(sem, {Primitive::kSemaphore, HEISEN_LOCK_SLEEP,
                                reinterpret_cast<uintptr_t>(HEISEN_CALLER)});
    }
    return rc;
}

HEISEN_INTERPOSE int sem_destroy(sem_t *sem) {
    ensure_real_functions();
    if (ThreadState *thread = validating_thread()) {
        RuntimeScope scope(*thread);
        if (LockEntry *entry = find_lock_entry(sem)) retire_lock_entry(entry);
    }
    return real.sem_destroy(sem);
}

HEISEN_INTERPOSE int sem_wait(sem_t *sem) {
    ensure_real_functions();
    return validated_sem_wait(sem, HEISEN_CALLER, [&] { return real.sem_wait(sem); });
}

HEISEN_INTERPOSE int sem_timedwait(sem_t *sem, const struct timespec *abstime) {
    ensure_real_functions();
    return validated_sem_wait(sem, HEISEN_CALLER, [&] { return real.sem_timedwait(sem, abstime); });
}

HEISEN_INTERPOSE int sem_clockwait(sem_t *sem, clockid_t clock, const struct timespec *abstime) {
    ensure_real_functions();
    return validated_sem_wait(sem, HEISEN_CALLER, [&] { return real.sem_clockwait(sem, clock, abstime); });
}

HEISEN_INTERPOSE int sem_trywait(sem_t *sem) {
    ensure_real_functions();
    int rc = real.sem_trywait(sem);
    if (rc != 0) return rc;
    if (LockEntry *entry = lock_semaphore_entry(sem)) {
        ThreadState &thread = this_thread();
        RuntimeScope scope(thread);
        heisen_acquire(&entry->map, HEISEN_ACQ_TRY, 0, HEISEN_CALLER);
    }
    return rc;
}

HEISEN_INTERPOSE int sem_post(sem_t *sem) {
    ensure_real_functions();
    if (LockEntry *entry = lock_semaphore_entry(sem)) {
        ThreadState &thread = this_thread();
        RuntimeScope scope(thread);
        heisen_release(&entry->map, HEISEN_CALLER);
    }
    return real.sem_post(sem);
}
