// The runner's output (ReportOutput): reports rendered and named by process, engine notes,
// placeholders.
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
