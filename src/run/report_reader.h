// report_reader.h — reassembles the record stream of wire_format.h into whole reports.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace heisen::run {

// One report as it arrived: its fields (each a tag followed by unescaped tokens, in the order
// the runtime sent them) and the module map of the process that made it.
struct WireReport {
    int32_t pid = 0;
    uint64_t seq = 0;
    std::vector<std::vector<std::string>> fields;
    std::string maps;  // /proc/<pid>/maps lines
};

class ReportReader {
public:
    using ReportHandler = std::function<void(WireReport &&)>;
    using TextHandler = std::function<void(int32_t pid, const std::string &line)>;
    using ModulesHandler = std::function<void(int32_t pid, std::string &&maps)>;
    // A process fact ("P" record): its words after the pid, the last one unescaped.
    using FactHandler = std::function<void(int32_t pid, const std::vector<std::string> &words)>;

    ReportReader(ReportHandler on_report, TextHandler on_text, ModulesHandler on_modules = nullptr,
                 FactHandler on_fact = nullptr)
        : on_report_(std::move(on_report)), on_text_(std::move(on_text)), on_modules_(std::move(on_modules)),
          on_fact_(std::move(on_fact)) {}

    // Feeds bytes as read from the channel; complete records are handled at once.
    void feed(const char *data, size_t len);
    // The channel closed: a report whose "end" never came (the process died mid-report) is
    // delivered as far as it got, and unterminated text is flushed.
    void finish();

private:
    void handle_record(const std::string &line);

    ReportHandler on_report_;
    TextHandler on_text_;
    ModulesHandler on_modules_;
    FactHandler on_fact_;
    std::string partial_;                                             // bytes after the last newline
    std::map<std::pair<int32_t, uint64_t>, WireReport> in_progress_;  // by (pid, seq)
    std::map<int32_t, std::string> text_;                             // per-pid text without newline yet
    std::map<std::pair<int32_t, uint64_t>, std::string> modules_;     // module maps being received
};

// The inverse of the runtime's escaping: %XX → byte.
std::string unescape(const std::string &token);

}  // namespace heisen::run
