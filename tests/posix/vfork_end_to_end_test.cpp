// End-to-end: programs whose vfork child changes its own signal state before exec, run under
// `heisen run`. The child shares its parent's memory, so the runtime must leave the parent's
// signal bookkeeping alone there; otherwise the parent loses its handlers or its tracked mask —
// and a debugger, whose event loop waits for its SIGCHLD handler, hangs.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <string>

#include "heisen_runner_fixture.h"

namespace heisen::test {
namespace {

TEST(HeisenRunVfork, ParentSigchldHandlerSurvivesChildResettingItBeforeExec) {
    CommandResult r = heisen_run({}, "vfork_child", {"disposition"});
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "vfork_child: SIGCHLD handler ran, child exited 0\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(HeisenRunVfork, ChildUnblockingSignalsLeavesParentsMaskBlockedAndSilent) {
    CommandResult r = heisen_run({}, "vfork_child", {"mask"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "vfork_child: child exited 0\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

TEST(HeisenRunVfork, ForkWithoutHandlersChildValidatesItsSignalHandlersUnderItsOwnPid) {
    CommandResult r = heisen_run({}, "fork_without_handlers", {"unblocked"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "fork_without_handlers: child exited 0\n");
    EXPECT_EQ(count_of(r.err, "WARNING: inconsistent lock state"), 1u) << r.err;
    EXPECT_EQ(count_of(r.err, "heisen: report from process "), 1u) << r.err;
    EXPECT_NE(r.err.find("handler_lock"), std::string::npos) << r.err;
}

TEST(HeisenRunVfork, ForkWithoutHandlersChildBlockingTheSignalIsSilent) {
    CommandResult r = heisen_run({}, "fork_without_handlers", {"blocked"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "fork_without_handlers: child exited 0\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

// The first `gdb` on PATH, or "" when there is none.
std::string find_gdb() {
    const char *path = std::getenv("PATH");
    std::istringstream directories(path ? path : "");
    for (std::string directory; std::getline(directories, directory, ':');) {
        if (directory.empty()) continue;
        std::string candidate = directory + "/gdb";
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return "";
}

TEST(HeisenRunVfork, GdbRunsAProgramToItsEnd) {
    const std::string gdb = find_gdb();
    if (gdb.empty()) GTEST_SKIP() << "gdb is not installed";
    const std::vector<std::string> gdb_run = {gdb, "-q", "-batch", "-ex", "run", "--args", "/bin/true"};
    // Where tracing is not allowed (some containers), gdb cannot run a program even on its own.
    CommandResult plain = run_command(gdb_run, 30);
    if (plain.out.find("exited normally") == std::string::npos)
        GTEST_SKIP() << "gdb cannot run a program here:\n" << plain.out << plain.err;
    std::vector<std::string> argv = {HEISEN_BINARY, "run", "--"};
    argv.insert(argv.end(), gdb_run.begin(), gdb_run.end());
    CommandResult r = run_command(argv, 30);
    EXPECT_FALSE(r.timed_out) << "gdb hung under heisen run";
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_NE(r.out.find("[Inferior 1 (process "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(") exited normally]"), std::string::npos) << r.out;
    EXPECT_FALSE(has_any_report(r.err)) << r.err;
}

}  // namespace
}  // namespace heisen::test
