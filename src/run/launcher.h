// launcher.h — starts the program with the runtime preloaded and pumps its report channel.
#pragma once

#include <string>
#include <vector>

#include "report_reader.h"
#include "run_options.h"

namespace heisen::run {

struct LaunchResult {
    bool started = false;
    int exit_status = 0;  // the program's exit code, or 128+N when killed by signal N
    std::string error;    // why it did not start
};

// The absolute path of libheisen_preload.so: $HEISEN_PRELOAD, else the one installed with the
// running `heisen` (src/layout). Empty, with `error` set, if it cannot be read.
std::string find_preload_library(std::string &error);

// Runs `path` with `argv` until it exits, feeding every record it (and any process it forks or
// execs) sends to `reader`. Returns once the program has exited and the channel is drained.
LaunchResult launch(const std::string &path, const std::vector<std::string> &argv, const RunOptions &options,
                    const std::string &preload_library, ReportReader &reader);

}  // namespace heisen::run
