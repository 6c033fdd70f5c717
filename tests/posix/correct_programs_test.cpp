// End-to-end: correct programs that use locks in ways a lock validator can mistake for bugs stay
// silent under `heisen run`, and the buggy variant of each pattern is still reported.
#include <gtest/gtest.h>

#include <string>

#include "heisen_runner_fixture.h"

namespace heisen::test {
namespace {

// --- semaphores used to signal (CPython's Lock, Event and Condition) ---------------------------

TEST(CorrectPrograms, SemaphoreWaitedTwiceAndPostedByAnotherThreadIsAnEventNotADeadlock) {
    CommandResult r = heisen_run({}, "semaphore_signal", {"event"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "semaphore_signal: event done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, ConditionWaitOnASemaphoreThatTimesOutIsSilent) {
    CommandResult r = heisen_run({}, "semaphore_signal", {"timeout"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "semaphore_signal: timeout done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, SemaphoreTokenTakenByAThreadThatEndsIsSilent) {
    CommandResult r = heisen_run({}, "semaphore_signal", {"token"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "semaphore_signal: token done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// The buggy variant (a semaphore used as a lock in a cycle) is end_to_end_test.cpp's
// SemaphoreUsedAsALockTakesPartInCycles.

// --- cancellation inside pthread_cond_wait ------------------------------------------------------

TEST(CorrectPrograms, ThreadCancelledInConditionWaitUnlockingInItsCleanupHandlerIsSilent) {
    CommandResult r = heisen_run({}, "cond_cancel", {"cleanup"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "cond_cancel: cleanup done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, ThreadCancelledInConditionWaitWithoutCleanupEndsHoldingTheMutex) {
    CommandResult r = heisen_run({}, "cond_cancel", {"no-cleanup"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "cond_cancel: no-cleanup done\n");
    EXPECT_EQ(count_of(r.err, kExitHeld), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, "WARNING: "), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"queue_lock\"");
    EXPECT_CONTAINS(r.err, "wait_without_cleanup+");
}

// --- every locking entry point --------------------------------------------------------------------

TEST(CorrectPrograms, RwlockClockrdlockAndClockwrlockAreAcquisitions) {
    CommandResult r = heisen_run({}, "entry_points", {"clock-rwlock"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "entry_points: clock-rwlock done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, RwlockClockwrlockInACycleWithAMutexIsReported) {
    CommandResult r = heisen_run({}, "entry_points", {"clock-cycle"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, "WARNING: "), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"index_rwlock\" (rw, write)");
    EXPECT_CONTAINS(r.err, "\"index_mutex\"");
    EXPECT_CONTAINS(r.err, "(entry_points.c:45)");
}

TEST(CorrectPrograms, OldExportedMutexNamesAreValidated) {
    CommandResult r = heisen_run({}, "entry_points", {"old-names"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"old_lock_a\"");
    EXPECT_CONTAINS(r.err, "(entry_points.c:128)");
}

TEST(CorrectPrograms, C11MutexesAndConditionVariablesUsedCorrectlyAreSilent) {
    CommandResult r = heisen_run({}, "entry_points", {"c11"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "entry_points: c11 done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, C11MutexesInACycleAreReported) {
    CommandResult r = heisen_run({}, "entry_points", {"c11-cycle"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"jobs_mtx\"");
    EXPECT_CONTAINS(r.err, "\"stats_mtx\"");
    EXPECT_CONTAINS(r.err, "stats_then_jobs+");
    EXPECT_CONTAINS(r.err, "(entry_points.c:99)");
}

TEST(CorrectPrograms, ThreadCancelledWhileSleepingWithAMutexHeldEndsHoldingIt) {
    CommandResult r = heisen_run({}, "cond_cancel", {"sleeping"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "cond_cancel: sleeping done\n");
    EXPECT_EQ(count_of(r.err, kExitHeld), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"queue_lock\"");
    EXPECT_CONTAINS(r.err, "sleep_holding+");
}

// --- handlers of synchronous faults are not interrupts -------------------------------------------

TEST(CorrectPrograms, SegvHandlerTakingALockHeldElsewhereWithSignalsOnIsSilent) {
    CommandResult r = heisen_run({}, "fault_handler", {"segv"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "fault_handler: segv done, 1 fault(s) handled\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, TrapHandlerTakingALockHeldElsewhereWithSignalsOnIsSilent) {
    CommandResult r = heisen_run({}, "fault_handler", {"trap"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "fault_handler: trap done, 1 fault(s) handled\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, FaultHandlerTakingTheLockItsFaultingCodeHoldsIsASelfDeadlock) {
    CommandResult r = heisen_run({}, "fault_handler", {"segv-held"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kRecursive), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, "WARNING: "), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "this context will wait for itself forever");
    EXPECT_CONTAINS(r.err, "on_fault+");
    EXPECT_CONTAINS(r.err, "(fault_handler.c:25)");
}

TEST(CorrectPrograms, SegvSentByRaiseIsStillAnInterrupt) {
    CommandResult r = heisen_run({}, "fault_handler", {"async"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kInconsistent), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"fault_log_lock\"");
    EXPECT_CONTAINS(r.err, "(fault_handler.c:25)");
}

// --- handlers that only try-lock, and handlers left by siglongjmp ---------------------------------

TEST(CorrectPrograms, SignalHandlerThatOnlyTryLocksCannotDeadlock) {
    CommandResult r = heisen_run({}, "signal_jumps", {"try"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "signal_jumps: try done, 2 update(s)\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, SiglongjmpOutOfAHandlerLeavesHandlerContext) {
    CommandResult r = heisen_run({}, "signal_jumps", {"leave"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "signal_jumps: leave done, 2 update(s)\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, HandlerLockingWhatMainHoldsAfterASiglongjmpIsInconsistent) {
    CommandResult r = heisen_run({}, "signal_jumps", {"leave-share"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kInconsistent), 1u) << r.err;
    // The handler's acquisition is the interrupt usage; main's are with interrupts on.
    EXPECT_CONTAINS(r.err, "{IN-IRQ-W} state was registered at:\n  #0 on_usr1+");
    EXPECT_CONTAINS(r.err, "(signal_jumps.c:26)");
}

// --- robust mutexes ---------------------------------------------------------------------------------

TEST(CorrectPrograms, RobustMutexWhoseOwnerDiedIsAcquiredWithEownerdead) {
    CommandResult r = heisen_run({}, "robust_mutex", {"owner-dies"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "robust_mutex: owner-dies done, owner died\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, RobustMutexTrylockReturningEownerdeadIsAnAcquisition) {
    CommandResult r = heisen_run({}, "robust_mutex", {"trylock"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "robust_mutex: trylock done, owner died\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, RobustMutexesInACycleAreReported) {
    CommandResult r = heisen_run({}, "robust_mutex", {"cycle"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"job_lock\"");
    EXPECT_CONTAINS(r.err, "(robust_mutex.c:28)");
}

// --- lock memory used again ---------------------------------------------------------------------------

TEST(CorrectPrograms, StaticallyInitialisedMutexAtAReusedStackAddressStartsUnheld) {
    CommandResult r = heisen_run({}, "reused_lock_memory", {"stack"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "reused_lock_memory: stack done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, StaticallyInitialisedMutexAtAReusedHeapAddressIsANewLock) {
    CommandResult r = heisen_run({}, "reused_lock_memory", {"heap"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "reused_lock_memory: heap done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, OneHeapMutexTakenInBothOrdersIsACycle) {
    CommandResult r = heisen_run({}, "reused_lock_memory", {"heap-same"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"registry_lock\"");
    EXPECT_CONTAINS(r.err, "(reused_lock_memory.c:45)");
}

TEST(CorrectPrograms, InitialisingAMutexItsThreadHoldsIsReported) {
    CommandResult r = heisen_run({}, "reused_lock_memory", {"reinit-held"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kHeldFreed), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"registry_lock\"");
    EXPECT_CONTAINS(r.err, "(reused_lock_memory.c:57)");
}

TEST(CorrectPrograms, StdMutexInFreedHeapMemoryDoesNotMergeWithTheNextOne) {
    CommandResult r = heisen_run({}, "reused_std_mutex", {"reuse"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "reused_std_mutex: reuse done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, OneStdMutexTakenInBothOrdersIsACycle) {
    CommandResult r = heisen_run({}, "reused_std_mutex", {"same"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "bank::ledger_mutex");
    EXPECT_CONTAINS(r.err, "bank::ledger_then_account(");
}

// --- what reports say about held locks --------------------------------------------------------------

TEST(CorrectPrograms, ThreadWhoseLockWasReleasedByAnotherEndsHoldingNothing) {
    CommandResult r = heisen_run({}, "held_listing", {"released-elsewhere"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kNonOwner), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, "WARNING: "), 1u) << r.err;
    EXPECT_LACKS(r.err, kExitHeld);  // it held nothing when it ended: no report listing 0 locks
}

TEST(CorrectPrograms, SixtyHeldMutexesReleasedOldestFirstAreBalanced) {
    CommandResult r = heisen_run({}, "held_listing", {"many"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "held_listing: many done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(CorrectPrograms, BadUnlockWhileSixtyMutexesAreHeldIsReportedForTheRightLock) {
    CommandResult r = heisen_run({}, "held_listing", {"many-bad"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kBadUnlock), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"never_locked\"");
    EXPECT_CONTAINS(r.err, "(held_listing.c:40)");
    EXPECT_LACKS(r.err, "(held_listing.c:41)");
}

TEST(CorrectPrograms, ShortLockNamesAreNotDemangledAsTypes) {
    CommandResult r = heisen_run({}, "held_listing", {"short-names"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"m\" (sleeping)");
    EXPECT_CONTAINS(r.err, "\"rw\" (rw, write)");
    EXPECT_LACKS(r.err, "unsigned long");
    EXPECT_LACKS(r.err, "wchar_t");
}

}  // namespace
}  // namespace heisen::test
