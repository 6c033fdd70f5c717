// lifecycle.cpp — lock registration and destruction, task exit, assertions.
#include "core/chain_cache.h"
#include "core/engine.h"
#include "core/report_builder.h"
#include "core/validator_internal.h"

using namespace heisen::core;

namespace {

uintptr_t caller_or(const void *ip, void *fallback) {
    return ip ? reinterpret_cast<uintptr_t>(ip) : reinterpret_cast<uintptr_t>(fallback);
}

// Locks of this stack a context must not end holding: not released by another context
// (orphaned), not of a kind whose holder may end holding it; overflow entries count too. Locks
// beyond the overflow table (untracked) do not: which locks they were, and so whether their
// holder may end holding them, is unknown (a semaphore a program holds by the hundred, as
// CPython's as_completed() does, may be posted by another thread), and the limit was said.
uint32_t held_at_exit(const HeldLockStack &s) {
    uint32_t n = load_acquire(s.depth);
    if (n > HEISEN_MAX_HELD) n = HEISEN_MAX_HELD;
    uint32_t count = 0;
    for (uint32_t i = 0; i < s.overflow_count && i < HEISEN_MAX_HELD_OVERFLOW; ++i)
        if (!(s.overflow[i]->kind & HEISEN_LOCK_EXIT_HELD_OK)) ++count;
    for (uint32_t i = 0; i < n; ++i)
        if (!s.locks[i].orphaned && !(s.locks[i].kind & HEISEN_LOCK_EXIT_HELD_OK)) ++count;
    return count;
}

// Reports `kind` if the context holds any lock it must not end holding.
void report_if_holding(uint32_t kind, const void *ip, void *fallback_ip) {
    if (load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    if (guard.nested()) return;
    uint32_t held = held_at_exit(c.cpu->held) + (c.task ? held_at_exit(c.task->held) : 0);
    if (held == 0) return;
    heisen_report &r = begin_report(kind, c, 3);
    describe_all_held(r, c);
    deliver_report(r, chain_mix(caller_or(ip, fallback_ip), r.held_count ? r.held[0].stack.pcs[0] : 0));
}

// Removes and reports every held lock of this context whose map lies in [lo, hi).
void drop_freed_locks(uintptr_t lo, uintptr_t hi, uintptr_t ip) {
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    HeldLockStack *stacks[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};
    for (HeldLockStack *s : stacks) {
        for (uint32_t i = s ? s->depth : 0; i-- > 0;) {
            HeldLock &h = s->locks[i];
            uintptr_t at = reinterpret_cast<uintptr_t>(h.map);
            if (at < lo || at >= hi || h.orphaned) continue;
            if (!guard.nested()) {
                heisen_report &r = begin_report(HEISEN_REPORT_HELD_LOCK_FREED, c, 3);
                describe_held(r.subject, h);
                describe_all_held(r, c);
                deliver_report(r, chain_mix(ip, h.ip));
            }
            s->remove(i);
            s->rehash_from(i, kChainBase);
        }
    }
}

}  // namespace

extern "C" void heisen_lock_init(heisen_lock_map *map, const char *name, unsigned kind,
                                 unsigned class_mode, const void *key) {
    if (!map) return;
    if (class_mode == HEISEN_CLASS_BY_INSTANCE && has_instance_classes(map)) {
        // Re-initialised in place without being destroyed: the old lock's history must not
        // carry over to the new one.
        Context c = current_context(false);
        if (c.cpu_id < HEISEN_MAX_CPUS) {
            EngineGuard guard(c.cpu);
            if (!guard.nested()) {
                g_graph_lock.lock();
                retire_instance_classes(map);
                g_graph_lock.unlock();
            }
        }
    }
    map->name = name ? name : "(unnamed lock)";
    map->key = key;
    store_relaxed(map->class_index, 0u);
    map->generation = 0;
    map->kind = static_cast<uint16_t>((kind & (HEISEN_LOCK_SPIN | HEISEN_LOCK_SLEEP)) ? kind : kind | HEISEN_LOCK_SLEEP);
    map->class_mode = static_cast<uint8_t>(class_mode <= HEISEN_CLASS_BY_INSTANCE ? class_mode : HEISEN_CLASS_BY_INSTANCE);
}

extern "C" void heisen_lock_destroy(heisen_lock_map *map) {
    if (!map || !map->kind) return;
    uintptr_t at = reinterpret_cast<uintptr_t>(map);
    if (!load_relaxed(g_settings.disabled)) drop_freed_locks(at, at + 1, reinterpret_cast<uintptr_t>(__builtin_return_address(0)));
    if (map->class_mode == HEISEN_CLASS_BY_INSTANCE || !map->key) {
        Context c = current_context(false);
        if (c.cpu_id < HEISEN_MAX_CPUS && has_instance_classes(map)) {
            EngineGuard guard(c.cpu);
            if (!guard.nested()) {
                g_graph_lock.lock();
                retire_instance_classes(map);
                g_graph_lock.unlock();
            }
        }
    }
    store_relaxed(map->class_index, 0u);
}

extern "C" void heisen_lock_disown(heisen_lock_map *map) {
    if (!map || !map->kind) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    // This context's own entries go now; another context's are marked released, and it drops
    // them at its next acquisition (as for a lock released by a context that does not own it).
    HeldLockStack *own[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};
    for (HeldLockStack *s : own) {
        for (int i; s && (i = s->find(map)) >= 0;) {
            s->remove(static_cast<uint32_t>(i));
            s->rehash_from(static_cast<uint32_t>(i), kChainBase);
        }
        if (s) s->forget_overflow(map);
    }
    while (orphan_held_entry(map)) {
    }
    if (!guard.nested() && has_instance_classes(map)) {
        g_graph_lock.lock();
        retire_instance_classes(map);
        g_graph_lock.unlock();
    }
    store_relaxed(map->class_index, 0u);
}

extern "C" void heisen_lock_used_after_end(const heisen_lock_map *map, int freed, const void *ended_at,
                                           const void *ip) {
    if (!map || load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    if (guard.nested()) return;
    heisen_report &r = begin_report(freed ? HEISEN_REPORT_FREED_LOCK_USED : HEISEN_REPORT_DESTROYED_LOCK_USED, c, 3);
    describe_map(r.subject, map, -1, 0, 0);
    r.subject.stack.pcs[0] = reinterpret_cast<uintptr_t>(ended_at);
    r.subject.stack.depth = ended_at ? 1 : 0;
    describe_all_held(r, c);
    deliver_report(r, chain_mix(reinterpret_cast<uintptr_t>(ended_at), caller_or(ip, __builtin_return_address(0))));
}

extern "C" void heisen_free_range(const void *start, size_t len) {
    if (!start || !len || load_relaxed(g_settings.disabled)) return;
    uintptr_t lo = reinterpret_cast<uintptr_t>(start);
    drop_freed_locks(lo, lo + len, reinterpret_cast<uintptr_t>(__builtin_return_address(0)));
}

extern "C" void heisen_task_exit(const void *ip) {
    report_if_holding(HEISEN_REPORT_EXIT_WITH_LOCKS_HELD, ip, __builtin_return_address(0));
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    if (c.task) release_task_slot(c.task);
    if (c.task_id == 0) heisen_cpu_reset(c.cpu_id);  // user space: the CPU slot was the thread
}

extern "C" void heisen_return_to_user(const void *ip) {
    report_if_holding(HEISEN_REPORT_RETURN_TO_USER_WITH_LOCKS_HELD, ip, __builtin_return_address(0));
}

extern "C" void heisen_cpu_reset(uint32_t cpu) {
    if (cpu >= HEISEN_MAX_CPUS) return;
    CpuState &s = cpu_state(cpu);
    s.held.clear();
    s.irq_depth = 0;
    s.in_engine = 0;
}

namespace {

// Held beyond the full stack: balanced, never validated.
bool held_in_overflow(const Context &c, const heisen_lock_map *map) {
    return c.cpu->held.in_overflow(map) || (c.task && c.task->held.in_overflow(map));
}

}  // namespace

extern "C" int heisen_is_held(const heisen_lock_map *map) {
    if (!map) return 0;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return 0;
    return find_held(c, map, nullptr) != nullptr || held_in_overflow(c, map);
}

namespace {

void check_assertion(const heisen_lock_map *map, bool must_hold, uintptr_t ip) {
    if (!map || !map->kind || load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    const HeldLock *held = find_held(c, map, nullptr);
    const bool is_held = held != nullptr || held_in_overflow(c, map);
    if (guard.nested() || is_held == must_hold) return;
    heisen_report &r = begin_report(must_hold ? HEISEN_REPORT_ASSERT_HELD : HEISEN_REPORT_ASSERT_NOT_HELD, c, 3);
    if (held) {
        describe_held(r.subject, *held);  // where the lock that should not be held was taken
    } else {
        describe_map(r.subject, map, -1, 0, 0);
        r.subject.stack = r.site;
    }
    describe_all_held(r, c);
    deliver_report(r, ip);
}

}  // namespace

extern "C" void heisen_assert_held(const heisen_lock_map *map, const void *ip) {
    check_assertion(map, true, caller_or(ip, __builtin_return_address(0)));
}

extern "C" void heisen_assert_not_held(const heisen_lock_map *map, const void *ip) {
    check_assertion(map, false, caller_or(ip, __builtin_return_address(0)));
}
