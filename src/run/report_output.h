// report_output.h — where `heisen run` prints what the program reported.
//
// Text arrives with placeholders for code addresses and lock names (wire_format.h); this class
// resolves them with the reporting process's module map and writes finished lines to stderr or
// the --log file, as they arrive, so nothing is lost if the program hangs or dies later.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "report_reader.h"
#include "run_options.h"
#include "symbolize/symbolizer.h"

namespace heisen::run {

using symbolize::CodeLocation;
using symbolize::Symbolizer;

class ReportOutput {
public:
    explicit ReportOutput(const RunOptions &options) : options_(options) {}
    ~ReportOutput() { close(); }
    ReportOutput(const ReportOutput &) = delete;
    ReportOutput &operator=(const ReportOutput &) = delete;

    // Opens the --log file (or takes stderr). False, with `error` set, if it cannot be created.
    bool open(std::string &error);
    void close();

    // A report was made: counts it, remembers the process's module map, prints its rendered form
    // when the runtime sent one ("out" fields).
    void report(WireReport &&report);
    // The module map of process `pid`, for naming what its later text mentions.
    void modules(int32_t pid, std::string &&maps);
    // A line of engine text from process `pid` (with --format json: {"pid":N,"note":"…"}).
    void text(int32_t pid, const std::string &line);

    unsigned report_count() const { return report_count_; }

    // Replaces every placeholder in `text` using `symbolizer` (null: addresses only).
    static std::string resolve_placeholders(const std::string &text, const Symbolizer *symbolizer, bool json);

private:
    const Symbolizer *symbolizer_for(int32_t pid);
    void emit(const std::string &text);

    const RunOptions &options_;
    std::FILE *out_ = nullptr;
    bool own_file_ = false;
    unsigned report_count_ = 0;
    std::map<int32_t, std::string> maps_;                       // latest module map per process
    std::map<std::string, std::unique_ptr<Symbolizer>> cache_;  // by module map text
};

}  // namespace heisen::run
