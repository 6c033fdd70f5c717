// lock_class.cpp — the class table and its key index.
//
// Lookups are lock-free; creation and retirement happen under the graph lock. The index is
// open addressing keyed by the class identity (without the subclass), so every subclass of one
// lock sits on one probe chain and an instance can be retired in one walk.
#include "core/lock_class.h"

#include "core/atomics.h"
#include "core/chain_cache.h"
#include "core/engine.h"
#include "core/order_graph.h"
#include "core/probe.h"
#include "core/text_writer.h"

namespace heisen::core {

LockClass g_classes[HEISEN_MAX_CLASSES];

namespace {

static_assert((HEISEN_MAX_CLASSES & (HEISEN_MAX_CLASSES - 1)) == 0, "HEISEN_MAX_CLASSES must be a power of two");
constexpr uint32_t kIndexSize = 2 * HEISEN_MAX_CLASSES;
constexpr uint32_t kIndexTombstone = 0xffffffffu;
// An identity's classes live within this many slots of its probe sequence (probe.h): a look-up
// costs at most that, however many tombstones retirements leave behind.
constexpr uint32_t kIndexWindow = 64;

uint32_t g_index[kIndexSize];  // class index + 1; 0 empty; kIndexTombstone removed
uint32_t g_classes_used;       // highest class index handed out + 1
uint32_t g_first_free;         // free list of retired classes (index + 1)
// Advanced whenever a class is retired: a map that found no room remembers the value it saw
// (heisen_lock_map::generation with class_index 0), and is not tried again until room was made.
uint32_t g_room_made;

const void *identity_of(const heisen_lock_map *map) {
    switch (map->class_mode) {
    case HEISEN_CLASS_BY_NAME:
        return map->name;
    case HEISEN_CLASS_BY_KEY:
    case HEISEN_CLASS_BY_SITE:
        if (map->key) return map->key;
        return map;
    default:
        return map;
    }
}

uint8_t effective_mode(const heisen_lock_map *map) {
    if ((map->class_mode == HEISEN_CLASS_BY_KEY || map->class_mode == HEISEN_CLASS_BY_SITE) && !map->key)
        return HEISEN_CLASS_BY_INSTANCE;
    return map->class_mode;
}

uint64_t hash_identity(uint8_t mode, const void *identity) {
    if (mode == HEISEN_CLASS_BY_NAME) {
        uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a over the name
        for (const char *s = static_cast<const char *>(identity); s && *s; ++s)
            h = (h ^ static_cast<unsigned char>(*s)) * 0x100000001b3ull;
        return chain_mix(h, mode);
    }
    return chain_mix(reinterpret_cast<uintptr_t>(identity), mode);
}

bool same_identity(const LockClass &c, uint8_t mode, const void *identity, uint64_t hash) {
    if (c.class_mode != mode || c.identity_hash != hash) return false;
    if (mode == HEISEN_CLASS_BY_NAME)
        return strings_equal(static_cast<const char *>(c.identity), static_cast<const char *>(identity));
    return c.identity == identity;
}

// Lock-free lookup; returns the class index or -1.
int find_class(uint8_t mode, const void *identity, uint64_t hash, uint32_t subclass) {
    for (uint32_t i = 0; i < kIndexWindow; ++i) {
        uint32_t slot = load_acquire(g_index[probe_slot(hash, i, kIndexSize - 1)]);
        if (slot == 0) return -1;
        if (slot == kIndexTombstone) continue;
        const LockClass &c = g_classes[slot - 1];
        if (class_is_live(load_acquire(c.generation)) && c.subclass == subclass &&
            same_identity(c, mode, identity, hash))
            return static_cast<int>(slot - 1);
    }
    return -1;
}

int allocate_class() {
    if (g_first_free) {
        uint32_t index = g_first_free - 1;
        g_first_free = g_classes[index].next_free;
        return static_cast<int>(index);
    }
    if (g_classes_used >= HEISEN_MAX_CLASSES) return -1;
    return static_cast<int>(g_classes_used++);
}

bool index_insert(uint64_t hash, uint32_t class_index) {
    for (uint32_t i = 0; i < kIndexWindow; ++i) {
        uint32_t &slot = g_index[probe_slot(hash, i, kIndexSize - 1)];
        if (slot == 0 || slot == kIndexTombstone) {
            store_release(slot, class_index + 1);
            return true;
        }
    }
    return false;
}

int create_class(const heisen_lock_map *map, uint8_t mode, const void *identity, uint64_t hash,
                 uint32_t subclass) {
    int index = allocate_class();
    if (index < 0) {
        limit_reached(Limit::kClasses);
        return -1;
    }
    LockClass &c = g_classes[index];
    uint32_t generation = c.generation + 1;  // even (retired or never used) -> odd (live)
    LockClass fresh{};
    fresh.generation = c.generation;         // stays dead until fully built
    fresh.subclass = subclass;
    fresh.name = map->name ? map->name : "(unnamed lock)";
    fresh.identity = identity;
    fresh.identity_hash = hash;
    fresh.kind = map->kind;
    fresh.class_mode = mode;
    c = fresh;
    if (!index_insert(hash, static_cast<uint32_t>(index))) {
        limit_reached(Limit::kClasses);
        c.next_free = g_first_free;
        g_first_free = static_cast<uint32_t>(index) + 1;
        return -1;
    }
    store_release(c.generation, generation);
    return index;
}

}  // namespace

void reset_lock_classes() {
    for (LockClass &c : g_classes) c = LockClass{};
    for (uint32_t &slot : g_index) slot = 0;
    g_classes_used = 0;
    g_first_free = 0;
    g_room_made = 0;
}

uint32_t class_table_size() { return load_acquire(g_classes_used); }

int class_of(heisen_lock_map *map, uint32_t subclass) {
    if (subclass == 0) {
        int cached = cached_class(map);
        if (cached >= 0) return cached;
        // Found no room before, and none was made since: the lock stays without a class at the
        // cost of two loads, not of a search and the graph lock on every acquisition.
        const uint32_t room = load_acquire(g_room_made);
        if (load_relaxed(map->class_index) == 0 && load_relaxed(map->generation) == room + 1) return -1;
    }
    uint8_t mode = effective_mode(map);
    const void *identity = identity_of(map);
    uint64_t hash = hash_identity(mode, identity);
    int index = find_class(mode, identity, hash, subclass);
    if (index < 0) {
        g_graph_lock.lock();
        const uint32_t room = g_room_made;
        index = find_class(mode, identity, hash, subclass);
        if (index < 0) index = create_class(map, mode, identity, hash, subclass);
        if (index < 0 && subclass == 0) store_relaxed(map->generation, room + 1);
        g_graph_lock.unlock();
    }
    if (index >= 0 && subclass == 0) {
        store_relaxed(map->generation, load_acquire(g_classes[index].generation));
        store_relaxed(map->class_index, static_cast<uint32_t>(index) + 1);
    }
    return index;
}

bool has_instance_classes(const void *instance) {
    uint64_t hash = hash_identity(HEISEN_CLASS_BY_INSTANCE, instance);
    for (uint32_t i = 0; i < kIndexWindow; ++i) {
        uint32_t slot = load_acquire(g_index[probe_slot(hash, i, kIndexSize - 1)]);
        if (slot == 0) return false;
        if (slot == kIndexTombstone) continue;
        const LockClass &c = g_classes[slot - 1];
        if (class_is_live(load_acquire(c.generation)) && same_identity(c, HEISEN_CLASS_BY_INSTANCE, instance, hash))
            return true;
    }
    return false;
}

void retire_instance_classes(const void *instance) {
    uint64_t hash = hash_identity(HEISEN_CLASS_BY_INSTANCE, instance);
    for (uint32_t i = 0; i < kIndexWindow; ++i) {
        uint32_t &slot = g_index[probe_slot(hash, i, kIndexSize - 1)];
        uint32_t value = slot;
        if (value == 0) return;
        if (value == kIndexTombstone) continue;
        LockClass &c = g_classes[value - 1];
        if (!class_is_live(c.generation) || !same_identity(c, HEISEN_CLASS_BY_INSTANCE, instance, hash))
            continue;
        remove_class_edges(value - 1);
        store_release(slot, kIndexTombstone);
        store_release(c.generation, c.generation + 1);  // odd -> even: retired
        c.next_free = g_first_free;
        g_first_free = value;
        store_release(g_room_made, g_room_made + 1);
    }
}

}  // namespace heisen::core
