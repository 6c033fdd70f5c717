// mutex_identity.h — how a glibc mutex is registered: its kind, read from the mutex itself.
//
// Used for pthread mutexes and for C11 mtx_t, which glibc implements as the same object.
#pragma once

#include <pthread.h>

#include "lock_table.h"

namespace heisen::posix {

// glibc's __kind: the type in the low bits (PTHREAD_MUTEX_KIND_MASK_NP), robustness as bit 4
// (PTHREAD_MUTEX_ROBUST_NORMAL_NP, internal to glibc); pthread_mutex_destroy stores -1.
inline constexpr int kMutexTypeMask = 3;
inline constexpr int kMutexRobustBit = 16;
inline constexpr int kMutexDestroyedKind = -1;

inline unsigned mutex_kind(const pthread_mutex_t *mutex) {
    const int glibc_kind = __atomic_load_n(&mutex->__data.__kind, __ATOMIC_RELAXED);
    unsigned kind = HEISEN_LOCK_SLEEP;
    if (glibc_kind == kMutexDestroyedKind) return kind;
    if ((glibc_kind & kMutexTypeMask) == PTHREAD_MUTEX_RECURSIVE) kind |= HEISEN_LOCK_RECURSIVE;
    // A robust mutex may outlive its owner: the next locker is told (EOWNERDEAD) and recovers.
    if (glibc_kind & kMutexRobustBit) kind |= HEISEN_LOCK_EXIT_HELD_OK;
    return kind;
}

inline LockIdentity mutex_identity(const pthread_mutex_t *mutex, const void *site) {
    return {Primitive::kMutex, mutex_kind(mutex), reinterpret_cast<uintptr_t>(site)};
}

inline LockEntry *mutex_entry(pthread_mutex_t *mutex, const void *site) {
    return lock_entry(mutex, [&] { return mutex_identity(mutex, site); });
}

}  // namespace heisen::posix
