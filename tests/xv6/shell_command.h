// shell_command.h — runs a shell command line the way a user types it (redirections, pipes,
// `cd … &&`) and captures what it printed on stdout and stderr together, for the xv6 kit tests.
#pragma once

#include <string>

struct CommandResult {
    int status;          // exit status, -1 if it did not exit normally
    std::string output;  // stdout and stderr
};

CommandResult run_shell(const std::string &command);
