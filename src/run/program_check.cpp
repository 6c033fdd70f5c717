// program_check.cpp — PATH resolution and the ELF "is it dynamically linked?" test.
#include "program_check.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <vector>

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

enum class Linking { kDynamic, kStatic, kNotElf, kUnreadable };

template <typename Header, typename ProgramHeader>
Linking elf_linking(int fd) {
    Header header;
    if (pread(fd, &header, sizeof header, 0) != static_cast<ssize_t>(sizeof header)) return Linking::kUnreadable;
    if (header.e_phentsize != sizeof(ProgramHeader)) return Linking::kUnreadable;
    std::vector<ProgramHeader> headers(header.e_phnum);
    const ssize_t bytes = static_cast<ssize_t>(headers.size() * sizeof(ProgramHeader));
    if (pread(fd, headers.data(), static_cast<size_t>(bytes), static_cast<off_t>(header.e_phoff)) != bytes)
        return Linking::kUnreadable;
    // Only the dynamic loader honours LD_PRELOAD, and only a program with PT_INTERP starts it
    // (a static-pie has PT_DYNAMIC but no PT_INTERP: it relocates itself and loads nothing).
    for (const ProgramHeader &ph : headers)
        if (ph.p_type == PT_INTERP) return Linking::kDynamic;
    return Linking::kStatic;
}

Linking linking_of(const std::string &path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Linking::kUnreadable;
    unsigned char ident[EI_NIDENT] = {};
    Linking result = Linking::kNotElf;
    if (pread(fd, ident, sizeof ident, 0) == static_cast<ssize_t>(sizeof ident) &&
        std::memcmp(ident, ELFMAG, SELFMAG) == 0) {
        result = ident[EI_CLASS] == ELFCLASS64 ? elf_linking<Elf64_Ehdr, Elf64_Phdr>(fd)
                                               : elf_linking<Elf32_Ehdr, Elf32_Phdr>(fd);
    }
    close(fd);
    return result;
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
    switch (linking_of(check.path)) {
    case Linking::kDynamic:
    case Linking::kNotElf:  // a script: its interpreter is what runs, and is preloaded
        break;
    case Linking::kStatic:
        check.exit_status = 2;
        check.message = "'" + check.path +
                        "' is statically linked: heisen run validates dynamically linked programs only "
                        "(the preloaded runtime cannot be loaded into it). Link it dynamically, or call "
                        "the validator through include/heisen/heisen.h";
        break;
    case Linking::kUnreadable:
        check.exit_status = 126;
        check.message = "'" + check.path + "' cannot be read as an ELF file";
        break;
    }
    return check;
}

}  // namespace heisen::run
