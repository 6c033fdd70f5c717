// report_output.cpp — placeholder resolution and output.
#include "report_output.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/report_render.h"
#include "json/json_writer.h"
#include "ports/posix/wire_format.h"

namespace heisen::run {
namespace {

std::string hex(uint64_t value) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::string base_name(const std::string &path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "@@pc:HEX@@" → "function+0x1c (file.c:42)".
std::string resolve_pc(const std::string &body, const Symbolizer *symbolizer) {
    const uint64_t pc = std::strtoull(body.c_str(), nullptr, 16);
    if (!symbolizer) return hex(pc);
    CodeLocation location = symbolizer->code(pc, true);
    if (location.function.empty() && location.module.empty()) return hex(pc);
    return describe(location);
}

// "@@lock:KIND:ADDR:SITE@@" → "lock_a", or "mutex@0x… (init file.c:12)"; a site class
// ("@@class:…@@") → "lock_a", or "mutex (init file.c:12)"; a thread's end (a site class) →
// "exit of thread (created file.c:40)".
std::string resolve_lock(const std::string &body, const Symbolizer *symbolizer, bool site_class) {
    const size_t first = body.find(':');
    const size_t second = first == std::string::npos ? first : body.find(':', first + 1);
    if (second == std::string::npos) return body;
    const std::string kind = body.substr(0, first);
    const uint64_t address = std::strtoull(body.c_str() + first + 1, nullptr, 16);
    const uint64_t site = std::strtoull(body.c_str() + second + 1, nullptr, 16);
    if (symbolizer) {
        if (std::optional<std::string> variable = symbolizer->variable(address)) return *variable;
    }
    std::string name = site_class ? kind : kind + "@" + hex(address);
    // A thread's end is named by where the thread was created, anything else where it was set up.
    const std::string site_word = kind == "exit of thread" ? " (created " : " (init ";
    if (site && symbolizer) {
        CodeLocation location = symbolizer->code(site, true);
        if (!location.file.empty())
            name += site_word + base_name(location.file) + ":" + std::to_string(location.line) + ")";
        else if (!location.function.empty())
            name += site_word + location.function + ")";
    }
    return name;
}

// The renderers' code addresses stay placeholders until the whole text is resolved.
size_t format_pc_placeholder(void *, uintptr_t pc, char *buffer, size_t len) {
    return static_cast<size_t>(std::snprintf(buffer, len, "%s%llx%s", wire::kPcPlaceholder,
                                             static_cast<unsigned long long>(pc), wire::kPlaceholderClose));
}

void append_rendered(void *text, const char *data, size_t len) { static_cast<std::string *>(text)->append(data, len); }

}  // namespace

bool ReportOutput::open(std::string &error) {
    if (options_.log_path.empty()) {
        out_ = stderr;
        return true;
    }
    out_ = std::fopen(options_.log_path.c_str(), "w");
    if (!out_) {
        error = "cannot open log file '" + options_.log_path + "': " + std::strerror(errno);
        return false;
    }
    own_file_ = true;
    return true;
}

void ReportOutput::close() {
    if (!out_) return;
    std::fflush(out_);
    if (own_file_) std::fclose(out_);
    out_ = nullptr;
    own_file_ = false;
}

std::string ReportOutput::resolve_placeholders(const std::string &text, const Symbolizer *symbolizer, bool json) {
    std::string out;
    size_t at = 0;
    for (;;) {
        size_t open = text.find(wire::kPlaceholderOpen, at);
        if (open == std::string::npos) break;
        size_t close = text.find(wire::kPlaceholderClose, open + 2);
        if (close == std::string::npos) break;
        out.append(text, at, open - at);
        const std::string placeholder = text.substr(open, close + 2 - open);
        std::string replacement;
        if (placeholder.rfind(wire::kPcPlaceholder, 0) == 0)
            replacement = resolve_pc(placeholder.substr(5, placeholder.size() - 7), symbolizer);
        else if (placeholder.rfind(wire::kLockPlaceholder, 0) == 0)
            replacement = resolve_lock(placeholder.substr(7, placeholder.size() - 9), symbolizer, false);
        else if (placeholder.rfind(wire::kClassPlaceholder, 0) == 0)
            replacement = resolve_lock(placeholder.substr(8, placeholder.size() - 10), symbolizer, true);
        else
            replacement = placeholder;
        out += json ? json_escape(replacement) : replacement;
        at = close + 2;
    }
    out.append(text, at, std::string::npos);
    return out;
}

Symbolizer ReportOutput::symbolizer_for(int32_t pid) {
    auto known = modules_.find(pid);
    return Symbolizer(known != modules_.end() ? known->second : std::vector<LoadedModule>{}, cache_);
}

void ReportOutput::report(WireReport &&report) {
    heisen_report decoded;
    if (!report.decode(decoded)) return;
    ++report_count_;
    const bool json = options_.format == OutputFormat::kJson;
    std::string rendered;
    if (json)
        heisen_render_json(&decoded, append_rendered, format_pc_placeholder, &rendered);
    else
        heisen_render_text(&decoded, append_rendered, format_pc_placeholder, &rendered);
    const Symbolizer symbolizer = symbolizer_for(report.pid);
    std::string text = resolve_placeholders(rendered, &symbolizer, json);
    // Children forked or executed by the program report through the same ring: say whose it is.
    if (json && text.size() > 1 && text[0] == '{')
        text.insert(1, "\"pid\":" + std::to_string(report.pid) + ",");
    else if (!json)
        text = "\nheisen: report from process " + std::to_string(report.pid) + ":" + text;
    emit(text);
}

void ReportOutput::module(int32_t pid, LoadedModule &&module) { modules_[pid].push_back(std::move(module)); }

void ReportOutput::forget(int32_t pid) { modules_.erase(pid); }

void ReportOutput::text(int32_t pid, const std::string &line) {
    const Symbolizer symbolizer = symbolizer_for(pid);
    if (options_.format == OutputFormat::kJson) {
        // Engine notes (a full table, a thread limit) stay one JSON object per line.
        emit("{\"pid\":" + std::to_string(pid) + ",\"note\":\"" +
             json_escape(resolve_placeholders(line, &symbolizer, false)) + "\"}\n");
        return;
    }
    emit(resolve_placeholders(line, &symbolizer, false) + "\n");
}

void ReportOutput::note(const std::string &line) {
    if (options_.format == OutputFormat::kJson)
        emit("{\"note\":\"" + json_escape(line) + "\"}\n");
    else
        emit(line + "\n");
}

void ReportOutput::emit(const std::string &text) {
    if (!out_) return;
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
}

}  // namespace heisen::run
