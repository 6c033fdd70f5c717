// instance_order.cpp — see instance_order.h.
//
// Per class that nested with itself, the engine keeps the first nesting in each address order
// (held instance below the new one, or above it) and the locks held around every nesting so
// far (an intersection that only shrinks). A nesting seen before whose class is either
// unserialised already or still serialised by locks this context holds changes nothing, so it
// is recognised without the graph lock.
#include "core/instance_order.h"

#include "core/atomics.h"
#include "core/chain_cache.h"
#include "core/config.h"
#include "core/engine.h"
#include "core/key_set.h"
#include "core/lock_class.h"
#include "core/report_builder.h"
#include "core/stack_store.h"

namespace heisen::core {

namespace {

constexpr uint32_t kMaxSerializers = 4;
constexpr uint32_t kNestingProbes = 16;

struct NestingEnd {
    const heisen_lock_map *instance;
    uintptr_t ip;
    uint32_t stack_id;
};

struct Nesting {
    NestingEnd held, taken;
};

// What one class nested with itself has done. Written under the graph lock; `serializers` is
// read without it by nestings seen before (a stale read only sends the caller to the lock:
// the list only ever shrinks to a subset of itself).
struct NestingClass {
    uint32_t class_plus_one;    // 0: free slot
    uint32_t generation;
    uint32_t nestings;          // nestings judged (0: the serializer list is not set yet)
    uint32_t serializer_count;  // locks held around every nesting so far
    const heisen_lock_map *serializers[kMaxSerializers];
    uint8_t has_ascending;      // a nesting with the held instance at the lower address
    uint8_t has_descending;
    uint8_t reported;
    Nesting ascending, descending;  // the first nesting in each address order
};

NestingClass g_nesting_classes[HEISEN_MAX_NESTING_CLASSES];
uint64_t g_known_nestings[HEISEN_MAX_INSTANCE_NESTINGS];  // (class, held, new instance) seen

uint64_t nesting_key(uint32_t cls, uint32_t generation, const void *held, const void *taken) {
    uint64_t key = chain_mix(0x5bd1e9955bd1e995ull, (uint64_t(cls) << 32) | generation);
    key = chain_mix(key, reinterpret_cast<uintptr_t>(held));
    return chain_mix(key, reinterpret_cast<uintptr_t>(taken));
}

// Whether `key` is in g_known_nestings (insert_key's probe sequence, read-only).
bool nesting_seen(uint64_t key) {
    const uint64_t stored = stored_key(key);
    for (uint32_t i = 0; i < kNestingProbes; ++i) {
        uint64_t slot = load_acquire(g_known_nestings[(stored + i) % HEISEN_MAX_INSTANCE_NESTINGS]);
        if (slot == stored) return true;
        if (slot == 0) return false;
    }
    return false;
}

bool live_entry(const HeldLock &h) { return !h.orphaned && h.class_index != kUntrackedClass; }

bool holds(const Context &c, const heisen_lock_map *map) {
    const HeldLockStack *stacks[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};
    for (const HeldLockStack *s : stacks)
        if (s && s->find(map) >= 0) return true;
    return false;
}

NestingClass *find_class(uint32_t cls, uint32_t generation) {
    for (NestingClass &n : g_nesting_classes) {
        uint32_t id = load_acquire(n.class_plus_one);
        if (id == 0) return nullptr;
        if (id == cls + 1 && load_relaxed(n.generation) == generation) return &n;
    }
    return nullptr;
}

// Graph lock held. A slot of a retired generation of the class is reused.
NestingClass *find_or_add_class(uint32_t cls, uint32_t generation) {
    for (NestingClass &n : g_nesting_classes) {
        uint32_t id = load_relaxed(n.class_plus_one);
        if (id == cls + 1 && n.generation == generation) return &n;
        if (id == 0 || (id == cls + 1 && n.generation != generation)) {  // free, or a retired generation
            store_relaxed(n.class_plus_one, 0u);
            n = NestingClass{};
            n.generation = generation;
            store_release(n.class_plus_one, cls + 1);
            return &n;
        }
    }
    return nullptr;
}

// Nothing this nesting could change: seen before, and the class is unserialised already or
// every lock that serialises it is held here too.
bool changes_nothing(const Context &c, const NestingClass &n) {
    uint32_t count = load_relaxed(n.serializer_count);
    if (count > kMaxSerializers) count = kMaxSerializers;
    for (uint32_t i = 0; i < count; ++i)
        if (!holds(c, load_relaxed(n.serializers[i]))) return false;
    return true;
}

// The locks held around this nesting: every held lock of another class.
void intersect_serializers(const Context &c, NestingClass &n, uint32_t cls) {
    if (n.nestings++ == 0) {
        const HeldLockStack *stacks[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};
        for (const HeldLockStack *s : stacks) {
            for (uint32_t i = 0; s && i < s->depth && n.serializer_count < kMaxSerializers; ++i) {
                const HeldLock &h = s->locks[i];
                if (live_entry(h) && h.class_index != cls) n.serializers[n.serializer_count++] = h.map;
            }
        }
        return;
    }
    uint32_t kept = 0;
    for (uint32_t i = 0; i < n.serializer_count; ++i)
        if (holds(c, n.serializers[i])) store_relaxed(n.serializers[kept++], n.serializers[i]);
    store_relaxed(n.serializer_count, kept);
}

void describe_end(heisen_report_lock &out, const NestingEnd &end, const Acquisition &a) {
    describe_map(out, end.instance, a.class_index, a.subclass, 0);
    load_stack(end.stack_id, end.ip, out.stack);
}

// Both address orders, nothing serialising them: lockdep's recursive-locking report, with the
// two instance orders as its chain (the renderer shows them and names the fix).
void report_both_orders(const Context &c, const Acquisition &a, const HeldLock &held, const NestingClass &n) {
    heisen_report &r = begin_report(HEISEN_REPORT_RECURSIVE_LOCKING, c, 4);
    describe_map(r.subject, a.map, a.class_index, a.subclass, a.mode);
    load_stack(a.stack_id, a.ip, r.subject.stack);
    describe_held(r.other, held);
    const Nesting *orders[2] = {&n.ascending, &n.descending};
    for (uint32_t i = 0; i < 2; ++i) {
        describe_end(r.chain[i].from, orders[i]->held, a);
        describe_end(r.chain[i].to, orders[i]->taken, a);
    }
    r.chain_length = 2;
    describe_all_held(r, c);
    deliver_report(r, chain_mix(reinterpret_cast<uintptr_t>(lock_class(static_cast<uint32_t>(a.class_index)).name),
                                0x1a5ce0f0u));
}

// Lockdep's report for a nesting this module cannot keep books on (its table is full).
void report_unjudged(const Context &c, const Acquisition &a, const HeldLock &held) {
    heisen_report &r = begin_report(HEISEN_REPORT_RECURSIVE_LOCKING, c, 4);
    describe_map(r.subject, a.map, a.class_index, a.subclass, a.mode);
    load_stack(a.stack_id, a.ip, r.subject.stack);
    describe_held(r.other, held);
    describe_all_held(r, c);
    deliver_report(r, chain_mix(chain_mix(a.ip, held.ip), reinterpret_cast<uintptr_t>(r.subject.name)));
}

// Graph lock held.
void judge(const Context &c, Acquisition &a, const HeldLock &held) {
    const uint32_t cls = static_cast<uint32_t>(a.class_index);
    NestingClass *n = find_or_add_class(cls, a.class_generation);
    if (!n) {
        report_unjudged(c, a, held);
        return;
    }
    intersect_serializers(c, *n, cls);
    const bool ascending = reinterpret_cast<uintptr_t>(held.map) < reinterpret_cast<uintptr_t>(a.map);
    uint8_t &seen = ascending ? n->has_ascending : n->has_descending;
    if (!seen) {
        ensure_stack(a);
        Nesting &first = ascending ? n->ascending : n->descending;
        first.held = NestingEnd{held.map, held.ip, held.stack_id};
        first.taken = NestingEnd{a.map, a.ip, a.stack_id};
        seen = 1;
    }
    if (n->serializer_count == 0 && n->has_ascending && n->has_descending && !n->reported) {
        n->reported = 1;
        report_both_orders(c, a, held, *n);
    }
}

}  // namespace

bool judge_instance_nesting(const Context &c, Acquisition &a) {
    if (a.class_index < 0 || a.try_acquired) return false;
    const uint32_t cls = static_cast<uint32_t>(a.class_index);
    bool nested = false;
    const HeldLockStack *stacks[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};
    for (const HeldLockStack *s : stacks) {
        for (uint32_t i = 0; s && i < s->depth; ++i) {
            const HeldLock &h = s->locks[i];
            if (!live_entry(h) || h.class_index != cls || h.class_generation != a.class_generation || h.map == a.map)
                continue;
            nested = true;
            const uint64_t key = nesting_key(cls, a.class_generation, h.map, a.map);
            const NestingClass *known = find_class(cls, a.class_generation);
            if (known && nesting_seen(key) && changes_nothing(c, *known)) continue;
            g_graph_lock.lock();
            judge(c, a, h);
            // When the set is full the nesting is not remembered and keeps coming to the lock.
            (void)insert_key(g_known_nestings, key, kNestingProbes);
            g_graph_lock.unlock();
        }
    }
    return nested;
}

void reset_instance_order() {
    for (NestingClass &n : g_nesting_classes) n = NestingClass{};
    for (uint64_t &k : g_known_nestings) k = 0;
}

}  // namespace heisen::core
