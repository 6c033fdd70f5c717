// held_view.h — a port's read-only view of the locks one CPU holds.
//
// A port keeps no held list of its own: its cheap pre-checks (is any lock held before free()
// looks closer, is a spinning lock held before a blocking call asks the engine) read the
// engine's stack. Only the CPU itself may rely on what it reads; another CPU's stack changes
// under it.
#pragma once

#include <stdint.h>

#include "core/context.h"
#include "core/lock_class.h"

namespace heisen::core {

inline const HeldLockStack &held_by_cpu(uint32_t cpu) { return cpu_state(cpu).held; }

// A blocking acquisition of `map` on this CPU that did not get the lock (timed out, refused)
// waited for nothing an event of this context depends on: it leaves the event window
// (recent_locks.h). Only the CPU itself may call this, right after the failed acquisition.
inline void forget_failed_acquisition(uint32_t cpu, const heisen_lock_map *map) {
    const int class_index = cached_class(map);
    if (class_index < 0) return;
    CpuState &state = cpu_state(cpu);
    (state.irq_depth ? state.recent_irq : state.recent).forget_newest(static_cast<uint32_t>(class_index));
}

}  // namespace heisen::core
