// heisen_runner_fixture.h — runs `heisen` (or any command) the way a user would, with a time
// limit, and captures what it printed and how it exited.
#pragma once

#include <string>
#include <vector>

namespace heisen::test {

struct CommandResult {
    int exit_status = -1;   // exit code, or 128+N when killed by signal N
    bool timed_out = false; // the command was killed after the time limit
    std::string out;
    std::string err;
    long max_rss_kb = 0;    // the largest resident set of the command and the children it waited for
};

// Runs argv[0] (a path) with a time limit in seconds. On timeout the whole process group gets
// SIGTERM, then SIGKILL a second later.
CommandResult run_command(const std::vector<std::string> &argv, double timeout_seconds = 20);

// `heisen run ARGS... -- PROGRAM PROGRAM_ARGS...` for a test program built next to the tests.
CommandResult heisen_run(const std::vector<std::string> &options, const std::string &program,
                         const std::vector<std::string> &program_args = {}, double timeout_seconds = 20);

std::string program_path(const std::string &name);
std::string read_file(const std::string &path);

// Number of non-overlapping occurrences of `needle` in `haystack`.
size_t count_of(const std::string &haystack, const std::string &needle);

// lockdep's headers, as the engine prints them.
inline constexpr const char kCircular[] = "WARNING: possible circular locking dependency detected";
inline constexpr const char kRecursive[] = "WARNING: possible recursive locking detected";
inline constexpr const char kSleeping[] = "BUG: sleeping function called from invalid context";
inline constexpr const char kInconsistent[] = "WARNING: inconsistent lock state";
inline constexpr const char kBadUnlock[] = "WARNING: bad unlock balance detected!";
inline constexpr const char kNonOwner[] = "WARNING: lock released by a context that does not own it!";
inline constexpr const char kHeldFreed[] = "BUG: held lock freed!";
inline constexpr const char kExitHeld[] = "WARNING: task exiting with locks held!";

// Any report at all: every report header starts with one of these at the start of a line.
bool has_any_report(const std::string &text);

#define EXPECT_CONTAINS(haystack, needle) \
    EXPECT_NE((haystack).find(needle), std::string::npos) << "missing: " << (needle) << "\nin:\n" << (haystack)
#define EXPECT_LACKS(haystack, needle) \
    EXPECT_EQ((haystack).find(needle), std::string::npos) << "unexpected: " << (needle) << "\nin:\n" << (haystack)

}  // namespace heisen::test
