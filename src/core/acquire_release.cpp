// acquire_release.cpp — the validator's hot path.
//
// An acquisition whose held-lock sequence was validated before costs: the context lookup, the
// cached class, two counters and one chain-cache probe — no lock. Everything else (new order
// edges, new irq usage, reports) happens on the slow path in order_validation.cpp and
// irq_usage.cpp.
#include "core/chain_cache.h"
#include "core/engine.h"
#include "core/port.h"
#include "core/report_builder.h"
#include "core/stack_store.h"
#include "core/validator_internal.h"

using namespace heisen::core;

namespace heisen::core {

HeldLockStack *owner_stack(Context &c, uint16_t kind) {
    if (owned_by_cpu(kind, c.task_id)) return &c.cpu->held;
    if (!c.task) c.task = claim_task_slot(c.task_id);
    return c.task ? &c.task->held : &c.cpu->held;
}

HeldLock *find_held(const Context &c, const heisen_lock_map *map, HeldLockStack **stack_out) {
    HeldLockStack *stacks[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};
    for (HeldLockStack *s : stacks) {
        if (!s) continue;
        int i = s->find(map);
        if (i >= 0) {
            if (stack_out) *stack_out = s;
            return &s->locks[i];
        }
    }
    return nullptr;
}

void ensure_stack(Acquisition &a) {
    if (!a.stack_id) a.stack_id = save_current_stack(3);
}

}  // namespace heisen::core

namespace {

uint64_t now_if(bool wanted) { return wanted ? heisen_port_now_ns() | 1u : 0; }

// Marks another context's entry for `map` as released by someone else; true if one was found.
// Only runs on an error path, so it may scan every stack.
bool orphan_foreign_entry(heisen_lock_map *map) {
    for (uint32_t cpu = 0; cpu < HEISEN_MAX_CPUS; ++cpu) {
        HeldLockStack &s = cpu_state(cpu).held;
        int i = s.find(map);
        if (i >= 0) {
            store_relaxed(s.locks[i].orphaned, uint8_t(1));
            fetch_add_relaxed(s.orphans, 1u);
            return true;
        }
    }
    for (uint32_t t = 0; t < HEISEN_MAX_TASKS; ++t) {
        TaskState &task = task_slot(t);
        uintptr_t id = load_acquire(task.task_id);
        if (id == 0 || id == kTaskTombstone) continue;
        int i = task.held.find(map);
        if (i >= 0) {
            store_relaxed(task.held.locks[i].orphaned, uint8_t(1));
            fetch_add_relaxed(task.held.orphans, 1u);
            return true;
        }
    }
    return false;
}

void report_unbalanced_release(const Context &c, heisen_lock_map *map, uintptr_t ip) {
    // The owner's entry is dropped so the lock does not stay held forever; its stack compacts.
    bool held_elsewhere = orphan_foreign_entry(map);
    heisen_report &r = begin_report(held_elsewhere ? HEISEN_REPORT_NON_OWNER_RELEASE
                                                   : HEISEN_REPORT_BAD_UNLOCK_BALANCE, c, 3);
    describe_map(r.subject, map, -1, 0, 0);
    r.subject.stack.pcs[0] = ip;
    r.subject.stack.depth = 1;
    describe_all_held(r, c);
    deliver_report(r, chain_mix(reinterpret_cast<uintptr_t>(map->name), ip));
}

}  // namespace

extern "C" void heisen_acquire(heisen_lock_map *map, unsigned flags, unsigned subclass, const void *ip) {
    if (!map || !map->kind || load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);

    Acquisition a;
    a.map = map;
    a.class_generation = 0;
    a.irqs_enabled = false;
    a.stack_id = 0;
    a.subclass = subclass < HEISEN_MAX_SUBCLASS ? subclass : HEISEN_MAX_SUBCLASS - 1;
    a.mode = mode_for(map, flags);
    a.try_acquired = flags & HEISEN_ACQ_TRY;
    a.ip = ip ? reinterpret_cast<uintptr_t>(ip) : reinterpret_cast<uintptr_t>(__builtin_return_address(0));
    a.in_irq = c.cpu->irq_depth > 0;
    a.class_index = -1;
    if (a.subclass == 0) a.class_index = cached_class(map);
    if (a.class_index < 0 && (!guard.nested() || (a.subclass == 0 && map->class_index)))
        a.class_index = class_of(map, a.subclass);
    if (guard.nested() && a.class_index >= 0 && a.subclass) a.class_index = -1;

    HeldLockStack *stack = owner_stack(c, map->kind);
    if (stack->orphans) stack->drop_orphans();
    if (stack->depth >= HEISEN_MAX_HELD) {
        ++stack->untracked;
        limit_reached(Limit::kHeld);
        return;
    }

    const uint32_t class_index = a.class_index >= 0 ? static_cast<uint32_t>(a.class_index) : kUntrackedClass;
    uint64_t entry_key = 0;
    const char *name = map->name;
    if (a.class_index >= 0) {
        LockClass &cls = lock_class(class_index);
        name = cls.name;
        a.class_generation = load_acquire(cls.generation);
        entry_key = chain_step(stack->top_chain_key(kChainBase), class_index, a.class_generation, a.mode);
        if (!guard.nested()) {
            a.irqs_enabled = heisen_port_irqs_enabled() != 0;
            bool spinning = map->kind & HEISEN_LOCK_SPIN;
            // Only a held spinning lock, interrupt context or disabled interrupts can make a
            // sleeping acquisition wrong; check_sleep sorts out which (and what the port allows).
            if (!spinning && !a.try_acquired &&
                (c.cpu->held.spinning || (c.task && c.task->held.spinning) || a.in_irq || !a.irqs_enabled))
                check_sleep(c, &a, a.ip);
            if (uint32_t bit = usage_bit_for(a); bit && !(load_relaxed(cls.usage) & bit)) mark_usage(c, a, bit);
            // The sequence seen by the order rules: this stack's chain, the other stack's top,
            // and whether this is interrupt context or a try.
            uint64_t key = entry_key;
            HeldLockStack *other = stack == &c.cpu->held ? (c.task ? &c.task->held : nullptr) : &c.cpu->held;
            if (other && other->depth) key = chain_mix(key, other->top_chain_key(kChainBase));
            if (a.in_irq || a.try_acquired) key = chain_mix(key, (a.in_irq ? 1u : 0u) | (a.try_acquired ? 2u : 0u));
            if (!chain_known(key)) validate_order(c, a, key);
        }
        // A plain increment: a locked add here would cost more than the rest of the fast path.
        // Two CPUs taking one class at the same instant may lose a count.
        store_relaxed(cls.acquisitions, load_relaxed(cls.acquisitions) + 1);
    } else {
        entry_key = chain_step(stack->top_chain_key(kChainBase), class_index, 0, a.mode);
    }

    HeldLock &h = stack->locks[stack->depth];
    h.map = map;
    h.name = name;
    h.class_index = class_index;
    h.class_generation = a.class_generation;
    h.chain_key = entry_key;
    h.sequence = ++c.cpu->sequence;
    h.ip = a.ip;
    h.stack_id = a.stack_id;
    h.subclass = a.subclass;
    h.kind = map->kind;
    h.mode = static_cast<uint8_t>(a.mode);
    h.try_acquired = a.try_acquired;
    h.reentered = 0;
    h.orphaned = 0;
    h.contended_ns = 0;
    h.acquired_ns = now_if(load_relaxed(g_settings.timing));
    if (map->kind & HEISEN_LOCK_SPIN) ++stack->spinning;
    compiler_barrier();
    store_release(stack->depth, stack->depth + 1);
}

extern "C" void heisen_release(heisen_lock_map *map, const void *ip) {
    if (!map || !map->kind || load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    uintptr_t at = ip ? reinterpret_cast<uintptr_t>(ip) : reinterpret_cast<uintptr_t>(__builtin_return_address(0));

    // Locks are usually released newest first, from the CPU's stack: check its top first.
    HeldLockStack *stack = &c.cpu->held;
    uint32_t depth = stack->depth;
    HeldLock *h = depth && stack->locks[depth - 1].map == map && !stack->locks[depth - 1].orphaned
                      ? &stack->locks[depth - 1]
                      : find_held(c, map, &stack);
    if (!h) {
        HeldLockStack *own = owner_stack(c, map->kind);
        if (own->untracked) {
            --own->untracked;
            return;
        }
        if (!guard.nested()) report_unbalanced_release(c, map, at);
        return;
    }
    if (h->acquired_ns && h->class_index != kUntrackedClass) {
        uint64_t held_for = heisen_port_now_ns() - h->acquired_ns;
        LockClass &cls = lock_class(h->class_index);
        fetch_add_relaxed(cls.hold_ns_total, held_for);
        store_max_relaxed(cls.hold_ns_max, held_for);
    }
    uint32_t index = static_cast<uint32_t>(h - stack->locks);
    bool was_top = index + 1 == stack->depth;
    stack->remove(index);
    if (!was_top) stack->rehash_from(index, kChainBase);
    // The task keeps its slot while it lives (heisen_task_exit frees it): handing it back
    // whenever its stack empties would cost a compare-exchange on every next acquisition.
}

namespace {

// Runs `update` on this context's tracked entry for `map` (statistics only: no checks).
template <class Update>
void update_held_entry(heisen_lock_map *map, Update update) {
    if (!map || !map->kind || load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    HeldLock *h = find_held(c, map, nullptr);
    if (h && h->class_index != kUntrackedClass) update(*h, lock_class(h->class_index));
}

}  // namespace

extern "C" void heisen_contended(heisen_lock_map *map, const void *) {
    update_held_entry(map, [](HeldLock &h, LockClass &cls) {
        h.contended_ns = heisen_port_now_ns() | 1u;
        fetch_add_relaxed(cls.contended, uint64_t(1));
    });
}

extern "C" void heisen_acquired(heisen_lock_map *map) {
    update_held_entry(map, [](HeldLock &h, LockClass &cls) {
        uint64_t now = heisen_port_now_ns() | 1u;
        if (h.contended_ns) {
            uint64_t waited = now - h.contended_ns;
            fetch_add_relaxed(cls.wait_ns_total, waited);
            store_max_relaxed(cls.wait_ns_max, waited);
            h.contended_ns = 0;
        }
        if (load_relaxed(g_settings.timing)) h.acquired_ns = now;
    });
}
