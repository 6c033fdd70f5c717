// program_check.cpp — PATH resolution, and whether the preload library can enter the program
// (program_kind.h).
#include "program_check.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "ports/posix/program_kind.h"

namespace heisen::run {
namespace {

std::string resolve_in_path(const std::string &program) {
    if (program.find('/') != std::string::npos) return program;
    const char *path = std::getenv("PATH");
    std::string directories = path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t start = 0;
    for (;;) {
        size_t end = directories.find(':', start);
        std::string directory = directories.substr(start, end == std::string::npos ? end : end - start);
        std::string candidate = (directory.empty() ? "." : directory) + "/" + program;
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
        if (end == std::string::npos) return {};
        start = end + 1;
    }
}

}  // namespace

ProgramCheck check_program(const std::string &program) {
    ProgramCheck check;
    check.path = resolve_in_path(program);
    struct stat status;
    if (check.path.empty() || stat(check.path.c_str(), &status) != 0) {
        check.exit_status = 127;
        check.message = "'" + program + "': no such program";
        if (program.find('/') == std::string::npos) check.message += " in PATH";
        return check;
    }
    if (S_ISDIR(status.st_mode) || access(check.path.c_str(), X_OK) != 0) {
        check.exit_status = 126;
        check.message = "'" + check.path + "' is not an executable file";
        return check;
    }
    using posix::ProgramKind;
    const ProgramKind kind = posix::program_kind(check.path.c_str());
    switch (kind) {
    case ProgramKind::kPreloadable:
        break;
    case ProgramKind::kStatic:
        check.exit_status = 2;
        check.message = "'" + check.path +
                        "' is statically linked: heisen run validates dynamically linked programs only "
                        "(the preloaded runtime cannot be loaded into it). Link it dynamically, or call "
                        "the validator through include/heisen/heisen.h";
        break;
    case ProgramKind::kOtherClass:
    case ProgramKind::kPrivileged:
        check.exit_status = 2;
        check.message = "'" + check.path + "' " + posix::program_kind_phrase(kind) +
                        ": heisen run cannot validate it" +
                        (kind == ProgramKind::kPrivileged ? " (run a copy without those privileges)" : "");
        break;
    case ProgramKind::kUnreadable:
    case ProgramKind::kWithoutPreload:  // not a property of a file
        check.exit_status = 126;
        check.message = "'" + check.path + "' cannot be read as an ELF file";
        break;
    }
    return check;
}

}  // namespace heisen::run
