// End-to-end: a full table of heisen's may make validation coarser, never locking slower. The
// instructions of a lock/unlock pair (callgrind, counted around the measured passes only, so
// load-independent) stay within twice the cost when every table has room: when more lock
// addresses are live than the side table holds, more sequences recur than the chain cache keeps,
// more orders exist than the graph holds, more locks than the class table holds.
#include <gtest/gtest.h>

#include <unistd.h>

#include <string>

#include "heisen_runner_fixture.h"

namespace heisen::test {
namespace {

bool have_valgrind() { return access("/usr/bin/valgrind", X_OK) == 0; }

// Instructions per lock/unlock pair of `table_cliffs CASE` under heisen run.
double instructions_per_pair(const std::string &which) {
    CommandResult r = run_command({HEISEN_BINARY, "run", "--", "/usr/bin/valgrind", "--tool=callgrind",
                                   "--collect-atstart=no", "--callgrind-out-file=/dev/null",
                                   program_path("table_cliffs"), which, "2", "20000"},
                                  240);
    EXPECT_FALSE(r.timed_out) << which;
    EXPECT_EQ(r.exit_status, 0) << r.err;
    const size_t refs_at = r.err.find("I   refs:");
    const size_t pairs_at = r.out.find(": ");
    if (refs_at == std::string::npos || pairs_at == std::string::npos) {
        ADD_FAILURE() << which << ":\n" << r.out << r.err;
        return 0;
    }
    std::string refs;
    for (size_t i = refs_at + 9; i < r.err.size() && r.err[i] != '\n'; ++i)
        if (r.err[i] >= '0' && r.err[i] <= '9') refs += r.err[i];
    const double pairs = std::stod(r.out.substr(pairs_at + 2));
    return std::stod(refs) / pairs;
}

class TableCliffs : public ::testing::Test {
protected:
    void SetUp() override {
#if defined(HEISEN_SELFCHECK) && HEISEN_SELFCHECK
        GTEST_SKIP() << "a self-check build takes every lock operation through the full path: its costs are not heisen's";
#endif
        if (!have_valgrind()) GTEST_SKIP() << "valgrind is not installed";
        if (normal_ == 0) normal_ = instructions_per_pair("fits");
        ASSERT_GT(normal_, 0);
    }
    void expect_within_twice(const std::string &which) {
        const double cost = instructions_per_pair(which);
        EXPECT_LE(cost, 2 * normal_) << which << ": " << cost << " instructions per pair, " << normal_
                                     << " when everything fits";
    }
    static double normal_;
};
double TableCliffs::normal_ = 0;

TEST_F(TableCliffs, MoreLiveLockAddressesThanTheSideTableHoldsKeepLockingCheap) { expect_within_twice("addresses"); }

TEST_F(TableCliffs, MoreRecurringSequencesThanTheChainCacheKeepsKeepLockingCheap) { expect_within_twice("chains"); }

TEST_F(TableCliffs, MoreOrdersThanTheGraphHoldsKeepLockingCheap) { expect_within_twice("edges"); }

TEST_F(TableCliffs, MoreLocksThanTheClassTableHoldsKeepLockingCheap) { expect_within_twice("classes"); }

// The side table keeps the locks that are alive: a destroyed lock's entry is taken over by later
// locks, so a long-running program's new locks are validated however many came and went.
TEST(HeisenRunTables, LocksMadeAfterMoreThanTheSideTableHoldsCameAndWentAreStillValidated) {
    CommandResult r = heisen_run({}, "address_churn", {"destroyed"}, 120);
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "address_churn: destroyed done\n");
    EXPECT_EQ(count_of(r.err, "WARNING: possible circular locking dependency detected"), 1u) << r.err.substr(0, 2000);
    EXPECT_EQ(r.err.find("lock table full"), std::string::npos) << r.err.substr(0, 2000);
}

// Entries taken over from locks whose memory went away belong to the new lock's memory: when
// that memory goes too, its locks are retired, and new locks in the same place start afresh
// (no cycle with the order of the locks that were there before).
TEST(HeisenRunTables, LocksInMemoryUnmappedAfterTheSideTableWasUsedUpStartAfresh) {
    CommandResult r = heisen_run({}, "address_churn", {"unmapped"}, 120);
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "address_churn: unmapped done\n");
    EXPECT_FALSE(has_any_report(r.err)) << r.err.substr(0, 2000);
    EXPECT_EQ(r.err.find("lock table full"), std::string::npos) << r.err.substr(0, 2000);
}

}  // namespace
}  // namespace heisen::test
