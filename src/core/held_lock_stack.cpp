// held_lock_stack.cpp — removal from the middle of a held stack (locks released out of order).
#include "core/held_lock_stack.h"

#include "core/atomics.h"
#include "core/chain_cache.h"

namespace heisen::core {

void HeldLockStack::remove_from_middle(uint32_t index) {
    if (index >= depth) return;
    if ((locks[index].kind & HEISEN_LOCK_SPIN) && spinning) --spinning;
    for (uint32_t i = index; i + 1 < depth; ++i) locks[i] = locks[i + 1];
    compiler_barrier();
    store_release(depth, depth - 1);
}

void HeldLockStack::drop_orphans() {
    for (uint32_t i = depth; i-- > 0;)
        if (locks[i].orphaned) remove(i);
    orphans = 0;
}

void HeldLockStack::clear() {
    store_release(depth, 0u);
    spinning = 0;
    untracked = 0;
    orphans = 0;
    overflow_count = 0;
}

void HeldLockStack::push_overflow(heisen_lock_map *map) {
    if (overflow_count < HEISEN_MAX_HELD_OVERFLOW) overflow[overflow_count++] = map;
    else ++untracked;
}

bool HeldLockStack::pop_overflow(const heisen_lock_map *map) {
    for (uint32_t i = overflow_count; i-- > 0;) {
        if (overflow[i] != map) continue;
        overflow[i] = overflow[--overflow_count];
        return true;
    }
    if (!untracked) return false;
    --untracked;  // one of the uncounted ones, presumably
    return true;
}

void HeldLockStack::forget_overflow(const heisen_lock_map *map) {
    for (uint32_t i = overflow_count; i-- > 0;)
        if (overflow[i] == map) overflow[i] = overflow[--overflow_count];
}

bool HeldLockStack::in_overflow(const heisen_lock_map *map) const {
    for (uint32_t i = 0; i < overflow_count && i < HEISEN_MAX_HELD_OVERFLOW; ++i)
        if (overflow[i] == map) return true;
    return false;
}

uint32_t HeldLockStack::live_count() const {
    uint32_t n = load_acquire(depth);
    if (n > HEISEN_MAX_HELD) n = HEISEN_MAX_HELD;
    uint32_t live = 0;
    for (uint32_t i = 0; i < n; ++i)
        if (!locks[i].orphaned) ++live;
    return live + overflow_count + untracked;
}

void HeldLockStack::rehash_from(uint32_t index, uint64_t base) {
    for (uint32_t i = index; i < depth; ++i) {
        uint64_t previous = i ? locks[i - 1].chain_key : base;
        locks[i].chain_key = chain_step(previous, locks[i].class_index, locks[i].class_generation,
                                        locks[i].mode);
    }
}

}  // namespace heisen::core
