// acquisition_counts.h — per-class acquisition counts, kept per CPU until a slot is needed.
//
// Counting into the class itself makes every CPU that takes a shared lock write the class's
// statistics line, which then bounces between CPUs along with the lock's own line (and a plain
// increment loses counts when two CPUs add at once). Each CPU instead counts into a small
// direct-mapped table of its own and adds a slot's count to the class only when another class
// needs the slot. A reader adds the class's total and every CPU's pending count for it.
//
// Invariant: only the owning CPU writes its slots, outside any nested (interrupt) engine entry;
// a nested entry adds to the class directly. Counts are exact whenever no acquisition is under
// way; a reader racing with a flush may see one slot's count twice or not at all.
#pragma once

#include <stdint.h>

#include "core/atomics.h"

namespace heisen::core {

struct PendingCount {
    uint64_t key;    // pending_key() of the class counted; 0: empty
    uint64_t count;
};

constexpr uint32_t kPendingCountSlots = 32;

struct PendingCounts {
    PendingCount slots[kPendingCountSlots];
};

// The class and its generation in one word: a retired class's counts are dropped, not added to
// the class that reuses its slot.
inline uint64_t pending_key(uint32_t class_index, uint32_t generation) {
    return (uint64_t(generation) << 32) | (class_index + 1u);
}

// Adds the slot's count to its class (when the class is still that generation) and empties it.
void flush_pending(PendingCount &slot);

// `n` acquisitions of class `class_index` (generation `generation`) by the CPU owning `pending`.
HEISEN_ALWAYS_INLINE void count_on_cpu(PendingCounts &pending, uint32_t class_index, uint32_t generation,
                                       uint64_t n = 1) {
    PendingCount &slot = pending.slots[class_index % kPendingCountSlots];
    const uint64_t key = pending_key(class_index, generation);
    if (slot.key != key) {
        if (slot.key) flush_pending(slot);
        slot.key = key;
    }
    slot.count += n;
}

// The class's total: its own count plus what every CPU still holds for it (in its pending
// counts and in the decisions it remembers, repeat_memo.h).
uint64_t total_acquisitions(uint32_t class_index);

}  // namespace heisen::core
