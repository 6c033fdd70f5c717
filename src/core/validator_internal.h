// validator_internal.h — what the validator's entry points share: the re-entry guard and the
// checks that run on the slow path.
#pragma once

#include <stdint.h>

#include "core/atomics.h"
#include "core/context.h"
#include "core/lock_class.h"
#include "core/report.h"
#include "heisen/heisen.h"

namespace heisen::core {

// Marks this CPU as running validator code for the guard's lifetime. If it already was (an
// interrupt or signal arrived inside the engine), `nested` is set and the caller only keeps
// the books: no checks, no graph lock, no reports — so the engine can never deadlock on itself.
class EngineGuard {
  public:
    explicit EngineGuard(CpuState *cpu) : cpu_(cpu), nested_(cpu->in_engine != 0) {
        cpu_->in_engine = 1;
        compiler_barrier();
    }
    ~EngineGuard() {
        compiler_barrier();
        if (!nested_) cpu_->in_engine = 0;
    }
    EngineGuard(const EngineGuard &) = delete;
    EngineGuard &operator=(const EngineGuard &) = delete;
    bool nested() const { return nested_; }

  private:
    CpuState *cpu_;
    bool nested_;
};

// What one acquisition is, as the checks need it.
struct Acquisition {
    heisen_lock_map *map;
    int class_index;           // -1: untracked (table full, or nested before the class existed)
    uint32_t class_generation;
    uint32_t subclass;
    uint32_t mode;             // heisen_report_mode
    bool try_acquired;
    bool in_irq;
    bool irqs_enabled;
    uintptr_t ip;
    uint32_t stack_id;         // saved stack of this acquisition (0: not saved yet)
};

// The usage bit an acquisition in this context sets (0: none, e.g. irqs off outside irq).
// A successful try in interrupt context never waited, so it cannot be the handler that
// deadlocks on its interrupted holder: like lockdep, it makes the class no irq-safe usage. (A
// try with interrupts on does make it irq-unsafe: a real acquisition in a handler could
// interrupt the lock's holder.)
inline uint32_t usage_bit_for(const Acquisition &a) {
    if (a.in_irq) {
        if (a.try_acquired) return 0;
        return a.mode == 0 ? kUsedInIrqWrite : kUsedInIrqRead;
    }
    if (a.irqs_enabled) return a.mode == 0 ? kIrqsOnWrite : kIrqsOnRead;
    return 0;
}
// Records a usage bit of a class and reports the conflicts it creates. Takes the graph lock.
void mark_usage(const Context &c, const Acquisition &a, uint32_t bit);
// Records the order edges from every held lock to the new one, and reports recursion, cycles
// and irq inversions they create. Takes the graph lock. Remembers the chain key.
void validate_order(const Context &c, Acquisition &a, uint64_t chain_key);
// Reports a sleep (a might-sleep point, or `a` when it is a sleeping lock) in invalid context.
void check_sleep(const Context &c, const Acquisition *a, uintptr_t ip);
// A spinning lock waited for with interrupts off (the class's first such acquisition): its CPU
// handles no interrupt meanwhile, which events triggered by interrupt handlers wait for
// (waits.cpp). Takes the graph lock.
void note_spun_with_irqs_off(const Context &c, Acquisition &a);
// True when the class is an event (or the engine's "interrupt handling"), not a lock.
bool is_event_class(uint32_t class_index);
// A report lock naming class `cls` as one end of an order-graph edge.
void describe_edge_end(heisen_report_lock &out, uint32_t cls, uint32_t stack_id, uintptr_t ip, uint8_t mode);
// True when an edge of the path touches an event class.
bool path_has_event(const uint32_t *path, uint32_t length);
// Fills a report's chain from order-graph edge indices.
void describe_path(heisen_report &r, const uint32_t *path, uint32_t length, uint32_t truncated);
// A report's signature: `seed` (the closing pair's sites) mixed with each path edge's site, so
// one cycle found again by the same code is reported once.
uint64_t path_signature(uint64_t seed, const uint32_t *path, uint32_t length);
// Saves the stack of the acquisition being validated if it has none yet.
void ensure_stack(Acquisition &a);

// The held stack an acquisition of `kind` goes to in context `c`.
HeldLockStack *owner_stack(Context &c, uint16_t kind);
// Marks one other context's entry for `map` released (orphaned); false when there is none.
bool orphan_held_entry(heisen_lock_map *map);
// Finds `map` among the context's held locks.
HeldLock *find_held(const Context &c, const heisen_lock_map *map, HeldLockStack **stack_out);

inline uint32_t mode_for(const heisen_lock_map *map, unsigned flags) {
    if (!(flags & HEISEN_ACQ_READ) || !(map->kind & HEISEN_LOCK_RW)) return 0;  // write
    return (map->kind & HEISEN_LOCK_READ_RECURSIVE) ? 2 : 1;
}

}  // namespace heisen::core
