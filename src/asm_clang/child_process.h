// child_process.h — work that may crash, hang or exhaust memory, run in a child process.
//
// Clang's parser and the build's own preprocessor both read arbitrary user input: a crash, a
// hang or memory exhaustion there must cost one translation unit, never the whole scan. The
// child runs in a process group of its own (so a compiler's own children die with it), with
// standard input and standard error on /dev/null; what it writes to `out_fd` comes back here.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace heisen::asmcheck {

struct ChildResult {
    std::string output;      // what the child wrote, at most the limit
    int exit_status = -1;    // when it exited normally
    int signal = 0;          // when a signal ended it (SIGKILL after a timeout or too much output)
    bool timed_out = false;
    int timeout_seconds = 0;
    bool output_too_large = false;
    std::string error;       // the child could not be started: why

    bool succeeded() const { return error.empty() && !timed_out && !output_too_large && signal == 0 && exit_status == 0; }
    // "crashed (SIGSEGV)", "took longer than 120 s", "exited with status 1" …
    std::string failure() const;
};

// fork() for work that may crash or hang: in the child (returns 0) a process group of its own
// (so a timeout kills whatever it starts), standard input and standard error on /dev/null, and
// `parent_end` closed; in the parent (returns the pid) `child_end` closed. Returns -1 with
// `error` set when no process could be started (both ends are then closed).
pid_t fork_isolated(int parent_end, int child_end, std::string &error);

// Forks; the child runs body(out_fd) and exits with its result. The parent collects the output
// until the child closes it, for at most `timeout_seconds` and `max_output` bytes.
ChildResult run_in_child(const std::function<int(int out_fd)> &body, int timeout_seconds, size_t max_output);

// Runs `argv` in `directory` with its standard output collected (run_in_child).
ChildResult run_command(const std::vector<std::string> &argv, const std::string &directory, int timeout_seconds,
                        size_t max_output);

}  // namespace heisen::asmcheck
