// acquisition_counts.cpp — flushing and summing the per-CPU acquisition counts.
#include "core/acquisition_counts.h"

#include "core/atomics.h"
#include "core/context.h"
#include "core/lock_class.h"

namespace heisen::core {

void flush_pending(PendingCount &slot) {
    const uint32_t class_index = static_cast<uint32_t>(slot.key & 0xffffffffu) - 1;
    const uint32_t generation = static_cast<uint32_t>(slot.key >> 32);
    LockClass &cls = lock_class(class_index);
    if (load_acquire(cls.generation) == generation) fetch_add_relaxed(cls.acquisitions, slot.count);
    store_relaxed(slot.count, uint64_t(0));
    store_relaxed(slot.key, uint64_t(0));
}

uint64_t total_acquisitions(uint32_t class_index) {
    const LockClass &cls = lock_class(class_index);
    const uint64_t key = pending_key(class_index, load_acquire(cls.generation));
    uint64_t total = load_relaxed(cls.acquisitions);
    for (uint32_t cpu = 0; cpu < HEISEN_MAX_CPUS; ++cpu) {
        const PendingCount &slot = cpu_state(cpu).pending.slots[class_index % kPendingCountSlots];
        if (load_relaxed(slot.key) == key) total += load_relaxed(slot.count);
        for (const RepeatMemo &m : cpu_state(cpu).memo)
            if (load_relaxed(m.entry.class_index) == class_index &&
                pending_key(class_index, load_relaxed(m.entry.class_generation)) == key)
                total += load_relaxed(m.hits);
    }
    return total;
}

}  // namespace heisen::core
