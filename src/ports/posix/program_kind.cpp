// program_kind.cpp — program files heisen can and cannot validate (program_kind.h).
#include "program_kind.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "raw_syscall.h"

namespace heisen::posix {
namespace {

constexpr unsigned char kOwnClass = sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32;
constexpr long kMountNoSuid = 2;  // statfs f_flags ST_NOSUID

bool read_at(long fd, void *buffer, unsigned long len, unsigned long offset) {
    return raw_syscall(SYS_pread64, fd, reinterpret_cast<long>(buffer), static_cast<long>(len),
                       static_cast<long>(offset)) == static_cast<long>(len);
}

// Only the dynamic loader honours LD_PRELOAD, and only a program with PT_INTERP starts it (a
// static-pie has PT_DYNAMIC but no PT_INTERP: it relocates itself and loads nothing).
ProgramKind elf_kind(long fd) {
    Elf64_Ehdr header;
    if (!read_at(fd, &header, sizeof header, 0) || header.e_phentsize != sizeof(Elf64_Phdr))
        return ProgramKind::kUnreadable;
    for (unsigned i = 0; i < header.e_phnum; ++i) {
        Elf64_Phdr program_header;
        if (!read_at(fd, &program_header, sizeof program_header, header.e_phoff + i * sizeof program_header))
            return ProgramKind::kUnreadable;
        if (program_header.p_type == PT_INTERP) return ProgramKind::kPreloadable;
    }
    return ProgramKind::kStatic;
}

// The kernel marks the exec secure (AT_SECURE) when it changes the user or group the program
// runs as, or grants it file capabilities; the loader then ignores LD_PRELOAD paths.
bool gains_privileges(const char *path, long fd, const struct stat &status) {
    struct statfs mount;
    if (raw_syscall(SYS_fstatfs, fd, reinterpret_cast<long>(&mount)) == 0 && (mount.f_flags & kMountNoSuid))
        return false;
    if ((status.st_mode & S_ISUID) && status.st_uid != static_cast<uid_t>(raw_syscall(SYS_getuid))) return true;
    if ((status.st_mode & S_ISGID) && status.st_gid != static_cast<gid_t>(raw_syscall(SYS_getgid))) return true;
    if (raw_syscall(SYS_getuid) == 0) return false;  // root gains no capabilities it lacks
    return raw_syscall(SYS_getxattr, reinterpret_cast<long>(path), reinterpret_cast<long>("security.capability"), 0,
                       0) > 0;
}

// A "#!" script runs its interpreter: the first word after "#!", copied into `interpreter`.
bool script_interpreter(long fd, char *interpreter, unsigned long size) {
    char line[256] = {};
    long n = raw_syscall(SYS_pread64, fd, reinterpret_cast<long>(line), sizeof line - 1, 0);
    if (n < 3 || line[0] != '#' || line[1] != '!') return false;
    long i = 2;
    while (i < n && (line[i] == ' ' || line[i] == '\t')) ++i;
    unsigned long length = 0;
    while (i < n && line[i] != ' ' && line[i] != '\t' && line[i] != '\n' && length + 1 < size)
        interpreter[length++] = line[i++];
    interpreter[length] = '\0';
    return length > 0;
}

ProgramKind kind_of(const char *path, int scripts_left) {
    long fd = raw_syscall(SYS_openat, AT_FDCWD, reinterpret_cast<long>(path), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ProgramKind::kUnreadable;
    ProgramKind kind = ProgramKind::kUnreadable;
    struct stat status;
    unsigned char ident[EI_NIDENT] = {};
    char interpreter[256];
    if (raw_syscall(SYS_fstat, fd, reinterpret_cast<long>(&status)) == 0) {
        const bool elf = read_at(fd, ident, sizeof ident, 0) && ident[EI_MAG0] == ELFMAG0 && ident[EI_MAG1] == ELFMAG1 &&
                         ident[EI_MAG2] == ELFMAG2 && ident[EI_MAG3] == ELFMAG3;
        if (elf) {
            kind = ident[EI_CLASS] != kOwnClass ? ProgramKind::kOtherClass : elf_kind(fd);
            if (kind == ProgramKind::kPreloadable && gains_privileges(path, fd, status))
                kind = ProgramKind::kPrivileged;
        } else if (scripts_left > 0 && script_interpreter(fd, interpreter, sizeof interpreter)) {
            kind = kind_of(interpreter, scripts_left - 1);  // the interpreter is what runs
        } else {
            kind = ProgramKind::kPreloadable;  // not a program the kernel runs; exec will say so
        }
    }
    raw_syscall(SYS_close, fd);
    return kind;
}

}  // namespace

ProgramKind program_kind(const char *path) { return kind_of(path, 4); }

const char *program_kind_phrase(ProgramKind kind) {
    switch (kind) {
    case ProgramKind::kPreloadable: return "can be validated";
    case ProgramKind::kStatic: return "is statically linked (nothing loads the preload library into it)";
    case ProgramKind::kOtherClass: return "is a 32-bit program (heisen's preload library is 64-bit)";
    case ProgramKind::kPrivileged:
        return "gains privileges when it starts (set-user-ID, set-group-ID or file capabilities), and the "
               "dynamic loader ignores LD_PRELOAD for it";
    case ProgramKind::kUnreadable: return "cannot be read as an ELF file";
    case ProgramKind::kWithoutPreload: return "got an environment without heisen's LD_PRELOAD";
    }
    return "cannot be validated";
}

namespace {

struct KindWord {
    ProgramKind kind;
    const char *word;
};
constexpr KindWord kKindWords[] = {
    {ProgramKind::kPreloadable, "preloadable"}, {ProgramKind::kStatic, "static"},
    {ProgramKind::kOtherClass, "other-class"},  {ProgramKind::kPrivileged, "privileged"},
    {ProgramKind::kUnreadable, "unreadable"},   {ProgramKind::kWithoutPreload, "without-preload"},
};

bool same_word(const char *a, const char *b) {
    while (*a && *a == *b) ++a, ++b;
    return *a == *b;
}

}  // namespace

const char *program_kind_word(ProgramKind kind) {
    for (const KindWord &known : kKindWords)
        if (known.kind == kind) return known.word;
    return "unreadable";
}

ProgramKind program_kind_from_word(const char *word) {
    for (const KindWord &known : kKindWords)
        if (same_word(known.word, word)) return known.kind;
    return ProgramKind::kUnreadable;
}

}  // namespace heisen::posix
