// asm_command.cpp — `heisen asm`: check GNU extended asm statements in C/C++ sources.
//
// Exit status: 0 clean (no finding at or above --fail-on), 1 a finding reached --fail-on,
// 2 usage error or a path that could not be read (the rest is still checked and reported).
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <new>
#include <string>
#include <vector>

#include "asm/check_statement.h"
#include "asm/compilation_database.h"
#include "asm/scan_file.h"
#include "asm/scan_files.h"
#include "asm/scan_progress.h"
#include "asm/scan_rule_catalog.h"
#include "asm_clang/scan_database.h"
#include "commands.h"
#include "findings/write_json.h"
#include "findings/write_sarif.h"
#include "findings/write_text.h"

namespace heisen::cli {

namespace {

using namespace heisen::asmcheck;

constexpr const char *kUsage =
    "usage: heisen asm [options] PATH...\n"
    "       heisen asm -p BUILD_DIR [options] [PATH...]\n"
    "\n"
    "Checks that every GNU extended asm statement keeps the promise its outputs, inputs and\n"
    "clobbers make to the compiler. PATHs are C/C++ files or directories (searched recursively for\n"
    ".c .h .cc .cpp .cxx .c++ .hh .hpp .hxx .h++ .inl and the preprocessed .i .ii).\n"
    "\n"
    "options:\n"
    "  -p BUILD_DIR               read BUILD_DIR/compile_commands.json and parse each translation\n"
    "                             unit as its command says, with Clang's front end; with PATHs,\n"
    "                             only the statements written under them are reported\n"
    "  --compile-commands FILE    the same, naming the JSON file itself\n"
    "  --front-end clang|lexer    how to read a database's files (default clang); lexer reads\n"
    "                             each file alone, as without a database\n"
    "  --timeout SECONDS          per translation unit and step (default 120)\n"
    "  --target TARGET            x86_64 (default), i386 or riscv64 (or a triple), for files\n"
    "                             the compilation database does not list\n"
    "  -masm=intel                for those files: templates start in Intel syntax\n"
    "  -mno-red-zone              for those files: built without the x86-64 red zone\n"
    "  --format text|json|sarif   output format (default text; see docs/asm.md)\n"
    "  --fail-on note|warning|error|none\n"
    "                             exit 1 when a finding reaches this level (default warning);\n"
    "                             \"could not analyse\" counts as a note\n"
    "  -v, --verbose              also list basic asm statements (out of scope)\n"
    "  -h, --help                 this text\n"
    "\n"
    "exit status: 0 no finding reached --fail-on; 1 one did; 2 usage error or unreadable path.\n"
    "rules: docs/asm-rules.md\n";

enum class Format { Text, Json, Sarif };

struct Options {
    std::vector<std::string> paths;
    std::string database;  // path of compile_commands.json, or empty
    CheckOptions defaults;
    bool clang_front_end = true;  // with a database
    int timeout_seconds = 120;
    Format format = Format::Text;
    int fail_on = static_cast<int>(Severity::Warning);  // -1: never
    bool verbose = false;
};

int usage_error(const std::string &message) {
    std::fprintf(stderr, "heisen asm: %s\n(see 'heisen asm --help')\n", message.c_str());
    return 2;
}

// Parses argv; returns -1 to go on, else the exit status.
int parse_options(int argc, char **argv, Options &o) {
    bool only_paths = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (only_paths || arg.empty() || arg[0] != '-' || arg == "-") {
            o.paths.push_back(arg);
            continue;
        }
        // "--name=value" and "--name value" are both accepted.
        std::string name = arg, value;
        bool has_value = false;
        const size_t eq = arg.find('=');
        if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
            has_value = true;
        }
        const auto take_value = [&]() -> bool {
            if (has_value) return true;
            if (i + 1 >= argc) return false;
            value = argv[++i];
            return true;
        };
        if (name == "--") {
            only_paths = true;
        } else if (name == "-h" || name == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (name == "-v" || name == "--verbose") {
            o.verbose = true;
        } else if (name == "-masm=intel") {
            o.defaults.intel_syntax = true;
        } else if (name == "-masm=att") {
            o.defaults.intel_syntax = false;
        } else if (name == "-mno-red-zone") {
            o.defaults.red_zone = false;
        } else if (name == "-p" || name == "--build-dir") {
            if (!take_value()) return usage_error(name + " needs a build directory");
            o.database = (std::filesystem::path(value) / "compile_commands.json").string();
        } else if (arg.rfind("-p", 0) == 0 && arg.size() > 2 && arg[1] == 'p') {
            o.database = (std::filesystem::path(arg.substr(2)) / "compile_commands.json").string();
        } else if (name == "--compile-commands") {
            if (!take_value()) return usage_error(name + " needs a file");
            o.database = value;
        } else if (name == "--front-end") {
            if (!take_value()) return usage_error("--front-end needs clang or lexer");
            if (value == "clang") o.clang_front_end = true;
            else if (value == "lexer") o.clang_front_end = false;
            else return usage_error("unknown front end '" + value + "' (clang, lexer)");
        } else if (name == "--timeout") {
            if (!take_value()) return usage_error("--timeout needs a number of seconds");
            char *end = nullptr;
            const long seconds = std::strtol(value.c_str(), &end, 10);
            if (value.empty() || *end || seconds < 1 || seconds > 86400)
                return usage_error("--timeout needs a number of seconds from 1 to 86400");
            o.timeout_seconds = static_cast<int>(seconds);
        } else if (name == "--target") {
            if (!take_value()) return usage_error("--target needs a target");
            if (!parse_target(value, o.defaults.target))
                return usage_error("unknown target '" + value + "' (x86_64, i386, riscv64)");
        } else if (name == "--format") {
            if (!take_value()) return usage_error("--format needs text, json or sarif");
            if (value == "text") o.format = Format::Text;
            else if (value == "json") o.format = Format::Json;
            else if (value == "sarif") o.format = Format::Sarif;
            else return usage_error("unknown format '" + value + "' (text, json, sarif)");
        } else if (name == "--fail-on") {
            if (!take_value()) return usage_error("--fail-on needs note, warning, error or none");
            if (value == "note") o.fail_on = static_cast<int>(Severity::Note);
            else if (value == "warning") o.fail_on = static_cast<int>(Severity::Warning);
            else if (value == "error") o.fail_on = static_cast<int>(Severity::Error);
            else if (value == "none") o.fail_on = -1;
            else return usage_error("unknown --fail-on level '" + value + "' (note, warning, error, none)");
        } else {
            return usage_error("unknown option '" + arg + "'");
        }
    }
    if (o.paths.empty() && o.database.empty()) return usage_error("no PATH to check (and no -p BUILD_DIR)");
    return -1;
}

bool reaches_fail_on(const ScanReport &report, int fail_on) {
    if (fail_on < 0) return false;
    for (const Finding &f : report.findings)
        if (static_cast<int>(f.severity) >= fail_on) return true;
    return fail_on == static_cast<int>(Severity::Note) && !report.gaps.empty();
}

// One file; memory running out while it is checked is a note about that file, and the scan
// goes on with the next one.
bool scan_one_file(const SourceFile &file, ScanReport &report, std::string &error) {
    try {
        return scan_source_file(file, report, error);
    } catch (const std::bad_alloc &) {
        ++report.summary.files_not_fully_read;
        report.gaps.push_back({SourceLocation{file.display_path, 0, 0},
                               "out of memory while checking this file; what it held up to then is reported"});
        return true;
    }
}

int run_asm_command(int argc, char **argv) {
    Options o;
    if (const int status = parse_options(argc, argv, o); status >= 0) return status;

    bool unreadable = false;
    std::vector<CompileCommand> database;
    if (!o.database.empty()) {
        std::string error;
        if (!load_compilation_database(o.database, database, error)) {
            // The PATHs, if any, are still checked (with --target); the exit status says 2.
            std::fprintf(stderr, "heisen asm: %s\n", error.c_str());
            if (o.paths.empty()) return 2;
            database.clear();
            unreadable = true;
        }
    }
    ScanReport report;
    report.tool_name = "heisen";
    report.command = "heisen asm";
    report.tool_version = "0.1.0";
    report.information_uri = kHeisenHomepage;
    report.rule_namespace = "heisen-asm";
    report.rules = asm_rule_catalog();
    if (!database.empty() && o.clang_front_end) {
        FrontEndOptions front_end;
        front_end.defaults = o.defaults;
        front_end.paths = o.paths;
        front_end.timeout_seconds = o.timeout_seconds;
        std::vector<std::string> errors;
        {
            ScanProgress progress(stderr, isatty(STDERR_FILENO) != 0,
                                  translation_units_to_parse(database, o.paths).size());
            scan_with_front_end(database, front_end, report, errors, progress);
        }
        for (const std::string &error : errors) std::fprintf(stderr, "heisen asm: %s\n", error.c_str());
        unreadable = unreadable || !errors.empty();
    } else {
        report.mode = "lexer";
        ScanList list = o.paths.empty() ? list_database(database, o.defaults) : list_paths(o.paths, database, o.defaults);
        unreadable = unreadable || !list.errors.empty();
        for (const std::string &error : list.errors) std::fprintf(stderr, "heisen asm: %s\n", error.c_str());
        ScanProgress progress(stderr, isatty(STDERR_FILENO) != 0, list.files.size());
        for (size_t k = 0; k < list.files.size(); ++k) {
            progress.update(k, list.files[k].display_path);
            std::string error;
            if (!scan_one_file(list.files[k], report, error)) {
                progress.finish();
                std::fprintf(stderr, "heisen asm: %s\n", error.c_str());
                unreadable = true;
            }
        }
    }

    std::string out;
    switch (o.format) {
    case Format::Text: {
        TextReportOptions text;
        text.list_out_of_scope = o.verbose;
        out = write_text_report(report, text);
        break;
    }
    case Format::Json: out = write_json_report(report); break;
    case Format::Sarif: {
        std::error_code ec;
        const std::filesystem::path cwd = std::filesystem::current_path(ec);
        out = write_sarif_report(report, ec ? std::string("/") : cwd.string());
        break;
    }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (std::fflush(stdout) != 0) {
        std::fprintf(stderr, "heisen asm: cannot write the report: %s\n", std::strerror(errno));
        return 2;
    }
    if (unreadable) return 2;
    return reaches_fail_on(report, o.fail_on) ? 1 : 0;
}

}  // namespace

int asm_command(int argc, char **argv) {
    try {
        return run_asm_command(argc, argv);
    } catch (const std::bad_alloc &) {
        std::fflush(stdout);
        std::fputs("heisen asm: out of memory\n", stderr);
        return 2;
    }
}

}  // namespace heisen::cli
