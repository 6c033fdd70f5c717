// acquire_release.cpp — the validator's hot path.
//
// An acquisition whose held-lock sequence was validated before costs: the context lookup, the
// cached class, two counters and one chain-cache probe — no lock. Everything else (new order
// edges, new irq usage, reports) happens on the slow path in order_validation.cpp and
// irq_usage.cpp.
#include "core/chain_cache.h"
#include "core/engine.h"
#include "core/fast_path.h"
#include "core/instance_order.h"
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

constexpr uint64_t kInstanceNestingKey = 0x1b873593u;

void ensure_stack(Acquisition &a) {
    if (!a.stack_id) a.stack_id = save_current_stack(3);
}

// Marks another context's entry for `map` as released by someone else; true if one was found.
// Only runs on rare paths (a release by a non-owner, a lock disowned), so it may scan every stack.
bool orphan_held_entry(heisen_lock_map *map) {
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

}  // namespace heisen::core

namespace {

void report_unbalanced_release(const Context &c, heisen_lock_map *map, uintptr_t ip) {
    // The owner's entry is dropped so the lock does not stay held forever; its stack compacts.
    bool held_elsewhere = orphan_held_entry(map);
    heisen_report &r = begin_report(held_elsewhere ? HEISEN_REPORT_NON_OWNER_RELEASE
                                                   : HEISEN_REPORT_BAD_UNLOCK_BALANCE, c, 3);
    describe_map(r.subject, map, -1, 0, 0);
    r.subject.stack.pcs[0] = ip;
    r.subject.stack.depth = 1;
    describe_all_held(r, c);
    deliver_report(r, chain_mix(reinterpret_cast<uintptr_t>(map->name), ip));
}

// A nested entry (an interrupt inside the engine) must not touch the CPU's pending counts the
// interrupted code may be updating: it adds to the class directly.
void count_acquisition(CpuState &cpu, bool nested, uint32_t class_index, LockClass &cls, uint32_t generation) {
    if (nested) fetch_add_relaxed(cls.acquisitions, uint64_t(1));
    else count_on_cpu(cpu.pending, class_index, generation);
}

}  // namespace

namespace heisen::core {

// Everything else: first uses, new sequences, interrupt context, try-acquisitions, subclasses,
// nested events inside the engine, full tables.
__attribute__((noinline)) void acquire_full(heisen_lock_map *map, unsigned flags, unsigned subclass, uintptr_t ip) {
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
    a.ip = ip;
    a.in_irq = c.cpu->irq_depth > 0;
    a.class_index = -1;
    if (a.subclass == 0) a.class_index = cached_class(map);
    if (a.class_index < 0 && (!guard.nested() || (a.subclass == 0 && map->class_index)))
        a.class_index = class_of(map, a.subclass);
    if (guard.nested() && a.class_index >= 0 && a.subclass) a.class_index = -1;

    HeldLockStack *stack = owner_stack(c, map->kind);
    if (stack->orphans) stack->drop_orphans();
    if (stack->depth >= HEISEN_MAX_HELD) {
        ++c.cpu->rulings;
        stack->push_overflow(map);
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
            a.irqs_enabled = irqs_enabled_at(flags);
            bool spinning = map->kind & HEISEN_LOCK_SPIN;
            // Only a held spinning lock, interrupt context or disabled interrupts can make a
            // sleeping acquisition wrong; check_sleep sorts out which (and what the port allows).
            if (!spinning && !a.try_acquired &&
                (c.cpu->held.spinning || (c.task && c.task->held.spinning) || a.in_irq || !a.irqs_enabled))
                check_sleep(c, &a, a.ip);
            if (uint32_t bit = usage_bit_for(a); bit && !(load_relaxed(cls.usage) & bit)) {
                ++c.cpu->rulings;
                mark_usage(c, a, bit);
            }
            const HeldLockStack *other = stack == &c.cpu->held ? (c.task ? &c.task->held : nullptr) : &c.cpu->held;
            const uint64_t key = sequence_key(entry_key, other, a.in_irq, a.try_acquired);
            // A nesting judged by instance order is remembered under a key the fast path never
            // probes, so every such nesting comes back here to be judged.
            const bool nested = (map->kind & HEISEN_LOCK_ORDER_INSTANCES) && judge_instance_nesting(c, a);
            const uint64_t cache_key = nested ? chain_mix(key, kInstanceNestingKey) : key;
            if (nested) ++c.cpu->rulings;
            if (!chain_known(cache_key)) {
                ++c.cpu->rulings;
                validate_order(c, a, cache_key);
            }
            if (!a.try_acquired) {
                (a.in_irq ? c.cpu->recent_irq : c.cpu->recent).note(class_index, a.class_generation, a.ip);
                if (spinning && !a.irqs_enabled && !(load_relaxed(cls.usage) & kSpunIrqsOff) && !irq_context_may_sleep()) {
                    ++c.cpu->rulings;
                    note_spun_with_irqs_off(c, a);
                }
            }
        }
        count_acquisition(*c.cpu, guard.nested(), class_index, cls, a.class_generation);
    } else {
        entry_key = chain_step(stack->top_chain_key(kChainBase), class_index, 0, a.mode);
    }
    push_held(*stack, stack->depth, held_entry(map, name, class_index, a.class_generation, entry_key, ++c.cpu->sequence,
                                               a.ip, a.stack_id, a.subclass, a.mode, a.try_acquired));
}

}  // namespace heisen::core

__attribute__((noinline)) bool heisen::core::acquire_decided(heisen_lock_map *map, unsigned flags, uintptr_t ip) {
    RepeatedAcquisition r;
    if (!repeated_acquisition(map, flags, r)) return false;
#if HEISEN_SELFCHECK
    check_repeated_acquisition(map, flags, ip, r);
    return true;
#else
    return push_repeated(*r.cpu, *r.stack, r.depth, *r.memo, map, ip, now_if(load_relaxed(g_settings.timing)));
#endif
}

namespace {

// Everything but the shortest path, behind a call: heisen_acquire() itself then needs no
// registers saved.
__attribute__((noinline)) void acquire_beyond_remembered(heisen_lock_map *map, unsigned flags, unsigned subclass,
                                                         uintptr_t at) {
    if (__builtin_expect(subclass == 0, 1) && acquire_decided(map, flags, at)) return;
    acquire_full(map, flags, subclass, at);
}

}  // namespace

extern "C" void heisen_acquire(heisen_lock_map *map, unsigned flags, unsigned subclass, const void *ip) {
    const uintptr_t at = ip ? reinterpret_cast<uintptr_t>(ip) : reinterpret_cast<uintptr_t>(__builtin_return_address(0));
#if !HEISEN_SELFCHECK
    if (__builtin_expect(subclass == 0, 1) && acquire_remembered(map, flags, at)) return;
#endif
    acquire_beyond_remembered(map, flags, subclass, at);
}

namespace heisen::core {

__attribute__((noinline)) void release_full(heisen_lock_map *map, uintptr_t at) {
    if (!map || !map->kind || load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);

    HeldLockStack *stack = nullptr;
    HeldLock *h = find_held(c, map, &stack);
    if (!h) {
        if (owner_stack(c, map->kind)->pop_overflow(map)) return;
        if (!guard.nested()) report_unbalanced_release(c, map, at);
        return;
    }
    if (h->timed_ns && !h->waiting && h->class_index != kUntrackedClass) {
        uint64_t held_for = heisen_port_now_ns() - h->timed_ns;
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

}  // namespace heisen::core

extern "C" void heisen_release(heisen_lock_map *map, const void *ip) {
    const uintptr_t at = ip ? reinterpret_cast<uintptr_t>(ip) : reinterpret_cast<uintptr_t>(__builtin_return_address(0));
    if (release_newest(map, at)) return;
    release_full(map, at);
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
        h.timed_ns = heisen_port_now_ns() | 1u;
        h.waiting = 1;
        fetch_add_relaxed(cls.contended, uint64_t(1));
    });
}

extern "C" void heisen_acquired(heisen_lock_map *map) {
    update_held_entry(map, [](HeldLock &h, LockClass &cls) {
        uint64_t now = heisen_port_now_ns() | 1u;
        if (h.waiting) {
            uint64_t waited = now - h.timed_ns;
            fetch_add_relaxed(cls.wait_ns_total, waited);
            store_max_relaxed(cls.wait_ns_max, waited);
            h.waiting = 0;
        }
        h.timed_ns = load_relaxed(g_settings.timing) ? now : 0;
    });
}
