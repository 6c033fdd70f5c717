// End-to-end: deadlocks happening now under `heisen run` — threads blocked in a cycle are
// reported as "deadlock detected" and, by default, the program exits with status 66 instead of
// hanging; with --on-deadlock=report it hangs as it would without heisen. Programs that contend,
// time out, fork or take signals while blocked are never reported and run unchanged.
#include <gtest/gtest.h>

#include <string>

#include "heisen_runner_fixture.h"

namespace heisen::test {
namespace {

constexpr const char kDeadlock[] = "BUG: deadlock detected";
constexpr int kDeadlockStatus = 66;

TEST(LiveDeadlock, TwoThreadsHoldingEachOthersLockExitWithTheDeadlockStatus) {
    CommandResult r = heisen_run({}, "live_deadlock", {"abba"}, 20);
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_status, kDeadlockStatus);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(count_of(r.err, kDeadlock), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "2 contexts are blocked, each waiting for the next:");
    EXPECT_CONTAINS(r.err, " waits for \"lock_a\"");
    EXPECT_CONTAINS(r.err, " waits for \"lock_b\"");
    EXPECT_CONTAINS(r.err, "hold_then_take+");
    EXPECT_CONTAINS(r.err, "(live_deadlock.c:46)");  // where each waits
    EXPECT_CONTAINS(r.err, "(live_deadlock.c:44)");  // where each took its first lock
    EXPECT_CONTAINS(r.err, "1 lock held by cpu ");
    EXPECT_CONTAINS(r.err, "*** DEADLOCK ***");
    EXPECT_CONTAINS(r.err, "heisen: deadlock (reported above): the program is stopped with exit status 66\n");
    // The order cycle was reported as it formed, before anyone blocked.
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
}

TEST(LiveDeadlock, ThreeThreadCycleIsReportedWithEveryThread) {
    CommandResult r = heisen_run({}, "live_deadlock", {"three"}, 20);
    EXPECT_EQ(r.exit_status, kDeadlockStatus);
    EXPECT_EQ(count_of(r.err, kDeadlock), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "3 contexts are blocked, each waiting for the next:");
    EXPECT_CONTAINS(r.err, " waits for \"lock_a\"");
    EXPECT_CONTAINS(r.err, " waits for \"lock_b\"");
    EXPECT_CONTAINS(r.err, " waits for \"lock_c\"");
    const std::string live = r.err.substr(r.err.find(kDeadlock));  // after the order reports
    EXPECT_EQ(count_of(live, "1 lock held by cpu "), 3u) << r.err;
}

TEST(LiveDeadlock, ReportOnlyLeavesTheProgramBlocked) {
    CommandResult r = heisen_run({"--on-deadlock=report"}, "live_deadlock", {"abba"}, 4);
    EXPECT_TRUE(r.timed_out);  // it hangs as it would natively; the fixture then stops it
    EXPECT_EQ(r.exit_status, 128 + 15);
    EXPECT_EQ(count_of(r.err, kDeadlock), 1u) << r.err;
    EXPECT_LACKS(r.err, "the program is stopped");
}

TEST(LiveDeadlock, ExitCodeOptionStillWins) {
    CommandResult r = heisen_run({"--exitcode", "3"}, "live_deadlock", {"abba"}, 20);
    EXPECT_EQ(r.exit_status, 3);
    EXPECT_EQ(count_of(r.err, kDeadlock), 1u) << r.err;
}

TEST(LiveDeadlock, JoinHoldingTheLockTheJoinedThreadWaitsForIsReported) {
    CommandResult r = heisen_run({}, "live_deadlock", {"join"}, 20);
    EXPECT_EQ(r.exit_status, kDeadlockStatus);
    EXPECT_EQ(count_of(r.err, kDeadlock), 1u) << r.err;
    EXPECT_CONTAINS(r.err, " waits for \"lock_a\"");
    EXPECT_CONTAINS(r.err, " waits for \"exit of thread (created live_deadlock.c:75)\", the end of cpu ");
    EXPECT_CONTAINS(r.err, "(live_deadlock.c:76)");  // the pthread_join
    EXPECT_CONTAINS(r.err, "(live_deadlock.c:67)");  // the joined thread's lock
}

TEST(LiveDeadlock, RwlockWriterAndMutexHolderAreReported) {
    CommandResult r = heisen_run({}, "live_deadlock", {"rwlock"}, 20);
    EXPECT_EQ(r.exit_status, kDeadlockStatus);
    EXPECT_EQ(count_of(r.err, kDeadlock), 1u) << r.err;
    EXPECT_CONTAINS(r.err, " waits for \"table_lock\"");
    EXPECT_CONTAINS(r.err, " waits for \"lock_a\"");
}

// A spinlock records no owner: the one thread heisen saw take it is. (Waiting at the barrier
// holding a spinlock is also a sleep in atomic context, reported as such.)
TEST(LiveDeadlock, SpinlocksHeldByEachOtherAreReported) {
    CommandResult r = heisen_run({}, "live_deadlock", {"spin"}, 20);
    EXPECT_EQ(r.exit_status, kDeadlockStatus);
    EXPECT_EQ(count_of(r.err, kDeadlock), 1u) << r.err;
    EXPECT_CONTAINS(r.err, " waits for \"spin_a\"");
    EXPECT_CONTAINS(r.err, " waits for \"spin_b\"");
    EXPECT_CONTAINS(r.err, "(live_deadlock.c:109)");  // where each spins
}

// Relocking a default mutex: reported as recursive locking when it is called (as before), then
// stopped like any deadlock — one report, not two.
TEST(LiveDeadlock, SelfDeadlockIsTheRecursiveLockingReportThenTheDeadlockStatus) {
    CommandResult r = heisen_run({}, "self_deadlock", {}, 20);
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_status, kDeadlockStatus);
    EXPECT_EQ(count_of(r.err, kRecursive), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, kDeadlock), 0u) << r.err;
    EXPECT_CONTAINS(r.err, "heisen: a thread waits for a lock it holds (reported above): the program is stopped "
                           "with exit status 66\n");
}

TEST(LiveDeadlock, ContendedThreadsAndTrylockLoopsAreNeverADeadlock) {
    for (int run = 0; run < 3; ++run) {
        CommandResult r = heisen_run({}, "live_deadlock", {"contend"}, 60);
        EXPECT_EQ(r.exit_status, 0);
        EXPECT_EQ(r.out, "live_deadlock: contend done\n");
        EXPECT_FALSE(has_any_report(r.err)) << r.err;
    }
}

TEST(LiveDeadlock, TimedLockThatTimesOutIsNoDeadlock) {
    CommandResult r = heisen_run({}, "live_deadlock", {"timed"}, 20);
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "live_deadlock: timedlock timed out\nlive_deadlock: timed done\n");
    EXPECT_LACKS(r.err, kDeadlock);
}

TEST(LiveDeadlock, ForkWhileAThreadIsBlockedIsNoDeadlockInEitherProcess) {
    CommandResult r = heisen_run({}, "live_deadlock", {"fork"}, 20);
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "live_deadlock: child exited 7\nlive_deadlock: fork done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(LiveDeadlock, SignalsToABlockedThreadAreHandledAndItGoesOn) {
    CommandResult r = heisen_run({}, "live_deadlock", {"signal"}, 20);
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "live_deadlock: 5 signals\nlive_deadlock: signal done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// A handler interrupting a blocked lock call is not blocked: the lock it holds meanwhile is
// waited for by main, which holds what the interrupted call waits for — yet the handler returns.
TEST(LiveDeadlock, SignalHandlerHoldingALockWhileItsThreadIsBlockedIsNoDeadlock) {
    CommandResult r = heisen_run({}, "live_deadlock", {"handler"}, 20);
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "live_deadlock: handler done\n");
    EXPECT_LACKS(r.err, kDeadlock);
}

TEST(LiveDeadlock, OnDeadlockRejectsAnUnknownAction) {
    CommandResult r = heisen_run({"--on-deadlock=wait"}, "live_deadlock", {"abba"}, 20);
    EXPECT_EQ(r.exit_status, 2);
    EXPECT_CONTAINS(r.err, "--on-deadlock must be exit or report, not 'wait'");
}

}  // namespace
}  // namespace heisen::test
