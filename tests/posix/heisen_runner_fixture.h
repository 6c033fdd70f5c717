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

}  // namespace heisen::test
