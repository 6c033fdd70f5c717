// report_builder.h — fills heisen_report structures from the engine's state and delivers
// them: deduplicated by signature, handed to the port, rendered as text if the port asks.
#pragma once

#include <stdint.h>

#include "core/context.h"
#include "core/report.h"

namespace heisen::core {

// A zeroed report for the current CPU, with the context filled in. One buffer per CPU: reports
// are made only by a CPU whose in_engine guard is set, so it is never re-entered.
heisen_report &begin_report(uint32_t kind, const Context &context, uint32_t skip_frames);

void describe_held(heisen_report_lock &out, const HeldLock &held);
void describe_map(heisen_report_lock &out, const heisen_lock_map *map, int class_index,
                  uint32_t subclass, uint32_t mode);
// Lists every lock the context holds, oldest first (CPU and task stacks merged).
void describe_all_held(heisen_report &report, const Context &context);

// Delivers the report unless one with the same signature was made before. Returns true if it
// was delivered.
bool deliver_report(heisen_report &report, uint64_t signature);

}  // namespace heisen::core
