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

}  // namespace
}  // namespace heisen::test
