// repeat_memo_test.cpp — a CPU's memory of repeated acquisitions (core/repeat_memo.h) never
// stands in for a decision that changed: a lock set up again under another name, a retired
// class, another interrupt state, counts that must stay exact.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "fake_port.h"
#include "heisen/heisen.h"

namespace {

class RepeatMemo : public ::testing::Test {
  protected:
    void SetUp() override { fake::reset(); }
    heisen_lock_map *make(const char *name, unsigned kind = HEISEN_LOCK_SPIN,
                          unsigned class_mode = HEISEN_CLASS_BY_NAME) {
        maps_.push_back(heisen_lock_map{});
        heisen_lock_init(&maps_.back(), name, kind, class_mode, nullptr);
        return &maps_.back();
    }
    static void take_and_drop(heisen_lock_map *map, int times) {
        for (int i = 0; i < times; ++i) {
            heisen_acquire(map, 0, 0, nullptr);
            heisen_release(map, nullptr);
        }
    }
    static uint64_t acquisitions_of(const char *name) {
        heisen_class_stats stats[16];
        const size_t n = heisen_get_stats(stats, 16);
        for (size_t i = 0; i < n; ++i)
            if (std::string(stats[i].name) == name) return stats[i].acquisitions;
        return 0;
    }
    std::deque<heisen_lock_map> maps_;  // a deque: the engine keeps pointers to the maps
};

// Repeated acquisitions are counted once each, also when more locks than the CPU remembers
// take turns (each one then pushes another's decision out, and its count with it).
TEST_F(RepeatMemo, AcquisitionsThroughARememberedDecisionAreCountedExactly) {
    heisen_lock_map *only = make("memo.only");
    take_and_drop(only, 1000);
    EXPECT_EQ(acquisitions_of("memo.only"), 1000u);

    const char *names[] = {"memo.t0", "memo.t1", "memo.t2", "memo.t3", "memo.t4", "memo.t5", "memo.t6", "memo.t7"};
    std::vector<heisen_lock_map *> turns;
    for (const char *name : names) turns.push_back(make(name));
    for (int round = 0; round < 50; ++round)
        for (heisen_lock_map *map : turns) take_and_drop(map, 3);
    for (const char *name : names) EXPECT_EQ(acquisitions_of(name), 150u) << name;
    EXPECT_TRUE(fake::port().reports.empty());
}

// Many locks of one class (a table's buckets) share one remembered decision; each acquisition
// still holds its own lock: every release finds it, and nothing is reported.
TEST_F(RepeatMemo, LocksOfOneClassShareADecisionAndEachHoldsItself) {
    std::vector<heisen_lock_map *> buckets;
    for (int i = 0; i < 16; ++i) buckets.push_back(make("memo.bucket"));
    heisen_lock_map *stats = make("memo.stats");
    for (int round = 0; round < 20; ++round)
        for (heisen_lock_map *bucket : buckets) {
            heisen_acquire(bucket, 0, 0, nullptr);
            heisen_acquire(stats, 0, 0, nullptr);
            heisen_release(stats, nullptr);
            heisen_release(bucket, nullptr);
        }
    // A bucket held under the decision another bucket made is released as itself: had the
    // entry named the remembered bucket, this release would be a bad unlock.
    heisen_acquire(buckets[7], 0, 0, nullptr);
    heisen_release(buckets[7], nullptr);
    EXPECT_TRUE(fake::kinds().empty());
    EXPECT_EQ(acquisitions_of("memo.bucket"), 321u);
    EXPECT_EQ(acquisitions_of("memo.stats"), 320u);
}

// The same lock object set up again under another name is another lock: holding it, the
// listing names the new one.
TEST_F(RepeatMemo, ALockSetUpAgainUnderAnotherNameIsTheNewLock) {
    heisen_lock_map *map = make("memo.old.name");
    take_and_drop(map, 5);
    heisen_lock_init(map, "memo.new.name", HEISEN_LOCK_SPIN, HEISEN_CLASS_BY_NAME, nullptr);
    heisen_acquire(map, 0, 0, nullptr);
    fake::port().written.clear();
    heisen_dump_held();
    const std::string &listing = fake::port().written;
    EXPECT_NE(listing.find("memo.new.name"), std::string::npos) << listing;
    EXPECT_EQ(listing.find("memo.old.name"), std::string::npos) << listing;
    heisen_release(map, nullptr);
    EXPECT_EQ(acquisitions_of("memo.new.name"), 1u);
}

// A destroyed lock's instance class is retired: taking the object again starts a new class,
// and what the CPU remembered of the old one counts for nothing.
TEST_F(RepeatMemo, ARetiredClassIsNotTakenForTheLiveOne) {
    heisen_lock_map *map = make("memo.instance", HEISEN_LOCK_SPIN, HEISEN_CLASS_BY_INSTANCE);
    take_and_drop(map, 5);
    heisen_lock_destroy(map);
    take_and_drop(map, 2);
    heisen_class_stats stats[4];
    const size_t n = heisen_get_stats(stats, 4);
    ASSERT_EQ(n, 1u);  // only the live class is listed
    EXPECT_EQ(stats[0].acquisitions, 2u);
}

// A decision that depended on the interrupt state holds only in that state: a sleeping lock,
// where interrupt context may not sleep, taken again with interrupts off is reported.
TEST_F(RepeatMemo, ADecisionMadeWithInterruptsOnDoesNotCoverInterruptsOff) {
    fake::port().irq_context_may_sleep = false;
    heisen_lock_map *sleeping = make("memo.sleeping", HEISEN_LOCK_SLEEP);
    take_and_drop(sleeping, 5);
    EXPECT_TRUE(fake::port().reports.empty());
    fake::port().irqs_enabled = false;
    take_and_drop(sleeping, 1);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"sleep-in-atomic"});
}

// The same with interrupts off first (a kernel's spinning lock always taken with interrupts
// off); taking it once with them on is a new usage the rules must see.
TEST_F(RepeatMemo, ADecisionMadeWithInterruptsOffDoesNotCoverInterruptsOn) {
    fake::port().irq_context_may_sleep = false;
    heisen_lock_map *spinning = make("memo.spinning");
    heisen_irq_enter();
    take_and_drop(spinning, 1);  // used in interrupt context
    heisen_irq_exit();
    fake::port().irqs_enabled = false;
    take_and_drop(spinning, 5);
    EXPECT_TRUE(fake::port().reports.empty());
    fake::port().irqs_enabled = true;
    take_and_drop(spinning, 1);  // held with interrupts on: the handler could interrupt its holder
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"inconsistent-lock-state"});
}

// The held locks below are part of the decision: the same lock under another lock is a new
// order, and the order rules see it.
TEST_F(RepeatMemo, TheSameLockUnderOtherHeldLocksIsJudgedAgain) {
    heisen_lock_map *a = make("memo.a"), *b = make("memo.b");
    take_and_drop(a, 5);
    heisen_acquire(b, 0, 0, nullptr);
    heisen_acquire(a, 0, 0, nullptr);  // b -> a
    heisen_release(a, nullptr);
    heisen_release(b, nullptr);
    heisen_acquire(a, 0, 0, nullptr);
    heisen_acquire(b, 0, 0, nullptr);  // a -> b: a cycle
    heisen_release(b, nullptr);
    heisen_release(a, nullptr);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"circular-dependency"});
}

}  // namespace
