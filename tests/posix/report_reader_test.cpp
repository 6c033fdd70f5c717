// The record stream between the runtime and `heisen run`: reassembly across arbitrary read
// boundaries, interleaved processes, unescaping, and reports cut short by a dying process.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "run/report_output.h"
#include "run/report_reader.h"

namespace heisen::run {
namespace {

struct Collected {
    std::vector<WireReport> reports;
    std::vector<std::pair<int32_t, std::string>> lines;
};

ReportReader reader_into(Collected &collected) {
    return ReportReader([&](WireReport &&r) { collected.reports.push_back(std::move(r)); },
                        [&](int32_t pid, const std::string &line) { collected.lines.emplace_back(pid, line); });
}

TEST(ReportReader, ProcessFactsArriveAsWordsWithTheLastUnescaped) {
    std::vector<std::pair<int32_t, std::vector<std::string>>> facts;
    ReportReader reader([](WireReport &&) {}, [](int32_t, const std::string &) {}, nullptr,
                        [&](int32_t pid, const std::vector<std::string> &words) { facts.emplace_back(pid, words); });
    const std::string stream = "P 7 threads worker\nP 7 locks\nP 8 unvalidated static /opt/my%20tool\n";
    reader.feed(stream.data(), stream.size());
    reader.finish();
    ASSERT_EQ(facts.size(), 3u);
    EXPECT_EQ(facts[0].first, 7);
    EXPECT_EQ(facts[0].second, (std::vector<std::string>{"threads", "worker"}));
    EXPECT_EQ(facts[1].second, std::vector<std::string>{"locks"});
    EXPECT_EQ(facts[2].first, 8);
    EXPECT_EQ(facts[2].second, (std::vector<std::string>{"unvalidated", "static", "/opt/my tool"}));
}

TEST(ReportReader, ReassemblesRecordsSplitAnywhere) {
    const std::string stream =
        "R 10 0 begin\n"
        "R 10 0 map 5555-6666%20r-xp%2000000000%2008:01%201234%20/usr/bin/a%20b\n"
        "T 10 hello%20world%0Asecond%20\n"
        "T 10 line%0A\n"
        "R 10 0 out part%25one\n"
        "R 10 0 end\n";
    for (size_t step : {1u, 3u, 7u, 1000u}) {
        Collected collected;
        ReportReader reader = reader_into(collected);
        for (size_t at = 0; at < stream.size(); at += step)
            reader.feed(stream.data() + at, std::min(step, stream.size() - at));
        reader.finish();
        ASSERT_EQ(collected.reports.size(), 1u);
        const WireReport &report = collected.reports[0];
        EXPECT_EQ(report.pid, 10);
        EXPECT_EQ(report.maps, "5555-6666 r-xp 00000000 08:01 1234 /usr/bin/a b\n");
        ASSERT_EQ(report.fields.size(), 1u);
        EXPECT_EQ(report.fields[0], (std::vector<std::string>{"out", "part%one"}));
        ASSERT_EQ(collected.lines.size(), 2u);
        EXPECT_EQ(collected.lines[0].second, "hello world");
        EXPECT_EQ(collected.lines[1].second, "second line");
    }
}

// A module map sent on its own (before statistics at exit) reaches the modules handler whole,
// and is not taken for a report.
TEST(ReportReader, ModuleMapOnItsOwnIsNotAReport) {
    Collected collected;
    std::vector<std::pair<int32_t, std::string>> modules;
    ReportReader reader([&](WireReport &&r) { collected.reports.push_back(std::move(r)); },
                        [&](int32_t pid, const std::string &line) { collected.lines.emplace_back(pid, line); },
                        [&](int32_t pid, std::string &&maps) { modules.emplace_back(pid, std::move(maps)); });
    const std::string stream =
        "M 12 3 begin\n"
        "M 12 3 map 1000-2000%20r-xp%2000000000%2008:01%2042%20/usr/bin/prog\n"
        "M 12 3 map 7000-8000%20r-xp%2000000000%2008:01%2043%20/lib/libc.so.6\n"
        "M 12 3 end\n"
        "T 12 stats%0A\n";
    reader.feed(stream.data(), stream.size());
    reader.finish();
    EXPECT_TRUE(collected.reports.empty());
    ASSERT_EQ(modules.size(), 1u);
    EXPECT_EQ(modules[0].first, 12);
    EXPECT_EQ(modules[0].second,
              "1000-2000 r-xp 00000000 08:01 42 /usr/bin/prog\n7000-8000 r-xp 00000000 08:01 43 /lib/libc.so.6\n");
    ASSERT_EQ(collected.lines.size(), 1u);
    EXPECT_EQ(collected.lines[0].second, "stats");
}

TEST(ReportReader, KeepsInterleavedProcessesApart) {
    Collected collected;
    ReportReader reader = reader_into(collected);
    const std::string stream = "R 1 0 begin\nR 2 0 begin\nT 1 a\nT 2 b%0A\nR 2 0 end\nT 1 %0A\nR 1 0 end\n";
    reader.feed(stream.data(), stream.size());
    reader.finish();
    ASSERT_EQ(collected.reports.size(), 2u);
    EXPECT_EQ(collected.reports[0].pid, 2);
    EXPECT_EQ(collected.reports[1].pid, 1);
    ASSERT_EQ(collected.lines.size(), 2u);
    EXPECT_EQ(collected.lines[0], std::make_pair(2, std::string("b")));
    EXPECT_EQ(collected.lines[1], std::make_pair(1, std::string("a")));
}

TEST(ReportReader, DeliversAReportCutShortWhenThePipeCloses) {
    Collected collected;
    ReportReader reader = reader_into(collected);
    const std::string stream = "R 7 3 begin\nR 7 3 out half\nT 7 unterminated";
    reader.feed(stream.data(), stream.size());
    EXPECT_TRUE(collected.reports.empty());
    reader.finish();
    ASSERT_EQ(collected.reports.size(), 1u);
    EXPECT_EQ(collected.reports[0].seq, 3u);
    ASSERT_EQ(collected.lines.size(), 1u);
    EXPECT_EQ(collected.lines[0].second, "unterminated");
}

TEST(ReportReader, IgnoresFragmentsWithoutABeginning) {
    Collected collected;
    ReportReader reader = reader_into(collected);
    const std::string stream = "R 7 3 out orphan\nR 7 3 end\ngarbage\n\n";
    reader.feed(stream.data(), stream.size());
    reader.finish();
    EXPECT_TRUE(collected.reports.empty());
    EXPECT_TRUE(collected.lines.empty());
}

TEST(PlaceholderResolution, WithoutModuleMapShowsAddresses) {
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
}

TEST(ReportOutput, ReportsNameTheirProcessAndAreCounted) {
    auto write = [](ReportOutput &o) {
        WireReport report;
        report.pid = 77;
        report.fields.push_back({"out", "{\"kind\":\"x\"}\n"});
        o.report(std::move(report));
        EXPECT_EQ(o.report_count(), 1u);
    };
    EXPECT_EQ(output_of(OutputFormat::kJson, write), "{\"pid\":77,\"kind\":\"x\"}\n");
}

}  // namespace
}  // namespace heisen::run
