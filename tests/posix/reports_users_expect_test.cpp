// End-to-end: lock bugs users expect `heisen run` to tell them about — a process ending with a
// lock held, a lock used after it was destroyed or freed, a condition wait without its mutex —
// and locks it cannot see, said once instead of passed over in silence.
#include <gtest/gtest.h>

#include <unistd.h>

#include <string>

#include "heisen_runner_fixture.h"

namespace heisen::test {
namespace {

constexpr const char kDestroyedUsed[] = "BUG: destroyed lock used!";
constexpr const char kFreedUsed[] = "BUG: lock used after its memory was freed!";

// --- the process ends with a lock held ----------------------------------------------------------

TEST(ReportsUsersExpect, MainReturningWithALockHeldIsReported) {
    CommandResult r = heisen_run({}, "process_exit_held", {"return"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "process_exit_held: return done\n");
    EXPECT_EQ(count_of(r.err, kExitHeld), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "#0: \"config_lock\", at: main+");
    EXPECT_CONTAINS(r.err, "(process_exit_held.c:47)");
}

TEST(ReportsUsersExpect, ExitWithALockHeldIsReportedAndKeepsItsStatus) {
    CommandResult r = heisen_run({}, "process_exit_held", {"exit"});
    EXPECT_EQ(r.exit_status, 3);
    EXPECT_EQ(count_of(r.err, kExitHeld), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "#0: \"config_lock\", at: save_config_and_quit+");
    EXPECT_CONTAINS(r.err, "(process_exit_held.c:19)");  // where exit was called, in the stack
}

TEST(ReportsUsersExpect, AbortWithALockHeldIsReportedAndStillAborts) {
    CommandResult r = heisen_run({}, "process_exit_held", {"abort"});
    EXPECT_EQ(r.exit_status, 128 + 6);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(count_of(r.err, kExitHeld), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"config_lock\"");
    EXPECT_CONTAINS(r.err, "(process_exit_held.c:48)");
}

TEST(ReportsUsersExpect, CrashWithALockHeldIsReportedAndStillCrashes) {
    CommandResult r = heisen_run({}, "process_exit_held", {"segv"});
    EXPECT_EQ(r.exit_status, 128 + 11);
    EXPECT_EQ(count_of(r.err, kExitHeld), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"config_lock\"");
    EXPECT_CONTAINS(r.err, "(process_exit_held.c:49)");
}

TEST(ReportsUsersExpect, RobustMutexHeldWhenTheProcessEndsIsSilent) {
    CommandResult r = heisen_run({}, "process_exit_held", {"robust"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "process_exit_held: robust done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(ReportsUsersExpect, UnlockingBeforeTheProcessEndsIsSilent) {
    CommandResult r = heisen_run({}, "process_exit_held", {"correct"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "process_exit_held: correct done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(ReportsUsersExpect, FatalSignalDispositionsLookUntouchedToTheProgram) {
    const std::string expected = "SIGSEGV: SIG_DFL, flags 0, mask empty\nSIGABRT: SIG_DFL, flags 0, mask empty\n";
    EXPECT_EQ(run_command({program_path("process_exit_held"), "dispositions"}).out, expected);
    CommandResult r = heisen_run({}, "process_exit_held", {"dispositions"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, expected);
}

// --- locks used after their end -------------------------------------------------------------------

TEST(ReportsUsersExpect, LockingADestroyedMutexIsReported) {
    CommandResult r = heisen_run({}, "lock_misuse", {"destroyed"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "lock_misuse: destroyed done, EINVAL\n");  // glibc's answer is unchanged
    EXPECT_EQ(count_of(r.err, kDestroyedUsed), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"cache_lock\" (sleeping)");
    EXPECT_CONTAINS(r.err, "destroyed at:\n    #0 main+");
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:39)");
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:41)");
}

TEST(ReportsUsersExpect, MutexInitialisedAgainAfterDestroyIsSilent) {
    CommandResult r = heisen_run({}, "lock_misuse", {"reinit"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "lock_misuse: reinit done, 0\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(ReportsUsersExpect, LockingAFreedMutexIsReportedBeforeItHangs) {
    CommandResult r = heisen_run({}, "lock_misuse", {"freed"}, 3);
    EXPECT_TRUE(r.timed_out);  // the allocator's words in the freed memory look like a held lock
    EXPECT_EQ(r.out, "lock_misuse: locking freed memory\n");
    EXPECT_EQ(count_of(r.err, kFreedUsed), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "memory freed at:\n    #0 main+");
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:48)");
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:50)");
}

TEST(ReportsUsersExpect, WaitingOnADestroyedSemaphoreIsReported) {
    CommandResult r = heisen_run({}, "lock_misuse", {"sem-destroyed"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kDestroyedUsed), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:54)");
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:55)");
}

// --- condition waits without their mutex -----------------------------------------------------------

TEST(ReportsUsersExpect, ConditionWaitWithAMutexTheThreadDoesNotHoldIsReported) {
    CommandResult r = heisen_run({}, "lock_misuse", {"cond-unheld"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "lock_misuse: cond-unheld done, ETIMEDOUT\n");
    EXPECT_EQ(count_of(r.err, kBadUnlock), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"cache_lock\"");
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:65)");
}

TEST(ReportsUsersExpect, ConditionWaitWithAMutexNeverInitialisedOrLockedIsReported) {
    CommandResult r = heisen_run({}, "lock_misuse", {"cond-unseen"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kBadUnlock), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:65)");
}

// --- locks outside glibc: OpenMP ------------------------------------------------------------------

// The OpenMP test program is built only where the compiler has OpenMP.
bool have_openmp_program() { return access(program_path("openmp_locks").c_str(), X_OK) == 0; }

TEST(ReportsUsersExpect, OpenmpLocksAndCriticalSectionsUsedInOneOrderAreSilent) {
    if (!have_openmp_program()) GTEST_SKIP() << "no OpenMP compiler support";
    CommandResult r = heisen_run({}, "openmp_locks", {"correct"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "openmp_locks: correct done, total 0\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(ReportsUsersExpect, OpenmpLocksInACycleAreReported) {
    if (!have_openmp_program()) GTEST_SKIP() << "no OpenMP compiler support";
    CommandResult r = heisen_run({}, "openmp_locks", {"lock-cycle"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"table_lock\"");
    EXPECT_CONTAINS(r.err, "\"journal_lock\"");
    EXPECT_CONTAINS(r.err, "(openmp_locks.c:38)");
}

TEST(ReportsUsersExpect, NamedCriticalSectionAndOpenmpLockInACycleAreReported) {
    if (!have_openmp_program()) GTEST_SKIP() << "no OpenMP compiler support";
    CommandResult r = heisen_run({}, "openmp_locks", {"critical-cycle"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\".gomp_critical_user_totals\"");  // the critical section's own variable
    EXPECT_CONTAINS(r.err, "\"table_lock\"");
    EXPECT_CONTAINS(r.err, "(openmp_locks.c:50)");
}

// --- one bug, several callers ----------------------------------------------------------------------

TEST(ReportsUsersExpect, OneBugThroughASharedHelperIsReportedOncePerCaller) {
    CommandResult r = heisen_run({}, "shared_wrapper", {"two-callers"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kBadUnlock), 2u) << r.err;
    EXPECT_CONTAINS(r.err, "open_path+");
    EXPECT_CONTAINS(r.err, "close_path+");
}

TEST(ReportsUsersExpect, OneBugRepeatedByOneCallerIsReportedOnce) {
    CommandResult r = heisen_run({}, "shared_wrapper", {"loop"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kBadUnlock), 1u) << r.err;
}

}  // namespace
}  // namespace heisen::test
