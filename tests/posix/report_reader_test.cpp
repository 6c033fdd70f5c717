// The ring's records as the runner reads them (ReportReader): lines of text reassembled per
// process, modules decoded, process facts split into words, and records it cannot use ignored.
// What heisen run then says about whole processes (ProcessNotes).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "run/process_notes.h"
#include "run/report_output.h"
#include "run/report_reader.h"

namespace heisen::run {
namespace {

struct Collected {
    std::vector<WireReport> reports;
    std::vector<std::pair<int32_t, std::string>> lines;
    std::vector<std::pair<int32_t, symbolize::LoadedModule>> modules;
    std::vector<std::pair<int32_t, std::vector<std::string>>> facts;
};

ReportReader reader_into(Collected &collected) {
    return ReportReader(
        [&](WireReport &&r) { collected.reports.push_back(std::move(r)); },
        [&](int32_t pid, const std::string &line) { collected.lines.emplace_back(pid, line); },
        [&](int32_t pid, symbolize::LoadedModule &&module) { collected.modules.emplace_back(pid, std::move(module)); },
        [&](int32_t pid, const std::vector<std::string> &words) { collected.facts.emplace_back(pid, words); });
}

RingRecord record_of(int32_t pid, wire::RecordType type, const std::string &bytes) {
    return RingRecord{pid, type, std::vector<unsigned char>(bytes.begin(), bytes.end())};
}
RingRecord text_record(int32_t pid, const std::string &text) { return record_of(pid, wire::kText, text); }

// Text arrives in pieces cut anywhere, from several processes at once.
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

// A process that ended (or everything ending) delivers the text it left without a newline.
TEST(ReportReader, DeliversTextCutShortWhenEverythingEnds) {
    Collected collected;
    ReportReader reader = reader_into(collected);
    reader.record(text_record(7, "half"));
    reader.record(text_record(8, "other half"));
    EXPECT_TRUE(collected.lines.empty());
    reader.finish();
    ASSERT_EQ(collected.lines.size(), 2u);
    EXPECT_EQ(collected.lines[0], std::make_pair(7, std::string("half")));
    EXPECT_EQ(collected.lines[1], std::make_pair(8, std::string("other half")));
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

TEST(ReportReader, ProcessFactsArriveAsWords) {
    Collected collected;
    ReportReader reader = reader_into(collected);
    reader.record(record_of(7, wire::kFact, std::string("threads\0worker\0", 15)));
    reader.record(record_of(7, wire::kFact, std::string("locks\0", 6)));
    reader.record(record_of(8, wire::kFact, std::string("unvalidated\0static\0/opt/my tool\0", 32)));
    ASSERT_EQ(collected.facts.size(), 3u);
    EXPECT_EQ(collected.facts[0].first, 7);
    EXPECT_EQ(collected.facts[0].second, (std::vector<std::string>{"threads", "worker"}));
    EXPECT_EQ(collected.facts[1].second, std::vector<std::string>{"locks"});
    EXPECT_EQ(collected.facts[2].first, 8);
    EXPECT_EQ(collected.facts[2].second, (std::vector<std::string>{"unvalidated", "static", "/opt/my tool"}));
    EXPECT_TRUE(collected.lines.empty());
}

// Malformed records (a word without its NUL, a module without a path, a type this heisen does
// not know) are left out; they never become a report, a line or a partial word.
TEST(ReportReader, IgnoresRecordsItCannotUse) {
    Collected collected;
    ReportReader reader = reader_into(collected);
    reader.record(record_of(7, wire::kFact, std::string("unvalidated\0static\0/opt/cut", 26)));
    reader.record(record_of(7, wire::kFact, std::string("no end")));
    reader.record(record_of(7, wire::kModule, std::string(sizeof(wire::ModuleRecord), 'x')));
    reader.record(record_of(7, static_cast<wire::RecordType>(99), "garbage\n"));
    reader.record(record_of(7, wire::kPad, "\n\n"));
    reader.finish();
    ASSERT_EQ(collected.facts.size(), 1u);
    EXPECT_EQ(collected.facts[0].second, (std::vector<std::string>{"unvalidated", "static"}));
    EXPECT_TRUE(collected.modules.empty());
    EXPECT_TRUE(collected.reports.empty());
    EXPECT_TRUE(collected.lines.empty());
}

// What ProcessNotes prints, through a log file.
template <typename Write>
std::string notes_output(Write write) {
    RunOptions options;
    options.log_path = "/tmp/heisen-process-notes-" + std::to_string(getpid());
    ReportOutput output(options);
    std::string error;
    EXPECT_TRUE(output.open(error)) << error;
    {
        ProcessNotes notes(output);
        write(notes);
        notes.finish();
    }
    output.close();
    std::ifstream in(options.log_path);
    std::ostringstream text;
    text << in.rdbuf();
    std::remove(options.log_path.c_str());
    return text.str();
}

// A process that ran threads without a lock heisen saw is said once it has ended, even when its
// pid is then reused by a process whose locks heisen did see.
TEST(ProcessNotes, ThreadsWithoutLocksAreSaidForTheProcessThatEnded) {
    const std::string text = notes_output([](ProcessNotes &notes) {
        notes.fact(40, {"threads", "gopher"});
        notes.ended(40);
        notes.fact(40, {"threads", "worker"});
        notes.fact(40, {"locks"});
        notes.ended(40);
    });
    EXPECT_NE(text.find("process 40 (gopher) ran several threads, but heisen saw no lock operation"), std::string::npos)
        << text;
    EXPECT_EQ(text.find("worker"), std::string::npos) << text;
}

TEST(ProcessNotes, AProcessWhoseLocksWereSeenIsNotMentioned) {
    const std::string text = notes_output([](ProcessNotes &notes) {
        notes.fact(41, {"locks"});
        notes.fact(41, {"threads", "server"});
    });
    EXPECT_EQ(text, "");
}

TEST(ProcessNotes, AnUnvalidatedProgramIsSaidOnceAndCounted) {
    unsigned count = 0;
    const std::string text = notes_output([&](ProcessNotes &notes) {
        notes.fact(42, {"unvalidated", "static", "/opt/my tool"});
        notes.fact(43, {"unvalidated", "static", "/opt/my tool"});
        count = notes.unvalidated_count();
    });
    EXPECT_EQ(count, 2u);
    EXPECT_EQ(text.find("heisen: not validated: process 42 executed /opt/my tool"), 0u) << text;
    EXPECT_EQ(text.find("/opt/my tool", text.find('\n')), std::string::npos) << text;
}

}  // namespace
}  // namespace heisen::run
