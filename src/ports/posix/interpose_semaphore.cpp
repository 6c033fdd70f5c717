// interpose_semaphore.cpp — POSIX semaphores.
//
// Every sem_wait is a sleeping point. A semaphore is classified by use:
//   - waited on and posted by the same thread: a lock (a binary semaphore used for mutual
//     exclusion: sem_wait acquires, sem_post releases);
//   - posted by another thread: a signal (one thread waits, another posts), an event with
//     --condition-waits (below).
// A semaphore created with value 1 starts as a lock and becomes a signal, for good, the first
// time it is seen signalling: posted by a thread that does not hold it (it was not this thread's
// to release), or waited on (or successfully tried) by the thread that already holds it (a lock
// would wait for itself; an event waits for another thread's post). CPython builds
// threading.Lock, and on it Event, Condition and Thread.join, on such semaphores and uses them
// both ways. Switching drops every thread's held entry for it and its lock-order history without
// a report (heisen_lock_disown): no lock rule applies to it from then on. A semaphore has no
// owner, so a thread may end holding one, and destroying one that is "held" is not freeing a
// held lock.
//
// A binary semaphore seen signalling is an event only with `heisen run --condition-waits`, like
// a condition variable: CPython builds Event, Condition and its queues on them, and a Python
// program under --condition-waits is still reported through CPython's GIL hand-over (a
// condition variable; docs/waits-validation.md, "Python").
//
// A semaphore created with any other value is an event from the start. Either way the event is an
// entry of its own, one class per semaphore, registered one byte past its address, where no lock
// can be. sem_wait is a wait for it, holding whatever the thread holds, and sem_post triggers it:
// a waiter that holds a lock the poster needs is a "possible circular wait dependency"
// (core/waits.cpp). A timed wait (sem_timedwait, sem_clockwait) ends at its deadline whatever the
// poster does, and a successful sem_trywait never blocked: neither is a wait (interpose_cond.cpp),
// but each is a point where the thread synchronised (heisen_wait_end: what it acquired before no
// longer counts as on the way to its next event). A thread that posts a count it took itself
// gives it back (a pool of slots, or a signalling semaphore used as a lock again): no event. Each
// thread remembers the last kMaxTakenSemaphores counts it took; a forgotten one's give-back counts
// as an event. A semaphore heisen never saw initialised (sem_open, or set up before heisen
// started) is neither lock nor event.
#include <errno.h>
#include <semaphore.h>

#include "wrapper_support.h"

namespace heisen::posix {
namespace {

constexpr unsigned kSemaphoreLockKind = HEISEN_LOCK_SLEEP | HEISEN_LOCK_EXIT_HELD_OK;

// How many threads hold each semaphore as a lock (by lock_entry_index): disowning one means
// looking through every thread's held locks, which sem_destroy then only does when someone may
// still hold it (CPython destroys a semaphore with every Lock object it frees).
uint32_t g_holders[kLockTableSize];

uint32_t &holders_of(const LockEntry &entry) { return g_holders[lock_entry_index(entry)]; }

void acquired(LockEntry &entry, unsigned flags, const void *ip) {
    __atomic_fetch_add(&holders_of(entry), 1u, __ATOMIC_RELAXED);
    heisen_acquire(&entry.map, flags, 0, ip);
}

void released(LockEntry &entry, const void *ip) {
    heisen_release(&entry.map, ip);
    __atomic_fetch_sub(&holders_of(entry), 1u, __ATOMIC_RELAXED);
}

// Nobody holds it any more: every thread's entry goes, without a report.
void disown(LockEntry &entry) {
    heisen_lock_disown(&entry.map);
    __atomic_store_n(&holders_of(entry), 0u, __ATOMIC_RELAXED);
}

// The entry of a semaphore that is still validated as a lock, or null. A semaphore used after
// sem_destroy (and no sem_init since) is reported on the way (lock_endings.h).
LockEntry *lock_semaphore_entry(sem_t *sem, const void *ip) {
    ThreadState *thread = validating_thread();
    if (!thread) return nullptr;
    RuntimeScope scope(*thread);
    LockEntry *entry = find_registered_entry(sem);
    if (!entry) return nullptr;
    if (__atomic_load_n(&entry->phase, __ATOMIC_ACQUIRE) != kReady) {
        check_use_after_end(*entry, ip);
        return nullptr;
    }
    if (__atomic_load_n(&entry->use, __ATOMIC_ACQUIRE) != LockUse::kLock) return nullptr;
    return entry;
}

// The key of a semaphore's event entry: one past the semaphore, which no lock can start at.
const void *event_key(const sem_t *sem) { return reinterpret_cast<const char *>(sem) + 1; }

// Registers a counting semaphore's event, starting over (sem_init).
LockEntry *start_event(const sem_t *sem, const void *site) {
    return reinit_lock_entry(event_key(sem),
                             {Primitive::kSemaphoreEvent, HEISEN_EVENT, reinterpret_cast<uintptr_t>(site)});
}

void end_event(const sem_t *sem) {
    if (LockEntry *event = find_lock_entry(event_key(sem))) retire_lock_entry(event);
}

// The event of a counting semaphore, or null. Runs inside a RuntimeScope.
LockEntry *event_semaphore_entry(const sem_t *sem) {
    LockEntry *event = find_lock_entry(event_key(sem));
    return event && event->primitive == Primitive::kSemaphoreEvent ? event : nullptr;
}

// The semaphore signals: nobody holds it as a lock any more and no lock rule applies to it. With
// --condition-waits it is an event from now on (without, it is neither lock nor event: below).
// Only the thread that switches it registers the event; one that finds it switched but the event
// not there yet misses one wait or post (never a false report).
void treat_as_signal(LockEntry &entry, const sem_t *sem) {
    LockUse expected = LockUse::kLock;
    if (!__atomic_compare_exchange_n(&entry.use, &expected, LockUse::kSignal, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        return;
    disown(entry);
    if (runtime_config().condition_waits) start_event(sem, reinterpret_cast<const void *>(entry.init_site));
}

// This thread took a count of the event semaphore `event`.
void note_taken(ThreadState &thread, const LockEntry &event) {
    const uint32_t index = lock_entry_index(event) + 1;
    for (uint32_t &taken : thread.taken_semaphores)
        if (taken == 0) {
            taken = index;
            return;
        }
    thread.taken_semaphores[thread.taken_next++ % kMaxTakenSemaphores] = index;
}

// A post by this thread: true (and forgotten) when it gives back a count it took.
bool gives_back(ThreadState &thread, const LockEntry &event) {
    const uint32_t index = lock_entry_index(event) + 1;
    for (uint32_t &taken : thread.taken_semaphores)
        if (taken == index) {
            taken = 0;
            return true;
        }
    return false;
}

// The event of a counting semaphore, or null.
LockEntry *signal_semaphore_entry(const sem_t *sem) {
    ThreadState *thread = validating_thread();
    if (!thread) return nullptr;
    RuntimeScope scope(*thread);
    return event_semaphore_entry(sem);
}

// An acquisition by the thread that already holds it is a wait for someone else's post.
bool held_here(LockEntry &entry) { return heisen_is_held(&entry.map); }

template <typename Wait>
int validated_sem_wait(sem_t *sem, Deadline deadline, const void *ip, Wait real_wait) {
    might_sleep_here(ip);
    LockEntry *entry = lock_semaphore_entry(sem, ip);
    LockEntry *event = entry ? nullptr : signal_semaphore_entry(sem);
    ThreadState &thread = this_thread();
    if (entry) {
        RuntimeScope scope(thread);
        if (held_here(*entry)) {
            treat_as_signal(*entry, sem);
            entry = nullptr;
            event = event_semaphore_entry(sem);
        } else {
            acquired(*entry, 0, ip);
        }
    }
    if (event && deadline == Deadline::kNone) {
        RuntimeScope scope(thread);
        heisen_wait_begin(&event->map, 0, ip);
    }
    int rc = real_wait();
    if ((entry && rc != 0) || event) {
        int saved_errno = errno;
        RuntimeScope scope(thread);
        if (event) {
            heisen_wait_end(&event->map, ip);  // waited or timed out, it synchronised here
            if (rc == 0) note_taken(thread, *event);
        } else {
            released(*entry, ip);  // interrupted or timed out: never held
            if (has_slot(thread)) core::forget_failed_acquisition(slot_of(thread), &entry->map);
        }
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
    if (rc != 0) return rc;
    if (ThreadState *thread = validating_thread()) {
        RuntimeScope scope(*thread);
        if (value != 1) {  // a counting semaphore: an event, neither a lock nor the one that was here before
            if (LockEntry *entry = find_registered_entry(sem)) {
                if (__atomic_load_n(&entry->phase, __ATOMIC_ACQUIRE) == kReady) {
                    disown(*entry);
                    retire_lock_entry(entry);
                }
                forget_lock_ending(*entry);
            }
            start_event(sem, HEISEN_CALLER);
            return rc;
        }
        end_event(sem);
        if (LockEntry *entry = reinit_lock_entry(
                sem, {Primitive::kSemaphore, kSemaphoreLockKind, reinterpret_cast<uintptr_t>(HEISEN_CALLER)})) {
            forget_lock_ending(*entry);
            __atomic_store_n(&holders_of(*entry), 0u, __ATOMIC_RELAXED);
        }
    }
    return rc;
}

HEISEN_INTERPOSE int sem_destroy(sem_t *sem) {
    ensure_real_functions();
    if (ThreadState *thread = validating_thread()) {
        RuntimeScope scope(*thread);
        if (LockEntry *entry = find_lock_entry(sem)) {
            // No owner: destroying it "held" frees nobody's lock.
            if (__atomic_load_n(&holders_of(*entry), __ATOMIC_RELAXED) != 0) disown(*entry);
            retire_lock_entry(entry);
            note_lock_ended(*entry, Ending::kDestroyed, HEISEN_CALLER);
        }
        end_event(sem);
    }
    return real.sem_destroy(sem);
}

HEISEN_INTERPOSE int sem_wait(sem_t *sem) {
    ensure_real_functions();
    return validated_sem_wait(sem, Deadline::kNone, HEISEN_CALLER, [&] { return real.sem_wait(sem); });
}

HEISEN_INTERPOSE int sem_timedwait(sem_t *sem, const struct timespec *abstime) {
    ensure_real_functions();
    return validated_sem_wait(sem, Deadline::kTimed, HEISEN_CALLER, [&] { return real.sem_timedwait(sem, abstime); });
}

HEISEN_INTERPOSE int sem_clockwait(sem_t *sem, clockid_t clock, const struct timespec *abstime) {
    ensure_real_functions();
    return validated_sem_wait(sem, Deadline::kTimed, HEISEN_CALLER,
                              [&] { return real.sem_clockwait(sem, clock, abstime); });
}

HEISEN_INTERPOSE int sem_trywait(sem_t *sem) {
    ensure_real_functions();
    int rc = real.sem_trywait(sem);
    if (rc != 0) return rc;
    ThreadState &thread = this_thread();
    LockEntry *event = nullptr;
    if (LockEntry *entry = lock_semaphore_entry(sem, HEISEN_CALLER)) {
        RuntimeScope scope(thread);
        if (!held_here(*entry)) {
            acquired(*entry, HEISEN_ACQ_TRY, HEISEN_CALLER);
            return rc;
        }
        treat_as_signal(*entry, sem);
        event = event_semaphore_entry(sem);
    } else {
        event = signal_semaphore_entry(sem);
    }
    if (event) {
        RuntimeScope scope(thread);
        heisen_wait_end(&event->map, HEISEN_CALLER);  // it took a count: it synchronised here
        note_taken(thread, *event);
    }
    return rc;
}

HEISEN_INTERPOSE int sem_post(sem_t *sem) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    LockEntry *event = nullptr;
    ThreadState &thread = this_thread();
    if (LockEntry *entry = lock_semaphore_entry(sem, ip)) {
        RuntimeScope scope(thread);
        if (held_here(*entry)) {
            released(*entry, ip);
        } else {
            treat_as_signal(*entry, sem);  // another thread's post: a signal
            event = event_semaphore_entry(sem);
        }
    } else {
        event = signal_semaphore_entry(sem);
    }
    if (event) {
        RuntimeScope scope(thread);
        if (!gives_back(thread, *event)) heisen_event(&event->map, ip);
    }
    return real.sem_post(sem);
}
