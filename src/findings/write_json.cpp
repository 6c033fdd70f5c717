// write_json.cpp — format "heisen-scan/1": summary, findings, not_analysed, out_of_scope.
#include "findings/write_json.h"

#include "json/json_writer.h"

namespace heisen {

namespace {

void location_members(JsonWriter &w, const SourceLocation &where) {
    w.member("file", where.file);
    w.member("line", where.line);
    w.member("column", where.column);
}

}  // namespace

std::string write_json_report(const ScanReport &report) {
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    w.member("format", "heisen-scan/1");
    w.member("tool", report.command.empty() ? report.tool_name : report.command);
    w.member("version", report.tool_version);

    size_t counts[3] = {0, 0, 0};
    for (const Finding &f : report.findings) ++counts[static_cast<int>(f.severity)];
    w.key("summary");
    w.begin_object();
    if (!report.mode.empty()) w.member("mode", report.mode);
    w.member("files", static_cast<uint64_t>(report.summary.files));
    w.member("files_not_fully_read", static_cast<uint64_t>(report.summary.files_not_fully_read));
    w.member("statements", static_cast<uint64_t>(report.summary.statements));
    w.member("checked", static_cast<uint64_t>(report.summary.checked));
    w.member("not_analysed", static_cast<uint64_t>(report.summary.not_analysed));
    w.member("out_of_scope", static_cast<uint64_t>(report.summary.out_of_scope));
    w.member("errors", static_cast<uint64_t>(counts[static_cast<int>(Severity::Error)]));
    w.member("warnings", static_cast<uint64_t>(counts[static_cast<int>(Severity::Warning)]));
    w.member("notes", static_cast<uint64_t>(counts[static_cast<int>(Severity::Note)]));
    w.end_object();

    w.key("findings");
    w.begin_array();
    for (const Finding &f : report.findings) {
        w.begin_object();
        w.member("rule", f.rule_id);
        w.member("severity", severity_name(f.severity));
        location_members(w, f.location);
        w.member("message", f.message);
        w.member("instruction", f.instruction);
        w.member("operand", f.operand);
        w.key("notes");
        w.begin_array();
        for (const FindingNote &n : f.notes) {
            w.begin_object();
            location_members(w, n.location);
            w.member("message", n.message);
            w.end_object();
        }
        w.end_array();
        w.member("suggested_fix", f.suggested_fix);
        w.end_object();
    }
    w.end_array();

    w.key("not_analysed");
    w.begin_array();
    for (const AnalysisGap &g : report.gaps) {
        w.begin_object();
        location_members(w, g.location);
        w.member("reason", g.reason);
        w.end_object();
    }
    w.end_array();

    w.key("out_of_scope");
    w.begin_array();
    for (const SourceLocation &s : report.out_of_scope) {
        w.begin_object();
        location_members(w, s);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return out;
}

}  // namespace heisen
