// fast_path.h — the lock operations a correct program repeats, inline.
//
// heisen_acquire() and heisen_release() try these first and fall back to the full paths in
// acquire_release.cpp. A port built together with the engine (the user-space preload) calls
// them straight from its wrappers, so the common lock operation costs no extra call and no
// second lookup of the current CPU. Both return false having changed nothing whenever the
// operation needs the full path.
#pragma once

#include <stdint.h>

#include "core/atomics.h"
#include "core/chain_cache.h"
#include "core/config.h"
#include "core/context.h"
#include "core/engine.h"
#include "core/lock_class.h"
#include "core/port.h"
#include "core/validator_internal.h"

namespace heisen::core {

inline uint64_t now_if(bool wanted) { return wanted ? heisen_port_now_ns() | 1u : 0; }

// The acquiring context's interrupt state: the caller's word for it, or the port's.
inline bool irqs_enabled_at(unsigned flags) { return !(flags & HEISEN_ACQ_IRQS_OFF) && heisen_port_irqs_enabled() != 0; }

// Puts `entry` on top of `stack` at `depth` (its current depth). The entry is complete before
// `depth` grows: other CPUs read stacks without locks (dumps, the panic listing).
HEISEN_ALWAYS_INLINE void push_held(HeldLockStack &stack, uint32_t depth, const HeldLock &entry) {
    stack.locks[depth] = entry;
    if (entry.kind & HEISEN_LOCK_SPIN) ++stack.spinning;
    compiler_barrier();
    store_release(stack.depth, depth + 1);
}

// The held-lock entry of an acquisition: not re-entered, not orphaned, not waiting.
HEISEN_ALWAYS_INLINE HeldLock held_entry(heisen_lock_map *map, const char *name, uint32_t class_index,
                                         uint32_t generation, uint64_t chain_key, uint64_t sequence, uintptr_t ip,
                                         uint32_t stack_id, uint32_t subclass, uint32_t mode, bool try_acquired) {
    return HeldLock{map,
                    name,
                    chain_key,
                    ip,
                    now_if(load_relaxed(g_settings.timing)),
                    class_index,
                    generation,
                    static_cast<uint32_t>(sequence),
                    stack_id,
                    map->kind,
                    static_cast<uint8_t>(subclass),
                    static_cast<uint8_t>(mode),
                    static_cast<uint8_t>(try_acquired),
                    0,
                    0,
                    0};
}

// The held-lock sequence the order rules see: this stack's chain up to the new lock, the other
// stack's top, and whether this is interrupt context or a try. The chain cache remembers these.
HEISEN_ALWAYS_INLINE uint64_t sequence_key(uint64_t entry_key, const HeldLockStack *other, bool in_irq,
                                           bool try_acquired) {
    uint64_t key = entry_key;
    if (other && other->depth) key = chain_mix(key, other->top_chain_key(kChainBase));
    if (in_irq || try_acquired) key = chain_mix(key, (in_irq ? 1u : 0u) | (try_acquired ? 2u : 0u));
    return key;
}

// What the repeated path found: where the entry goes and what it holds.
struct RepeatedAcquisition {
    CpuState *cpu;
    HeldLockStack *stack;
    LockClass *cls;
    uint64_t entry_key;
    uint32_t depth, class_index, generation, mode;
};

// The repeated path, where a correct program spends its time: a plain (not try, subclass 0)
// acquisition of a lock whose class is resolved, outside interrupt context, that sets no new
// irq usage bit, cannot be a sleep in an invalid context, and extends a held-lock sequence
// validated before. No rule can have anything new to say, so it only pushes the entry.
// This part decides, writing nothing: false whenever any of that does not hold.
HEISEN_ALWAYS_INLINE bool repeated_acquisition(heisen_lock_map *map, unsigned flags, RepeatedAcquisition &r) {
    if (!map || !map->kind || load_relaxed(g_settings.disabled) || (flags & HEISEN_ACQ_TRY)) return false;
    const uint32_t cpu_id = heisen_port_cpu_id();
    if (cpu_id >= HEISEN_MAX_CPUS) return false;
    const uintptr_t task_id = heisen_port_task_id();
    CpuState &cpu = g_cpus[cpu_id];
    if (cpu.irq_depth || cpu.in_engine) return false;
    const int class_index = cached_class(map);
    if (class_index < 0) return false;

    TaskState *task = task_id ? task_slot_on(cpu, task_id) : nullptr;
    HeldLockStack *stack = &cpu.held, *other = task ? &task->held : nullptr;
    if (!owned_by_cpu(map->kind, task_id)) {
        if (!task) return false;  // the task's first task-owned lock claims its slot
        stack = &task->held;
        other = &cpu.held;
    }
    const uint32_t depth = stack->depth;
    if (stack->orphans || depth >= HEISEN_MAX_HELD) return false;
    const bool spinning = map->kind & HEISEN_LOCK_SPIN;
    if (!spinning && (cpu.held.spinning || (task && task->held.spinning))) return false;

    // The interrupt state matters only for a usage bit the class does not have yet, or for a
    // sleeping lock where interrupt context must not sleep: otherwise the port is not asked.
    LockClass &cls = lock_class(static_cast<uint32_t>(class_index));
    const uint32_t mode = mode_for(map, flags);
    const uint32_t irqs_on_bit = mode == 0 ? kIrqsOnWrite : kIrqsOnRead;
    const bool irqs_matter = !spinning && !irq_context_may_sleep();
    if (!(load_relaxed(cls.usage) & irqs_on_bit) || irqs_matter) {
        const bool irqs_enabled = irqs_enabled_at(flags);
        if (irqs_enabled ? !(load_relaxed(cls.usage) & irqs_on_bit) : irqs_matter) return false;
    }

    // A kernel's spinning lock first spun on with interrupts off adds "interrupt handling waits
    // for it" (waits.cpp): the full path records that once per class.
    if (spinning && !(load_relaxed(cls.usage) & kSpunIrqsOff) && !irq_context_may_sleep() && !irqs_enabled_at(flags))
        return false;

    const uint32_t generation = load_acquire(cls.generation);
    const uint64_t entry_key = chain_step(stack->top_chain_key(kChainBase), static_cast<uint32_t>(class_index),
                                          generation, mode);
    if (!chain_known(sequence_key(entry_key, other, false, false))) return false;
    r = RepeatedAcquisition{&cpu, stack, &cls, entry_key, depth, static_cast<uint32_t>(class_index), generation, mode};
    return true;
}

// A HEISEN_SELFCHECK build takes every acquisition the repeated path accepts through the full
// path instead and fails unless its verdict agrees: nothing new to judge, the same entry pushed
// (selfcheck.cpp).
void check_repeated_acquisition(heisen_lock_map *map, unsigned flags, uintptr_t ip, const RepeatedAcquisition &r);

// The repeated path: pushes the entry when repeated_acquisition() accepts it. Returns false
// having changed nothing otherwise: the full path decides.
HEISEN_ALWAYS_INLINE bool acquire_repeated(heisen_lock_map *map, unsigned flags, uintptr_t ip) {
    RepeatedAcquisition r;
    if (!repeated_acquisition(map, flags, r)) return false;
#if HEISEN_SELFCHECK
    check_repeated_acquisition(map, flags, ip, r);
    return true;
#else
    // Nothing was written so far: an interrupt meanwhile was validated in full. One that left
    // a lock held on this stack (a bug it was told about) moved the top: start over in full.
    EngineGuard guard(r.cpu);
    if (r.stack->depth != r.depth) return false;
    count_on_cpu(r.cpu->pending, r.class_index, r.generation);
    push_held(*r.stack, r.depth, held_entry(map, r.cls->name, r.class_index, r.generation, r.entry_key,
                                            ++r.cpu->sequence, ip, 0, 0, r.mode, false));
    r.cpu->recent.note(r.class_index, r.generation, ip);
    return true;
#endif
}

// The usual release: the newest entry of this CPU's stack, without hold timing. Decides, writing
// nothing: the CPU whose stack's top (at `depth`) it is, or null.
HEISEN_ALWAYS_INLINE CpuState *newest_release(heisen_lock_map *map, uint32_t &depth) {
    if (!map || !map->kind || load_relaxed(g_settings.disabled)) return nullptr;
    const uint32_t cpu_id = heisen_port_cpu_id();
    if (cpu_id >= HEISEN_MAX_CPUS) return nullptr;
    CpuState &cpu = g_cpus[cpu_id];
    if (cpu.in_engine) return nullptr;  // called from inside the engine (a report callback)
    depth = cpu.held.depth;
    if (!depth) return nullptr;
    const HeldLock &top = cpu.held.locks[depth - 1];
    if (top.map != map || top.orphaned || top.timed_ns) return nullptr;
    return &cpu;
}

// A HEISEN_SELFCHECK build releases through the full path instead and fails unless it removed
// exactly the newest entry and reported nothing (selfcheck.cpp).
void check_newest_release(heisen_lock_map *map, uintptr_t ip, CpuState &cpu, uint32_t depth);

// Pops the newest entry when newest_release() accepts it; returns false having changed nothing
// otherwise.
// No EngineGuard: the pop is one store of `depth` (and of `spinning` before it), and an
// interrupt arriving meanwhile sees the lock still held, which it is until that store. (The
// guard never kept handlers off this stack: it only makes them skip the rules, which a release
// does not run.)
HEISEN_ALWAYS_INLINE bool release_newest(heisen_lock_map *map, uintptr_t ip) {
    uint32_t depth;
    CpuState *cpu = newest_release(map, depth);
    if (!cpu) return false;
#if HEISEN_SELFCHECK
    check_newest_release(map, ip, *cpu, depth);
#else
    (void)ip;
    cpu->held.remove(depth - 1);
#endif
    return true;
}

// The full paths (acquire_release.cpp), for whatever the two above return false on.
void acquire_full(heisen_lock_map *map, unsigned flags, unsigned subclass, uintptr_t ip);
void release_full(heisen_lock_map *map, uintptr_t ip);

}  // namespace heisen::core
