// lock_table.h — the validator's view of an unmodified program's locks.
//
// A program built without heisen has no heisen_lock_map in its locks, so the port keeps one per
// lock address in a fixed-size, lock-free, open-addressed side table. Entries are never removed:
// destroying (or re-initialising, or freeing) a lock retires its engine state — the next use
// starts a new instance class — so a reused address never merges two unrelated locks.
//
// Invariants:
//  - `address` goes 0 → lock address exactly once (CAS) and never changes afterwards.
//  - `phase` goes kUnset → kInitialising → kReady by the one thread that won the CAS; readers
//    wait (briefly) for kReady. Retiring moves kReady → kUnset.
//  - The heisen_lock_map lives inside the entry, so a report can recover the lock's address and
//    init site from the map pointer (entry_of_map).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "heisen/heisen.h"

namespace heisen::posix {

enum class Primitive : uint8_t { kMutex, kRwlock, kSpinlock, kSemaphore };

struct LockEntry {
    uintptr_t address;     // the lock's address; 0 = free entry
    uint32_t phase;        // kUnset / kInitialising / kReady
    Primitive primitive;
    uintptr_t init_site;   // where pthread_*_init was called, or the first use of a static lock
    char name[64];         // the name the engine reports: "mutex@0x…" or a placeholder (wire_format.h)
    heisen_lock_map map;
};

inline constexpr uint32_t kUnset = 0, kInitialising = 1, kReady = 2;

// Entries in the table. A program with more distinct lock addresses than this runs the rest
// unvalidated (one line says so).
inline constexpr size_t kLockTableSize = size_t{1} << 17;

// How a lock is first registered: its engine kind and where it was set up.
struct LockIdentity {
    Primitive primitive;
    unsigned kind;        // HEISEN_LOCK_*
    uintptr_t init_site;
};

// The ready entry for `address`, registering it with `identity` when first seen. Returns null
// when the table is full.
LockEntry *lock_entry(const void *address, const LockIdentity &identity);
// The entry for `address` if it was ever registered, else null. Never inserts.
LockEntry *find_lock_entry(const void *address);
// Explicit init of a lock: retires an earlier instance at the address, registers the new one.
LockEntry *reinit_lock_entry(const void *address, const LockIdentity &identity);
// Destroy: reports if held (engine), then retires so the next use is a new instance.
void retire_lock_entry(LockEntry *entry);

// The entry that embeds `map`, or null when `map` is not one of the table's.
const LockEntry *entry_of_map(const heisen_lock_map *map);

}  // namespace heisen::posix
