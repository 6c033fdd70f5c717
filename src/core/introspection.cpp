// introspection.cpp — held-lock listings, statistics and the engine's switches.
//
// Listings read other CPUs' stacks without locking (they may change underneath; every index
// is clamped and no lock map is dereferenced), so they are safe from a panic or a signal
// handler while other CPUs hold the program's locks.
#include "core/acquisition_counts.h"
#include "core/engine.h"
#include "core/port.h"
#include "core/text_writer.h"
#include "core/validator_internal.h"

using namespace heisen::core;

namespace {

void sink_to_port(void *, const char *text, size_t len) { heisen_port_write(text, len); }

void write_pc(TextWriter &w, uintptr_t pc) {
    char buf[160];
    size_t n = heisen_port_format_pc(pc, buf, sizeof buf);
    w.put_bytes(buf, n < sizeof buf ? n : sizeof buf - 1);
}

const char *kind_word(uint16_t kind) {
    if (kind & HEISEN_LOCK_RW) return (kind & HEISEN_LOCK_SPIN) ? "rw-spin" : "rw-sleep";
    return (kind & HEISEN_LOCK_SPIN) ? "spin" : "sleep";
}

void write_stack(TextWriter &w, const HeldLockStack &s) {
    uint32_t depth = load_acquire(s.depth);
    if (depth > HEISEN_MAX_HELD) depth = HEISEN_MAX_HELD;
    for (uint32_t i = 0; i < depth; ++i) {
        const HeldLock &h = s.locks[i];
        if (h.orphaned) continue;
        w.put(" #").put_unsigned(i).put(": ").put(h.name ? h.name : "(unnamed lock)");
        if (h.subclass) w.put('/').put_unsigned(h.subclass);
        w.put(" (").put(kind_word(h.kind)).put(h.mode ? ", read" : "").put(")");
        w.put(", at: ");
        write_pc(w, h.ip);
        w.put('\n');
    }
}

uint32_t count_of(const HeldLockStack &s) {
    uint32_t depth = load_acquire(s.depth);
    return depth > HEISEN_MAX_HELD ? HEISEN_MAX_HELD : depth;
}

}  // namespace

extern "C" void heisen_dump_held(void) {
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    bool locked = lock_output_bounded();
    {
        TextWriter w(sink_to_port, nullptr);
        uint32_t n = count_of(c.cpu->held) + (c.task ? count_of(c.task->held) : 0);
        w.put("heisen: ").put_unsigned(n).put(n == 1 ? " lock" : " locks").put(" held by cpu ").put_unsigned(c.cpu_id);
        if (c.task_id) w.put(" task ").put_hex(c.task_id);
        w.put(n ? ":\n" : ".\n");
        write_stack(w, c.cpu->held);
        if (c.task) write_stack(w, c.task->held);
    }
    if (locked) unlock_output();
}

extern "C" void heisen_dump_all_held(void) {
    bool locked = lock_output_bounded();
    {
        TextWriter w(sink_to_port, nullptr);
        w.put("heisen: locks held by every CPU and task:\n");
        uint32_t shown = 0;
        for (uint32_t cpu = 0; cpu < HEISEN_MAX_CPUS; ++cpu) {
            const CpuState &s = cpu_state(cpu);
            if (!count_of(s.held)) continue;
            w.put("cpu ").put_unsigned(cpu).put(s.irq_depth ? " (in interrupt)" : "").put(":\n");
            write_stack(w, s.held);
            ++shown;
        }
        for (uint32_t t = 0; t < HEISEN_MAX_TASKS; ++t) {
            const TaskState &task = task_slot(t);
            uintptr_t id = load_acquire(task.task_id);
            if (id == 0 || id == kTaskTombstone || !count_of(task.held)) continue;
            w.put("task ").put_hex(id).put(":\n");
            write_stack(w, task.held);
            ++shown;
        }
        if (!shown) w.put("(none)\n");
        w.put("heisen: end of held locks\n");
    }
    if (locked) unlock_output();
}

extern "C" size_t heisen_get_stats(heisen_class_stats *out, size_t max) {
    size_t n = 0;
    uint32_t classes = class_table_size();
    for (uint32_t i = 0; i < classes; ++i) {
        const LockClass &c = lock_class(i);
        if (!class_is_live(load_acquire(c.generation))) continue;
        if (out && n < max) {
            heisen_class_stats &s = out[n];
            s.name = c.name;
            s.subclass = c.subclass;
            s.acquisitions = total_acquisitions(i);
            s.contended = load_relaxed(c.contended);
            s.wait_ns_total = load_relaxed(c.wait_ns_total);
            s.wait_ns_max = load_relaxed(c.wait_ns_max);
            s.hold_ns_total = load_relaxed(c.hold_ns_total);
            s.hold_ns_max = load_relaxed(c.hold_ns_max);
        }
        ++n;
    }
    return n;
}

extern "C" void heisen_dump_stats(void) {
    bool locked = lock_output_bounded();
    {
        TextWriter w(sink_to_port, nullptr);
        w.put("heisen: lock statistics (class: acquisitions contended wait-total-ns wait-max-ns hold-total-ns hold-max-ns)\n");
        uint32_t classes = class_table_size();
        for (uint32_t i = 0; i < classes; ++i) {
            const LockClass &c = lock_class(i);
            if (!class_is_live(load_acquire(c.generation))) continue;
            const uint64_t acquisitions = total_acquisitions(i);
            if (!acquisitions) continue;
            w.put("  ").put(c.name);
            if (c.subclass) w.put('/').put_unsigned(c.subclass);
            w.put(": ").put_unsigned(acquisitions).put(' ').put_unsigned(load_relaxed(c.contended));
            w.put(' ').put_unsigned(load_relaxed(c.wait_ns_total)).put(' ').put_unsigned(load_relaxed(c.wait_ns_max));
            w.put(' ').put_unsigned(load_relaxed(c.hold_ns_total)).put(' ').put_unsigned(load_relaxed(c.hold_ns_max));
            w.put('\n');
        }
    }
    if (locked) unlock_output();
}

extern "C" void heisen_set_on_report(unsigned mode) { store_relaxed(g_settings.on_report, uint32_t(mode)); }
extern "C" uint32_t heisen_report_count(void) { return load_acquire(g_settings.report_count); }
extern "C" void heisen_set_enabled(int enabled) { store_relaxed(g_settings.disabled, uint32_t(enabled ? 0 : 1)); }
extern "C" void heisen_set_lock_timing(int enabled) { store_relaxed(g_settings.timing, uint32_t(enabled ? 1 : 0)); }
