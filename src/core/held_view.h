// held_view.h — a port's read-only view of the locks one CPU holds.
//
// A port keeps no held list of its own: its cheap pre-checks (is any lock held before free()
// looks closer, is a spinning lock held before a blocking call asks the engine, which lock was
// taken last so an unlock needs no table lookup) read the engine's stack. Only the CPU itself
// may rely on what it reads; another CPU's stack changes under it.
#pragma once

#include <stdint.h>

#include "core/context.h"

namespace heisen::core {

inline const HeldLockStack &held_by_cpu(uint32_t cpu) { return cpu_state(cpu).held; }

// The lock taken last on `cpu`, or null when it holds none (or its newest entry was released
// by another context).
inline const heisen_lock_map *newest_held_map(uint32_t cpu) {
    const HeldLockStack &held = held_by_cpu(cpu);
    const uint32_t depth = held.depth;
    if (depth == 0 || depth > HEISEN_MAX_HELD) return nullptr;
    const HeldLock &top = held.locks[depth - 1];
    return top.orphaned ? nullptr : top.map;
}

}  // namespace heisen::core
