// The runner's reading of records (ReportReader) and its output (ReportOutput): lines of text
// reassembled per process, modules decoded, reports rendered and named by process, placeholders.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ports/posix/report_record.h"
#include "run/report_output.h"
#include "run/report_reader.h"

namespace heisen::run {
namespace {

struct Collected {
    std::vector<WireReport> reports;
    std::vector<std::pair<int32_t, std::string>> lines;
    std::vector<std::pair<int32_t, symbolize::LoadedModule>> modules;
};

ReportReader reader_into(Collected &collected) {
    return ReportReader(
        [&](WireReport &&r) { collected.reports.push_back(std::move(r)); },
        [&](int32_t pid, const std::string &line) { collected.lines.emplace_back(pid, line); },
        [&](int32_t pid, symbolize::LoadedModule &&module) { collected.modules.emplace_back(pid, std::move(module)); });
}

RingRecord text_record(int32_t pid, const std::string &text) {
    return RingRecord{pid, wire::kText, std::vector<unsigned char>(text.begin(), text.end())};
}

TEST(ReportReader, ReassemblesLinesPerProcess) {
    Collected collected;
    ReportReader reader = reader_into(collected);
    reader.record(text_record(1, "hel"));
    reader.record(text_record(2, "other\n"));
    reader.record(text_record(1, "lo\nsecond "));
    reader.record(text_record(1, "line\nunterminated"));
    reader.finish_process(1);
    ASSERT_EQ(collected.lines.size(), 4u);
    EXPECT_EQ(collected.lines[0], std::make_pair(2, std::string("other")));
    EXPECT_EQ(collected.lines[1], std::make_pair(1, std::string("hello")));
    EXPECT_EQ(collected.lines[2], std::make_pair(1, std::string("second line")));
    EXPECT_EQ(collected.lines[3], std::make_pair(1, std::string("unterminated")));
}

TEST(ReportReader, DecodesModules) {
    Collected collected;
    ReportReader reader = reader_into(collected);
    wire::ModuleRecord head{0x1000, 0x5000, 0x1000};
    const std::string path = "/usr/lib/lib with space.so";
    std::vector<unsigned char> payload(sizeof head + path.size() + 1);
    std::memcpy(payload.data(), &head, sizeof head);
    std::memcpy(payload.data() + sizeof head, path.c_str(), path.size() + 1);
    reader.record(RingRecord{33, wire::kModule, payload});
    ASSERT_EQ(collected.modules.size(), 1u);
    EXPECT_EQ(collected.modules[0].first, 33);
    EXPECT_EQ(collected.modules[0].second.start, 0x1000u);
    EXPECT_EQ(collected.modules[0].second.end, 0x5000u);
    EXPECT_EQ(collected.modules[0].second.bias, 0x1000u);
    EXPECT_EQ(collected.modules[0].second.path, path);
}

TEST(PlaceholderResolution, WithoutModulesShowsAddresses) {
    EXPECT_EQ(ReportOutput::resolve_placeholders("at: @@pc:401136@@ x", nullptr, false), "at: 0x401136 x");
    EXPECT_EQ(ReportOutput::resolve_placeholders("(@@lock:mutex:55d0:401000@@)", nullptr, false),
              "(mutex@0x55d0)");
    EXPECT_EQ(ReportOutput::resolve_placeholders("(@@class:mutex:55d0:401000@@)", nullptr, false), "(mutex)");
    EXPECT_EQ(ReportOutput::resolve_placeholders("no placeholders @@ here", nullptr, false),
              "no placeholders @@ here");
}

TEST(PlaceholderResolution, JsonEscapesReplacements) {
    EXPECT_EQ(ReportOutput::resolve_placeholders("\"@@lock:sem:10:0@@\"", nullptr, true), "\"sem@0x10\"");
}

std::string output_of(OutputFormat format, void (*write)(ReportOutput &)) {
    RunOptions options;
    options.format = format;
    options.log_path = "/tmp/heisen-posix-output-" + std::to_string(getpid());
    ReportOutput output(options);
    std::string error;
    EXPECT_TRUE(output.open(error)) << error;
    write(output);
    output.close();
    std::ifstream in(options.log_path);
    std::ostringstream text;
    text << in.rdbuf();
    std::remove(options.log_path.c_str());
    return text.str();
}

TEST(ReportOutput, EngineNotesStayOneJsonObjectPerLine) {
    EXPECT_EQ(output_of(OutputFormat::kJson, [](ReportOutput &o) { o.text(12, "heisen: \"lock\" table full"); }),
              "{\"pid\":12,\"note\":\"heisen: \\\"lock\\\" table full\"}\n");
    EXPECT_EQ(output_of(OutputFormat::kText, [](ReportOutput &o) { o.text(12, "heisen: table full"); }),
              "heisen: table full\n");
    EXPECT_EQ(output_of(OutputFormat::kJson, [](ReportOutput &o) { o.note("heisen: 2 lost"); }),
              "{\"note\":\"heisen: 2 lost\"}\n");
}

WireReport wire_report(int32_t pid) {
    heisen_report report{};
    report.kind = HEISEN_REPORT_BAD_UNLOCK_BALANCE;
    report.subject.name = "@@lock:mutex:55d0:0@@";
    report.subject.instance = 0x55d0;
    report.subject.stack.depth = 1;
    report.subject.stack.pcs[0] = 0x401136;
    WireReport wire;
    wire.pid = pid;
    wire.bytes.resize(wire::report_record_bytes(report));
    wire::encode_report(report, wire.bytes.data(), [](uintptr_t instance) { return instance; });
    return wire;
}

TEST(ReportOutput, ReportsAreRenderedHereNamedByProcessAndCounted) {
    const std::string json = output_of(OutputFormat::kJson, [](ReportOutput &o) {
        o.report(wire_report(77));
        EXPECT_EQ(o.report_count(), 1u);
    });
    EXPECT_EQ(json.rfind("{\"pid\":77,\"kind\":\"bad-unlock-balance\"", 0), 0u) << json;
    EXPECT_NE(json.find("\"name\":\"mutex@0x55d0\""), std::string::npos) << json;
    EXPECT_NE(json.find("0x401136"), std::string::npos) << json;
    const std::string text = output_of(OutputFormat::kText, [](ReportOutput &o) { o.report(wire_report(78)); });
    EXPECT_NE(text.find("heisen: report from process 78:"), std::string::npos) << text;
    EXPECT_NE(text.find("WARNING: bad unlock balance detected!"), std::string::npos) << text;
    EXPECT_NE(text.find("\"mutex@0x55d0\""), std::string::npos) << text;
}

TEST(ReportOutput, MalformedReportIsNotCounted) {
    const std::string text = output_of(OutputFormat::kText, [](ReportOutput &o) {
        WireReport garbage;
        garbage.pid = 5;
        garbage.bytes.assign(40, 0xff);
        o.report(std::move(garbage));
        EXPECT_EQ(o.report_count(), 0u);
    });
    EXPECT_EQ(text, "");
}

}  // namespace
}  // namespace heisen::run
