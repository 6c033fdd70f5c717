// selfcheck_test.cpp — the engine's checks of itself (src/core/selfcheck.h): the fast paths'
// verdicts against the full paths', and the order graph's invariants. The checkers are part of
// every build; a HEISEN_SELFCHECK build (make selfcheck) also runs them on every lock operation.
#include <gtest/gtest.h>

#include <deque>

#include "core/fast_path.h"
#include "core/order_graph.h"
#include "core/selfcheck.h"
#include "fake_port.h"
#include "heisen/heisen.h"

namespace {

using namespace heisen::core;

class SelfCheck : public ::testing::Test {
  protected:
    void SetUp() override { fake::reset(); }
    heisen_lock_map *make(const char *name) {
        maps_.push_back(heisen_lock_map{});
        heisen_lock_init(&maps_.back(), name, HEISEN_LOCK_SPIN, HEISEN_CLASS_BY_NAME, nullptr);
        return &maps_.back();
    }
    static void nest(heisen_lock_map *outer, heisen_lock_map *inner) {
        heisen_acquire(outer, 0, 0, nullptr);
        heisen_acquire(inner, 0, 0, nullptr);
        heisen_release(inner, nullptr);
        heisen_release(outer, nullptr);
    }
    // `map` once taken and released: its sequence is known, so the next take is a repeated one.
    static RepeatedAcquisition repeated(heisen_lock_map *map) {
        heisen_acquire(map, 0, 0, nullptr);
        heisen_release(map, nullptr);
        RepeatedAcquisition r{};
        EXPECT_TRUE(repeated_acquisition(map, 0, r));
        return r;
    }
    std::deque<heisen_lock_map> maps_;
};

constexpr uintptr_t kIp = 0x1234;

TEST_F(SelfCheck, AnOrderGraphBuiltByAcquisitionsKeepsItsInvariants) {
    heisen_lock_map *a = make("a"), *b = make("b"), *c = make("c");
    nest(a, b);
    nest(b, c);
    nest(a, c);
    EXPECT_EQ(edge_count(), 3u);
    EXPECT_EQ(order_graph_violation(), nullptr);
}

// Each invariant, broken on purpose, is the one named; put back, the graph passes again.
TEST_F(SelfCheck, EachBrokenInvariantOfTheOrderGraphIsNamed) {
    heisen_lock_map *a = make("a"), *b = make("b");
    nest(a, b);
    const uint32_t from = static_cast<uint32_t>(a->class_index - 1), to = static_cast<uint32_t>(b->class_index - 1);
    const int index = edge_between(from, to);
    ASSERT_GE(index, 0);
    OrderEdge &edge = order_edge(static_cast<uint32_t>(index));

    edge.to = from;
    EXPECT_STREQ(order_graph_violation(), "order graph: an edge from a class to itself");
    edge.to = to;

    edge.live = 0;
    EXPECT_STREQ(order_graph_violation(), "order graph: the live-edge count disagrees with the edge table");
    edge.live = 1;

    lock_class(from).first_out = 0;
    EXPECT_STREQ(order_graph_violation(), "order graph: a live edge is missing from its classes' edge lists");
    lock_class(from).first_out = static_cast<uint32_t>(index) + 1;

    lock_class(to).first_out = static_cast<uint32_t>(index) + 1;
    EXPECT_STREQ(order_graph_violation(), "order graph: a class's out-edge list holds an edge that does not leave it");
    lock_class(to).first_out = 0;

    EXPECT_EQ(order_graph_violation(), nullptr);
}

TEST_F(SelfCheck, ARepeatedAcquisitionAndItsReleaseAgreeWithTheFullPaths) {
    heisen_lock_map *a = make("a");
    const RepeatedAcquisition r = repeated(a);
    check_repeated_acquisition(a, 0, kIp, r);
    ASSERT_EQ(r.stack->depth, 1u);
    EXPECT_EQ(r.stack->locks[0].map, a);
    EXPECT_EQ(r.stack->locks[0].ip, kIp);
    uint32_t depth = 0;
    CpuState *cpu = newest_release(a, depth);
    ASSERT_NE(cpu, nullptr);
    check_newest_release(a, kIp, *cpu, depth);
    EXPECT_EQ(cpu->held.depth, 0u);
    EXPECT_TRUE(fake::kinds().empty());
}

TEST_F(SelfCheck, FailsWhenTheFastPathWouldPushAnotherEntry) {
    heisen_lock_map *a = make("a");
    RepeatedAcquisition r = repeated(a);
    r.entry_key ^= 1;
    EXPECT_EXIT(check_repeated_acquisition(a, 0, kIp, r), ::testing::ExitedWithCode(77),
                "^heisen: self-check failed: the full path pushed another held-lock entry than the fast path would have\n$");
}

// The class forgets its usage between the fast path's decision and the full path's: the full
// path has a usage bit to set, which the fast path never does.
TEST_F(SelfCheck, FailsWhenTheFullPathHasARuleToApply) {
    heisen_lock_map *a = make("a");
    const RepeatedAcquisition r = repeated(a);
    r.cls->usage = 0;
    EXPECT_EXIT(check_repeated_acquisition(a, 0, kIp, r), ::testing::ExitedWithCode(77),
                "^heisen: self-check failed: the fast path took an acquisition on which the full path had a rule to apply\n$");
}

TEST_F(SelfCheck, FailsWhenTheFullPathReleasesAnotherEntryThanTheNewest) {
    heisen_lock_map *a = make("a"), *b = make("b");
    nest(a, b);
    heisen_acquire(a, 0, 0, nullptr);
    heisen_acquire(b, 0, 0, nullptr);
    uint32_t depth = 0;
    CpuState *cpu = newest_release(b, depth);
    ASSERT_NE(cpu, nullptr);
    // The fast path's claim, wrong on purpose: `a` is not the newest entry.
    EXPECT_EXIT(check_newest_release(a, kIp, *cpu, depth), ::testing::ExitedWithCode(77),
                "^heisen: self-check failed: the full path removed another held-lock entry than the newest on a "
                "release the fast path took\n$");
}

#if HEISEN_SELFCHECK
// In a self-check build the engine runs the checks itself: an order graph broken before an
// insertion stops the program at that insertion.
TEST_F(SelfCheck, ABrokenOrderGraphStopsTheProgramAtTheNextInsertion) {
    heisen_lock_map *a = make("a"), *b = make("b"), *c = make("c");
    nest(a, b);
    lock_class(static_cast<uint32_t>(a->class_index - 1)).first_out = 0;
    EXPECT_EXIT(nest(b, c), ::testing::ExitedWithCode(77),
                "^heisen: self-check failed: order graph: a live edge is missing from its classes' edge lists\n$");
}
#endif

}  // namespace
