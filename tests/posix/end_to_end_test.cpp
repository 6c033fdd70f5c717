// End-to-end: small real programs under the built `heisen run`. Each test asserts what a user
// sees: the report header, the locks named, symbolized frames (function and file:line of the test
// program) and the exit status; each detection has a correct variant that must stay silent.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "heisen_runner_fixture.h"

namespace heisen::test {
namespace {

// --- lock-order cycles ---------------------------------------------------------------------

TEST(HeisenRun, AbbaBetweenTwoThreadsIsReportedWithoutADeadlock) {
    CommandResult r = heisen_run({}, "abba");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "abba: done\n");
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "lock_a");
    EXPECT_CONTAINS(r.err, "lock_b");
    // Where each order was taken: the thread functions, with file:line.
    EXPECT_CONTAINS(r.err, "take_a_then_b+");
    EXPECT_CONTAINS(r.err, "(abba.c:11)");
    EXPECT_CONTAINS(r.err, "take_b_then_a+");
    EXPECT_CONTAINS(r.err, "(abba.c:19)");
}

TEST(HeisenRun, SameOrderInBothThreadsIsSilent) {
    CommandResult r = heisen_run({}, "ordered");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "ordered: done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(HeisenRun, CxxStdMutexCycleNamesNamespacedVariablesAndMembers) {
    CommandResult r = heisen_run({}, "cxx_abba");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "bank::accounts_mutex");
    EXPECT_CONTAINS(r.err, "bank::audit_mutex");
    EXPECT_CONTAINS(r.err, "bank::Ledger::audit()");
    EXPECT_CONTAINS(r.err, "(cxx_abba.cpp:18)");
}

TEST(HeisenRun, DlopenedLibraryTakingLocksInReverseIsSymbolized) {
    CommandResult r = heisen_run({}, "dlopen_host", {program_path("libplugin.so")});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "dlopen_host: done\n");
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "cache_lock");
    EXPECT_CONTAINS(r.err, "index_lock");
    EXPECT_CONTAINS(r.err, "plugin_flush+");
    EXPECT_CONTAINS(r.err, "(plugin.c:6)");
}

TEST(HeisenRun, ReusedAddressDoesNotMergeUnrelatedLocks) {
    CommandResult r = heisen_run({}, "address_reuse");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "address_reuse: done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// --- classes ---------------------------------------------------------------------------------

TEST(HeisenRun, InstanceClassesKeepTwoLocksFromOneSiteApart) {
    CommandResult r = heisen_run({}, "same_site");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(HeisenRun, SiteClassesGroupLocksByInitSite) {
    CommandResult r = heisen_run({"--classes=site"}, "same_site");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kRecursive), 1u) << r.err;
    // A class of heap locks is named by its init site alone: it stands for every lock made there.
    EXPECT_CONTAINS(r.err, "\"mutex (init same_site.c:15)\"");
    EXPECT_EQ(r.err.find("mutex@0x"), std::string::npos) << r.err;
    EXPECT_CONTAINS(r.err, "move_item+");
    EXPECT_CONTAINS(r.err, "(same_site.c:21)");
}

// --- recursion and unlock balance ------------------------------------------------------------

// With --on-deadlock=report the program hangs as it would natively (by default it exits 66:
// live_deadlock_end_to_end_test.cpp).
TEST(HeisenRun, SelfDeadlockIsReportedBeforeTheHang) {
    CommandResult r = heisen_run({"--on-deadlock=report"}, "self_deadlock", {}, 3);
    EXPECT_TRUE(r.timed_out);  // the program really hangs; heisen run forwarded SIGTERM to it
    EXPECT_EQ(r.exit_status, 128 + 15);
    EXPECT_EQ(count_of(r.err, kRecursive), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "config_lock");
    EXPECT_CONTAINS(r.err, "reload_config+");
    EXPECT_CONTAINS(r.err, "(self_deadlock.c:9)");
    EXPECT_CONTAINS(r.err, "apply_config+");
    EXPECT_CONTAINS(r.err, "(self_deadlock.c:14)");
}

TEST(HeisenRun, RecursiveMutexReentryIsSilent) {
    CommandResult r = heisen_run({}, "recursive_mutex");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "recursive_mutex: 15\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(HeisenRun, ErrorCheckingUnlockOfUnheldMutexIsBadUnlockBalance) {
    CommandResult r = heisen_run({}, "errorcheck_unlock");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "errorcheck_unlock: unlock returned EPERM\n");  // the program's view is unchanged
    EXPECT_EQ(count_of(r.err, kBadUnlock), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "device_lock");
    EXPECT_CONTAINS(r.err, "(errorcheck_unlock.c:17)");
}

TEST(HeisenRun, BalancedErrorCheckingMutexIsSilent) {
    CommandResult r = heisen_run({}, "errorcheck_unlock", {"balanced"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "errorcheck_unlock: unlock returned 0\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// --- sleeping under a spinlock -----------------------------------------------------------------

TEST(HeisenRun, NanosleepUnderSpinlockIsSleepingInInvalidContext) {
    CommandResult r = heisen_run({}, "spin_sleep", {"nanosleep"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kSleeping), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "stats_lock");
    EXPECT_CONTAINS(r.err, "update_stats+");
    EXPECT_CONTAINS(r.err, "(spin_sleep.c:22)");
}

TEST(HeisenRun, UsleepUnderSpinlockIsSleepingInInvalidContext) {
    CommandResult r = heisen_run({}, "spin_sleep", {"usleep"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kSleeping), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "stats_lock");
    EXPECT_CONTAINS(r.err, "(spin_sleep.c:19)");
}

TEST(HeisenRun, PollUnderSpinlockIsSleepingInInvalidContext) {
    CommandResult r = heisen_run({}, "spin_sleep", {"poll"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kSleeping), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "stats_lock");
    EXPECT_CONTAINS(r.err, "(spin_sleep.c:24)");
}

TEST(HeisenRun, RawFutexWaitUnderSpinlockIsSleepingInInvalidContext) {
    CommandResult r = heisen_run({}, "spin_sleep", {"futex"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kSleeping), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "(spin_sleep.c:30)");
}

TEST(HeisenRun, ZeroTimeoutPollUnderSpinlockIsSilent) {
    CommandResult r = heisen_run({}, "spin_sleep", {"poll0"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "spin_sleep: done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(HeisenRun, SleepingOutsideTheSpinlockIsSilent) {
    CommandResult r = heisen_run({}, "spin_sleep", {"none"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(HeisenRun, ConditionWaitUnderItsMutexIsSilent) {
    CommandResult r = heisen_run({}, "cond_wait");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "cond_wait: done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// --- the other primitives ----------------------------------------------------------------------

TEST(HeisenRun, TimedLockThatTimesOutIsSilentAndKeepsItsAnswer) {
    CommandResult r = heisen_run({}, "primitives", {"timed"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "primitives: timedlock ETIMEDOUT, trylock EBUSY\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(HeisenRun, RwlockWriteSideInACycleWithAMutex) {
    CommandResult r = heisen_run({}, "primitives", {"rwlock-cycle"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "\"table_rwlock\" (rw, write)");
    EXPECT_CONTAINS(r.err, "table_mutex");
    EXPECT_CONTAINS(r.err, "mutex_then_write+");
    EXPECT_CONTAINS(r.err, "(primitives.c:69)");
}

TEST(HeisenRun, RwlockReadSideRetakenByItsHolderIsSilent) {
    CommandResult r = heisen_run({}, "primitives", {"read-again"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "primitives: read-again done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(HeisenRun, SemaphoreUsedAsALockTakesPartInCycles) {
    CommandResult r = heisen_run({}, "primitives", {"sem-cycle"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "slot_sem");
    EXPECT_CONTAINS(r.err, "(primitives.c:93)");
    EXPECT_CONTAINS(r.err, "(primitives.c:85)");
}

TEST(HeisenRun, MutexTakenUnderASpinlockIsSleepingInInvalidContext) {
    CommandResult r = heisen_run({}, "primitives", {"mutex-in-spin"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kSleeping), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "fast_spin");
    EXPECT_CONTAINS(r.err, "table_mutex");
    EXPECT_CONTAINS(r.err, "(primitives.c:114)");
}

// --- signals as interrupts ---------------------------------------------------------------------

TEST(HeisenRun, LockSharedWithSignalHandlerHeldWithSignalUnblockedIsInconsistent) {
    CommandResult r = heisen_run({}, "signal_lock", {"unblocked"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "signal_lock: handled 10, own handler seen\n");
    EXPECT_EQ(count_of(r.err, kInconsistent), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "log_lock");
    EXPECT_CONTAINS(r.err, "on_usr1+");
    EXPECT_CONTAINS(r.err, "(signal_lock.c:13)");
    EXPECT_CONTAINS(r.err, "write_log+");
    EXPECT_CONTAINS(r.err, "(signal_lock.c:23)");
}

TEST(HeisenRun, LockSharedWithSignalHandlerHeldWithSignalBlockedIsSilent) {
    CommandResult r = heisen_run({}, "signal_lock", {"blocked"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "signal_lock: handled 10, own handler seen\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// --- freeing and exiting with locks held -------------------------------------------------------

TEST(HeisenRun, FreeingAHeldMutexIsReported) {
    CommandResult r = heisen_run({}, "free_held");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kHeldFreed), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "mutex@0x");
    EXPECT_CONTAINS(r.err, "close_session+");
    EXPECT_CONTAINS(r.err, "(free_held.c:20)");
}

TEST(HeisenRun, FreeingAnUnlockedDestroyedMutexIsSilent) {
    CommandResult r = heisen_run({}, "free_held", {"unlocked"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(HeisenRun, ThreadReturningWithALockHeldIsReported) {
    CommandResult r = heisen_run({}, "thread_exit", {"return"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kExitHeld), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "job_lock");
    EXPECT_CONTAINS(r.err, "(thread_exit.c:11)");
}

TEST(HeisenRun, ThreadCallingPthreadExitWithALockHeldIsReported) {
    CommandResult r = heisen_run({}, "thread_exit", {"pthread_exit"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(count_of(r.err, kExitHeld), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "job_lock");
    EXPECT_CONTAINS(r.err, "(thread_exit.c:12)");
}

TEST(HeisenRun, ThreadUnlockingBeforeItEndsIsSilent) {
    CommandResult r = heisen_run({}, "thread_exit", {"correct"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// --- processes and threads -----------------------------------------------------------------------

TEST(HeisenRun, ForkedChildReportsToTheSameRun) {
    CommandResult r = heisen_run({"--exitcode", "42"}, "fork_exec", {"fork"});
    EXPECT_EQ(r.exit_status, 42);
    EXPECT_EQ(r.out, "fork_exec: child exited 0\n");
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, "heisen: report from process "), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "fork_lock_a");
    EXPECT_CONTAINS(r.err, "child_takes_both_orders+");
    EXPECT_CONTAINS(r.err, "(fork_exec.c:18)");
}

TEST(HeisenRun, ExecutedChildReportsToTheSameRun) {
    CommandResult r = heisen_run({"--exitcode", "42"}, "fork_exec", {"exec"});
    EXPECT_EQ(r.exit_status, 42);
    EXPECT_EQ(r.out, "fork_exec: child exited 0\n");
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "fork_lock_b");
    EXPECT_CONTAINS(r.err, "(fork_exec.c:18)");
}

TEST(HeisenRun, TwoHundredThreadsAliveAtOnce) {
    CommandResult r = heisen_run({}, "many_threads");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "many_threads: 10000\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// --- output, exit status, and bad input ------------------------------------------------------------

TEST(HeisenRun, JsonFormatIsOneParsableObjectPerReport) {
    CommandResult r = heisen_run({"--format", "json"}, "abba");
    EXPECT_EQ(r.exit_status, 0);
    // One object per line; checked with Python's json module, as a consumer of the format would.
    const std::string path = "/tmp/heisen-posix-json-" + std::to_string(getpid());
    std::ofstream(path) << r.err;
    CommandResult check = run_command(
        {"/usr/bin/python3", "-c",
         "import json,sys\n"
         "reports=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]\n"
         "assert len(reports)==1, reports\n"
         "assert isinstance(reports[0]['pid'], int) and reports[0]['kind']=='circular-dependency', reports\n"
         "text=json.dumps(reports[0])\n"
         "assert 'possible circular locking dependency detected' in text, text\n"
         "assert 'lock_a' in text and 'lock_b' in text, text\n"
         "assert 'abba.c:11' in text and 'take_b_then_a' in text, text\n"
         "print('ok')\n",
         path});
    std::remove(path.c_str());
    EXPECT_EQ(check.exit_status, 0) << check.err << "\nJSON was:\n" << r.err;
    EXPECT_EQ(check.out, "ok\n");
}

// A frame's file name is whatever bytes the file system holds: the JSON stays valid UTF-8.
TEST(HeisenRun, JsonFormatStaysValidUtf8ForAnyFileName) {
    char scratch[] = "/tmp/heisen-posix-utf8-XXXXXX";
    ASSERT_NE(mkdtemp(scratch), nullptr);
    const std::string dir = scratch, source = dir + "/order\xff" "bad.c", program = dir + "/order";
    std::ofstream(source) << "#include <pthread.h>\n"
                             "static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;\n"
                             "static void nest(pthread_mutex_t *x, pthread_mutex_t *y) {\n"
                             "    pthread_mutex_lock(x); pthread_mutex_lock(y);\n"
                             "    pthread_mutex_unlock(y); pthread_mutex_unlock(x);\n"
                             "}\n"
                             "int main(void) { nest(&a, &b); nest(&b, &a); return 0; }\n";
    ASSERT_EQ(run_command({"/usr/bin/cc", "-g", "-O0", "-pthread", "-o", program, source}, 120).exit_status, 0);
    CommandResult r = run_command({HEISEN_BINARY, "run", "--format", "json", "--", program});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    const std::string path = dir + "/reports.json";
    std::ofstream(path) << r.err;
    CommandResult check = run_command(
        {"/usr/bin/python3", "-c",
         "import json,sys\n"
         "lines=open(sys.argv[1],encoding='utf-8',errors='strict').read().splitlines()\n"
         "reports=[json.loads(l) for l in lines if l.strip()]\n"
         "assert len(reports)==1 and reports[0]['kind']=='circular-dependency', reports\n"
         "text=json.dumps(reports[0],ensure_ascii=False)\n"
         "assert 'order\\ufffdbad.c:4' in text, text\n"
         "print('ok')\n",
         path});
    run_command({"/bin/rm", "-rf", dir});
    EXPECT_EQ(check.exit_status, 0) << check.err << "\nJSON was:\n" << r.err;
    EXPECT_EQ(check.out, "ok\n");
}

TEST(HeisenRun, LogFileReceivesTheReportsInsteadOfStderr) {
    const std::string path = "/tmp/heisen-posix-log-" + std::to_string(getpid());
    CommandResult r = heisen_run({"--log", path}, "abba");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
    const std::string log = read_file(path);
    std::remove(path.c_str());
    EXPECT_EQ(count_of(log, kCircular), 1u) << log;
    EXPECT_CONTAINS(log, "lock_a");
}

TEST(HeisenRun, ExitcodeAppliesOnlyWhenSomethingWasReported) {
    EXPECT_EQ(heisen_run({"--exitcode", "66"}, "abba").exit_status, 66);
    EXPECT_EQ(heisen_run({"--exitcode", "66"}, "ordered").exit_status, 0);
}

TEST(HeisenRun, OnReportAbortStopsTheProgramAfterPrintingTheReport) {
    CommandResult r = heisen_run({"--on-report=abort"}, "abba");
    EXPECT_EQ(r.exit_status, 128 + 6);  // SIGABRT
    EXPECT_EQ(r.out, "");               // "abba: done" never printed
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_CONTAINS(r.err, "lock_a");
}

TEST(HeisenRun, MissingProgram) {
    CommandResult r = run_command({HEISEN_BINARY, "run", "--", "/nonexistent/heisen-test-program"});
    EXPECT_EQ(r.exit_status, 127);
    EXPECT_EQ(r.err, "heisen run: '/nonexistent/heisen-test-program': no such program\n");
}

TEST(HeisenRun, MissingProgramInPath) {
    CommandResult r = run_command({HEISEN_BINARY, "run", "--", "heisen-no-such-program"});
    EXPECT_EQ(r.exit_status, 127);
    EXPECT_EQ(r.err, "heisen run: 'heisen-no-such-program': no such program in PATH\n");
}

TEST(HeisenRun, NotExecutable) {
    CommandResult r = run_command({HEISEN_BINARY, "run", "--", std::string(HEISEN_TEST_PROGRAM_DIR)});
    EXPECT_EQ(r.exit_status, 126);
    EXPECT_EQ(r.err, "heisen run: '" + std::string(HEISEN_TEST_PROGRAM_DIR) + "' is not an executable file\n");
}

// --- lock statistics -----------------------------------------------------------------------

constexpr const char kStatsHeader[] =
    "heisen: lock statistics (class: acquisitions contended wait-total-ns wait-max-ns hold-total-ns hold-max-ns)\n";

TEST(HeisenRun, StatsCountAcquisitionsContentionAndWaitAtExit) {
    CommandResult r = heisen_run({"--stats"}, "contended");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "contended: done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
    EXPECT_CONTAINS(r.err, kStatsHeader);
    // The lock by its variable name: 3 acquisitions, 1 contended; the worker waited for most of
    // the main thread's half-second hold.
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.err, m, std::regex("\n  shared_lock: 3 1 ([0-9]+) ([0-9]+) ([0-9]+) ([0-9]+)\n")))
        << r.err;
    EXPECT_GE(std::stoull(m[1]), 100000000ull) << r.err;  // waited at least 0.1 s
    EXPECT_EQ(m[1], m[2]) << r.err;                        // one wait: total == max
    EXPECT_GE(std::stoull(m[3]), 400000000ull) << r.err;  // held for the 0.5 s sleep
}

TEST(HeisenRun, NoStatsWithoutTheOption) {
    CommandResult r = heisen_run({}, "contended");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.err.find("lock statistics"), std::string::npos) << r.err;
}

TEST(HeisenRun, StaticBinaryIsRefusedWithAReason) {
    CommandResult r = heisen_run({}, "static_program");
    EXPECT_EQ(r.exit_status, 2);
    EXPECT_EQ(r.out, "");  // it was not run unvalidated behind the user's back
    EXPECT_CONTAINS(r.err, "is statically linked: heisen run validates dynamically linked programs only");
}

TEST(HeisenRun, BadOptionIsNamed) {
    CommandResult r = run_command({HEISEN_BINARY, "run", "--format=yaml", "--", program_path("abba")});
    EXPECT_EQ(r.exit_status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "heisen run: --format must be text or json, not 'yaml'\n(see 'heisen run --help')\n");
}

TEST(HeisenRun, UnwritableLogIsNamed) {
    CommandResult r = run_command({HEISEN_BINARY, "run", "--log", "/nonexistent/dir/log", "--", program_path("abba")});
    EXPECT_EQ(r.exit_status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "heisen run: cannot open log file '/nonexistent/dir/log': No such file or directory\n");
}

TEST(PreloadWithoutHeisenRun, ReportsAsTextOnTheProgramsStderr) {
    CommandResult r = run_command({"/usr/bin/env", std::string("LD_PRELOAD=") + HEISEN_PRELOAD_LIBRARY,
                                   program_path("errorcheck_unlock")});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out, "errorcheck_unlock: unlock returned EPERM\n");
    EXPECT_EQ(count_of(r.err, kBadUnlock), 1u) << r.err;
    // Nobody symbolizes: locks by address, frames as module+offset for addr2line.
    EXPECT_CONTAINS(r.err, "\"mutex@0x");
    EXPECT_CONTAINS(r.err, "#0 errorcheck_unlock+0x");
}

TEST(HeisenRun, HelpGoesToStdout) {
    CommandResult r = run_command({HEISEN_BINARY, "run", "--help"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_EQ(r.out.rfind("usage: heisen run [options] -- PROGRAM [ARGS...]\n", 0), 0u) << r.out;
    EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace heisen::test
