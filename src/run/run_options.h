// run_options.h — the command line of `heisen run`.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace heisen::run {

enum class OutputFormat { kText, kJson };

struct RunOptions {
    std::string log_path;                   // empty: stderr
    OutputFormat format = OutputFormat::kText;
    bool classes_by_site = false;           // --classes=site
    bool abort_on_report = false;           // --on-report=abort
    bool deadlock_report_only = false;      // --on-deadlock=report (default exit: status 66)
    std::optional<int> report_exit_status;  // --exitcode N
    bool stats = false;                     // --stats: per-lock statistics when the program exits
    bool condition_waits = false;           // --condition-waits: condition variables are waits/events
    std::vector<std::string> program;       // PROGRAM ARGS…
    bool help = false;
};

// Parses argv as passed to the subcommand (argv[0] is "run"). On error returns nullopt and sets
// `error` to a one-line message for the user.
std::optional<RunOptions> parse_run_options(int argc, char **argv, std::string &error);

// The text of `heisen run --help`.
const char *run_usage();

}  // namespace heisen::run
