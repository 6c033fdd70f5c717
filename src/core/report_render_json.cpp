// report_render_json.cpp — a report as one JSON object on one line (schema: docs/report-json.md).
#include "core/report_render.h"
#include "core/text_writer.h"
#include "heisen/heisen.h"

using heisen::core::TextWriter;

namespace {

struct JsonRenderer {
    TextWriter &w;
    heisen_format_pc_fn format_pc;
    void *context;

    void stack(const heisen_report_stack &s) {
        w.put('[');
        for (uint32_t i = 0; i < s.depth && i < HEISEN_REPORT_STACK_DEPTH; ++i) {
            char buf[256];
            size_t n = format_pc(context, s.pcs[i], buf, sizeof buf);
            buf[n < sizeof buf ? n : sizeof buf - 1] = 0;
            if (i) w.put(',');
            w.put("{\"pc\":\"").put_hex(s.pcs[i]).put("\",\"where\":").put_json_string(buf).put('}');
        }
        w.put(']');
    }
    void lock(const heisen_report_lock &l) {
        static constexpr const char *kModes[] = {"write", "read", "recursive-read"};
        w.put("{\"name\":").put_json_string(l.name).put(",\"class\":").put_unsigned(l.class_index);
        w.put(",\"subclass\":").put_unsigned(l.subclass);
        w.put(",\"kind\":\"").put(l.kind & HEISEN_REPORT_INTERRUPT_HANDLING ? "interrupts"
                                  : l.kind & HEISEN_EVENT                  ? "event"
                                  : l.kind & HEISEN_LOCK_SPIN              ? "spinning"
                                                                           : "sleeping").put('"');
        w.put(",\"rw\":").put(l.kind & HEISEN_LOCK_RW ? "true" : "false");
        w.put(",\"mode\":\"").put(kModes[l.mode < 3 ? l.mode : 0]).put('"');
        w.put(",\"instance\":\"").put_hex(l.instance).put("\",\"stack\":");
        stack(l.stack);
        w.put('}');
    }
    void optional_lock(const char *key, const heisen_report_lock &l) {
        w.put(",\"").put(key).put("\":");
        if (l.name) lock(l);
        else w.put("null");
    }
};

}  // namespace

extern "C" void heisen_render_json(const heisen_report *report, heisen_sink_fn sink,
                                   heisen_format_pc_fn format_pc, void *context) {
    if (!report || !sink || !format_pc) return;
    const heisen_report &r = *report;
    TextWriter w(sink, context);
    JsonRenderer out{w, format_pc, context};
    w.put("{\"kind\":\"").put(heisen_report_kind_id(r.kind)).put("\",\"header\":");
    w.put_json_string(heisen_report_kind_header(r.kind));
    w.put(",\"cpu\":").put_unsigned(r.cpu).put(",\"task\":\"").put_hex(r.task).put('"');
    w.put(",\"in_irq\":").put(r.in_irq ? "true" : "false");
    w.put(",\"irqs_enabled\":").put(r.irqs_enabled ? "true" : "false");
    out.optional_lock("lock", r.subject);
    out.optional_lock("other", r.other);
    w.put(",\"usage\":[");
    if (r.usage_first_name) {
        w.put("{\"state\":").put_json_string(r.usage_first_name).put(",\"stack\":");
        out.stack(r.usage_first);
        w.put("},{\"state\":").put_json_string(r.usage_second_name).put(",\"stack\":");
        out.stack(r.usage_second);
        w.put('}');
    }
    w.put("],\"chain\":[");
    for (uint32_t i = 0; i < r.chain_length && i < HEISEN_REPORT_MAX_CHAIN; ++i) {
        if (i) w.put(',');
        w.put("{\"from\":");
        out.lock(r.chain[i].from);
        w.put(",\"to\":");
        out.lock(r.chain[i].to);
        w.put('}');
    }
    w.put(']');
    if (r.kind == HEISEN_REPORT_DEADLOCK) {  // who waits for each chain entry, who holds each held lock
        w.put(",\"chain_cpus\":[");
        for (uint32_t i = 0; i < r.chain_length && i < HEISEN_REPORT_MAX_CHAIN; ++i) (i ? w.put(',') : w).put_unsigned(r.chain_cpu[i]);
        w.put("],\"held_cpus\":[");
        for (uint32_t i = 0; i < r.held_count && i < HEISEN_REPORT_MAX_HELD; ++i) (i ? w.put(',') : w).put_unsigned(r.held_cpu[i]);
        w.put(']');
    }
    w.put(",\"chain_truncated\":").put_unsigned(r.chain_truncated).put(",\"held\":[");
    for (uint32_t i = 0; i < r.held_count && i < HEISEN_REPORT_MAX_HELD; ++i) {
        if (i) w.put(',');
        out.lock(r.held[i]);
    }
    w.put("],\"held_truncated\":").put_unsigned(r.held_truncated).put(",\"site\":");
    out.stack(r.site);
    w.put("}\n");
}
