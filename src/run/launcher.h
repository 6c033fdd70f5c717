// launcher.h — starts the program with the runtime preloaded and pumps its report channel.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "report_reader.h"
#include "run_options.h"

namespace heisen::run {

struct LaunchResult {
    bool started = false;
    int exit_status = 0;  // the program's exit code, or 128+N when killed by signal N
    std::string error;    // why it did not start
    uint32_t unfollowed_processes = 0;  // validated processes the ring had no room to follow
    uint64_t lost_records = 0;          // records the ring could not carry
};

// The absolute path of libheisen_preload.so: $HEISEN_PRELOAD, else the one installed with the
// running `heisen` (src/layout). Empty, with `error` set, if it cannot be read.
std::string find_preload_library(std::string &error);

// Runs `path` with `argv`, feeding every record it (and any process it forks or execs) sends to
// `reader`, and calling `process_ended` once a process has ended and all it sent was read.
// Returns once the program has exited and no process it left behind can still report.
LaunchResult launch(const std::string &path, const std::vector<std::string> &argv, const RunOptions &options,
                    const std::string &preload_library, ReportReader &reader,
                    const std::function<void(int32_t)> &process_ended);

}  // namespace heisen::run
