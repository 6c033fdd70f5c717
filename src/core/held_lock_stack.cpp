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

void HeldLockStack::rehash_from(uint32_t index, uint64_t base) {
    for (uint32_t i = index; i < depth; ++i) {
        uint64_t previous = i ? locks[i - 1].chain_key : base;
        locks[i].chain_key = chain_step(previous, locks[i].class_index, locks[i].class_generation,
                                        locks[i].mode);
    }
}

}  // namespace heisen::core
