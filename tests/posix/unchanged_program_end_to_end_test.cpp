// End-to-end: `heisen run` never changes the program it watches. Programs that fork while other
// threads are inside heisen, stop threads with signals the way collectors do, close or reuse
// every descriptor, run on small stacks or in seccomp, or inspect their own signal dispositions
// behave exactly as they do without heisen, and every report still arrives.
#include <gtest/gtest.h>

#include <string>

#include "heisen_runner_fixture.h"

namespace heisen::test {
namespace {

bool has_any_report(const std::string &text) {
    return text.find("WARNING: ") != std::string::npos || text.find("BUG: ") != std::string::npos;
}

// --- fork and stop-the-world signals ---------------------------------------------------------

TEST(HeisenRunUnchanged, ChildForkedWhileAnotherThreadIsInsideHeisenNeverHangs) {
    CommandResult r = heisen_run({}, "fork_while_churning", {"100"}, 90);
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "fork_while_churning: 0 of 100 children hung\n") << r.err;
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(HeisenRunUnchanged, CollectorStoppingThreadsInsideHeisenDoesNotDeadlock) {
    CommandResult r = heisen_run({}, "stop_the_world", {"400"}, 90);
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "stop_the_world: 400 collections\n") << r.err;
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// --- the report channel ---------------------------------------------------------------------

constexpr const char kCircular[] = "WARNING: possible circular locking dependency detected";

TEST(HeisenRunUnchanged, ProgramClosingEveryDescriptorStillReportsAndReceivesNothing) {
    CommandResult r = heisen_run({}, "descriptors_reused", {"close"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "descriptors_reused: 32 socket pairs, 0 with data nobody sent\n");
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_NE(r.err.find("\"first\""), std::string::npos) << r.err;  // named by the runner
    EXPECT_NE(r.err.find("\"second\""), std::string::npos) << r.err;
}

TEST(HeisenRunUnchanged, ProgramDupingOverHighDescriptorsStillReportsAndReceivesNothing) {
    CommandResult r = heisen_run({}, "descriptors_reused", {"dup2"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "descriptors_reused: 32 socket pairs, 0 with data nobody sent\n");
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_NE(r.err.find("\"first\""), std::string::npos) << r.err;
}

TEST(HeisenRunUnchanged, ProgramInSeccompStrictModeIsNotKilledAndReports) {
    CommandResult r = heisen_run({}, "seccomp_strict");
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "seccomp_strict: done\n");
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_NE(r.err.find("\"first\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("(seccomp_strict.c:"), std::string::npos) << r.err;
}

TEST(HeisenRunUnchanged, ReportOfADaemonMadeAfterTheProgramExitedIsDelivered) {
    CommandResult r = heisen_run({"--exitcode", "9"}, "daemon_reports_later", {}, 30);
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_status, 9) << r.err;
    EXPECT_EQ(r.out, "daemon_reports_later: started\n");
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_NE(r.err.find("daemon_lock_a"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("run_daemon+"), std::string::npos) << r.err;
}

// Every executed child reads the same files: heisen run reads them once, so its memory does not
// grow with the number of processes (it used to keep some 16 MB for every child that reported).
TEST(HeisenRunUnchanged, MemoryOfHeisenRunDoesNotGrowWithTheNumberOfReportingChildren) {
    CommandResult r = heisen_run({}, "exec_many", {"100"}, 120);
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "exec_many: 100 children, 0 failed\n");
    EXPECT_EQ(count_of(r.err, kCircular), 100u);
    EXPECT_GE(count_of(r.err, "\"child_lock_a\""), 100u);  // every child's report is symbolized
    EXPECT_LT(r.max_rss_kb, 100 * 1024) << "heisen run's peak resident set";
}

// --- signal dispositions ---------------------------------------------------------------------

TEST(HeisenRunUnchanged, SiginterruptThenSignalKeepsABlockingReadInterruptible) {
    CommandResult r = heisen_run({}, "signal_dispositions", {"siginterrupt"}, 10);
    EXPECT_FALSE(r.timed_out) << "the read was restarted instead of interrupted";
    EXPECT_EQ(r.out, "read returned -1 (Interrupted system call)\n") << r.err;
}

TEST(HeisenRunUnchanged, SigactionReadsBackWhatTheProgramWouldSeeWithoutHeisen) {
    CommandResult plain = run_command({program_path("signal_dispositions"), "query"});
    CommandResult validated = heisen_run({}, "signal_dispositions", {"query"});
    ASSERT_EQ(plain.exit_status, 0);
    EXPECT_EQ(validated.exit_status, 0) << validated.err;
    EXPECT_NE(plain.out.find("restorer=set"), std::string::npos) << plain.out;  // glibc's SA_RESTORER
    EXPECT_EQ(validated.out, plain.out);
}

// `cmd &` in a non-interactive shell and nohup start a program with signals ignored; a program
// started by heisen run inherits them the same way.
TEST(HeisenRunUnchanged, SignalsIgnoredByInheritanceStayIgnored) {
    const std::string program = program_path("signal_dispositions");
    CommandResult plain = run_command({"/bin/sh", "-c", "trap '' INT QUIT HUP; exec " + program + " inherited"});
    CommandResult validated = run_command(
        {"/bin/sh", "-c", "trap '' INT QUIT HUP; exec " + std::string(HEISEN_BINARY) + " run -- " + program + " inherited"});
    ASSERT_EQ(plain.exit_status, 0);
    EXPECT_NE(plain.out.find("inherited 2: ignored"), std::string::npos) << plain.out;
    EXPECT_EQ(validated.exit_status, 0) << validated.err;
    EXPECT_EQ(validated.out, plain.out);
    CommandResult defaults = heisen_run({}, "signal_dispositions", {"inherited"});
    EXPECT_NE(defaults.out.find("inherited 2: default"), std::string::npos) << defaults.out;
}

// --- small stacks -----------------------------------------------------------------------------

TEST(HeisenRunUnchanged, HandlerOnAn8KiBAltstackThatLocksDoesNotCrash) {
    CommandResult r = heisen_run({}, "small_stacks", {"altstack"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "small_stacks: altstack done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(HeisenRunUnchanged, ReportOnA16KiBThreadStackIsDelivered) {
    CommandResult r = heisen_run({}, "small_stacks", {"thread"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "small_stacks: thread done\n");
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_NE(r.err.find("thread_body+"), std::string::npos) << r.err;
}

TEST(HeisenRunUnchanged, ReportInA12KiBCoroutineIsDelivered) {
    CommandResult r = heisen_run({}, "small_stacks", {"coroutine"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "small_stacks: coroutine done\n");
    EXPECT_EQ(count_of(r.err, kCircular), 1u) << r.err;
    EXPECT_NE(r.err.find("coroutine_body+"), std::string::npos) << r.err;
}

// The stack one operation takes, run plainly and under heisen: heisen adds at most 2 KiB to a lock
// operation and at most 4 KiB to one that makes a report (its deep work runs on a stack of its own).
size_t stack_bytes(const CommandResult &r) {
    const size_t colon = r.out.find(": ");
    return colon == std::string::npos ? 0 : std::stoul(r.out.substr(colon + 2));
}

void expect_stack_added_at_most(const std::string &operation, size_t bound, bool reports) {
    CommandResult plain = run_command({program_path("stack_use"), operation});
    CommandResult validated = heisen_run({}, "stack_use", {operation});
    ASSERT_EQ(plain.exit_status, 0) << plain.err;
    ASSERT_EQ(validated.exit_status, 0) << validated.err;
    EXPECT_EQ(has_any_report(validated.err), reports) << validated.err;
    const size_t without = stack_bytes(plain), with = stack_bytes(validated);
    ASSERT_GT(without, 0u) << plain.out;
    EXPECT_LE(with, without + bound) << operation << ": " << without << " bytes without heisen, " << with << " with";
}

TEST(HeisenRunStack, LockOperationsAddAtMost2KiB) {
    for (const char *operation : {"repeated", "new-order", "trylock", "handler-lock"})
        expect_stack_added_at_most(operation, 2048, false);
}

TEST(HeisenRunStack, MakingAReportAddsAtMost4KiB) {
    for (const char *operation : {"report", "handler-report", "bad-unlock", "free-held"})
        expect_stack_added_at_most(operation, 4096, true);
}

}  // namespace
}  // namespace heisen::test
