// key_set.h — insert-only, lock-free open-addressing sets of 64-bit keys in a static array.
//
// Used for the chain cache (sequences validated before) and report signatures (reports made
// before). A stored key always has bit 0 set, so 0 marks an empty slot; entries are never
// removed, so a reader that finds a key can trust it without any lock.
#pragma once

#include <stdint.h>

#include "core/atomics.h"

namespace heisen::core {

inline uint64_t stored_key(uint64_t key) { return key | 1u; }

enum class KeyInsert { kInserted, kPresent, kFull };

// Adds `key` (probing at most `probes` slots from its home slot) unless it is there already.
template <uint32_t Size>
KeyInsert insert_key(uint64_t (&slots)[Size], uint64_t key, uint32_t probes) {
    const uint64_t k = stored_key(key);
    for (uint32_t i = 0; i < probes && i < Size; ++i) {
        uint64_t &slot = slots[(k + i) % Size];
        uint64_t seen = load_acquire(slot);
        if (seen == k) return KeyInsert::kPresent;
        if (seen == 0) {
            if (compare_exchange(slot, uint64_t(0), k)) return KeyInsert::kInserted;
            if (load_acquire(slot) == k) return KeyInsert::kPresent;
        }
    }
    return KeyInsert::kFull;
}

}  // namespace heisen::core
