// run_command.cpp — `heisen run [options] -- PROGRAM ARGS...`: validates an unmodified,
// dynamically linked program with the lock validator preloaded (docs/heisen-run.md).
#include <cstdio>

#include "commands.h"
#include "run/launcher.h"
#include "run/process_notes.h"
#include "run/program_check.h"
#include "run/report_output.h"
#include "run/report_reader.h"
#include "run/run_options.h"

int heisen::cli::run_command(int argc, char **argv) {
    using namespace heisen::run;
    std::string error;
    std::optional<RunOptions> options = parse_run_options(argc, argv, error);
    if (!options) {
        std::fprintf(stderr, "heisen run: %s\n(see 'heisen run --help')\n", error.c_str());
        return 2;
    }
    if (options->help) {
        std::fputs(run_usage(), stdout);
        return 0;
    }
    const ProgramCheck program = check_program(options->program.front());
    if (program.exit_status != 0) {
        std::fprintf(stderr, "heisen run: %s\n", program.message.c_str());
        return program.exit_status;
    }
    const std::string preload = find_preload_library(error);
    if (preload.empty()) {
        std::fprintf(stderr, "heisen run: %s\n", error.c_str());
        return 2;
    }
    ReportOutput output(*options);
    if (!output.open(error)) {
        std::fprintf(stderr, "heisen run: %s\n", error.c_str());
        return 2;
    }
    ProcessNotes notes(output);
    ReportReader reader([&](WireReport &&report) { output.report(std::move(report)); },
                        [&](int32_t pid, const std::string &line) { output.text(pid, line); },
                        [&](int32_t pid, LoadedModule &&module) { output.module(pid, std::move(module)); },
                        [&](int32_t pid, const std::vector<std::string> &words) { notes.fact(pid, words); });
    const LaunchResult result = launch(program.path, options->program, *options, preload, reader, [&](int32_t pid) {
        output.forget(pid);
        notes.ended(pid);
    });
    notes.finish();
    if (result.unfollowed_processes)
        output.note("heisen: " + std::to_string(result.unfollowed_processes) +
                    " processes were not followed (more validated processes alive at once than the report ring "
                    "tracks): reports they made after the program exited may be missing");
    if (result.lost_records)
        output.note("heisen: " + std::to_string(result.lost_records) +
                    " records of reports or notes were lost (more processes reporting at once than the report "
                    "ring has room for, or heisen run could not keep up)");
    output.close();
    if (!result.started) {
        std::fprintf(stderr, "heisen run: %s\n", result.error.c_str());
        return 126;
    }
    // --exitcode: something was reported, or a program was executed that heisen cannot validate.
    if ((output.report_count() > 0 || notes.unvalidated_count() > 0) && options->report_exit_status)
        return *options->report_exit_status;
    return result.exit_status;
}
