// wrapper_support.h — the pieces every interposed function is built from.
//
// A wrapper (1) resolves the real function, (2) asks whether this thread validates now, (3) tells
// the engine inside a RuntimeScope, and (4) performs the real operation, whose return value and
// errno it passes back untouched. Engine calls happen before a blocking acquisition (so a deadlock
// is reported before the program hangs) and before a release (so the engine's state is updated
// before another thread can take the lock).
#pragma once

#include <errno.h>
#include <stddef.h>

#include <type_traits>

#include "core/fast_path.h"
#include "core/held_view.h"
#include "heisen/heisen.h"
#include "lock_endings.h"
#include "lock_state.h"
#include "live_deadlock.h"
#include "lock_table.h"
#include "real_functions.h"
#include "thread_state.h"

#define HEISEN_INTERPOSE extern "C" __attribute__((visibility("default")))
#define HEISEN_CALLER __builtin_return_address(0)
// Another exported name of the wrapper `target` (glibc's declarations carry these attributes).
#define HEISEN_ALIAS_OF(target) __THROW __nonnull((1)) __attribute__((alias(#target)))

namespace heisen::posix {

// This thread's held locks as the engine keeps them (its thread slot is its "CPU"); a thread
// without a slot holds no validated lock.
inline bool holds_any_lock(const ThreadState &thread) {
    return has_slot(thread) && core::held_by_cpu(slot_of(thread)).depth != 0;
}
inline bool holds_spinning_lock(const ThreadState &thread) {
    return has_slot(thread) && core::held_by_cpu(slot_of(thread)).spinning != 0;
}
// Every map the engine sees from this port is a lock-table entry's.
inline LockEntry *entry_of_held_map(const heisen_lock_map *map) {
    return reinterpret_cast<LockEntry *>(reinterpret_cast<uintptr_t>(map) - offsetof(LockEntry, map));
}

// The engine's repeated paths inline (the preload is built with the engine), the full ones
// behind a call. Before the full path, an entry for the lock that the thread still seems to hold
// although the lock object is free is dropped (lock_state.h).
__attribute__((always_inline)) inline void acquire_in_engine(LockEntry &entry, ThreadState &thread, unsigned flags,
                                                             const void *ip) {
    const uintptr_t at = reinterpret_cast<uintptr_t>(ip);
    if (core::acquire_repeated(&entry.map, flags, at)) return;
    renew_if_stale(entry, thread, ip);
    core::acquire_full(&entry.map, flags, 0, at);
}
__attribute__((always_inline)) inline void release_in_engine(heisen_lock_map &map, const void *ip) {
    const uintptr_t at = reinterpret_cast<uintptr_t>(ip);
    if (!core::release_newest(&map, at)) core::release_full(&map, at);
}

// A lock call's result that means the caller now holds the lock. EOWNERDEAD (a robust mutex
// whose owner died holding it) is an acquisition: the caller owns it and is to make it
// consistent and unlock it.
inline bool lock_obtained(int rc) { return rc == 0 || rc == EOWNERDEAD; }

// A blocking call: a might-sleep point, worth telling the engine only while a spinning lock is
// held (anything else it could report is about the sleeping locks themselves).
inline void might_sleep_here(const void *ip) {
    if (__builtin_expect(!holds_spinning_lock(this_thread()), 1)) return;
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    heisen_might_sleep(ip);
}

// A blocking acquisition first tries the lock: the uncontended path costs a try-lock instead of
// a lock and nothing else. Only when the lock is busy does the thread publish what it blocks on
// (live_deadlock.h: a deadlock it closes is acted on before it blocks) and, with --stats, tell
// the engine the acquisition is contended and how long the wait took.
// The wait itself runs outside heisen (a signal handler arriving meanwhile is validated).
template <typename Acquire, typename Try>
int acquire_trying_first(ThreadState &thread, LockEntry &entry, unsigned flags, const void *ip,
                         Acquire real_acquire, Try real_try) {
    int rc = real_try();
    if (rc != EBUSY) return rc;
    const bool stats = runtime_config().stats;
    if (__builtin_expect(stats, 0)) {
        RuntimeScope scope(thread);
        heisen_contended(&entry.map, ip);
    }
    const bool published = begin_blocking_on_lock(thread, entry, !(flags & HEISEN_ACQ_READ));
    rc = real_acquire();
    if (published) end_blocking(thread);
    if (__builtin_expect(stats, 0) && lock_obtained(rc)) {
        RuntimeScope scope(thread);
        heisen_acquired(&entry.map);
    }
    return rc;
}

// Whether a blocking call has a deadline. A wait with one ends then whatever the other side
// does, so it is no wait for an event (it cannot be part of a deadlock).
enum class Deadline { kNone, kTimed };

// No try-lock for this call (timed waits): contention is not measured, and a deadline ends the
// wait, so it is no part of a deadlock.
struct NoTry {
    int operator()() const { return EBUSY; }
};

// Wraps "acquire before blocking, undo if the real call failed" for every blocking lock call.
// `real_try` is the matching non-blocking call, tried first (acquire_trying_first).
template <typename Lookup, typename Acquire, typename Try = NoTry>
int validated_acquire(const void *ip, unsigned flags, Lookup lookup, Acquire real_acquire, Try real_try = {}) {
    ThreadState *thread = validating_thread();
    if (!thread) return real_acquire();
    LockEntry *entry;
    {
        RuntimeScope scope(*thread);
        entry = lookup();
        if (entry) acquire_in_engine(*entry, *thread, flags, ip);
    }
    if (!entry) return real_acquire();
    int rc;
    if constexpr (!std::is_same_v<Try, NoTry>) {
        rc = acquire_trying_first(*thread, *entry, flags, ip, real_acquire, real_try);
    } else {
        rc = real_acquire();
    }
    if (!lock_obtained(rc)) {
        RuntimeScope scope(*thread);
        heisen_release(&entry->map, ip);  // timed out or refused: it was never held
        if (has_slot(*thread)) core::forget_failed_acquisition(slot_of(*thread), &entry->map);
    }
    return rc;
}

// An explicit initialisation: the real call, then the lock starts over as a new instance (an
// earlier lock at the address is retired; if this thread held it, that is reported).
template <typename Init, typename Identity>
int validated_init(const void *address, Init real_init, Identity identity) {
    int rc = real_init();
    if (rc != 0) return rc;
    if (ThreadState *thread = validating_thread()) {
        RuntimeScope scope(*thread);
        if (LockEntry *entry = reinit_lock_entry(address, identity())) forget_lock_ending(*entry);
    }
    return rc;
}

// A destroy call (before the real one): the lock is retired, reported if this thread holds it,
// and remembered as destroyed at `ip` (lock_endings.h).
inline void validated_destroy(const void *address, const void *ip) {
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    if (LockEntry *entry = find_lock_entry(address)) {
        retire_lock_entry(entry);
        note_lock_ended(*entry, Ending::kDestroyed, ip);
    }
}

// A try-acquisition: the real call first, the engine only on success (no order edge).
template <typename Lookup>
int validated_try(const void *ip, unsigned flags, Lookup lookup, int rc) {
    if (!lock_obtained(rc)) return rc;
    ThreadState *thread = validating_thread();
    if (!thread) return rc;
    RuntimeScope scope(*thread);
    if (LockEntry *entry = lookup()) {
        renew_after_try(*entry, *thread, flags, ip);
        heisen_acquire(&entry->map, flags | HEISEN_ACQ_TRY, 0, ip);
    }
    return rc;
}

// A release: the engine first (the caller then does the real unlock).
template <typename Lookup>
void validated_release(const void *ip, Lookup lookup) {
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    if (LockEntry *entry = lookup()) release_in_engine(entry->map, ip);
}

}  // namespace heisen::posix
