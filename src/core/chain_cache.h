// chain_cache.h — held-lock sequences already validated.
//
// The fast path: an acquisition whose sequence (the classes held, in order, plus the new one
// and the context kind) was validated before costs one lookup here and no lock. Keys include
// class generations, so retiring a class invalidates its chains without deleting anything.
#pragma once

#include <stdint.h>

#include "core/atomics.h"
#include "core/config.h"
#include "core/key_set.h"

namespace heisen::core {

inline uint64_t chain_mix(uint64_t key, uint64_t value) {
    key ^= value + 0x9e3779b97f4a7c15ull + (key << 6) + (key >> 2);
    key *= 0xff51afd7ed558ccdull;
    return key ^ (key >> 33);
}

inline uint64_t chain_step(uint64_t previous, uint32_t class_index, uint32_t generation,
                           uint32_t mode) {
    return chain_mix(previous, (uint64_t(class_index) << 32) | (uint64_t(generation) << 2) | mode);
}

constexpr uint64_t kChainBase = 0x6a09e667f3bcc909ull;

// Slots of one bucket of the cache (chain_cache.cpp): one cache line.
constexpr uint32_t kChainWays = 8;

extern uint64_t g_chains[HEISEN_MAX_CHAINS];  // key | 1 per slot; 0 = empty
// The rest of the key's bucket after its home slot.
bool chain_known_after_first(uint64_t key);

// Inline first probe: in steady state the key sits in its home slot.
HEISEN_ALWAYS_INLINE bool chain_known(uint64_t key) {
    const uint64_t stored = stored_key(key);
    uint64_t slot = load_acquire(g_chains[stored & (HEISEN_MAX_CHAINS - 1)]);
    if (slot == stored) return true;
    if (slot == 0) return false;
    return chain_known_after_first(key);
}
// Remembers `key`; a full bucket forgets one of its keys for it.
void chain_remember(uint64_t key);

}  // namespace heisen::core
