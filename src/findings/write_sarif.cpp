// write_sarif.cpp — one run: driver with rules, results, and gaps as notifications.
#include "findings/write_sarif.h"

#include <filesystem>

#include "json/json_writer.h"

namespace heisen {

namespace {

const char *sarif_level(Severity severity) {
    switch (severity) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
    }
    return "warning";
}

std::string percent_encode(const std::string &path) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : path) {
        const unsigned char c = static_cast<unsigned char>(ch);
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (unreserved) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

std::string directory_uri(const std::string &directory) {
    std::string uri = "file://" + percent_encode(std::filesystem::path(directory).lexically_normal().generic_string());
    if (uri.back() != '/') uri += '/';
    return uri;
}

void physical_location(JsonWriter &w, const SourceLocation &where, const std::string &root,
                       const uint64_t *address = nullptr) {
    w.key("physicalLocation");
    w.begin_object();
    w.key("artifactLocation");
    w.begin_object();
    bool relative = false;
    w.member("uri", sarif_artifact_uri(where.file, root, relative));
    if (relative) w.member("uriBaseId", "SRCROOT");
    w.end_object();
    if (where.line) {
        w.key("region");
        w.begin_object();
        w.member("startLine", where.line);
        if (where.column) w.member("startColumn", where.column);
        w.end_object();
    }
    if (address) {
        w.key("address");
        w.begin_object();
        w.member("absoluteAddress", *address);
        w.end_object();
    }
    w.end_object();
}

void message(JsonWriter &w, const std::string &text) {
    w.key("message");
    w.begin_object();
    w.member("text", text);
    w.end_object();
}

}  // namespace

std::string sarif_artifact_uri(const std::string &file, const std::string &source_root, bool &relative) {
    namespace fs = std::filesystem;
    const fs::path root = fs::path(source_root).lexically_normal();
    fs::path path(file);
    if (path.is_relative()) path = root / path;
    path = path.lexically_normal();
    const fs::path inside = path.lexically_relative(root);
    relative = !inside.empty() && *inside.begin() != "..";
    if (relative) return percent_encode(inside.generic_string());
    return "file://" + percent_encode(path.generic_string());
}

std::string write_sarif_report(const ScanReport &report, const std::string &source_root) {
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    w.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    w.member("version", "2.1.0");
    w.key("runs");
    w.begin_array();
    w.begin_object();

    w.key("tool");
    w.begin_object();
    w.key("driver");
    w.begin_object();
    w.member("name", report.tool_name);
    w.member("version", report.tool_version);
    if (!report.information_uri.empty()) w.member("informationUri", report.information_uri);
    w.key("rules");
    w.begin_array();
    for (const RuleDescription &rule : report.rules) {
        w.begin_object();
        w.member("id", rule.id);
        w.key("shortDescription");
        w.begin_object();
        w.member("text", rule.summary);
        w.end_object();
        if (!rule.help_uri.empty()) w.member("helpUri", rule.help_uri);
        w.key("defaultConfiguration");
        w.begin_object();
        w.member("level", sarif_level(rule.default_severity));
        w.end_object();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.end_object();

    w.key("originalUriBaseIds");
    w.begin_object();
    w.key("SRCROOT");
    w.begin_object();
    w.member("uri", directory_uri(source_root));
    w.end_object();
    w.end_object();

    w.key("invocations");
    w.begin_array();
    w.begin_object();
    w.member("executionSuccessful", true);
    w.key("toolExecutionNotifications");
    w.begin_array();
    for (const AnalysisGap &gap : report.gaps) {
        w.begin_object();
        w.member("level", "note");
        message(w, "could not analyse: " + gap.reason);
        w.key("locations");
        w.begin_array();
        w.begin_object();
        physical_location(w, gap.location, source_root);
        w.end_object();
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.end_array();

    w.key("results");
    w.begin_array();
    for (const Finding &f : report.findings) {
        w.begin_object();
        w.member("ruleId", f.rule_id);
        for (size_t k = 0; k < report.rules.size(); ++k)
            if (report.rules[k].id == f.rule_id) w.member("ruleIndex", static_cast<uint64_t>(k));
        w.member("level", sarif_level(f.severity));
        std::string text = f.message;
        if (!f.instruction.empty()) text += " (instruction: " + f.instruction + ")";
        if (!f.suggested_fix.empty()) text += ". Suggested fix: " + f.suggested_fix;
        message(w, text);
        w.key("locations");
        w.begin_array();
        w.begin_object();
        physical_location(w, f.location, source_root, f.has_address ? &f.address : nullptr);
        if (!f.function.empty()) {
            w.key("logicalLocations");
            w.begin_array();
            w.begin_object();
            w.member("fullyQualifiedName", f.function);
            w.member("kind", "function");
            w.end_object();
            w.end_array();
        }
        w.end_object();
        w.end_array();
        if (!f.notes.empty()) {
            w.key("relatedLocations");
            w.begin_array();
            for (size_t k = 0; k < f.notes.size(); ++k) {
                w.begin_object();
                w.member("id", static_cast<uint64_t>(k));
                physical_location(w, f.notes[k].location.file.empty() ? f.location : f.notes[k].location, source_root);
                message(w, f.notes[k].message);
                w.end_object();
            }
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();

    w.end_object();
    w.end_array();
    w.end_object();
    return out;
}

}  // namespace heisen
