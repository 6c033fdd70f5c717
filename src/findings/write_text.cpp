// write_text.cpp — GCC-style lines in source order.
#include "findings/write_text.h"

#include <algorithm>

namespace heisen {

namespace {

std::string plural(size_t n, const char *singular, const char *plural_form) {
    return std::to_string(n) + " " + (n == 1 ? singular : plural_form);
}

bool location_before(const SourceLocation &a, const SourceLocation &b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
}

void line(std::string &out, const SourceLocation &where, const char *level, const std::string &message) {
    out += format_location(where);
    out += ": ";
    out += level;
    out += ": ";
    out += message;
    out += '\n';
}

}  // namespace

const char *severity_name(Severity severity) {
    switch (severity) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
    }
    return "warning";
}

std::string format_location(const SourceLocation &location) {
    std::string s = location.file;
    if (location.line) {
        s += ':' + std::to_string(location.line);
        if (location.column) s += ':' + std::to_string(location.column);
    }
    return s;
}

std::string write_text_report(const ScanReport &report, const TextReportOptions &options) {
    // One stream in source order: findings, gaps and (when asked) out-of-scope statements.
    struct Entry {
        const SourceLocation *where;
        const Finding *finding;
        const AnalysisGap *gap;
    };
    std::vector<Entry> entries;
    for (const Finding &f : report.findings) entries.push_back({&f.location, &f, nullptr});
    for (const AnalysisGap &g : report.gaps) entries.push_back({&g.location, nullptr, &g});
    if (options.list_out_of_scope)
        for (const SourceLocation &s : report.out_of_scope) entries.push_back({&s, nullptr, nullptr});
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry &a, const Entry &b) { return location_before(*a.where, *b.where); });

    std::string out;
    const std::string tag_prefix = report.rule_namespace.empty() ? "" : report.rule_namespace + ":";
    for (const Entry &e : entries) {
        if (e.finding) {
            const Finding &f = *e.finding;
            line(out, f.location, severity_name(f.severity), f.message + " [" + tag_prefix + f.rule_id + "]");
            if (!f.instruction.empty()) line(out, f.location, "note", "instruction: " + f.instruction);
            if (!f.operand.empty()) line(out, f.location, "note", "operand: " + f.operand);
            for (const FindingNote &n : f.notes) line(out, n.location.file.empty() ? f.location : n.location, "note", n.message);
            if (!f.suggested_fix.empty()) line(out, f.location, "note", "suggested fix: " + f.suggested_fix);
        } else if (e.gap) {
            line(out, e.gap->location, "note", "could not analyse: " + e.gap->reason);
        } else {
            line(out, *e.where, "note", "basic asm (no operands) is out of scope");
        }
    }
    if (options.summary) {
        size_t counts[3] = {0, 0, 0};
        for (const Finding &f : report.findings) ++counts[static_cast<int>(f.severity)];
        const ScanSummary &s = report.summary;
        out += report.command.empty() ? report.tool_name : report.command;
        if (!report.mode.empty()) out += " (" + report.mode + ")";
        out += ": " + plural(s.files, "file", "files");
        if (s.files_not_fully_read) out += " (" + std::to_string(s.files_not_fully_read) + " not fully read)";
        out += ", " + plural(s.statements, "asm statement", "asm statements") + " (" + std::to_string(s.checked) +
               " checked, " + std::to_string(s.not_analysed) + " not analysed, " + std::to_string(s.out_of_scope) +
               " basic asm out of scope): ";
        std::string tally;
        for (int level = 2; level >= 0; --level) {
            if (!counts[level]) continue;
            const Severity severity = static_cast<Severity>(level);
            const std::string name = severity_name(severity);
            tally += (tally.empty() ? "" : ", ") + plural(counts[level], name.c_str(), (name + "s").c_str());
        }
        out += tally.empty() ? "no findings" : tally;
        out += '\n';
    }
    return out;
}

}  // namespace heisen
