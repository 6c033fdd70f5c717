// report_reader.h — the ring's records (report_ring.h) as reports, modules and lines of text.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/report.h"
#include "report_ring.h"
#include "symbolize/symbolizer.h"

namespace heisen::run {

// One report as it arrived: the engine's heisen_report followed by the names it refers to.
struct WireReport {
    int32_t pid = 0;
    std::vector<unsigned char> bytes;

    // The report with its names pointing into `bytes` (valid while this object lives and is not
    // changed). False when the record is not a report of this heisen's making.
    bool decode(heisen_report &out) const;
};

class ReportReader {
public:
    using ReportHandler = std::function<void(WireReport &&)>;
    using TextHandler = std::function<void(int32_t pid, const std::string &line)>;
    using ModuleHandler = std::function<void(int32_t pid, symbolize::LoadedModule &&module)>;
    // A process fact (wire_format.h kFact): its words.
    using FactHandler = std::function<void(int32_t pid, const std::vector<std::string> &words)>;

    ReportReader(ReportHandler on_report, TextHandler on_text, ModuleHandler on_module, FactHandler on_fact = nullptr)
        : on_report_(std::move(on_report)), on_text_(std::move(on_text)), on_module_(std::move(on_module)),
          on_fact_(std::move(on_fact)) {}

    void record(const RingRecord &record);
    // The process has ended: text it left without a final newline is a line too.
    void finish_process(int32_t pid);
    // Everything has ended.
    void finish();

private:
    ReportHandler on_report_;
    TextHandler on_text_;
    ModuleHandler on_module_;
    FactHandler on_fact_;
    std::map<int32_t, std::string> text_;  // per process: text after its last newline
};

}  // namespace heisen::run
