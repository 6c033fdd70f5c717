// linked_threads_test.cpp — the engine under real threads through the linked port: many
// threads creating classes, adding order edges and filling the chain cache at once must
// neither lose a real report nor invent one.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "heisen/heisen.h"
#include "heisen/heisen.hpp"

namespace {

constexpr int kThreads = 8;
constexpr int kRounds = 20000;

// Every thread takes the same locks in one global order, across many classes and sequences.
TEST(LinkedThreads, ConsistentOrderAcrossThreadsReportsNothing) {
    const uint32_t before = heisen_report_count();
    static heisen::validated<std::mutex> locks[6] = {
        heisen::validated<std::mutex>{"ordered.0"}, heisen::validated<std::mutex>{"ordered.1"},
        heisen::validated<std::mutex>{"ordered.2"}, heisen::validated<std::mutex>{"ordered.3"},
        heisen::validated<std::mutex>{"ordered.4"}, heisen::validated<std::mutex>{"ordered.5"}};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([t] {
            for (int round = 0; round < kRounds; ++round) {
                // A different increasing subset each round: new chains keep appearing for a while.
                int first = (t + round) % 6;
                for (int i = first; i < 6; i += 1 + (round % 2)) locks[i].lock();
                for (int i = 5; i >= first; --i)
                    if ((i - first) % (1 + (round % 2)) == 0) locks[i].unlock();
            }
        });
    }
    for (std::thread &th : threads) th.join();
    EXPECT_EQ(heisen_report_count(), before);
}

// Half the threads take A then B, the other half B then A, one at a time (so nothing hangs):
// exactly one report, however the threads interleave.
TEST(LinkedThreads, OppositeOrdersFromManyThreadsAreReportedOnce) {
    const uint32_t before = heisen_report_count();
    static heisen::validated<std::mutex> a{"threads.a"}, b{"threads.b"};
    static std::mutex turn;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([t] {
            for (int round = 0; round < 200; ++round) {
                std::lock_guard serial(turn);
                if (t % 2) {
                    std::lock_guard first(a);
                    std::lock_guard second(b);
                } else {
                    std::lock_guard first(b);
                    std::lock_guard second(a);
                }
            }
        });
    }
    for (std::thread &th : threads) th.join();
    EXPECT_EQ(heisen_report_count(), before + 1);
}

// Statistics are exact under concurrency: every acquisition of a lock shared by all threads is
// counted once, even though each thread counts on its own CPU slot and alternates between
// classes (which moves counts from the CPU into the class).
TEST(LinkedThreads, AcquisitionCountsAreExactUnderConcurrency) {
    static heisen::validated<std::mutex> shared{"counted.shared"};
    static heisen::validated<std::mutex> own[kThreads] = {
        heisen::validated<std::mutex>{"counted.own"}, heisen::validated<std::mutex>{"counted.own"},
        heisen::validated<std::mutex>{"counted.own"}, heisen::validated<std::mutex>{"counted.own"},
        heisen::validated<std::mutex>{"counted.own"}, heisen::validated<std::mutex>{"counted.own"},
        heisen::validated<std::mutex>{"counted.own"}, heisen::validated<std::mutex>{"counted.own"}};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([t] {
            for (int round = 0; round < kRounds; ++round) {
                std::lock_guard first(shared);
                std::lock_guard second(own[t]);
            }
        });
    }
    for (std::thread &th : threads) th.join();
    heisen_class_stats stats[256];
    size_t n = heisen_get_stats(stats, 256);
    ASSERT_LE(n, 256u);
    uint64_t shared_count = 0, own_count = 0;
    for (size_t i = 0; i < n; ++i) {
        if (std::string(stats[i].name) == "counted.shared") shared_count += stats[i].acquisitions;
        if (std::string(stats[i].name) == "counted.own") own_count += stats[i].acquisitions;
    }
    EXPECT_EQ(shared_count, uint64_t(kThreads) * kRounds);
    EXPECT_EQ(own_count, uint64_t(kThreads) * kRounds);
}

}  // namespace
