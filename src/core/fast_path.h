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

// push_held() of a remembered entry (repeat_memo.h), completed with this acquisition's lock, ip,
// sequence and timing: copied whole, then patched, before `depth` grows.
HEISEN_ALWAYS_INLINE void push_remembered(HeldLockStack &stack, uint32_t depth, const HeldLock &entry,
                                          heisen_lock_map *map, uintptr_t ip, uint64_t timed_ns, uint32_t sequence) {
    HeldLock &slot = stack.locks[depth];
    // Eight word copies: neither field by field nor a string instruction (what a 64-byte
    // memcpy may become).
    typedef uint64_t __attribute__((may_alias)) Word;
    const Word *from = reinterpret_cast<const Word *>(&entry);
    Word *to = reinterpret_cast<Word *>(&slot);
    static_assert(sizeof(HeldLock) == 8 * sizeof(Word), "a held entry is eight words");
    to[0] = from[0], to[1] = from[1], to[2] = from[2], to[3] = from[3];
    to[4] = from[4], to[5] = from[5], to[6] = from[6], to[7] = from[7];
    slot.map = map;
    slot.ip = ip;
    slot.timed_ns = timed_ns;
    slot.sequence = sequence;
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
    RepeatMemo *memo;  // the CPU's memory of the decision, with the entry to push
};

// The part of the repeated path's decision that the CPU remembers (repeat_memo.h): the class is
// resolved and live, no irq usage bit is new, no sleep can be invalid, and the held-lock
// sequence was validated before. Fills `r`'s class, key and mode, and `irqs` with the interrupt
// state the answer depended on. Writes nothing.
HEISEN_ALWAYS_INLINE bool repeated_sequence(heisen_lock_map *map, unsigned flags, const HeldLockStack *other,
                                            RepeatedAcquisition &r, MemoIrqs &irqs) {
    const int class_index = cached_class(map);
    if (class_index < 0) return false;
    const bool spinning = map->kind & HEISEN_LOCK_SPIN;

    // The interrupt state matters only for a usage bit the class does not have yet, or for a
    // sleeping lock where interrupt context must not sleep: otherwise the port is not asked.
    LockClass &cls = lock_class(static_cast<uint32_t>(class_index));
    const uint32_t mode = mode_for(map, flags);
    const uint32_t irqs_on_bit = mode == 0 ? kIrqsOnWrite : kIrqsOnRead;
    const bool irqs_matter = !spinning && !irq_context_may_sleep();
    irqs = MemoIrqs::kAny;
    if (!(load_relaxed(cls.usage) & irqs_on_bit) || irqs_matter) {
        const bool irqs_enabled = irqs_enabled_at(flags);
        if (irqs_enabled ? !(load_relaxed(cls.usage) & irqs_on_bit) : irqs_matter) return false;
        irqs = irqs_enabled ? MemoIrqs::kEnabled : MemoIrqs::kDisabled;
    }

    // A kernel's spinning lock first spun on with interrupts off adds "interrupt handling waits
    // for it" (waits.cpp): the full path records that once per class.
    if (spinning && !(load_relaxed(cls.usage) & kSpunIrqsOff) && !irq_context_may_sleep()) {
        const bool irqs_enabled = irqs_enabled_at(flags);
        if (!irqs_enabled) return false;
        irqs = MemoIrqs::kEnabled;
    }

    const uint32_t generation = load_acquire(cls.generation);
    const uint64_t entry_key = chain_step(r.stack->top_chain_key(kChainBase), static_cast<uint32_t>(class_index),
                                          generation, mode);
    if (!chain_known(sequence_key(entry_key, other, false, false))) return false;
    r.cls = &cls;
    r.entry_key = entry_key;
    r.class_index = static_cast<uint32_t>(class_index);
    r.generation = generation;
    r.mode = mode;
    return true;
}

// The held-lock entry of an acquisition the repeated path accepts, but for its ip, sequence
// and timing.
HEISEN_ALWAYS_INLINE HeldLock repeated_entry(heisen_lock_map *map, const RepeatedAcquisition &r) {
    return held_entry(map, r.cls->name, r.class_index, r.generation, r.entry_key, 0, 0, 0, 0, r.mode, false);
}

// A remembered decision for this acquisition, if the CPU has one that still holds.
HEISEN_ALWAYS_INLINE RepeatMemo *remembered(CpuState &cpu, const heisen_lock_map *map, unsigned flags,
                                            uint64_t below_key, uint64_t other_key) {
    // The map resolves to the remembered class (an empty memory's keys match no stack), and the
    // class still lives.
    RepeatMemo *found = find_repeat_memo(cpu.memo, load_relaxed(map->class_index), below_key, flags);
    if (!found) return nullptr;
    RepeatMemo &m = *found;
    if (m.other_key != other_key || load_relaxed(map->generation) != m.entry.class_generation ||
        map->kind != m.entry.kind || load_acquire(lock_class(m.entry.class_index).generation) != m.entry.class_generation)
        return nullptr;
    if (m.irqs != MemoIrqs::kAny && irqs_enabled_at(flags) != (m.irqs == MemoIrqs::kEnabled)) return nullptr;
    return &m;
}

// Makes `m` remember the decision in `r`; the acquisitions the old decision counted go to the
// CPU's pending counts first.
HEISEN_ALWAYS_INLINE void remember(CpuState &cpu, RepeatMemo &m, heisen_lock_map *map, unsigned flags,
                                   uint64_t below_key, uint64_t other_key, MemoIrqs irqs,
                                   const RepeatedAcquisition &r) {
    if (m.hits) count_on_cpu(cpu.pending, m.entry.class_index, m.entry.class_generation, m.hits);
    m = RepeatMemo{repeated_entry(map, r), below_key, other_key, flags, irqs, 0};
}

// The repeated path, where a correct program spends its time: a plain (not try, subclass 0)
// acquisition of a lock whose class is resolved, outside interrupt context, that sets no new
// irq usage bit, cannot be a sleep in an invalid context, and extends a held-lock sequence
// validated before. No rule can have anything new to say, so it only pushes the entry.
// This part decides, writing nothing but the CPU's memory of the decision: false whenever any
// of that does not hold.
HEISEN_ALWAYS_INLINE bool repeated_acquisition(heisen_lock_map *map, unsigned flags, RepeatedAcquisition &r) {
    if (!map || !map->kind || load_relaxed(g_settings.disabled) || (flags & HEISEN_ACQ_TRY)) return false;
    const uint32_t cpu_id = heisen_port_cpu_id();
    if (cpu_id >= HEISEN_MAX_CPUS) return false;
    const uintptr_t task_id = heisen_port_task_id();
    CpuState &cpu = g_cpus[cpu_id];
    if (cpu.irq_depth || cpu.in_engine) return false;

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
    r.cpu = &cpu;
    r.stack = stack;
    r.depth = depth;

    const uint64_t below_key = stack->top_chain_key(kChainBase);
    const uint64_t other_key = other ? other->top_chain_key(0) : 0;
    if (RepeatMemo *m = remembered(cpu, map, flags, below_key, other_key)) {
        r.memo = m;
#if HEISEN_SELFCHECK
        r.cls = &lock_class(m->entry.class_index);
        r.entry_key = m->entry.chain_key;
        r.class_index = m->entry.class_index;
        r.generation = m->entry.class_generation;
        r.mode = m->entry.mode;
#endif
        return true;
    }
    MemoIrqs irqs;
    if (!repeated_sequence(map, flags, other, r, irqs)) return false;
    RepeatMemo &m = repeat_memo_victim(cpu.memo, r.class_index, below_key);
    remember(cpu, m, map, flags, below_key, other_key, irqs, r);
    r.memo = &m;
    return true;
}

// A HEISEN_SELFCHECK build takes every acquisition the repeated path accepts through the full
// path instead and fails unless its verdict agrees: nothing new to judge, the same entry pushed
// (selfcheck.cpp).
void check_repeated_acquisition(heisen_lock_map *map, unsigned flags, uintptr_t ip, const RepeatedAcquisition &r);

// Pushes the remembered entry at `depth` of `stack` unless an interrupt moved the top since
// `depth` was read (one that left a lock held there, a bug it was told about): false then,
// having changed nothing. The caller found the CPU outside the engine and outside interrupt
// context: the engine guard is two stores.
HEISEN_ALWAYS_INLINE bool push_repeated(CpuState &cpu, HeldLockStack &stack, uint32_t depth, RepeatMemo &m,
                                        heisen_lock_map *map, uintptr_t ip, uint64_t timed_ns) {
    cpu.in_engine = 1;
    compiler_barrier();
    const bool same_top = stack.depth == depth;
    if (same_top) {
        ++m.hits;  // its class's acquisition count (remember(), total_acquisitions())
        push_remembered(stack, depth, m.entry, map, ip, timed_ns, static_cast<uint32_t>(++cpu.sequence));
        cpu.recent.note(m.entry.class_index, m.entry.class_generation, ip);
    }
    compiler_barrier();
    cpu.in_engine = 0;
    return same_top;
}

// The shortest path: a context without a task (a user-space thread; a kernel CPU with no task
// running) takes a lock of a class on top of exactly the held locks it had when this CPU last
// took one, and the decision then needed no other stack. The same conditions
// as repeated_acquisition(), read from the CPU's memory of the decision in as few loads as
// possible.
HEISEN_ALWAYS_INLINE bool acquire_remembered(heisen_lock_map *map, unsigned flags, uintptr_t ip) {
    const uint32_t cpu_id = heisen_port_cpu_id();
    if (cpu_id >= HEISEN_MAX_CPUS || heisen_port_task_id()) return false;
    CpuState *cpu_p = &g_cpus[cpu_id];
    keep_in_register(cpu_p);  // computed once: recomputing it costs more than a register
    CpuState &cpu = *cpu_p;
    // Hold timing (--stats) reads the clock: the next path does that.
    if (load_relaxed(g_settings.disabled) | load_relaxed(g_settings.timing) | cpu.irq_depth | cpu.in_engine)
        return false;
    HeldLockStack &stack = cpu.held;
    const uint32_t depth = stack.depth;
    if (depth >= HEISEN_MAX_HELD || stack.orphans) return false;
    const uint64_t below_key = stack.top_chain_key(kChainBase);
    // A remembered decision for a lock of this class, on these held locks, taken with these flags
    // (never a try), with no other stack, that still holds.
    RepeatMemo *m = remembered(cpu, map, flags, below_key, 0);
    if (!m || (!(m->entry.kind & HEISEN_LOCK_SPIN) && stack.spinning)) return false;
    return push_repeated(cpu, stack, depth, *m, map, ip, 0);
}

// The rest of the repeated path (acquire_release.cpp, behind a call so that the shortest path
// above stays small): pushes the entry when repeated_acquisition() accepts it; false having
// changed nothing otherwise.
bool acquire_decided(heisen_lock_map *map, unsigned flags, uintptr_t ip);

// The repeated path. Returns false having changed nothing when the full path must decide.
HEISEN_ALWAYS_INLINE bool acquire_repeated(heisen_lock_map *map, unsigned flags, uintptr_t ip) {
#if !HEISEN_SELFCHECK
    if (acquire_remembered(map, flags, ip)) return true;
#endif
    return acquire_decided(map, flags, ip);
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
