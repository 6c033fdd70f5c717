// linked_threads_test.cpp — the engine under real threads through the linked port: many
// threads creating classes, adding order edges and filling the chain cache at once must
// neither lose a real report nor invent one.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
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

}  // namespace
