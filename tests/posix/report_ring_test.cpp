// The report ring between the runtime and `heisen run`: records written as a validated process
// writes them (ring_writer.h) come out of ReportRing whole, in order and exactly once — across
// wrap-arounds, from concurrent writers, from a process that died mid-record — and a writer
// whose runner has gone gives up instead of waiting forever.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "ports/posix/report_record.h"
#include "ports/posix/ring_writer.h"
#include "run/report_ring.h"

namespace heisen::run {
namespace {

using namespace wire;

bool write_text(void *ring, uint32_t area, const std::string &text) {
    ReservedRecord record = reserve_record(ring, area, static_cast<uint32_t>(text.size()));
    if (!record.header) return false;
    std::memcpy(record.body, text.data(), text.size());
    commit_record(record, kText, static_cast<uint32_t>(text.size()));
    return true;
}

std::string text_of(const RingRecord &record) { return std::string(record.payload.begin(), record.payload.end()); }

TEST(ReportRing, RecordsComeOutInOrderAcrossWrapArounds) {
    ReportRing ring;
    std::string error;
    ASSERT_TRUE(ring.create(error)) << error;
    const int32_t area = claim_area(ring.memory(), 4242);
    ASSERT_GE(area, 0);
    std::vector<std::string> sent, received;
    // Sizes that do not divide the area: records end at every offset and padding is needed.
    for (int round = 0; round < 40; ++round) {
        for (int i = 0; i < 50; ++i) {
            std::string text = "record " + std::to_string(round * 50 + i) + " " + std::string((i * 37) % 300, 'x');
            ASSERT_TRUE(write_text(ring.memory(), static_cast<uint32_t>(area), text));
            sent.push_back(text);
        }
        std::vector<RingRecord> out;
        ring.drain(out);
        for (const RingRecord &record : out) {
            EXPECT_EQ(record.pid, 4242);
            EXPECT_EQ(record.type, kText);
            received.push_back(text_of(record));
        }
    }
    EXPECT_EQ(received, sent);
}

TEST(ReportRing, ConcurrentWritersOfOneProcessNeverMixRecords) {
    ReportRing ring;
    std::string error;
    ASSERT_TRUE(ring.create(error)) << error;
    const uint32_t area = static_cast<uint32_t>(claim_area(ring.memory(), 77));
    constexpr int kThreads = 4, kRecords = 3000;
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t)
        writers.emplace_back([&, t] {
            for (int i = 0; i < kRecords; ++i)
                ASSERT_TRUE(write_text(ring.memory(), area, std::to_string(t) + ":" + std::to_string(i) + ":" +
                                                               std::string(static_cast<size_t>(i % 500), 'a' + t)));
        });
    std::vector<int> next(kThreads, 0);
    int received = 0;
    std::atomic<bool> done{false};
    std::thread joiner([&] {
        for (std::thread &writer : writers) writer.join();
        done = true;
    });
    for (;;) {
        const bool finished = done;
        std::vector<RingRecord> out;
        ring.drain(out);
        for (const RingRecord &record : out) {
            const std::string text = text_of(record);
            const int thread = text[0] - '0';
            const size_t colon = text.find(':', 2);
            ASSERT_NE(colon, std::string::npos) << text;
            const int index = std::stoi(text.substr(2, colon - 2));
            EXPECT_EQ(index, next[thread]) << "thread " << thread;  // each thread's records in its order
            next[thread] = index + 1;
            EXPECT_EQ(text.size() - colon - 1, static_cast<size_t>(index % 500)) << text;
            ++received;
        }
        if (finished && out.empty()) break;
    }
    joiner.join();
    EXPECT_EQ(received, kThreads * kRecords);
}

TEST(ReportRing, AProcessThatDiedMidRecordLeavesAFreshAreaForTheNext) {
    ReportRing ring;
    std::string error;
    ASSERT_TRUE(ring.create(error)) << error;
    ASSERT_TRUE(register_process(ring.memory(), 500));
    ASSERT_TRUE(register_process(ring.memory(), 500));  // once only
    const uint32_t area = static_cast<uint32_t>(claim_area(ring.memory(), 500));
    ASSERT_TRUE(write_text(ring.memory(), area, "complete"));
    ReservedRecord unfinished = reserve_record(ring.memory(), area, 64);  // never committed
    ASSERT_NE(unfinished.header, nullptr);
    std::memset(unfinished.body, 0xab, 64);
    ASSERT_TRUE(write_text(ring.memory(), area, "after the unfinished one"));
    EXPECT_EQ(ring.known_processes(), std::vector<int32_t>{500});

    std::vector<RingRecord> out;
    ring.drain(out);
    ASSERT_EQ(out.size(), 1u);  // the reader waits at the unfinished record
    EXPECT_EQ(text_of(out[0]), "complete");
    out.clear();
    ring.finish_process(500, out);
    EXPECT_TRUE(out.empty());
    EXPECT_TRUE(ring.known_processes().empty());

    // The next process gets the area back, empty.
    const int32_t reused = claim_area(ring.memory(), 501);
    EXPECT_EQ(reused, static_cast<int32_t>(area));
    ASSERT_TRUE(write_text(ring.memory(), area, "next process"));
    ring.drain(out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].pid, 501);
    EXPECT_EQ(text_of(out[0]), "next process");
}

TEST(ReportRing, AWriterGivesUpWhenTheRunnerHasStoppedReading) {
    ReportRing ring;
    std::string error;
    ASSERT_TRUE(ring.create(error)) << error;
    const uint32_t area = static_cast<uint32_t>(claim_area(ring.memory(), 9));
    const std::string big(60000, 'z');
    ASSERT_TRUE(write_text(ring.memory(), area, big));
    ASSERT_TRUE(write_text(ring.memory(), area, big));
    EXPECT_FALSE(write_text(ring.memory(), area, big));  // nobody drains: dropped, not a hang
    EXPECT_EQ(ring.records_dropped(), 1u);
    std::vector<RingRecord> out;
    ring.drain(out);
    EXPECT_EQ(out.size(), 2u);
    EXPECT_TRUE(write_text(ring.memory(), area, big));  // room again
}

TEST(ReportRing, EveryAreaTakenIsCountedNotAHang) {
    ReportRing ring;
    std::string error;
    ASSERT_TRUE(ring.create(error)) << error;
    for (uint32_t i = 0; i < kAreas; ++i) ASSERT_GE(claim_area(ring.memory(), static_cast<int32_t>(1000 + i)), 0);
    EXPECT_EQ(claim_area(ring.memory(), 5000), -1);
    EXPECT_EQ(ring.records_without_area(), 1u);
}

heisen_report sample_report() {
    heisen_report report{};
    report.kind = HEISEN_REPORT_CIRCULAR_DEPENDENCY;
    report.subject.name = "lock_a";
    report.subject.instance = 0x1000;
    report.subject.stack.depth = 2;
    report.subject.stack.pcs[0] = 0x401000;
    report.other.name = "lock_b";
    report.chain_length = 1;
    report.chain[0].from.name = "lock_a";
    report.chain[0].to.name = "lock_b";
    report.held_count = 1;
    report.held[0].name = "@@lock:mutex:55d0:401000@@";
    report.held[0].variable = "table[3]";
    report.usage_first_name = "IN-IRQ-W";
    return report;
}

TEST(ReportRecord, RoundTripsNamesAndLockAddresses) {
    const heisen_report report = sample_report();
    std::vector<unsigned char> record(report_record_bytes(report));
    encode_report(report, record.data(), [](uintptr_t instance) { return instance == 0x1000 ? 0x55d0 : instance; });
    heisen_report decoded;
    ASSERT_TRUE(decode_report(record.data(), record.size(), decoded));
    EXPECT_EQ(decoded.kind, static_cast<uint32_t>(HEISEN_REPORT_CIRCULAR_DEPENDENCY));
    EXPECT_STREQ(decoded.subject.name, "lock_a");
    EXPECT_EQ(decoded.subject.instance, 0x55d0u);
    EXPECT_EQ(decoded.subject.stack.pcs[0], 0x401000u);
    EXPECT_STREQ(decoded.other.name, "lock_b");
    EXPECT_STREQ(decoded.chain[0].to.name, "lock_b");
    EXPECT_STREQ(decoded.held[0].name, "@@lock:mutex:55d0:401000@@");
    EXPECT_STREQ(decoded.held[0].variable, "table[3]");
    EXPECT_EQ(decoded.subject.variable, nullptr);
    EXPECT_STREQ(decoded.usage_first_name, "IN-IRQ-W");
    EXPECT_EQ(decoded.usage_second_name, nullptr);
    EXPECT_EQ(decoded.held[1].name, nullptr);
}

TEST(ReportRecord, RejectsRecordsItDidNotWrite) {
    heisen_report decoded;
    std::vector<unsigned char> short_record(100, 0);
    EXPECT_FALSE(decode_report(short_record.data(), short_record.size(), decoded));
    heisen_report report = sample_report();
    std::vector<unsigned char> record(report_record_bytes(report));
    encode_report(report, record.data(), [](uintptr_t instance) { return instance; });
    // A name pointing past the record, a held count past the array.
    auto *raw = reinterpret_cast<heisen_report *>(record.data());
    raw->other.name = reinterpret_cast<const char *>(uintptr_t{100000});
    EXPECT_FALSE(decode_report(record.data(), record.size(), decoded));
    encode_report(report, record.data(), [](uintptr_t instance) { return instance; });
    raw->held_count = 1000;
    raw->subject.stack.depth = 1000;
    ASSERT_TRUE(decode_report(record.data(), record.size(), decoded));
    EXPECT_EQ(decoded.held_count, static_cast<uint32_t>(HEISEN_REPORT_MAX_HELD));
    EXPECT_EQ(decoded.subject.stack.depth, static_cast<uint32_t>(HEISEN_REPORT_STACK_DEPTH));
    raw->kind = 999;
    EXPECT_FALSE(decode_report(record.data(), record.size(), decoded));
}

}  // namespace
}  // namespace heisen::run
