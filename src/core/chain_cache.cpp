// chain_cache.cpp — a lock-free, set-associative cache of 64-bit chain keys.
//
// A key lives in the bucket of kChainWays slots (one 64-byte cache line) around its home slot,
// tried from the home slot on; slots are filled in that order and never emptied, so an empty
// slot ends a look-up. A full bucket gives up one of its keys for a new one: the forgotten
// sequence is only validated again when it recurs (cheaply: order_validation.cpp's
// order_known), and the cache keeps the sequences in use instead of filling once and for all
// with those of locks long destroyed. A miss costs at most one cache line, however full.
#include "core/chain_cache.h"

#include "core/atomics.h"
#include "core/config.h"
#include "core/engine.h"
#include "core/key_set.h"

namespace heisen::core {

namespace {

static_assert((HEISEN_MAX_CHAINS & (HEISEN_MAX_CHAINS - 1)) == 0, "HEISEN_MAX_CHAINS must be a power of two");
static_assert(HEISEN_MAX_CHAINS % kChainWays == 0, "HEISEN_MAX_CHAINS must hold whole buckets");

// The i-th slot a key tries: its home slot first, then around its bucket.
uint32_t way(uint64_t stored, uint32_t i) {
    const uint32_t home = static_cast<uint32_t>(stored) & (HEISEN_MAX_CHAINS - 1);
    return (home & ~(kChainWays - 1)) | ((home + i) & (kChainWays - 1));
}

uint32_t g_next_victim;

}  // namespace

alignas(64) uint64_t g_chains[HEISEN_MAX_CHAINS];

void reset_chain_cache() {
    for (uint64_t &slot : g_chains) slot = 0;
}

bool chain_known_after_first(uint64_t key) {
    const uint64_t k = stored_key(key);
    for (uint32_t i = 1; i < kChainWays; ++i) {
        const uint64_t slot = load_acquire(g_chains[way(k, i)]);
        if (slot == k) return true;
        if (slot == 0) return false;
    }
    return false;
}

void chain_remember(uint64_t key) {
    const uint64_t k = stored_key(key);
    for (uint32_t i = 0; i < kChainWays; ++i) {
        uint64_t &slot = g_chains[way(k, i)];
        const uint64_t seen = load_acquire(slot);
        if (seen == k) return;
        if (seen == 0) {
            if (compare_exchange(slot, uint64_t(0), k) || load_acquire(slot) == k) return;
        }
    }
    limit_reached(Limit::kChains);
    store_release(g_chains[way(k, fetch_add_relaxed(g_next_victim, 1u) % kChainWays)], k);
}

}  // namespace heisen::core
