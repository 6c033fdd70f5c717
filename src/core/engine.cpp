// engine.cpp — global switches, table-full lines and serialised output.
#include "core/engine.h"

#include "core/config.h"
#include "core/port.h"
#include "core/text_writer.h"

namespace heisen::core {

EngineSettings g_settings;
SpinFlag g_graph_lock;

namespace {

SpinFlag g_output_lock;
uint32_t g_limit_reported[static_cast<int>(Limit::kCount)];

struct LimitText {
    const char *table;
    const char *macro;
    unsigned long long value;
    const char *consequence;
};

constexpr LimitText kLimitTexts[] = {
    {"lock class table", "HEISEN_MAX_CLASSES", HEISEN_MAX_CLASSES, "locks of new classes are not validated"},
    {"lock order graph", "HEISEN_MAX_EDGES", HEISEN_MAX_EDGES, "new lock orders are neither recorded nor checked for cycles"},
    {"lock chain cache", "HEISEN_MAX_CHAINS", HEISEN_MAX_CHAINS, "sequences not seen for a while are forgotten and checked again when they recur"},
    {"stack store", "HEISEN_MAX_STACKS", HEISEN_MAX_STACKS, "new reports show only the acquiring call site"},
    {"held-lock stack", "HEISEN_MAX_HELD", HEISEN_MAX_HELD, "deeper locks are not validated, only their unlocks balanced"},
    {"task table", "HEISEN_MAX_TASKS", HEISEN_MAX_TASKS, "task-owned locks of further tasks are tracked by CPU"},
    {"report signature table", "HEISEN_MAX_REPORTS", HEISEN_MAX_REPORTS, "further reports are not deduplicated"},
    {"CPU table", "HEISEN_MAX_CPUS", HEISEN_MAX_CPUS, "contexts beyond it share the last slot and are not validated"},
};

void sink_to_port(void *, const char *text, size_t len) { heisen_port_write(text, len); }

}  // namespace

void reset_limits() {
    for (uint32_t &reported : g_limit_reported) reported = 0;
}

bool limit_was_reached(Limit which) { return load_relaxed(g_limit_reported[static_cast<int>(which)]) != 0; }

void write_line(const char *text) {
    bool locked = g_output_lock.lock_bounded(1u << 20);
    heisen_port_write(text, string_length(text));
    if (locked) g_output_lock.unlock();
}

void limit_reached(Limit which) {
    int i = static_cast<int>(which);
    if (!compare_exchange(g_limit_reported[i], 0u, 1u)) return;
    const LimitText &t = kLimitTexts[i];
    bool locked = g_output_lock.lock_bounded(1u << 20);
    {
        TextWriter w(sink_to_port, nullptr);
        w.put("heisen: ").put(t.table).put(" is full (").put(t.macro).put('=').put_unsigned(t.value);
        w.put("): ").put(t.consequence).put("; validation continues\n");
    }
    if (locked) g_output_lock.unlock();
}

bool lock_output_bounded() { return g_output_lock.lock_bounded(1u << 22); }
void unlock_output() { g_output_lock.unlock(); }

// The graph lock before the output lock: the order in which a report made under the graph lock
// takes them. The output lock is taken without a bound here: its holders only write.
void lock_engine_for_fork() {
    g_graph_lock.lock();
    g_output_lock.lock();
}

void unlock_engine_after_fork() {
    g_output_lock.unlock();
    g_graph_lock.unlock();
}

}  // namespace heisen::core
