// report_builder.cpp — report assembly, deduplication and delivery.
#include "core/report_builder.h"

#include "core/atomics.h"
#include "core/chain_cache.h"
#include "core/engine.h"
#include "core/key_set.h"
#include "core/lock_class.h"
#include "core/port.h"
#include "core/report_render.h"
#include "core/stack_store.h"

namespace heisen::core {

namespace {

heisen_report g_reports[HEISEN_MAX_CPUS];
// Frames of the offending call that tell its callers apart (a lock helper, its caller, theirs).
constexpr uint32_t kSignatureFrames = 4;
uint64_t g_signatures[HEISEN_MAX_REPORTS];

// True when the signature was already recorded (the report is a repeat).
bool seen_before(uint64_t signature) {
    KeyInsert result = insert_key(g_signatures, signature, HEISEN_MAX_REPORTS);
    if (result == KeyInsert::kFull) limit_reached(Limit::kReports);
    return result == KeyInsert::kPresent;
}

void sink_to_port(void *, const char *text, size_t len) { heisen_port_write(text, len); }
size_t format_pc_with_port(void *, uintptr_t pc, char *buf, size_t len) {
    return heisen_port_format_pc(pc, buf, len);
}

}  // namespace

void reset_report_signatures() {
    for (uint64_t &slot : g_signatures) slot = 0;
}

heisen_report &begin_report(uint32_t kind, const Context &context, uint32_t skip_frames) {
    heisen_report &r = g_reports[context.cpu_id < HEISEN_MAX_CPUS ? context.cpu_id : HEISEN_MAX_CPUS - 1];
    ++context.cpu->rulings;
    r = heisen_report{};
    r.kind = kind;
    r.cpu = context.cpu_id;
    r.task = context.task_id;
    r.in_irq = context.cpu->irq_depth > 0;
    r.irqs_enabled = heisen_port_irqs_enabled() ? 1 : 0;
    r.site.depth = static_cast<uint32_t>(
        heisen_port_stack(r.site.pcs, HEISEN_REPORT_STACK_DEPTH, skip_frames + 1));
    return r;
}

void describe_held(heisen_report_lock &out, const HeldLock &held) {
    out.name = held.name;
    out.class_index = held.class_index;
    out.subclass = held.subclass;
    out.mode = held.mode;
    out.kind = held.kind;
    out.instance = reinterpret_cast<uintptr_t>(held.map);
    out.variable = heisen_port_lock_variable(out.instance);
    load_stack(held.stack_id, held.ip, out.stack);
}

void describe_map(heisen_report_lock &out, const heisen_lock_map *map, int class_index,
                  uint32_t subclass, uint32_t mode) {
    out.name = class_index >= 0 ? lock_class(static_cast<uint32_t>(class_index)).name : map->name;
    if (!out.name) out.name = "(unnamed lock)";
    out.class_index = class_index >= 0 ? static_cast<uint32_t>(class_index) : 0;
    out.subclass = subclass;
    out.mode = mode;
    out.kind = map->kind;
    out.instance = reinterpret_cast<uintptr_t>(map);
    out.variable = heisen_port_lock_variable(out.instance);
}

void describe_all_held(heisen_report &report, const Context &context) {
    const HeldLockStack *stacks[2] = {&context.cpu->held, context.task ? &context.task->held : nullptr};
    uint32_t next[2] = {0, 0};
    uint32_t depth[2] = {load_acquire(stacks[0]->depth), stacks[1] ? load_acquire(stacks[1]->depth) : 0};
    for (uint32_t s = 0; s < 2; ++s)
        if (depth[s] > HEISEN_MAX_HELD) depth[s] = HEISEN_MAX_HELD;
    report.held_count = 0;
    report.held_truncated = 0;
    for (;;) {  // merge the two stacks by acquisition order
        int pick = -1;
        for (int s = 0; s < 2; ++s) {
            if (next[s] >= depth[s]) continue;
            while (next[s] < depth[s] && stacks[s]->locks[next[s]].orphaned) ++next[s];
            if (next[s] >= depth[s]) continue;
            if (pick < 0 || acquired_before(stacks[s]->locks[next[s]], stacks[pick]->locks[next[pick]]))
                pick = s;
        }
        if (pick < 0) break;
        const HeldLock &h = stacks[pick]->locks[next[pick]++];
        if (report.held_count < HEISEN_REPORT_MAX_HELD)
            describe_held(report.held[report.held_count++], h);
        else
            ++report.held_truncated;
    }
    // Held beyond a full stack: not named, but counted.
    for (const HeldLockStack *s : stacks)
        if (s) report.held_truncated += s->overflow_count + s->untracked;
}

bool deliver_report(heisen_report &report, uint64_t signature) {
    // One bug reached from different callers through a shared helper is one report per caller:
    // the signature includes the offending call's nearest frames, not only the helper's.
    uint64_t key = chain_mix(signature, report.kind);
    for (uint32_t i = 0; i < report.site.depth && i < kSignatureFrames; ++i) key = chain_mix(key, report.site.pcs[i]);
    if (seen_before(key)) return false;
    if (!heisen_port_report_made(&report)) {
        bool locked = lock_output_bounded();
        heisen_render_text(&report, sink_to_port, format_pc_with_port, nullptr);
        if (locked) unlock_output();
    }
    // Counted once written out: code that polls the count (a kernel deciding to stop, a test
    // waiting for a report) never races the report's text.
    fetch_add_release(g_settings.report_count, 1u);
    if (load_relaxed(g_settings.on_report) == HEISEN_ON_REPORT_ABORT) heisen_port_abort();
    return true;
}

}  // namespace heisen::core

// Ports that cannot name a lock's variable need not define this.
extern "C" __attribute__((weak)) const char *heisen_port_lock_variable(uintptr_t) { return nullptr; }
