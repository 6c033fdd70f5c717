// End-to-end: waits and events under `heisen run` — a wait (condition variable, join, semaphore,
// barrier) holding a lock that whatever it waits for needs first is a "possible circular wait
// dependency", reported in a run that does not hang; the correct variant of each is silent.
#include <gtest/gtest.h>

#include <string>

#include "heisen_runner_fixture.h"

namespace heisen::test {
namespace {

constexpr const char kCircularWait[] = "WARNING: possible circular wait dependency detected";

// --- condition variables ------------------------------------------------------------------------

TEST(Waits, ConditionSignallerThatNeedsTheWaitersLockIsReported) {
    CommandResult r = heisen_run({"--condition-waits"}, "cond_events", {"signal"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "cond_events: signal woken\n");
    EXPECT_EQ(count_of(r.err, kCircularWait), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, "WARNING: "), 1u) << r.err;
    EXPECT_CONTAINS(r.err, " triggers event:\n  \"queue_ready\" (event)");
    EXPECT_CONTAINS(r.err, "#0 signaller+");
    EXPECT_CONTAINS(r.err, "(cond_events.c:51)");  // the pthread_cond_signal
    EXPECT_CONTAINS(r.err, "after acquiring lock:\n  \"config_lock\" (sleeping)");
    EXPECT_CONTAINS(r.err, "\"config_lock\" was held while waiting for \"queue_ready\"");
    EXPECT_CONTAINS(r.err, "(cond_events.c:70)");  // the pthread_cond_wait
    // The condition's own mutex is given up by the wait: it is no part of the cycle.
    EXPECT_CONTAINS(r.err, "Chain exists of:\n  \"config_lock\" --> \"queue_ready\" --> \"config_lock\"\n");
}

TEST(Waits, ConditionBroadcastIsAnEventToo) {
    CommandResult r = heisen_run({"--condition-waits"}, "cond_events", {"broadcast"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "cond_events: broadcast woken\n");
    EXPECT_EQ(count_of(r.err, kCircularWait), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "(cond_events.c:49)");  // the pthread_cond_broadcast
    EXPECT_CONTAINS(r.err, "\"config_lock\" was held while waiting for \"queue_ready\"");
}

TEST(Waits, C11ConditionSignallerThatNeedsTheWaitersLockIsReported) {
    CommandResult r = heisen_run({"--condition-waits"}, "cond_events", {"c11"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "cond_events: c11 woken\n");
    EXPECT_EQ(count_of(r.err, kCircularWait), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"config_lock\" was held while waiting for \"c11_queue_ready\"");
    EXPECT_CONTAINS(r.err, "(cond_events.c:42)");  // the cnd_signal
    EXPECT_CONTAINS(r.err, "(cond_events.c:65)");  // the cnd_wait
}

TEST(Waits, ConditionWaitHoldingALockTheSignallerDoesNotNeedIsSilent) {
    CommandResult r = heisen_run({"--condition-waits"}, "cond_events", {"other-lock"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "cond_events: other-lock woken\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// A timed wait ends at its deadline: the signaller needing config_lock delays it, never hangs it.
TEST(Waits, TimedConditionWaitHoldingALockTheSignallerNeedsIsSilent) {
    CommandResult r = heisen_run({"--condition-waits"}, "cond_events", {"timeout"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "cond_events: timeout timed out\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// Without --condition-waits, condition variables are not waits and events (heisen-run.md says why).
TEST(Waits, ConditionSignallerThatNeedsTheWaitersLockIsSilentWithoutConditionWaits) {
    CommandResult r = heisen_run({}, "cond_events", {"signal"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "cond_events: signal woken\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// --- pthread_join -------------------------------------------------------------------------------

TEST(Waits, JoinHoldingALockTheJoinedThreadTakesIsReported) {
    CommandResult r = heisen_run({}, "join_events", {"held"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "join_events: held done\n");
    EXPECT_EQ(count_of(r.err, kCircularWait), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, "WARNING: "), 1u) << r.err;
    // The thread may end just before or just after the join starts: either edge closes the cycle.
    EXPECT_CONTAINS(r.err, "\"exit of thread (created join_events.c:61)\" (event)");
    EXPECT_CONTAINS(r.err, "(join_events.c:65)");  // the pthread_join
    EXPECT_CONTAINS(r.err, "\"registry_lock\" (sleeping)");
    EXPECT_CONTAINS(r.err, "Chain exists of:\n  \"");
    EXPECT_CONTAINS(r.err, "#0 unregister+");  // where the thread took it
    EXPECT_CONTAINS(r.err, "(join_events.c:24)");
}

TEST(Waits, C11JoinHoldingALockTheJoinedThreadTakesIsReported) {
    CommandResult r = heisen_run({}, "join_events", {"c11"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "join_events: c11 done\n");
    EXPECT_EQ(count_of(r.err, kCircularWait), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"exit of thread (created join_events.c:47)\" (event)");
    EXPECT_CONTAINS(r.err, "(join_events.c:50)");  // the thrd_join
}

TEST(Waits, JoinHoldingALockTheJoinedThreadNeverTakesIsSilent) {
    CommandResult r = heisen_run({}, "join_events", {"unrelated"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "join_events: unrelated done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(Waits, JoinAfterReleasingTheLockIsSilent) {
    CommandResult r = heisen_run({}, "join_events", {"released"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "join_events: released done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// A thread that announced its end under the lock (a condition broadcast) needs nothing more to
// end: joining it holding that lock is safe (pigz's join_all does it).
TEST(Waits, JoinHoldingALockTheJoinedThreadAnnouncedItsEndUnderIsSilent) {
    CommandResult r = heisen_run({}, "join_events", {"announced"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "join_events: announced done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// --- semaphores used as events -----------------------------------------------------------------

TEST(Waits, CountingSemaphoreWaitHoldingALockThePosterNeedsIsReported) {
    CommandResult r = heisen_run({}, "semaphore_events", {"counting"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "semaphore_events: counting posted\n");
    EXPECT_EQ(count_of(r.err, kCircularWait), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, "WARNING: "), 1u) << r.err;
    EXPECT_CONTAINS(r.err, " is about to wait for event:\n  \"items\" (event)");
    EXPECT_CONTAINS(r.err, "(semaphore_events.c:95)");  // the sem_wait
    EXPECT_CONTAINS(r.err, "while holding lock:\n  \"pool_lock\" (sleeping)");
    EXPECT_CONTAINS(r.err, "\"items\" was triggered after \"pool_lock\" was acquired");
    EXPECT_CONTAINS(r.err, "(semaphore_events.c:31)");  // the sem_post
}

// CPython's pattern (interpose_semaphore.cpp): a binary semaphore armed by one thread (a lock so
// far) and posted by another is a signal, with --condition-waits an event from then on — and
// main's arming is no held lock (no "task exiting with locks held", no bad unlock).
TEST(Waits, BinarySemaphoreUsedAsASignalIsAnEventWithConditionWaits) {
    CommandResult r = heisen_run({"--condition-waits"}, "semaphore_events", {"binary"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "semaphore_events: binary posted\n");
    EXPECT_EQ(count_of(r.err, kCircularWait), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, "WARNING: "), 1u) << r.err;
    EXPECT_CONTAINS(r.err, " is about to wait for event:\n  \"items\" (event)");
    EXPECT_CONTAINS(r.err, "(semaphore_events.c:95)");  // the sem_wait
    EXPECT_CONTAINS(r.err, "while holding lock:\n  \"pool_lock\" (sleeping)");
    EXPECT_CONTAINS(r.err, "\"items\" was triggered after \"pool_lock\" was acquired");
    EXPECT_CONTAINS(r.err, "(semaphore_events.c:31)");  // the sem_post
}

// Without --condition-waits a signal is neither lock nor event: no report of either kind.
TEST(Waits, BinarySemaphoreUsedAsASignalIsSilentWithoutConditionWaits) {
    CommandResult r = heisen_run({}, "semaphore_events", {"binary"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "semaphore_events: binary posted\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(Waits, BinarySemaphoreSignalWaitedForHoldingNothingIsSilent) {
    CommandResult r = heisen_run({"--condition-waits"}, "semaphore_events", {"binary-correct"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "semaphore_events: binary-correct posted\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// A thread that waits for a post only it makes, holding the lock it takes to post: predicted
// from a run where its own earlier post lets the wait return.
TEST(Waits, SemaphoreSelfWaitHoldingTheLockItsOwnPostNeedsIsReported) {
    CommandResult r = heisen_run({}, "semaphore_events", {"self"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "semaphore_events: self posted\n");
    EXPECT_EQ(count_of(r.err, kCircularWait), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, "WARNING: "), 1u) << r.err;
    EXPECT_CONTAINS(r.err, " is about to wait for event:\n  \"items\" (event)");
    EXPECT_CONTAINS(r.err, "#0 wait_for_own_flush+");
    EXPECT_CONTAINS(r.err, "(semaphore_events.c:69)");  // the sem_wait
    EXPECT_CONTAINS(r.err, "while holding lock:\n  \"pool_lock\" (sleeping)");
    EXPECT_CONTAINS(r.err, "\"items\" was triggered after \"pool_lock\" was acquired");
    EXPECT_CONTAINS(r.err, "#0 flush_and_announce+");
    EXPECT_CONTAINS(r.err, "(semaphore_events.c:60)");  // its own sem_post
}

TEST(Waits, SemaphoreSelfWaitAfterLettingGoOfTheLockIsSilent) {
    CommandResult r = heisen_run({}, "semaphore_events", {"self-correct"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "semaphore_events: self-correct posted\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(Waits, CountingSemaphoreUsedAsAPoolOfSlotsWithALockHeldIsSilent) {
    CommandResult r = heisen_run({}, "semaphore_events", {"pool"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "semaphore_events: pool done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(Waits, SemaphoreWaitHoldingNothingIsSilent) {
    CommandResult r = heisen_run({}, "semaphore_events", {"correct"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "semaphore_events: correct posted\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// --- barriers -----------------------------------------------------------------------------------

TEST(Waits, BarrierWaitHoldingALockAnotherParticipantTakesIsReported) {
    CommandResult r = heisen_run({}, "barrier_events", {"held"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "barrier_events: held done\n");
    EXPECT_EQ(count_of(r.err, kCircularWait), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, "WARNING: "), 1u) << r.err;
    EXPECT_CONTAINS(r.err, " is about to wait for event:\n  \"round_done\" (event)");
    EXPECT_CONTAINS(r.err, "(barrier_events.c:35)");  // main's round-2 wait
    EXPECT_CONTAINS(r.err, "while holding lock:\n  \"table_lock\" (sleeping)");
    EXPECT_CONTAINS(r.err, "\"round_done\" was triggered after \"table_lock\" was acquired");
    EXPECT_CONTAINS(r.err, "(barrier_events.c:21)");  // the helper's arrival
}

TEST(Waits, BarrierWaitHoldingALockNoParticipantNeedsIsSilent) {
    CommandResult r = heisen_run({}, "barrier_events", {"correct"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "barrier_events: correct done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// --- Python (CPython's Lock, Event, Condition, Barrier, Queue, join; its GIL) -------------------

// In the default setting: with --condition-waits, CPython's GIL hand-over is sometimes reported
// (docs/waits-validation.md).
TEST(Waits, PythonThreadingPrimitivesAreSilent) {
    CommandResult r = run_command({HEISEN_BINARY, "run", "--", "/usr/bin/python3",
                                   std::string(HEISEN_TEST_SOURCE_DIR) + "/python_events.py"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "python_events: [0, 1]\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

}  // namespace
}  // namespace heisen::test
