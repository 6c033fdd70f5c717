// End-to-end: lock bugs users expect `heisen run` to tell them about — a process ending with a
// lock held, a lock used after it was destroyed or freed, a condition wait without its mutex —
// and locks it cannot see, said once instead of passed over in silence.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
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
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:41)");
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:43)");
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
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:50)");
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:52)");
}

TEST(ReportsUsersExpect, WaitingOnADestroyedSemaphoreIsReported) {
    CommandResult r = heisen_run({}, "lock_misuse", {"sem-destroyed"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kDestroyedUsed), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:56)");
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:57)");
}

// --- condition waits without their mutex -----------------------------------------------------------

TEST(ReportsUsersExpect, ConditionWaitWithAMutexTheThreadDoesNotHoldIsReported) {
    CommandResult r = heisen_run({}, "lock_misuse", {"cond-unheld"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "lock_misuse: cond-unheld done, ETIMEDOUT\n");
    EXPECT_EQ(count_of(r.err, kBadUnlock), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"cache_lock\"");
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:75)");
}

TEST(ReportsUsersExpect, EveryRefusedConditionWaitWithAnUnheldMutexIsReported) {
    CommandResult r = heisen_run({}, "lock_misuse", {"cond-refused"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "lock_misuse: cond-refused done, EPERM\n");
    EXPECT_EQ(count_of(r.err, kBadUnlock), 2u) << r.err;  // glibc let go of nothing: still unheld
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:63)");
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:65)");
    EXPECT_LACKS(r.err, kExitHeld);
}

TEST(ReportsUsersExpect, ConditionWaitWithAMutexNeverInitialisedOrLockedIsReported) {
    CommandResult r = heisen_run({}, "lock_misuse", {"cond-unseen"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kBadUnlock), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "(lock_misuse.c:75)");
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

// --- programs heisen cannot validate, said once ---------------------------------------------------

constexpr const char kNotValidated[] = "heisen: not validated: process ";
constexpr const char kStaticPhrase[] = "is statically linked (nothing loads the preload library into it)";

// A file with a 32-bit ELF header: all heisen reads of it (it need not run here).
std::string thirty_two_bit_program() {
    const std::string path = "/tmp/heisen-posix-elf32-" + std::to_string(getpid());
    std::string bytes(64, '\0');
    bytes.replace(0, 7, "\x7f" "ELF\x01\x01\x01");
    std::ofstream(path, std::ios::binary) << bytes;
    chmod(path.c_str(), 0755);
    return path;
}

TEST(ReportsUsersExpect, StaticProgramExecutedByAValidatedOneIsSaidAndCountsForExitcode) {
    const std::string child = program_path("static_program");
    CommandResult r = heisen_run({"--exitcode", "66"}, "exec_child", {"execv", child});
    EXPECT_EQ(r.exit_status, 66);
    EXPECT_EQ(r.out, "static_program: ran\nexec_child: exited 0\n");  // it still ran
    EXPECT_EQ(count_of(r.err, kNotValidated), 1u) << r.err;
    EXPECT_CONTAINS(r.err, " executed " + child + ", which " + kStaticPhrase);
}

TEST(ReportsUsersExpect, ProgramStartedWithPosixSpawnIsCheckedToo) {
    CommandResult r = heisen_run({}, "exec_child", {"spawn", program_path("static_program")});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kNotValidated), 1u) << r.err;
    EXPECT_CONTAINS(r.err, kStaticPhrase);
}

TEST(ReportsUsersExpect, TheSameUnvalidatedProgramIsSaidOnce) {
    const std::string child = program_path("static_program");
    CommandResult r = run_command({HEISEN_BINARY, "run", "--", "/bin/sh", "-c", child + "; " + child});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "static_program: ran\nstatic_program: ran\n");
    EXPECT_EQ(count_of(r.err, kNotValidated), 1u) << r.err;
}

TEST(ReportsUsersExpect, ThirtyTwoBitProgramIsRefusedWithAReason) {
    const std::string path = thirty_two_bit_program();
    CommandResult r = run_command({HEISEN_BINARY, "run", "--exitcode", "66", "--", path});
    std::remove(path.c_str());
    EXPECT_EQ(r.exit_status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "heisen run: '" + path +
                         "' is a 32-bit program (heisen's preload library is 64-bit): heisen run cannot validate it\n");
}

TEST(ReportsUsersExpect, ThirtyTwoBitProgramExecutedByAValidatedOneIsSaidAndCountsForExitcode) {
    const std::string path = thirty_two_bit_program();
    CommandResult r = heisen_run({"--exitcode", "66"}, "exec_child", {"execv", path});
    std::remove(path.c_str());
    EXPECT_EQ(r.exit_status, 66);
    EXPECT_EQ(count_of(r.err, kNotValidated), 1u) << r.err;
    EXPECT_CONTAINS(r.err, " executed " + path + ", which is a 32-bit program (heisen's preload library is 64-bit)");
    EXPECT_LACKS(r.err, "ld.so");  // its own loader is not told about heisen's 64-bit library
}

// A copy of `program` owned by nobody, set-user-ID: the loader ignores LD_PRELOAD for it when root
// runs it. Empty when the test cannot make one (not root, no "nobody").
std::string setuid_copy(const std::string &program) {
    if (geteuid() != 0) return "";
    const std::string path = "/tmp/heisen-posix-setuid-" + std::to_string(getpid());
    std::ifstream in(program, std::ios::binary);
    std::ofstream(path, std::ios::binary) << in.rdbuf();
    if (chown(path.c_str(), 65534, 65534) != 0 || chmod(path.c_str(), 04755) != 0) {
        std::remove(path.c_str());
        return "";
    }
    return path;
}

TEST(ReportsUsersExpect, SetuidProgramIsRefusedWithAReason) {
    const std::string path = setuid_copy(program_path("abba"));
    if (path.empty()) GTEST_SKIP() << "needs root to make a set-user-ID program of another user";
    CommandResult r = run_command({HEISEN_BINARY, "run", "--", path});
    std::remove(path.c_str());
    EXPECT_EQ(r.exit_status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_CONTAINS(r.err, "' gains privileges when it starts (set-user-ID, set-group-ID or file capabilities), and "
                           "the dynamic loader ignores LD_PRELOAD for it: heisen run cannot validate it");
}

TEST(ReportsUsersExpect, SetuidProgramExecutedByAValidatedOneIsSaid) {
    const std::string path = setuid_copy(program_path("abba"));
    if (path.empty()) GTEST_SKIP() << "needs root to make a set-user-ID program of another user";
    CommandResult r = heisen_run({"--exitcode", "66"}, "exec_child", {"execv", path});
    std::remove(path.c_str());
    EXPECT_EQ(r.exit_status, 66);
    EXPECT_EQ(r.out, "abba: done\nexec_child: exited 0\n");
    EXPECT_EQ(count_of(r.err, kNotValidated), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "the dynamic loader ignores LD_PRELOAD for it");
    EXPECT_LACKS(r.err, kCircular);  // its cycle went unseen: that is what the note says
}

TEST(ReportsUsersExpect, ProgramGivenAnEnvironmentWithoutThePreloadIsSaidButDoesNotCountForExitcode) {
    CommandResult r = heisen_run({"--exitcode", "66"}, "exec_child", {"no-preload", program_path("abba")});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "abba: done\nexec_child: exited 0\n");
    EXPECT_EQ(count_of(r.err, kNotValidated), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "abba, which got an environment without heisen's LD_PRELOAD");
}

TEST(ReportsUsersExpect, ThreadsWithoutAnyLockHeisenCanSeeAreSaidAtTheEnd) {
    CommandResult r = heisen_run({"--exitcode", "66"}, "futex_only");
    EXPECT_EQ(r.exit_status, 0);  // nothing was wrong, only unseen
    EXPECT_EQ(r.out, "futex_only: 20000\n");
    EXPECT_EQ(count_of(r.err, "heisen saw no lock operation in it"), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "(futex_only) ran several threads, but heisen saw no lock operation in it");
}

TEST(ReportsUsersExpect, ThreadsUsingPthreadMutexesAreNotSaidToBeUnseen) {
    CommandResult r = heisen_run({}, "futex_only", {"mutex"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "futex_only: 20000\n");
    EXPECT_EQ(r.err, "");
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
