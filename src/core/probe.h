// probe.h — the slots a bounded open-addressing look-up visits.
//
// Double hashing: the step comes from the hash's high half, so keys that share a home slot part
// ways after it, and no long runs of occupied slots build up as with linear probing. That keeps
// a bounded number of probes enough until a table is nearly full (a window of W linear probes
// already overflows at about 60% load; W double-hashed probes fail with probability about
// load^W).
#pragma once

#include <stdint.h>

namespace heisen::core {

// The `i`-th slot for `hash` in a table of mask + 1 (a power of two) slots.
inline uint32_t probe_slot(uint64_t hash, uint32_t i, uint32_t mask) {
    const uint64_t step = (hash >> 32) | 1;  // odd: visits every slot of a power-of-two table
    return static_cast<uint32_t>(hash + i * step) & mask;
}

}  // namespace heisen::core
