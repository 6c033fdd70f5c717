// chain_cache.cpp — a lock-free open-addressing set of 64-bit chain keys (insert-only).
#include "core/chain_cache.h"

#include "core/atomics.h"
#include "core/config.h"
#include "core/engine.h"
#include "core/key_set.h"

namespace heisen::core {

namespace {

static_assert((HEISEN_MAX_CHAINS & (HEISEN_MAX_CHAINS - 1)) == 0, "HEISEN_MAX_CHAINS must be a power of two");
constexpr uint32_t kProbeLimit = 64;

}  // namespace

uint64_t g_chains[HEISEN_MAX_CHAINS];

void reset_chain_cache() {
    for (uint64_t &slot : g_chains) slot = 0;
}

bool chain_known_after_first(uint64_t key) {
    uint64_t k = stored_key(key);
    for (uint32_t i = 1; i < kProbeLimit; ++i) {
        uint64_t slot = load_acquire(g_chains[(k + i) & (HEISEN_MAX_CHAINS - 1)]);
        if (slot == k) return true;
        if (slot == 0) return false;
    }
    return false;
}

bool chain_remember(uint64_t key) {
    if (insert_key(g_chains, key, kProbeLimit) != KeyInsert::kFull) return true;
    limit_reached(Limit::kChains);
    return false;
}

}  // namespace heisen::core
