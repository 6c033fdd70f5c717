// waits.cpp — waits and events beside the lock order (heisen.h, "Waits and events").
//
// Model. Events are classes in the lock class table (kind HEISEN_EVENT) and their dependencies
// are edges of the order graph, so one search finds cycles through locks and events alike. An
// edge X -> Y reads "a context that has X cannot go on until Y can happen":
//   lock L  -> event E   L was held while waiting for E                 (heisen_wait_begin)
//   event E -> lock L    E was triggered after L was acquired: before E can happen, L's holder
//                        must let go (L held at the trigger, or in the window: recent_locks.h)
//   event E -> IH        E is triggered by an interrupt handler (kernel ports): it waits for
//                        its CPU to handle interrupts ("interrupt handling", IH)
//   IH -> lock L         L was spun on with interrupts disabled: that CPU handles no interrupt
//                        until it gets L
//   IH -> event E        E was spin-waited for with interrupts disabled (HEISEN_WAIT_SPIN)
// A cycle means every context in it can wait for the next one: "possible circular wait
// dependency", reported when the edge that closes it first appears, not when it deadlocks.
//
// Invariants:
// - Edges are added only under the graph lock, and an edge that would close a cycle is
//   reported and not recorded, so the graph stays acyclic (as for lock order).
// - Event classes are never pushed on a held stack: no lock rule treats an event as a lock.
// - A repeated wait or event (same event, same held and needed classes) is one chain-cache
//   probe and takes no lock; only a new combination searches the graph.
// - Ports where interrupt context may sleep (user space: signals) get no IH edges: a blocked
//   signal does not stop another thread from taking it.
#include "core/chain_cache.h"
#include "core/engine.h"
#include "core/order_graph.h"
#include "core/report_builder.h"
#include "core/stack_store.h"
#include "core/validator_internal.h"

namespace heisen::core {

namespace {

heisen_class_key g_interrupt_handling_key;
// Constant-initialised (no constructor runs): the one "interrupt handling" class.
heisen_lock_map g_interrupt_handling = {"interrupt handling", &g_interrupt_handling_key, 0, 0,
                                        HEISEN_REPORT_INTERRUPT_HANDLING, HEISEN_CLASS_BY_KEY};

constexpr uint64_t kWaitKey = 0x77616974706f696eull;   // chain-cache keys of waits and events live
constexpr uint64_t kEventKey = 0x6576656e74706f69ull;  // apart from lock sequences

// One end of a dependency: a class and where it was acquired, waited for or triggered.
struct End {
    uint32_t cls;
    uint32_t generation;
    uint32_t stack_id;
    uintptr_t ip;
    uint8_t mode;
    const heisen_lock_map *map;  // the lock or event itself, where known (names its variable)
};

bool is_target(uint32_t cls, const void *target) { return cls == *static_cast<const uint32_t *>(target); }

void describe_end(heisen_report_lock &out, const End &end) {
    describe_edge_end(out, end.cls, end.stack_id, end.ip, end.mode);
    if (end.map) {
        out.instance = reinterpret_cast<uintptr_t>(end.map);
        out.variable = heisen_port_lock_variable(out.instance);
    }
}

// Records from -> to, or reports the cycle it would close (then returns true). Graph lock held.
bool add_dependency(const Context &c, const End &from, const End &to) {
    if (from.cls == to.cls || edge_between(from.cls, to.cls) >= 0) return false;
    if (load_acquire(lock_class(from.cls).generation) != from.generation ||
        load_acquire(lock_class(to.cls).generation) != to.generation)
        return false;  // retired meanwhile
    uint32_t path[HEISEN_REPORT_MAX_CHAIN];
    uint32_t length = 0, truncated = 0;
    uint32_t target = from.cls;
    if (search_graph(to.cls, true, is_target, &target, path, HEISEN_REPORT_MAX_CHAIN, length, truncated) >= 0) {
        heisen_report &r = begin_report(HEISEN_REPORT_CIRCULAR_WAIT, c, 3);
        describe_end(r.subject, to);
        describe_end(r.other, from);
        describe_path(r, path, length, truncated);
        describe_all_held(r, c);
        deliver_report(r, path_signature(chain_mix(chain_mix(from.ip, to.ip), kWaitKey), path, length));
        return true;
    }
    OrderEdge proto{};
    proto.from_generation = from.generation;
    proto.to_generation = to.generation;
    proto.from_stack = from.stack_id;
    proto.to_stack = to.stack_id;
    proto.from_ip = from.ip;
    proto.to_ip = to.ip;
    proto.from_mode = from.mode;
    proto.to_mode = to.mode;
    uint32_t index = 0;
    add_edge(from.cls, to.cls, proto, index);
    return false;
}

End held_end(const HeldLock &h) {
    return End{h.class_index, h.class_generation, h.stack_id, h.ip, h.mode, h.map};
}

// A held entry a wait or an event depends on: tracked, still this context's, class still live.
bool counts(const HeldLock &h) {
    return !h.orphaned && h.class_index != kUntrackedClass &&
           h.class_generation == load_acquire(lock_class(h.class_index).generation);
}

// A lock the triggering context holds at its event. One of a class of many instances
// (HEISEN_LOCK_ORDER_INSTANCES: buffers, inodes) counts only if it was acquired on the way (it is
// then in the window): held from before the context's last wait, it is the object that context
// works on, which a waiter cannot hold at the same time — another instance of the class, and a
// class-level edge would pair every buffer's waiter with every other buffer's holder.
//
// Nor does one taken by a successful try: the trigger never waited for it (had a waiter held
// it, the try would have failed and the context gone another way), as a try orders no locks.
// CPython takes every free Lock by a try, and every thread its own _tstate_lock, for life.
bool needed_at_event(const HeldLock &h) {
    return counts(h) && !(h.kind & HEISEN_LOCK_ORDER_INSTANCES) && !h.try_acquired;
}

bool released_by_wait(const HeldLock &h, heisen_lock_map *const *released, size_t count) {
    for (size_t i = 0; i < count; ++i)
        if (released[i] == h.map) return true;
    return false;
}

uint64_t class_term(uint32_t cls, uint32_t generation) { return chain_mix(cls, generation); }

// The class of an event map (resolved on first use), or -1.
int event_class(heisen_lock_map *event) {
    if (!event || !(event->kind & kEventKinds)) return -1;
    int cls = cached_class(event);
    return cls >= 0 ? cls : class_of(event, 0);
}

End event_end(int cls, uint32_t stack_id, uintptr_t ip, const heisen_lock_map *map) {
    return End{static_cast<uint32_t>(cls), load_acquire(lock_class(static_cast<uint32_t>(cls)).generation), stack_id,
               ip, 0, map};
}

// The CPU handles no interrupt while it spins with interrupts off (kernel ports only).
bool blocks_interrupts(bool spinning, bool irqs_enabled) {
    return spinning && !irqs_enabled && !irq_context_may_sleep();
}

void wait_begin(heisen_lock_map *event, heisen_lock_map *const *released, size_t count, unsigned flags, uintptr_t ip) {
    if (load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    if (guard.nested()) return;
    const int cls = event_class(event);
    if (cls < 0) return;
    store_relaxed(c.cpu->waiting_for, static_cast<uint32_t>(cls) + 1);
    const bool stops_irqs = blocks_interrupts(flags & HEISEN_WAIT_SPIN, heisen_port_irqs_enabled() != 0);

    const HeldLockStack *stacks[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};
    uint64_t sum = 0;
    uint32_t held = 0;
    for (const HeldLockStack *s : stacks)
        for (uint32_t i = 0; s && i < s->depth; ++i)
            if (counts(s->locks[i]) && !released_by_wait(s->locks[i], released, count)) {
                sum += class_term(s->locks[i].class_index, s->locks[i].class_generation);
                ++held;
            }
    if (!held && !stops_irqs) return;  // waiting while holding nothing depends on nothing
    const uint32_t generation = load_acquire(lock_class(static_cast<uint32_t>(cls)).generation);
    const uint64_t key = chain_mix(chain_mix(kWaitKey, class_term(static_cast<uint32_t>(cls), generation) + sum),
                                   stops_irqs ? 1u : 0u);
    if (chain_known(key)) return;

    const int irq_cls = stops_irqs ? event_class(&g_interrupt_handling) : -1;
    const End waited = event_end(cls, save_current_stack(3), ip, event);
    g_graph_lock.lock();
    if (!chain_known(key)) {
        // One report per wait: the first cycle found (a held lock's before the interrupts').
        bool reported = false;
        for (const HeldLockStack *s : stacks)
            for (uint32_t i = 0; s && i < s->depth && !reported; ++i)
                if (counts(s->locks[i]) && !released_by_wait(s->locks[i], released, count))
                    reported = add_dependency(c, held_end(s->locks[i]), waited);
        if (irq_cls >= 0 && !reported) add_dependency(c, event_end(irq_cls, 0, 0, nullptr), waited);
        chain_remember(key);
    }
    g_graph_lock.unlock();
}

}  // namespace

bool is_event_class(uint32_t class_index) { return lock_class(class_index).kind & kEventKinds; }

void note_spun_with_irqs_off(const Context &c, Acquisition &a) {
    LockClass &cls = lock_class(static_cast<uint32_t>(a.class_index));
    if (fetch_or(cls.usage, uint32_t(kSpunIrqsOff)) & kSpunIrqsOff) return;  // another CPU was first
    const int irq_cls = event_class(&g_interrupt_handling);
    if (irq_cls < 0) return;
    ensure_stack(a);
    g_graph_lock.lock();
    add_dependency(c, event_end(irq_cls, 0, 0, nullptr),
                   End{static_cast<uint32_t>(a.class_index), a.class_generation, a.stack_id, a.ip,
                       static_cast<uint8_t>(a.mode), a.map});
    g_graph_lock.unlock();
}

void reset_waits() {
    g_interrupt_handling.class_index = 0;
    g_interrupt_handling.generation = 0;
}

}  // namespace heisen::core

using namespace heisen::core;

namespace {

uintptr_t call_site(const void *ip, uintptr_t caller) { return ip ? reinterpret_cast<uintptr_t>(ip) : caller; }

}  // namespace

extern "C" void heisen_event_init(heisen_lock_map *event, const char *name, unsigned class_mode, const void *key) {
    if (!event) return;
    heisen_lock_init(event, name ? name : "(unnamed event)", HEISEN_LOCK_SLEEP, class_mode, key);
    event->kind = HEISEN_EVENT;
}

extern "C" void heisen_wait_begin(heisen_lock_map *event, unsigned flags, const void *ip) {
    wait_begin(event, nullptr, 0, flags, call_site(ip, reinterpret_cast<uintptr_t>(__builtin_return_address(0))));
}

extern "C" void heisen_wait_begin_releasing(heisen_lock_map *event, heisen_lock_map *const *released, size_t count,
                                            unsigned flags, const void *ip) {
    wait_begin(event, released, released ? count : 0, flags,
               call_site(ip, reinterpret_cast<uintptr_t>(__builtin_return_address(0))));
}

// The wait is over: what this context does next is on the way to its next event.
extern "C" void heisen_wait_end(heisen_lock_map *, const void *) {
    if (load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    if (guard.nested()) return;
    store_relaxed(c.cpu->waiting_for, 0u);
    (c.cpu->irq_depth ? c.cpu->recent_irq : c.cpu->recent).restart();
}

extern "C" void heisen_event(heisen_lock_map *event, const void *ip) {
    if (load_relaxed(g_settings.disabled)) return;
    const uintptr_t at = call_site(ip, reinterpret_cast<uintptr_t>(__builtin_return_address(0)));
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    if (guard.nested()) return;
    const int cls = event_class(event);
    if (cls < 0) return;
    const bool in_irq = c.cpu->irq_depth > 0;
    RecentLocks &window = in_irq ? c.cpu->recent_irq : c.cpu->recent;
    const bool by_handler = in_irq && !irq_context_may_sleep();

    // What the event needed: the locks held now and the window's, by class.
    const HeldLockStack *stacks[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};
    uint64_t sum = 0;
    uint32_t needed = 0;
    for (const HeldLockStack *s : stacks)
        for (uint32_t i = 0; s && i < s->depth; ++i)
            if (needed_at_event(s->locks[i])) {
                sum += class_term(s->locks[i].class_index, s->locks[i].class_generation);
                ++needed;
            }
    const uint32_t kept = window.kept();
    for (uint32_t i = 0; i < kept; ++i) {
        const RecentLock &l = window.entries[i];
        sum += class_term(l.class_index, l.generation);
        ++needed;
    }
    if (needed || by_handler) {
        const uint32_t generation = load_acquire(lock_class(static_cast<uint32_t>(cls)).generation);
        const uint64_t key = chain_mix(chain_mix(kEventKey, class_term(static_cast<uint32_t>(cls), generation) + sum),
                                       by_handler ? 1u : 0u);
        if (!chain_known(key)) {
            const int irq_cls = by_handler ? event_class(&g_interrupt_handling) : -1;
            const End triggered = event_end(cls, save_current_stack(2), at, event);
            g_graph_lock.lock();
            if (!chain_known(key)) {
                bool reported = false;  // one report per event, as per wait
                for (const HeldLockStack *s : stacks)
                    for (uint32_t i = 0; s && i < s->depth && !reported; ++i)
                        if (needed_at_event(s->locks[i])) reported = add_dependency(c, triggered, held_end(s->locks[i]));
                for (uint32_t i = 0; i < kept && !reported; ++i) {
                    const RecentLock &l = window.entries[i];
                    reported = add_dependency(c, triggered, End{l.class_index, l.generation, 0, l.ip, 0, nullptr});
                }
                if (irq_cls >= 0 && !reported) add_dependency(c, triggered, event_end(irq_cls, 0, 0, nullptr));
                chain_remember(key);
            }
            g_graph_lock.unlock();
        }
    }
    window.restart();
}
