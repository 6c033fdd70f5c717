// lock_endings.cpp — the endings of registered locks (lock_endings.h).
#include "lock_endings.h"

#include <pthread.h>

#include "mutex_identity.h"

namespace heisen::posix {
namespace {

struct LockEnding {
    uintptr_t where;
    Ending how;
};
LockEnding g_endings[kLockTableSize];  // by lock_entry_index

// glibc's __kind bits besides the type: robust 16, priority inheritance 32, priority protection
// 64, process-shared 128, elision 256 and 512.
constexpr int kMutexKnownKindBits = kMutexTypeMask | 16 | 32 | 64 | 128 | 256 | 512;
constexpr int kMutexOwnerInLockWord = kMutexRobustBit | 32 | 64;  // __lock holds a thread id

// A state no glibc mutex is ever in: what the allocator writes into freed memory.
bool is_no_mutex(const pthread_mutex_t *mutex) {
    const int kind = __atomic_load_n(&mutex->__data.__kind, __ATOMIC_RELAXED);
    if (kind == kMutexDestroyedKind) return false;  // destroyed, not overwritten
    if (kind & ~kMutexKnownKindBits) return true;
    if (kind & kMutexOwnerInLockWord) return false;  // the lock word is a thread id: cannot tell
    const int lock = __atomic_load_n(&mutex->__data.__lock, __ATOMIC_RELAXED);
    const int owner = __atomic_load_n(&mutex->__data.__owner, __ATOMIC_RELAXED);
    return lock < 0 || lock > 2 || (lock == 0 && owner != 0);  // unlocking clears the owner first
}

// True when the object at the entry is still the lock that ended, used after its end.
bool still_the_ended_lock(const LockEntry &entry, Ending how) {
    if (entry.primitive == Primitive::kSemaphore) return how == Ending::kDestroyed;  // only sem_init revives one
    if (entry.primitive != Primitive::kMutex) return false;  // rwlocks, spinlocks: no sign either way
    const auto *mutex = reinterpret_cast<const pthread_mutex_t *>(entry.address);
    if (how == Ending::kDestroyed)
        return __atomic_load_n(&mutex->__data.__kind, __ATOMIC_RELAXED) == kMutexDestroyedKind;
    return is_no_mutex(mutex);
}

}  // namespace

void note_lock_ended(const LockEntry &entry, Ending how, const void *where) {
    LockEnding &ending = g_endings[lock_entry_index(entry)];
    ending.where = reinterpret_cast<uintptr_t>(where);
    __atomic_store_n(&ending.how, how, __ATOMIC_RELEASE);
}

void forget_lock_ending(const LockEntry &entry) {
    __atomic_store_n(&g_endings[lock_entry_index(entry)].how, Ending::kNone, __ATOMIC_RELAXED);
}

void check_use_after_end(LockEntry &entry, const void *ip) {
    LockEnding &ending = g_endings[lock_entry_index(entry)];
    const Ending how = __atomic_exchange_n(&ending.how, Ending::kNone, __ATOMIC_ACQ_REL);
    if (how == Ending::kNone || !still_the_ended_lock(entry, how)) return;
    heisen_lock_used_after_end(&entry.map, how == Ending::kFreed, reinterpret_cast<const void *>(ending.where), ip);
}

}  // namespace heisen::posix
