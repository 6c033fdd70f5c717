// lock_table.h — the validator's view of an unmodified program's locks.
//
// A program built without heisen has no heisen_lock_map in its locks, so the port keeps one per
// lock address in a fixed-size, lock-free, open-addressed side table. Destroying (or
// re-initialising, or freeing) a lock retires its engine state — the next use starts a new
// instance class — so a reused address never merges two unrelated locks.
//
// An address lives among the first kLockProbeWindow entries of its probe sequence (double
// hashing, core/probe.h), its window, so a look-up never costs more than that, however full the
// table is. A new lock takes a never-used entry of its window, else the entry of a destroyed
// lock there; when the window holds only live locks, the lock is not validated (one line says so).
//
// Invariants:
//  - `address` goes 0 → a lock address by CAS; it changes again only when a destroyed lock's
//    entry is taken over (under the reclaim lock, with `phase` held at kInitialising), so a
//    reader checks the address again after seeing kReady.
//  - `phase` goes kUnset → kInitialising → kReady by the one thread that won the CAS; readers
//    wait (briefly) for kReady. Retiring moves kReady → kUnset.
//  - The heisen_lock_map lives inside the entry, so a report can recover the lock's address and
//    init site from the map pointer (entry_of_map).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <type_traits>

#include "heisen/heisen.h"

namespace heisen::posix {

enum class Primitive : uint8_t {
    kMutex, kRwlock, kSpinlock, kSemaphore, kOpenmpLock, kOpenmpCritical,
    // Not locks: events (HEISEN_EVENT) a thread waits for and another triggers.
    kCondition,   // a condition variable: waited on by pthread_cond_wait, triggered by signal/broadcast
    kThreadExit,  // a thread's end: waited for by pthread_join; classed by the pthread_create site
    kBarrier,     // a barrier: every participant's arrival is the event the others wait for
    kSemaphoreEvent,  // a semaphore used to signal (interpose_semaphore.cpp)
};

// What the program uses the object for. Everything starts as a lock; a semaphore that is seen
// signalling (interpose_semaphore.cpp) is an event from then on and no lock rule applies to it.
enum class LockUse : uint8_t { kLock, kSignal };

struct LockEntry {
    uintptr_t address;     // the lock's address; 0 = free entry
    uint32_t phase;        // kUnset / kInitialising / kReady
    Primitive primitive;
    LockUse use;           // read and written atomically: any thread may find it signalling
    uintptr_t init_site;   // where pthread_*_init was called, or the first use of a static lock
    char name[64];         // the name the engine reports: "mutex@0x…" or a placeholder (wire_format.h)
    heisen_lock_map map;
};

inline constexpr uint32_t kUnset = 0, kInitialising = 1, kReady = 2;

// Entries in the table, and the entries an address may be in (from its hash on).
inline constexpr size_t kLockTableSize = size_t{1} << 17;
inline constexpr size_t kLockProbeWindow = 64;

// How a lock is first registered: its engine kind and where it was set up.
struct LockIdentity {
    Primitive primitive;
    unsigned kind;        // HEISEN_LOCK_*, or HEISEN_EVENT for an event
    uintptr_t init_site;
};

// A small per-thread cache of address → entry in front of the table. A cached pair goes stale only
// when a destroyed lock's entry is taken over for another address, so the cache checks the
// entry's address too.
// A hot loop over a few locks then never touches the big table, and the TLB stays with the program.
// 256 ways (4 KiB of TLS per thread): a few dozen hot locks rarely evict each other.
inline constexpr unsigned kLockCacheBits = 8;
inline constexpr size_t kLockCacheWays = size_t{1} << kLockCacheBits;
struct CachedEntry {
    uintptr_t address;
    LockEntry *entry;
};
extern __thread CachedEntry t_lock_cache[kLockCacheWays] __attribute__((tls_model("initial-exec")));

// Locks in arrays sit a few dozen bytes apart: a multiplicative hash spreads them over the ways.
inline size_t lock_cache_index(uintptr_t address) {
    return static_cast<size_t>(((address >> 3) * 0x9e3779b97f4a7c15ull) >> (64 - kLockCacheBits));
}
inline LockEntry *cached_lock_entry(uintptr_t address) {
    const CachedEntry &slot = t_lock_cache[lock_cache_index(address)];
    return slot.address == address ? slot.entry : nullptr;
}
// The entry is ready and still `address`'s. The phase first: an entry taken over for another
// address gets that address before it is ready again.
inline bool ready_for(const LockEntry &entry, uintptr_t address) {
    return __atomic_load_n(&entry.phase, __ATOMIC_ACQUIRE) == kReady &&
           __atomic_load_n(&entry.address, __ATOMIC_RELAXED) == address;
}

// The ready entry for `address`, registering it with `identity` when first seen. Returns null
// when the table is full.
LockEntry *lock_entry_slow(const void *address, const LockIdentity &identity);
// A lock's identity for registering it: given, or computed only when it is needed (reading a
// lock's kind from the lock object is an atomic load the compiler may not move to the miss).
template <typename Identity>
__attribute__((always_inline)) inline LockIdentity identity_from(const Identity &identity) {
    if constexpr (std::is_invocable_v<Identity>) return identity();
    else return identity;
}
// Inline: every wrapped lock operation asks, and in steady state the thread's cache answers.
template <typename Identity = LockIdentity>
__attribute__((always_inline)) inline LockEntry *lock_entry(const void *address, const Identity &identity) {
    LockEntry *entry = cached_lock_entry(reinterpret_cast<uintptr_t>(address));
    if (__builtin_expect(entry != nullptr, 1) && ready_for(*entry, reinterpret_cast<uintptr_t>(address)))
        return entry;
    return lock_entry_slow(address, identity_from(identity));
}
// The same for an unlock. Once some lock found no room, an unlock no longer registers a lock it
// does not find: that lock was taken unvalidated, and its release must not be reported.
LockEntry *entry_to_release_slow(const void *address, const LockIdentity &identity);
template <typename Identity = LockIdentity>
__attribute__((always_inline)) inline LockEntry *entry_to_release(const void *address, const Identity &identity) {
    LockEntry *entry = cached_lock_entry(reinterpret_cast<uintptr_t>(address));
    if (__builtin_expect(entry != nullptr, 1) && ready_for(*entry, reinterpret_cast<uintptr_t>(address)))
        return entry;
    return entry_to_release_slow(address, identity_from(identity));
}
// The ready entry for `address` if it was ever registered, else null. Never inserts.
LockEntry *find_lock_entry(const void *address);
// The entry claimed for `address`, ready or retired, else null. Never inserts.
LockEntry *find_registered_entry(const void *address);
// Explicit init of a lock: retires an earlier instance at the address, registers the new one.
LockEntry *reinit_lock_entry(const void *address, const LockIdentity &identity);
// Destroy: reports if held (engine), then retires so the next use is a new instance.
void retire_lock_entry(LockEntry *entry);

// The reclaim lock, taken before a fork and let go of in both processes (with the engine's).
void lock_table_lock_for_fork();
void lock_table_unlock_after_fork();
// In a fork child: entries that threads which did not survive the fork were initialising or
// retiring go back to kUnset (the next use initialises them again), so nobody waits for them.
// The engine was locked across the fork, so their engine state is consistent.
void lock_table_after_fork();
// An entry's position in the table, and the entry at a position (lock_pages.cpp indexes by it).
uint32_t lock_entry_index(const LockEntry &entry);
LockEntry &lock_entry_at(uint32_t index);

// The entry that embeds `map`, or null when `map` is not one of the table's.
const LockEntry *entry_of_map(const heisen_lock_map *map);

// The address the program knows an entry's object by: a semaphore's event is keyed one byte
// past the semaphore (interpose_semaphore.cpp), everything else by the object's address.
inline uintptr_t object_address(const LockEntry &entry) {
    return entry.primitive == Primitive::kSemaphoreEvent ? entry.address - 1 : entry.address;
}

// A report's lock instance (the engine's map) as the address the program knows the lock by.
inline uintptr_t lock_address(uintptr_t instance) {
    const LockEntry *entry = entry_of_map(reinterpret_cast<const heisen_lock_map *>(instance));
    return entry ? object_address(*entry) : instance;
}

}  // namespace heisen::posix
