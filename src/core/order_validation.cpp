// order_validation.cpp — the slow path of an acquisition whose lock sequence is new:
// recursion, new order edges, cycles through the order graph, and irq inversions they create.
#include "core/chain_cache.h"
#include "core/engine.h"
#include "core/instance_order.h"
#include "core/order_graph.h"
#include "core/report_builder.h"
#include "core/stack_store.h"
#include "core/validator_internal.h"

namespace heisen::core {

namespace {

constexpr uint32_t kIrqSafeBits = kUsedInIrqWrite | kUsedInIrqRead;
constexpr uint32_t kIrqUnsafeBits = kIrqsOnWrite | kIrqsOnRead;

bool is_class(uint32_t cls, const void *target) { return cls == *static_cast<const uint32_t *>(target); }

constexpr uint8_t kRecursiveRead = 2;  // heisen_report_mode of a read that never waits for readers

// A cycle of waits can only deadlock if no lock in it is entered by a recursive read and left
// while held by a recursive read: readers of one lock never wait for each other, so such a
// junction cannot block. `path` runs from the new class to the held one; the closing edge
// held -> new has modes (held_mode, new_mode). A truncated path cannot be proven harmless.
bool cycle_can_deadlock(const uint32_t *path, uint32_t length, uint32_t truncated, uint8_t held_mode,
                        uint8_t new_mode) {
    if (truncated || length == 0) return true;
    uint8_t entered = new_mode;  // how the cycle enters the class at this junction
    for (uint32_t i = 0; i < length; ++i) {
        const OrderEdge &e = order_edge(path[i]);
        if (entered == kRecursiveRead && e.from_mode == kRecursiveRead) return false;
        entered = e.to_mode;
    }
    return !(entered == kRecursiveRead && held_mode == kRecursiveRead);
}

// True if an existing edge already stands for an order at least as strong as (from, to) modes:
// a recorded recursive-read end does not cover a later acquisition that can wait for readers.
bool edge_covers(const OrderEdge &e, uint8_t from_mode, uint8_t to_mode) {
    return !(e.from_mode == kRecursiveRead && from_mode != kRecursiveRead) &&
           !(e.to_mode == kRecursiveRead && to_mode != kRecursiveRead);
}

// True when an older entry than stacks[s]->locks[i] is the same class (a recursive lock
// re-taken): its order was already checked, and checking it again would report the same cycle
// once per re-entry.
bool class_checked_before(const HeldLockStack *const stacks[2], uint32_t s, uint32_t i) {
    const HeldLock &h = stacks[s]->locks[i];
    for (uint32_t other = 0; other <= s; ++other) {
        const HeldLockStack *stack = stacks[other];
        for (uint32_t j = 0; stack && j < (other == s ? i : stack->depth); ++j) {
            const HeldLock &earlier = stack->locks[j];
            if (!earlier.orphaned && earlier.class_index == h.class_index &&
                earlier.class_generation == h.class_generation)
                return true;
        }
    }
    return false;
}

}  // namespace

void describe_edge_end(heisen_report_lock &out, uint32_t cls, uint32_t stack_id, uintptr_t ip, uint8_t mode) {
    const LockClass &c = lock_class(cls);
    out.name = c.name;
    out.class_index = cls;
    out.subclass = c.subclass;
    out.kind = c.kind;
    out.mode = mode;
    load_stack(stack_id, ip, out.stack);
}

bool path_has_event(const uint32_t *path, uint32_t length) {
    for (uint32_t i = 0; i < length; ++i)
        if (is_event_class(order_edge(path[i]).from) || is_event_class(order_edge(path[i]).to)) return true;
    return false;
}

uint64_t path_signature(uint64_t seed, const uint32_t *path, uint32_t length) {
    for (uint32_t e = 0; e < length; ++e) seed = chain_mix(seed, order_edge(path[e]).to_ip);
    return seed;
}

void describe_path(heisen_report &r, const uint32_t *path, uint32_t length, uint32_t truncated) {
    r.chain_length = length;
    r.chain_truncated = truncated;
    for (uint32_t i = 0; i < length; ++i) {
        const OrderEdge &e = order_edge(path[i]);
        describe_edge_end(r.chain[i].from, e.from, e.from_stack, e.from_ip, e.from_mode);
        describe_edge_end(r.chain[i].to, e.to, e.to_stack, e.to_ip, e.to_mode);
    }
}

// Reports an irq-safe class reaching an irq-unsafe one through the graph, if `safe_end`
// (searched backward from `from`) and `unsafe_end` (forward from `to`) both exist.
void check_inversion_through(const Context &c, const Acquisition &a, uint32_t from, uint32_t to) {
    uint32_t safe_bits = kIrqSafeBits, unsafe_bits = kIrqUnsafeBits;
    uint32_t back[HEISEN_REPORT_MAX_CHAIN], fwd[HEISEN_REPORT_MAX_CHAIN];
    uint32_t back_len = 0, fwd_len = 0, back_cut = 0, fwd_cut = 0;
    int safe = has_usage(from, &safe_bits) ? static_cast<int>(from)
                                           : search_graph(from, false, has_usage, &safe_bits, back,
                                                          HEISEN_REPORT_MAX_CHAIN, back_len, back_cut,
                                                          EdgeFilter::kSkipRecursiveReads);
    if (safe < 0) return;
    int unsafe = has_usage(to, &unsafe_bits) ? static_cast<int>(to)
                                             : search_graph(to, true, has_usage, &unsafe_bits, fwd,
                                                            HEISEN_REPORT_MAX_CHAIN, fwd_len, fwd_cut,
                                                            EdgeFilter::kSkipRecursiveReads);
    if (unsafe < 0) return;

    heisen_report &r = begin_report(HEISEN_REPORT_IRQ_LOCK_INVERSION, c, 4);
    const LockClass &s = lock_class(static_cast<uint32_t>(safe));
    const LockClass &u = lock_class(static_cast<uint32_t>(unsafe));
    describe_edge_end(r.subject, static_cast<uint32_t>(safe), 0, 0, 0);
    describe_edge_end(r.other, static_cast<uint32_t>(unsafe), 0, 0, 0);
    uint32_t safe_bit = (s.usage & kUsedInIrqWrite) ? 0 : 1;
    uint32_t unsafe_bit = (u.usage & kIrqsOnWrite) ? 2 : 3;
    r.usage_first_name = safe_bit == 0 ? "IN-IRQ-W" : "IN-IRQ-R";
    load_stack(s.usage_stack[safe_bit], 0, r.usage_first);
    r.usage_second_name = unsafe_bit == 2 ? "IRQ-ON-W" : "IRQ-ON-R";
    load_stack(u.usage_stack[unsafe_bit], 0, r.usage_second);
    // The path safe -> ... -> from -> to -> ... -> unsafe, as far as it fits.
    uint32_t path[HEISEN_REPORT_MAX_CHAIN];
    uint32_t n = 0;
    for (uint32_t i = 0; i < back_len && n < HEISEN_REPORT_MAX_CHAIN; ++i) path[n++] = back[back_len - 1 - i];
    uint32_t new_edge = 0;
    OrderEdge proto{};
    if (add_edge(from, to, proto, new_edge) != EdgeAdd::kTableFull && n < HEISEN_REPORT_MAX_CHAIN)
        path[n++] = new_edge;
    for (uint32_t i = 0; i < fwd_len && n < HEISEN_REPORT_MAX_CHAIN; ++i) path[n++] = fwd[i];
    describe_path(r, path, n, back_cut + fwd_cut);
    describe_all_held(r, c);
    deliver_report(r, chain_mix(chain_mix(reinterpret_cast<uintptr_t>(s.name), reinterpret_cast<uintptr_t>(u.name)),
                                a.ip));
}

// True when acquiring `a` on top of what `c` holds tells the graph nothing new: no lock of its class
// is held (recursion is decided under the lock), and every held lock's order before it is recorded
// at least as strongly (or cannot be recorded: the order graph is full). Lock-free and cheap —
// a few look-ups — so a sequence the chain cache has forgotten or could not keep costs that, not
// the graph lock, a stack walk and a search.
bool order_known(const Context &c, const Acquisition &a) {
    const uint32_t cls = static_cast<uint32_t>(a.class_index);
    const HeldLockStack *stacks[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};
    for (const HeldLockStack *s : stacks) {
        for (uint32_t i = 0; s && i < s->depth && i < HEISEN_MAX_HELD; ++i) {
            const HeldLock &h = s->locks[i];
            if (h.orphaned || h.class_index == kUntrackedClass) continue;
            if (h.class_index == cls) {
                if (h.class_generation == a.class_generation) return false;
                continue;
            }
            if (a.try_acquired) continue;  // a try adds no edge
            if (h.class_generation != load_acquire(lock_class(h.class_index).generation)) continue;
            const OrderEdge *e = edge_known(h.class_index, cls, h.class_generation, a.class_generation);
            if (!e) {
                if (edge_table_full()) continue;
                return false;
            }
            if (!edge_covers(*e, h.mode, static_cast<uint8_t>(a.mode))) return false;
        }
    }
    return true;
}

void validate_order(const Context &c, Acquisition &a, uint64_t chain_key) {
    if (order_known(c, a)) {
        // A sequence seen for the first time keeps the stack of its acquisition for the reports and
        // listings that show the lock held; once the cache forgets sequences, one seen again does
        // not walk the stack again.
        if (!limit_was_reached(Limit::kChains)) ensure_stack(a);
        chain_remember(chain_key);
        return;
    }
    ensure_stack(a);
    g_graph_lock.lock();
    if (chain_known(chain_key)) {  // another CPU validated the same sequence meanwhile
        g_graph_lock.unlock();
        return;
    }
    const uint32_t cls = static_cast<uint32_t>(a.class_index);
    const HeldLockStack *stacks[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};

    // Recursion first: taking a class this context already holds.
    bool reentry = false;
    for (const HeldLockStack *s : stacks) {
        for (uint32_t i = 0; s && i < s->depth; ++i) {
            const HeldLock &h = s->locks[i];
            if (h.orphaned || h.class_index != cls || h.class_generation != a.class_generation) continue;
            bool both_recursive_reads = a.mode == 2 && h.mode == 2;
            if (h.map == a.map && ((a.map->kind & HEISEN_LOCK_RECURSIVE) || both_recursive_reads)) {
                reentry = true;
                continue;
            }
            if (both_recursive_reads || judged_by_instance_order(h, a)) continue;
            heisen_report &r = begin_report(h.map == a.map ? HEISEN_REPORT_SELF_DEADLOCK
                                                           : HEISEN_REPORT_RECURSIVE_LOCKING, c, 3);
            describe_map(r.subject, a.map, a.class_index, a.subclass, a.mode);
            load_stack(a.stack_id, a.ip, r.subject.stack);
            describe_held(r.other, h);
            describe_all_held(r, c);
            deliver_report(r, chain_mix(chain_mix(a.ip, h.ip), reinterpret_cast<uintptr_t>(r.subject.name)));
        }
    }

    // Order edges: every held lock was held while this one was acquired. A successful try and a
    // re-entry of a lock already held never wait, so they add none. A recursive read does wait
    // (for a writer), so it adds edges marked with its mode; cycle_can_deadlock weighs them.
    if (!reentry && !a.try_acquired) {
        for (uint32_t si = 0; si < 2; ++si) {
            const HeldLockStack *s = stacks[si];
            for (uint32_t i = 0; s && i < s->depth; ++i) {
                const HeldLock &h = s->locks[i];
                if (h.orphaned || h.class_index == kUntrackedClass || h.class_index == cls) continue;
                if (class_checked_before(stacks, si, i)) continue;
                if (h.class_generation != load_acquire(lock_class(h.class_index).generation)) continue;
                int known = edge_between(h.class_index, cls);
                if (known >= 0 && edge_covers(order_edge(static_cast<uint32_t>(known)), h.mode,
                                              static_cast<uint8_t>(a.mode)))
                    continue;  // this order was validated before
                // No room for the order: it can be neither recorded nor (at a bounded cost, on every
                // acquisition of a sequence nobody remembers) searched.
                if (known < 0 && !can_add_edge(h.class_index, cls)) {
                    limit_reached(Limit::kEdges);
                    continue;
                }
                uint32_t path[HEISEN_REPORT_MAX_CHAIN];
                uint32_t length = 0, truncated = 0;
                uint32_t target = h.class_index;
                uint32_t existing = 0;
                OrderEdge probe{};
                // A path new -> ... -> held means the new edge held -> new closes a cycle.
                if (search_graph(cls, true, is_class, &target, path, HEISEN_REPORT_MAX_CHAIN, length,
                                 truncated) >= 0 &&
                    cycle_can_deadlock(path, length, truncated, h.mode, static_cast<uint8_t>(a.mode))) {
                    // Through a wait or an event it is a circular wait, not a lock order alone.
                    heisen_report &r = begin_report(path_has_event(path, length) ? HEISEN_REPORT_CIRCULAR_WAIT
                                                                                 : HEISEN_REPORT_CIRCULAR_DEPENDENCY,
                                                    c, 3);
                    describe_map(r.subject, a.map, a.class_index, a.subclass, a.mode);
                    load_stack(a.stack_id, a.ip, r.subject.stack);
                    describe_held(r.other, h);
                    describe_path(r, path, length, truncated);
                    describe_all_held(r, c);
                    deliver_report(r, path_signature(chain_mix(a.ip, h.ip), path, length));
                    continue;  // the closing edge is not recorded: the graph stays acyclic
                }
                probe.from_generation = h.class_generation;
                probe.to_generation = a.class_generation;
                probe.from_stack = h.stack_id;
                probe.to_stack = a.stack_id;
                probe.from_ip = h.ip;
                probe.to_ip = a.ip;
                probe.from_mode = h.mode;
                probe.to_mode = static_cast<uint8_t>(a.mode);
                if (known >= 0) {  // strengthen the recorded order to the waiting acquisition
                    OrderEdge &e = order_edge(static_cast<uint32_t>(known));
                    if (h.mode != kRecursiveRead) e.from_mode = h.mode;
                    if (a.mode != kRecursiveRead) e.to_mode = static_cast<uint8_t>(a.mode);
                    continue;
                }
                // A recursive read is never blocked by an interrupted reader, so the edge into it
                // makes no irq inversion by itself.
                if (add_edge(h.class_index, cls, probe, existing) == EdgeAdd::kAdded &&
                    a.mode != kRecursiveRead && load_relaxed(g_settings.irq_safe_seen))
                    check_inversion_through(c, a, h.class_index, cls);
            }
        }
    }
    chain_remember(chain_key);
    g_graph_lock.unlock();
}

}  // namespace heisen::core
