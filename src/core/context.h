// context.h — who is running: the current CPU's state and, if a task runs, the task's state.
//
// Spinning locks (and every lock when no task runs) belong to the CPU: a lock taken by a task
// and released by the scheduler on the same CPU, as in xv6's p->lock hand-off, is legal.
// Sleeping locks belong to the task and follow it across CPUs. The held set that order and
// sleep rules see is the union of both stacks.
#pragma once

#include <stdint.h>

#include "core/acquisition_counts.h"
#include "core/atomics.h"
#include "core/config.h"
#include "core/held_lock_stack.h"
#include "core/port.h"
#include "core/recent_locks.h"
#include "core/repeat_memo.h"

namespace heisen::core {

struct TaskState;

// The small fields come first so that they share a cache line with the held stack's depth:
// every acquisition and release touches all of them. Each CPU's state starts on a cache line
// of its own: the tail of one (its pending counts) must not share a line with the next one's
// head, which its CPU writes on every lock operation.
struct alignas(64) CpuState {
    uint32_t irq_depth;     // interrupt (signal handler) nesting
    uint32_t in_engine;     // set while this CPU runs validator code: a nested event (an
                            // interrupt arriving meanwhile) only keeps the books
    uint64_t sequence;      // acquisition counter
    uintptr_t last_task_id; // the task this CPU last looked up, and its slot: a CPU runs one
    TaskState *last_task;   // task for many lock operations (see task_slot_on)
    HeldLockStack held;
    PendingCounts pending;  // acquisitions not yet added to their classes
    RecentLocks recent;     // event window outside interrupt context (recent_locks.h)
    RecentLocks recent_irq; // event window of the running interrupt handler
    RepeatMemo memo[kRepeatMemoWays];  // repeated acquisitions' decisions (repeat_memo.h)
    uint32_t waiting_for;   // event class + 1 this CPU waits for (0: none), for listings
    uint32_t rulings;       // times a rule had something new to judge or report here: the
                            // self-check's witness that an acquisition was a repeated one
};

struct TaskState {
    uintptr_t task_id;      // 0: free slot; kTaskTombstone: freed slot on a probe chain
    HeldLockStack held;
};

constexpr uintptr_t kTaskTombstone = ~uintptr_t(0);

struct Context {
    uint32_t cpu_id;
    uintptr_t task_id;
    CpuState *cpu;
    TaskState *task;        // null when no task runs or it holds no task-owned lock yet
};

TaskState &task_slot(uint32_t index);

extern CpuState g_cpus[HEISEN_MAX_CPUS];
inline CpuState &cpu_state(uint32_t cpu) { return g_cpus[cpu < HEISEN_MAX_CPUS ? cpu : HEISEN_MAX_CPUS - 1]; }
TaskState *claim_task_slot(uintptr_t task_id);
TaskState *find_task_slot(uintptr_t task_id);

// find_task_slot() through the CPU's memory of its last lookup. The remembered slot is used
// only while it still belongs to `task_id` (a slot freed at task exit may go to another task);
// an interrupt updating the pair halfway through fails that check and costs one lookup.
HEISEN_ALWAYS_INLINE TaskState *task_slot_on(CpuState &cpu, uintptr_t task_id) {
    TaskState *last = cpu.last_task;
    if (last && cpu.last_task_id == task_id && load_acquire(last->task_id) == task_id) return last;
    TaskState *found = find_task_slot(task_id);
    if (found) {
        cpu.last_task = found;
        cpu.last_task_id = task_id;
    }
    return found;
}
void cpu_limit_reached();

// The current context. `claim_task` creates the task's slot if it has none (on a push).
// Inline: every acquisition and release starts here, and a port without tasks (user space)
// needs no table lookup at all.
inline Context current_context(bool claim_task) {
    Context c;
    c.cpu_id = heisen_port_cpu_id();
    if (__builtin_expect(c.cpu_id >= HEISEN_MAX_CPUS, 0)) cpu_limit_reached();
    c.cpu = &cpu_state(c.cpu_id);
    c.task_id = heisen_port_task_id();
    c.task = nullptr;
    if (c.task_id) c.task = claim_task ? claim_task_slot(c.task_id) : task_slot_on(*c.cpu, c.task_id);
    return c;
}
void release_task_slot(TaskState *task);

// True when `kind` makes the lock the CPU's rather than the task's.
inline bool owned_by_cpu(uint16_t kind, uintptr_t task_id) {
    return task_id == 0 || (kind & HEISEN_LOCK_SPIN) || (kind & HEISEN_LOCK_OWNER_CPU);
}

}  // namespace heisen::core
