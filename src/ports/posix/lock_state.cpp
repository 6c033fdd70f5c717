// lock_state.cpp — stale held entries, told by the lock objects themselves (lock_state.h).
#include "lock_state.h"

#include <pthread.h>

#include "core/held_view.h"
#include "raw_syscall.h"

namespace heisen::posix {
namespace {

// glibc's rwlock __readers word: bit 1 = a writer holds it, readers counted from bit 3.
constexpr unsigned kRwlockWriterLocked = 2;
constexpr unsigned kRwlockReaderShift = 3;
// glibc's spinlock word when free: x86-64's assembly version counts down from 1 (lock decl), the
// generic one exchanges 0 for 1.
#if defined(__x86_64__)
constexpr int kSpinlockFree = 1;
#else
constexpr int kSpinlockFree = 0;
#endif

// True when the lock object at the entry's address is certainly not held by anyone.
bool object_is_free(const LockEntry &entry) {
    switch (entry.primitive) {
    case Primitive::kMutex: {
        const auto *mutex = reinterpret_cast<const pthread_mutex_t *>(entry.address);
        return __atomic_load_n(&mutex->__data.__lock, __ATOMIC_RELAXED) == 0;
    }
    case Primitive::kRwlock: {
        const auto *rwlock = reinterpret_cast<const pthread_rwlock_t *>(entry.address);
        const unsigned readers = __atomic_load_n(&rwlock->__data.__readers, __ATOMIC_RELAXED);
        return (readers >> kRwlockReaderShift) == 0 && !(readers & kRwlockWriterLocked) &&
               __atomic_load_n(&rwlock->__data.__cur_writer, __ATOMIC_RELAXED) == 0;
    }
    case Primitive::kSpinlock:
        return __atomic_load_n(reinterpret_cast<const int *>(entry.address), __ATOMIC_RELAXED) == kSpinlockFree;
    default:
        return false;  // a semaphore has no holder to ask about
    }
}

// Drops every entry this thread holds for the lock, without a report, and starts the lock over.
void renew(LockEntry &entry, const void *ip) {
    while (heisen_is_held(&entry.map)) heisen_release(&entry.map, ip);
    reinit_lock_entry(reinterpret_cast<const void *>(entry.address),
                      {entry.primitive, entry.map.kind, reinterpret_cast<uintptr_t>(ip)});
}

bool holds_entry(LockEntry &entry, ThreadState &thread) {
    return has_slot(thread) && core::held_by_cpu(slot_of(thread)).depth != 0 && heisen_is_held(&entry.map);
}

}  // namespace

void renew_if_stale(LockEntry &entry, ThreadState &thread, const void *ip) {
    if (holds_entry(entry, thread) && object_is_free(entry)) renew(entry, ip);
}

void renew_after_try(LockEntry &entry, ThreadState &thread, unsigned flags, const void *ip) {
    if (entry.map.kind & HEISEN_LOCK_RECURSIVE) return;
    if ((flags & HEISEN_ACQ_READ) && (entry.map.kind & HEISEN_LOCK_READ_RECURSIVE)) return;
    if (holds_entry(entry, thread)) renew(entry, ip);
}

}  // namespace heisen::posix
