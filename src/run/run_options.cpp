// run_options.cpp — parses `heisen run [options] -- PROGRAM ARGS…`.
#include "run_options.h"

#include <cstdlib>
#include <cstring>

namespace heisen::run {
namespace {

// Accepts "--name=value" and "--name value"; returns the value or null if `arg` is not --name.
const char *option_value(const char *name, int argc, char **argv, int &index, bool &missing) {
    const char *arg = argv[index];
    size_t len = std::strlen(name);
    if (std::strncmp(arg, name, len) != 0) return nullptr;
    if (arg[len] == '=') return arg + len + 1;
    if (arg[len] != '\0') return nullptr;
    if (index + 1 >= argc) {
        missing = true;
        return nullptr;
    }
    return argv[++index];
}

bool parse_status(const char *text, int &status) {
    char *end = nullptr;
    long value = std::strtol(text, &end, 10);
    if (!*text || *end || value < 0 || value > 255) return false;
    status = static_cast<int>(value);
    return true;
}

}  // namespace

const char *run_usage() {
    return "usage: heisen run [options] -- PROGRAM [ARGS...]\n"
           "\n"
           "Runs an unmodified dynamically linked program with heisen's lock validator preloaded\n"
           "and reports lock-order cycles, sleeping under spinlocks, signal-handler lock misuse,\n"
           "recursive and unbalanced locking.\n"
           "\n"
           "options:\n"
           "  --log FILE            write reports to FILE instead of stderr\n"
           "  --format text|json    lockdep-style text (default) or one JSON object per report\n"
           "  --classes=instance|site\n"
           "                        a lock class per lock instance (default) or per init site\n"
           "  --on-report=continue|abort\n"
           "                        keep running after a report (default) or stop the program\n"
           "  --on-deadlock=exit|report\n"
           "                        when threads are blocked in a cycle (a deadlock happening\n"
           "                        now): report it and exit with status 66 (default), or\n"
           "                        report it and leave the program blocked\n"
           "  --exitcode N          exit with N (0-255) when any report was made\n"
           "  --stats               when the program exits, print per-lock statistics:\n"
           "                        acquisitions, contended acquisitions, wait and hold time\n"
           "  --condition-waits     also treat condition variables, and binary semaphores\n"
           "                        used as signals (CPython's Event, Condition), as waits\n"
           "                        and events (a signaller that needs a lock the waiter\n"
           "                        holds); may report programs that signal one condition\n"
           "                        from both sides\n"
           "  --help                show this text\n"
           "\n"
           "exit status: the program's own (128+N if it was killed by signal N; 66 when heisen\n"
           "stopped it on a deadlock), or the --exitcode value when a report was made; 2 for\n"
           "usage errors, 126 when the program cannot be run, 127 when it does not exist.\n";
}

std::optional<RunOptions> parse_run_options(int argc, char **argv, std::string &error) {
    RunOptions options;
    int index = 1;
    for (; index < argc; ++index) {
        const char *arg = argv[index];
        bool missing = false;
        if (!std::strcmp(arg, "--")) {
            ++index;
            break;
        }
        if (!std::strcmp(arg, "--help") || !std::strcmp(arg, "-h")) {
            options.help = true;
            return options;
        }
        if (!std::strcmp(arg, "--stats")) {
            options.stats = true;
        } else if (!std::strcmp(arg, "--condition-waits")) {
            options.condition_waits = true;
        } else if (const char *value = option_value("--log", argc, argv, index, missing)) {
            if (!*value) {
                error = "--log needs a file name";
                return std::nullopt;
            }
            options.log_path = value;
        } else if (const char *format = option_value("--format", argc, argv, index, missing)) {
            if (!std::strcmp(format, "text")) {
                options.format = OutputFormat::kText;
            } else if (!std::strcmp(format, "json")) {
                options.format = OutputFormat::kJson;
            } else {
                error = std::string("--format must be text or json, not '") + format + "'";
                return std::nullopt;
            }
        } else if (const char *classes = option_value("--classes", argc, argv, index, missing)) {
            if (!std::strcmp(classes, "instance")) {
                options.classes_by_site = false;
            } else if (!std::strcmp(classes, "site")) {
                options.classes_by_site = true;
            } else {
                error = std::string("--classes must be instance or site, not '") + classes + "'";
                return std::nullopt;
            }
        } else if (const char *action = option_value("--on-deadlock", argc, argv, index, missing)) {
            if (!std::strcmp(action, "exit")) {
                options.deadlock_report_only = false;
            } else if (!std::strcmp(action, "report")) {
                options.deadlock_report_only = true;
            } else {
                error = std::string("--on-deadlock must be exit or report, not '") + action + "'";
                return std::nullopt;
            }
        } else if (const char *mode = option_value("--on-report", argc, argv, index, missing)) {
            if (!std::strcmp(mode, "continue")) {
                options.abort_on_report = false;
            } else if (!std::strcmp(mode, "abort")) {
                options.abort_on_report = true;
            } else {
                error = std::string("--on-report must be continue or abort, not '") + mode + "'";
                return std::nullopt;
            }
        } else if (const char *status = option_value("--exitcode", argc, argv, index, missing)) {
            int exit_status = 0;
            if (!parse_status(status, exit_status)) {
                error = std::string("--exitcode needs a number from 0 to 255, not '") + status + "'";
                return std::nullopt;
            }
            options.report_exit_status = exit_status;
        } else if (missing) {
            error = std::string(arg) + " needs a value";
            return std::nullopt;
        } else if (arg[0] == '-') {
            error = std::string("unknown option '") + arg + "'";
            return std::nullopt;
        } else {
            break;  // the program, without a "--" before it
        }
    }
    for (; index < argc; ++index) options.program.emplace_back(argv[index]);
    if (options.program.empty()) {
        error = "no program given (heisen run [options] -- PROGRAM [ARGS...])";
        return std::nullopt;
    }
    return options;
}

}  // namespace heisen::run
