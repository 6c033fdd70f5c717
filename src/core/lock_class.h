// lock_class.h — lock classes: the unit the order graph and the irq usage rules reason about.
//
// A class is found from a lock map by its key (explicit key, name, init site or the instance
// itself) plus the nesting subclass. Classes live in a fixed table; instance classes are
// retired when their lock is destroyed and their slot is reused with a new generation, so a
// reused address never inherits the old lock's history.
#pragma once

#include <stdint.h>

#include "core/atomics.h"
#include "core/config.h"
#include "heisen/heisen.h"

namespace heisen::core {

// Irq usage bits of a class (lockdep's IN-HARDIRQ / HARDIRQ-ON states).
enum UsageBit : uint32_t {
    kUsedInIrqWrite = 1u << 0,
    kUsedInIrqRead = 1u << 1,
    kIrqsOnWrite = 1u << 2,   // held with interrupts enabled, outside interrupt context
    kIrqsOnRead = 1u << 3,
    kUsageBitCount = 4,       // the bits above have a first-usage stack
    kSpunIrqsOff = 1u << 4,   // a spinning lock waited for with interrupts off (kernel ports):
                              // its CPU handles no interrupt until it gets the lock (waits.cpp)
};

// Two cache lines: the first is read by every acquisition on every CPU and written almost
// never; the second takes the per-acquisition statistics writes, so counting on one CPU does
// not evict the class (or its neighbour in the table) from the other CPUs' caches.
struct alignas(64) LockClass {
    // Read-mostly.
    uint32_t generation;   // odd while live; bumped on retire (0: never used)
    uint32_t usage;        // UsageBit mask, set-only while live
    uint32_t subclass;
    uint16_t kind;
    uint8_t class_mode;
    uint8_t reserved;
    const char *name;
    const void *identity;  // key, site, or instance address; for BY_NAME the name pointer
    uint64_t identity_hash;
    // Order graph adjacency (edge indices + 1), changed only under the graph lock.
    uint32_t first_out;
    uint32_t first_in;
    uint32_t next_free;  // free list link while retired

    // Written on the way: statistics (relaxed atomics) and the slow path's usage stacks.
    alignas(64) uint64_t acquisitions;
    uint64_t contended;
    uint64_t wait_ns_total;
    uint64_t wait_ns_max;
    uint64_t hold_ns_total;
    uint64_t hold_ns_max;
    uint32_t usage_stack[kUsageBitCount]; // stack store ids of the first usage of each bit
};
static_assert(sizeof(LockClass) == 128, "LockClass: one read-mostly line, one statistics line");

inline bool class_is_live(uint32_t generation) { return generation & 1u; }

// Finds or creates the class of `map` with `subclass`; returns its index or -1 when the table
// is full (one line says so). Takes the graph lock only on the first use of a map.
int class_of(heisen_lock_map *map, uint32_t subclass);
// Retires every live instance class keyed by `instance` (all subclasses). Graph lock held.
void retire_instance_classes(const void *instance);
// True when some live instance class is keyed by `instance` (lock-free peek).
bool has_instance_classes(const void *instance);

extern LockClass g_classes[HEISEN_MAX_CLASSES];
inline LockClass &lock_class(uint32_t index) { return g_classes[index & (HEISEN_MAX_CLASSES - 1)]; }

// Graph-search predicate (order_graph.h's ClassPredicate): the class has any of the usage bits
// `bits` points to.
inline bool has_usage(uint32_t class_index, const void *bits) {
    return __atomic_load_n(&lock_class(class_index).usage, __ATOMIC_RELAXED) & *static_cast<const uint32_t *>(bits);
}

// The class a map resolved to before, if it is still live (the fast path); -1 otherwise.
HEISEN_ALWAYS_INLINE int cached_class(const heisen_lock_map *map) {
    uint32_t cached = __atomic_load_n(&map->class_index, __ATOMIC_RELAXED);
    if (cached && __atomic_load_n(&lock_class(cached - 1).generation, __ATOMIC_ACQUIRE) ==
                      __atomic_load_n(&map->generation, __ATOMIC_RELAXED))
        return static_cast<int>(cached - 1);
    return -1;
}
uint32_t class_table_size();  // highest index in use + 1

}  // namespace heisen::core
