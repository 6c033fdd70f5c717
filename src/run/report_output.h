// report_output.h — where `heisen run` prints what the program reported.
//
// Reports arrive as the engine's structures, and are rendered here (lockdep text or JSON) with
// placeholders for code addresses and lock names (wire_format.h); this class resolves them with
// the modules the reporting process described and writes finished lines to stderr or the --log
// file, as they arrive, so nothing is lost if the program hangs or dies later.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "report_reader.h"
#include "run_options.h"
#include "symbolize/symbolizer.h"

namespace heisen::run {

using symbolize::CodeLocation;
using symbolize::LoadedModule;
using symbolize::ModuleCache;
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

    // A report was made: counts it, renders it (text or JSON) and names its addresses.
    void report(WireReport &&report);
    // A module process `pid` described, for naming what its later records mention.
    void module(int32_t pid, LoadedModule &&module);
    // A line of engine text from process `pid` (with --format json: {"pid":N,"note":"…"}).
    void text(int32_t pid, const std::string &line);
    // A line of heisen run's own (with --format json: {"note":"…"}).
    void note(const std::string &line);
    // Process `pid` has ended and everything it sent was printed.
    void forget(int32_t pid);

    unsigned report_count() const { return report_count_; }

    // Replaces every placeholder in `text` using `symbolizer` (null: addresses only).
    static std::string resolve_placeholders(const std::string &text, const Symbolizer *symbolizer, bool json);

private:
    Symbolizer symbolizer_for(int32_t pid);
    void emit(const std::string &text);

    const RunOptions &options_;
    std::FILE *out_ = nullptr;
    bool own_file_ = false;
    unsigned report_count_ = 0;
    std::map<int32_t, std::vector<LoadedModule>> modules_;  // per running process
    ModuleCache cache_;                                      // files read, shared by every process
};

}  // namespace heisen::run
