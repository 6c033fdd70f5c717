// stack_store.h — full acquisition stacks, saved only on the slow path.
//
// Capturing a stack on every acquisition would cost more than the whole fast path; a stack is
// saved when a lock sequence is seen for the first time (a new order edge or usage), which is
// exactly when a later report may need it. Entries are append-only.
#pragma once

#include <stdint.h>

#include "core/report.h"

namespace heisen::core {

// Captures the caller's stack (skipping `skip` heisen frames); returns its id, or 0 when the
// store is full (one line says so).
uint32_t save_current_stack(uint32_t skip);
// Copies a saved stack (or just `ip` when id is 0) into a report stack.
void load_stack(uint32_t id, uintptr_t ip, heisen_report_stack &out);

}  // namespace heisen::core
