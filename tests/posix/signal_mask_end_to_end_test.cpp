// End-to-end: the tracked signal mask (interrupts enabled or disabled) when a handler runs before
// the program has ever touched its mask.
#include <gtest/gtest.h>

#include <string>

#include "heisen_runner_fixture.h"

namespace heisen::test {
namespace {

TEST(HeisenRunSignalMask, LockTakenUnblockedAfterItsHandlerRanFirstIsInconsistent) {
    CommandResult r = heisen_run({}, "handler_first", {"unblocked"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "handler_first: handled 10\n");
    EXPECT_EQ(count_of(r.err, "WARNING: inconsistent lock state"), 1u) << r.err;
    EXPECT_NE(r.err.find("\"handler_lock\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("(handler_first.c:14)"), std::string::npos) << r.err;  // in the handler
    EXPECT_NE(r.err.find("(handler_first.c:31)"), std::string::npos) << r.err;  // in main
}

TEST(HeisenRunSignalMask, LockTakenBlockedAfterItsHandlerRanFirstIsSilent) {
    CommandResult r = heisen_run({}, "handler_first", {"blocked"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "handler_first: handled 10\n");
    EXPECT_EQ(r.err.find("WARNING: "), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("BUG: "), std::string::npos) << r.err;
}

}  // namespace
}  // namespace heisen::test
