// held_view.h — a port's read-only view of the locks one CPU holds.
//
// A port keeps no held list of its own: its cheap pre-checks (is any lock held before free()
// looks closer, is a spinning lock held before a blocking call asks the engine) read the
// engine's stack. Only the CPU itself may rely on what it reads; another CPU's stack changes
// under it.
#pragma once

#include <stdint.h>

#include "core/context.h"

namespace heisen::core {

inline const HeldLockStack &held_by_cpu(uint32_t cpu) { return cpu_state(cpu).held; }

}  // namespace heisen::core
