// output_json.cpp — format "heisen-xol/1" (docs/xol.md describes every member). Addresses
// are hex strings: kernel addresses do not fit the doubles many JSON readers use.
#include <string>

#include "json/json_writer.h"
#include "findings/scan_report.h"
#include "xol/output_formats.h"

namespace heisen::xol {

namespace {

const char *source_id(FunctionSource s) {
    switch (s) {
    case FunctionSource::Symbol: return "symbol";
    case FunctionSource::SystemMap: return "system-map";
    case FunctionSource::UnwindTable: return "unwind-table";
    case FunctionSource::Uncovered: return "uncovered";
    }
    return "symbol";
}

const char *reach_id(Reach r) {
    switch (r) {
    case Reach::NotEvaluated: return "not-evaluated";
    case Reach::All: return "all";
    case Reach::Some: return "some";
    case Reach::None: return "none";
    }
    return "not-evaluated";
}

const char *slot_kind_id(SlotSpec::Kind k) {
    switch (k) {
    case SlotSpec::Kind::None: return "none";
    case SlotSpec::Kind::Address: return "address";
    case SlotSpec::Kind::Range: return "range";
    }
    return "none";
}

class JsonOutput final : public Output {
public:
    JsonOutput(const OutputOptions &options, const Analysis &analysis, Describer &describer, std::FILE *out)
        : options_(options), analysis_(analysis), describer_(describer), out_(out), w_(buffer_) {}

    void begin(uint64_t) override {
        const ElfFile &file = analysis_.file();
        w_.begin_object();
        w_.member("format", "heisen-xol/1");
        w_.member("tool", "heisen xol");
        w_.member("version", "0.1.0");
        w_.member("file", file.path());
        w_.member("machine", machine_name(file.machine()));
        w_.member("type", kind_name(file.kind()));
        w_.member("bias", hex_address(file.bias()));
        const SlotSpec &slot = analysis_.slot();
        w_.key("slot");
        w_.begin_object();
        w_.member("kind", slot_kind_id(slot.kind));
        if (slot.kind != SlotSpec::Kind::None) {
            w_.member("first", hex_address(slot.first));
            w_.member("last", hex_address(slot.last));
        }
        w_.end_object();
        w_.key("functions");
        w_.begin_array();
        flush();
    }

    void function(const FunctionResult &r) override {
        const Function &f = *r.function;
        w_.begin_object();
        w_.member("name", f.name);
        w_.member("symbol", f.symbol);
        w_.member("source", source_id(f.source));
        w_.member("start", hex_address(f.start));
        w_.member("end", hex_address(f.end));
        const SourceLocation where = describer_.source(f.start);
        w_.member("file", where.file);
        w_.member("line", where.line);
        w_.member("verdict", verdict_id(r.verdict));
        w_.member("entry", verdict_id(r.entry));
        w_.key("fixups");
        w_.begin_array();
        for (size_t k = 1; k < kFixUpCount; ++k)
            if (r.fixups[k]) w_.value(fixup_name(static_cast<FixUp>(k)));
        w_.end_array();
        w_.key("classes");
        w_.begin_object();
        for (size_t c = 0; c < kClassCount; ++c)
            if (r.counts[c]) w_.member(class_info(static_cast<XolClass>(c)).id, r.counts[c]);
        w_.end_object();
        w_.member("instructions", r.instructions);
        w_.member("undecodable_bytes", r.undecodable_bytes);
        if (r.has_window) {
            w_.key("slot_window");
            w_.begin_object();
            w_.member("empty", r.window.empty);
            if (!r.window.empty) {
                w_.member("first", hex_address(r.window.first));
                w_.member("last", hex_address(r.window.last));
            }
            w_.end_object();
        }
        if (!options_.summary_only) {
            w_.key("findings");
            w_.begin_array();
            for (const InstructionFinding &finding : r.findings) write_finding(f, finding);
            w_.end_array();
        }
        w_.end_object();
        flush();
    }

    void end(const Totals &t) override {
        w_.end_array();
        w_.key("summary");
        w_.begin_object();
        w_.member("functions", t.functions);
        w_.member("probe_safe", t.by_verdict[0]);
        w_.member("needs_fixup", t.by_verdict[1]);
        w_.member("unsafe", t.by_verdict[2]);
        w_.member("entry_probe_safe", t.entry_probe_safe);
        w_.member("instructions", t.instructions);
        w_.member("undecodable_bytes", t.undecodable_bytes);
        w_.member("errors", t.by_severity[static_cast<size_t>(Severity::Error)]);
        w_.member("warnings", t.by_severity[static_cast<size_t>(Severity::Warning)]);
        w_.key("findings_by_class");
        w_.begin_object();
        for (size_t c = 0; c < kClassCount; ++c) w_.member(class_info(static_cast<XolClass>(c)).id, t.by_class[c]);
        w_.end_object();
        w_.key("functions_by_class");
        w_.begin_object();
        for (size_t c = 0; c < kClassCount; ++c)
            w_.member(class_info(static_cast<XolClass>(c)).id, t.functions_by_class[c]);
        w_.end_object();
        w_.end_object();
        w_.end_object();
        flush();
    }

private:
    void write_finding(const Function &f, const InstructionFinding &finding) {
        const FindingText text = describer_.describe(finding);
        w_.begin_object();
        w_.member("address", hex_address(finding.address));
        w_.member("offset", finding.address - f.start);
        w_.member("size", static_cast<unsigned>(finding.size));
        w_.member("rule", class_info(finding.cls).id);
        w_.member("severity", severity_name(analysis_.severity(finding)));
        w_.member("fixup", analysis_.severity(finding) == Severity::Error ? "none" : fixup_name(class_info(finding.cls).fixup));
        w_.member("instruction", text.instruction);
        w_.member("file", text.source.file);
        w_.member("line", text.source.line);
        w_.member("message", text.message);
        if (finding.target_kind == InstructionFinding::Target::Address ||
            (finding.target_kind == InstructionFinding::Target::Symbol && finding.relocation->defined))
            w_.member("target", hex_address(finding.target));
        if (finding.relocation && !(finding.relocation->defined && finding.relocation->local_label())) {
            w_.member("target_symbol", finding.relocation->symbol);
            w_.member("target_offset", finding.symbol_offset);
            w_.member("via_got", finding.target_kind == InstructionFinding::Target::GotEntry);
        }
        if (finding.has_partner) w_.member("partner", hex_address(finding.partner));
        w_.member("compressed", finding.compressed);
        w_.member("short_form", finding.short_form);
        if (finding.reach.reach != Reach::NotEvaluated) {
            w_.key("slot");
            w_.begin_object();
            w_.member("reach", reach_id(finding.reach.reach));
            if (analysis_.slot().kind == SlotSpec::Kind::Address) w_.member("displacement", finding.reach.displacement);
            if (finding.reach.reach == Reach::Some) {
                w_.member("first", hex_address(finding.reach.reachable.first));
                w_.member("last", hex_address(finding.reach.reachable.last));
            }
            w_.end_object();
        }
        w_.end_object();
    }

    void flush() {
        std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
        buffer_.clear();
    }

    OutputOptions options_;
    const Analysis &analysis_;
    Describer &describer_;
    std::FILE *out_;
    std::string buffer_;
    JsonWriter w_;
};

}  // namespace

std::unique_ptr<Output> make_json_output(const OutputOptions &options, const Analysis &analysis, Describer &describer,
                                         std::FILE *out) {
    return std::make_unique<JsonOutput>(options, analysis, describer, out);
}

}  // namespace heisen::xol
