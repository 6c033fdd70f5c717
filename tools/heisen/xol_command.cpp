// xol_command.cpp — `heisen xol`: which instructions of an ELF file a probe cannot execute
// unchanged out of line (in a single-step slot), and whether it can at a given slot.
//
// Exit status: 0 no finding reached --fail-on; 1 one did; 2 usage error, unreadable or
// unsupported file, or no function matching --functions.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "option_cursor.h"
#include "xol/elf_file.h"
#include "xol/scan.h"

namespace heisen::cli {

namespace {

using namespace heisen::xol;

constexpr const char *kUsage =
    "usage: heisen xol [options] ELF\n"
    "\n"
    "Decodes every function of an x86-64 or riscv64 ELF file (executable, shared library, kernel\n"
    "image, relocatable object or kernel module) and reports each instruction a probe cannot\n"
    "execute unchanged out of line (copied to a single-step slot), what the probe must do about\n"
    "it, and a verdict per function: probe-safe, needs fix-up (which kind), or unsafe.\n"
    "\n"
    "options:\n"
    "  --slot ADDR                the slot's address: say which instructions can run there\n"
    "  --slot-range LO-HI         a slot anywhere in [LO, HI) (e.g. a module or XOL area)\n"
    "  --base ADDR                load a shared or relocatable object with its lowest address at\n"
    "                             ADDR (default: as linked; relocatable objects from 0)\n"
    "  --functions GLOB           only functions whose name matches (repeatable; shell globs)\n"
    "  --system-map FILE          function names for a stripped kernel image (System.map)\n"
    "  --summary                  one line per function, no per-instruction findings\n"
    "  --format text|json|sarif   output format (default text; see docs/xol.md)\n"
    "  --fail-on warning|error|none\n"
    "                             exit 1 when a finding reaches this level (default error):\n"
    "                             warning = some function needs a fix-up, error = unsafe\n"
    "  -h, --help                 this text\n"
    "\n"
    "exit status: 0 no finding reached --fail-on; 1 one did; 2 usage error or unreadable file.\n"
    "instruction classes and what a probe must do: docs/xol.md\n";

struct Options {
    std::string path;
    std::optional<uint64_t> base;
    std::string system_map;
    ScanOptions scan;
    int fail_on = static_cast<int>(Severity::Error);
};

int usage_error(const std::string &message) {
    std::fprintf(stderr, "heisen xol: %s\n(see 'heisen xol --help')\n", message.c_str());
    return 2;
}

// Parses argv; returns -1 to go on, else the exit status.
int parse_options(int argc, char **argv, Options &o) {
    OptionCursor cursor(argc, argv);
    bool only_paths = false, slot_given = false;
    std::vector<std::string> paths;
    while (cursor.next()) {
        if (only_paths || !cursor.is_option()) {
            paths.push_back(cursor.arg());
            continue;
        }
        const std::string &name = cursor.name();
        std::string value;
        if (name == "--") {
            only_paths = true;
        } else if (name == "-h" || name == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (name == "--summary") {
            o.scan.output.summary_only = true;
        } else if (name == "--slot" || name == "--slot-range") {
            if (!cursor.value(value)) return usage_error(name + " needs " + (name == "--slot" ? "an address" : "LO-HI"));
            if (slot_given) return usage_error("give one --slot or --slot-range");
            slot_given = true;
            std::string error;
            const bool ok = name == "--slot" ? parse_slot(value, o.scan.slot, error) : parse_slot_range(value, o.scan.slot, error);
            if (!ok) return usage_error(error);
        } else if (name == "--base") {
            uint64_t base = 0;
            if (!cursor.value(value) || !parse_address(value, base)) return usage_error("--base needs an address");
            o.base = base;
        } else if (name == "--functions") {
            if (!cursor.value(value) || value.empty()) return usage_error("--functions needs a glob");
            o.scan.function_globs.push_back(value);
        } else if (name == "--system-map") {
            if (!cursor.value(value)) return usage_error("--system-map needs a file");
            o.system_map = value;
        } else if (name == "--format") {
            if (!cursor.value(value)) return usage_error("--format needs text, json or sarif");
            if (value == "text") o.scan.output.format = OutputFormat::Text;
            else if (value == "json") o.scan.output.format = OutputFormat::Json;
            else if (value == "sarif") o.scan.output.format = OutputFormat::Sarif;
            else return usage_error("unknown format '" + value + "' (text, json, sarif)");
        } else if (name == "--fail-on") {
            if (!cursor.value(value)) return usage_error("--fail-on needs warning, error or none");
            if (!parse_fail_on(value, o.fail_on))
                return usage_error("unknown --fail-on level '" + value + "' (warning, error, none)");
        } else {
            return usage_error("unknown option '" + cursor.arg() + "'");
        }
    }
    if (paths.empty()) return usage_error("no ELF file given");
    if (paths.size() > 1) return usage_error("one ELF file at a time ('" + paths[1] + "' is a second)");
    o.path = paths[0];
    return -1;
}

}  // namespace

int xol_command(int argc, char **argv) {
    Options o;
    if (const int status = parse_options(argc, argv, o); status >= 0) return status;
    std::string error;
    if (!o.system_map.empty() && !read_system_map(o.system_map, o.scan.system_map, error)) {
        std::fprintf(stderr, "heisen xol: %s\n", error.c_str());
        return 2;
    }
    std::unique_ptr<ElfFile> file = ElfFile::open(o.path, o.base, error);
    if (!file) {
        std::fprintf(stderr, "heisen xol: %s\n", error.c_str());
        return 2;
    }
    Totals totals;
    if (!scan_elf(*file, o.scan, stdout, totals, error)) {
        std::fprintf(stderr, "heisen xol: %s\n", error.c_str());
        return 2;
    }
    if (std::fflush(stdout) != 0) {
        std::fprintf(stderr, "heisen xol: cannot write the report: %s\n", std::strerror(errno));
        return 2;
    }
    if (totals.functions == 0 && !o.scan.function_globs.empty()) {
        std::fprintf(stderr, "heisen xol: no function of %s matches --functions\n", o.path.c_str());
        return 2;
    }
    if (o.fail_on < 0) return 0;
    for (int level = o.fail_on; level <= static_cast<int>(Severity::Error); ++level)
        if (totals.by_severity[static_cast<size_t>(level)]) return 1;
    return 0;
}

}  // namespace heisen::cli
