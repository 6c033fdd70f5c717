// engine.h — the validator's global switches and the helpers its parts share.
#pragma once

#include <stdint.h>

#include "core/atomics.h"
#include "core/port.h"

namespace heisen::core {

struct EngineSettings {
    uint32_t disabled;       // zero-initialised: validation is on from the first call
    uint32_t on_report;      // HEISEN_ON_REPORT_*
    uint32_t timing;         // measure hold times on every acquisition (off by default: cost)
    uint32_t report_count;   // reports made (after deduplication)
    uint32_t irq_safe_seen;  // some class was used in interrupt context: graph irq checks on
    uint32_t irq_may_sleep;  // heisen_port_irq_context_may_sleep(), read once: 0 unknown, 1 no, 2 yes
};

extern EngineSettings g_settings;

// The port's answer to heisen_port_irq_context_may_sleep(), a property of the port that never
// changes while the program runs: asked once, so the repeated path needs no call.
HEISEN_ALWAYS_INLINE bool irq_context_may_sleep() {
    uint32_t known = load_relaxed(g_settings.irq_may_sleep);
    if (!known) {
        known = heisen_port_irq_context_may_sleep() ? 2u : 1u;
        store_relaxed(g_settings.irq_may_sleep, known);
    }
    return known == 2u;
}

// Serialises changes to the class table, the order graph and the chain cache's misses.
// Taken only by a CPU whose `in_engine` guard is set, so an interrupt on the same CPU never
// spins on it.
extern SpinFlag g_graph_lock;

// Each table prints one line the first time it fills; validation goes on for what fits.
enum class Limit { kClasses, kEdges, kChains, kStacks, kHeld, kTasks, kReports, kCpus, kCount };
void limit_reached(Limit which);
// True once `which` has filled (lock-free).
bool limit_was_reached(Limit which);

// Writes a whole line through the port, serialised against reports from other CPUs (bounded).
void write_line(const char *text);

}  // namespace heisen::core

namespace heisen::core {
// Serialises a multi-line report's output across CPUs; gives up after a bounded wait (a CPU
// may have stopped while writing) and returns false then — the caller writes anyway.
bool lock_output_bounded();
void unlock_output();

// A port whose processes fork (POSIX) takes the engine's locks before the fork and lets go of
// them in both processes afterwards, as glibc does with its own: the child is then a copy of a
// consistent engine in which no other CPU (thread) holds anything. The caller must not be inside
// the engine, and must keep interrupts (signal handlers) that could enter it off the CPU meanwhile.
void lock_engine_for_fork();
void unlock_engine_after_fork();
}  // namespace heisen::core
