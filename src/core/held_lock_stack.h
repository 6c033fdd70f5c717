// held_lock_stack.h — the locks one CPU or one task holds, oldest first.
//
// Invariant: only the owning context pushes and pops; other CPUs may read it (dumps, panic
// listing) without locking, so every entry is fully written before `depth` grows and readers
// clamp `depth` and never dereference a lock map (names and classes are copied in).
#pragma once

#include <stdint.h>

#include "core/atomics.h"
#include "core/config.h"
#include "heisen/heisen.h"

namespace heisen::core {

// HeldLock::class_index of a lock taken before its class could be resolved (a table was full,
// or an interrupt arrived inside the engine): kept for balance, left out of every rule.
constexpr uint32_t kUntrackedClass = 0xffffffffu;

// 64 bytes: one is written on every acquisition, so it stays small and the timing that only
// statistics need shares one field.
struct HeldLock {
    heisen_lock_map *map;
    const char *name;
    uint64_t chain_key;        // hash of this stack's classes up to and including this one
    uintptr_t ip;              // where it was acquired
    uint64_t timed_ns;         // waiting: when heisen_contended() saw it busy; else when it was
                               // obtained, for hold time (0: not timed)
    uint32_t class_index;      // index into the class table
    uint32_t class_generation; // the class's generation when taken
    uint32_t sequence;         // acquisition order (wraps), to merge CPU and task stacks in reports
    uint32_t stack_id;         // saved full stack of the acquisition (0: only `ip` is known)
    uint16_t kind;             // HEISEN_LOCK_* of the map
    uint8_t subclass;
    uint8_t mode;              // heisen_report_mode
    uint8_t try_acquired;
    uint8_t reentered;         // a recursive re-take of a lock this context already held
    uint8_t orphaned;          // released by another context; dropped at the next pop
    uint8_t waiting;           // timed_ns is the start of a contended wait
};
static_assert(sizeof(HeldLock) == 64, "a held entry is one cache line's worth of stores");

// True when `a` was acquired before `b` on the same CPU (sequences wrap).
inline bool acquired_before(const HeldLock &a, const HeldLock &b) {
    return static_cast<int32_t>(a.sequence - b.sequence) < 0;
}

// Locks taken while the stack is full are not validated, but their unlocks must still balance:
// the first HEISEN_MAX_HELD_OVERFLOW of them are remembered by map (so a release of anything
// else is still a bad unlock), and only beyond that are they merely counted.
struct HeldLockStack {
    uint32_t depth;
    uint32_t spinning;  // how many entries are spinning locks (sleep checks read only this)
    uint32_t untracked; // acquisitions past both arrays; releases not found are not errors then
    uint32_t orphans;   // entries released by another context, dropped at the next push
    HeldLock locks[HEISEN_MAX_HELD];
    uint32_t overflow_count;
    heisen_lock_map *overflow[HEISEN_MAX_HELD_OVERFLOW];

    uint64_t top_chain_key(uint64_t base) const { return depth ? locks[depth - 1].chain_key : base; }
    // Index of the newest entry for `map`, or -1.
    int find(const heisen_lock_map *map) const {
        for (int i = static_cast<int>(depth) - 1; i >= 0; --i)
            if (locks[i].map == map && !locks[i].orphaned) return i;
        return -1;
    }
    HEISEN_ALWAYS_INLINE void remove(uint32_t index) {
        if (index + 1 == depth) {  // the usual case: releases in reverse order
            if (locks[index].kind & HEISEN_LOCK_SPIN) --spinning;
            store_release(depth, index);
            return;
        }
        remove_from_middle(index);
    }
    void remove_from_middle(uint32_t index);
    void drop_orphans();
    // Empties the stack (a CPU slot reused, a task slot claimed or freed).
    void clear();
    // An acquisition on a full stack: remembered for balance only.
    void push_overflow(heisen_lock_map *map);
    // Forgets an overflow acquisition of `map`; false when there is none to forget (a release
    // that matches nothing held is then a bad unlock, unless uncounted ones exist).
    bool pop_overflow(const heisen_lock_map *map);
    bool in_overflow(const heisen_lock_map *map) const;
    // Drops every overflow acquisition of `map`.
    void forget_overflow(const heisen_lock_map *map);
    // Locks this stack holds that a report can name or count: live entries and overflow.
    uint32_t live_count() const;
    // Recomputes chain keys from `index` on, after a removal in the middle.
    void rehash_from(uint32_t index, uint64_t base);
};

}  // namespace heisen::core
