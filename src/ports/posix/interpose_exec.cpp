// interpose_exec.cpp — programs a validated program executes.
//
// A program executed with heisen's LD_PRELOAD is validated like the first one, unless the preload
// library cannot enter it: statically linked, 32-bit, or gaining privileges (set-user-ID, …) so
// that the loader ignores LD_PRELOAD — or it is given an environment without heisen's LD_PRELOAD.
// Such a program is said once, when it is executed (process_facts.h), never passed over in
// silence. A 32-bit program's loader would also print an error about the 64-bit library on the
// program's stderr, so it gets an environment with heisen's library taken out of LD_PRELOAD.
//
// Everything here may run in a vfork child, in its parent's memory: no allocation (the new
// environment lives in pages of its own), no lock, raw system calls.
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "process_facts.h"
#include "report_channel.h"
#include "raw_syscall.h"
#include "runtime.h"
#include "text_format.h"
#include "wrapper_support.h"

extern char **environ;

namespace heisen::posix {
namespace {

constexpr char kPreloadVariable[] = "LD_PRELOAD=";
constexpr size_t kPathMax = 4096;

bool starts_with(const char *text, const char *prefix) { return strncmp(text, prefix, strlen(prefix)) == 0; }

// The value of LD_PRELOAD in `envp`, or null.
const char *preload_value(char *const envp[]) {
    for (size_t i = 0; envp && envp[i]; ++i)
        if (starts_with(envp[i], kPreloadVariable)) return envp[i] + sizeof kPreloadVariable - 1;
    return nullptr;
}

// True when `list` (the loader splits LD_PRELOAD at ':' and ' ') names this library.
bool names_this_library(const char *list) {
    const char *own = own_library_path();
    const size_t own_length = strlen(own);
    for (const char *p = list; list && own_length && *p;) {
        const size_t length = strcspn(p, ": ");
        if (length == own_length && strncmp(p, own, length) == 0) return true;
        p += length;
        if (*p) ++p;
    }
    return false;
}

// `file` found the way execvp finds it, in `buffer`; `file` itself when it has a '/' or is not found.
const char *resolve_like_execvp(const char *file, char *buffer) {
    if (!file || strchr(file, '/')) return file;
    const char *search = getenv("PATH");
    if (!search) search = "/bin:/usr/bin";
    for (const char *p = search;;) {
        const size_t length = strcspn(p, ":");
        const size_t file_length = strlen(file);
        if (length + 1 + file_length < kPathMax) {
            memcpy(buffer, length ? p : ".", length ? length : 1);
            size_t at = length ? length : 1;
            buffer[at++] = '/';
            memcpy(buffer + at, file, file_length + 1);
            if (raw_syscall(SYS_faccessat, AT_FDCWD, reinterpret_cast<long>(buffer), X_OK) == 0) return buffer;
        }
        if (!p[length]) return file;
        p += length + 1;
    }
}

// An environment like `envp` without this library in LD_PRELOAD, in fresh pages (unmapped by
// forget_environment if the exec fails). Null when no copy is needed or none can be made.
struct MadeEnvironment {
    char **envp;
    size_t bytes;
};

MadeEnvironment environment_without_this_library(char *const envp[]) {
    size_t count = 0, bytes = 0;
    for (; envp && envp[count]; ++count) bytes += strlen(envp[count]) + 1;
    const size_t total = (count + 1) * sizeof(char *) + bytes;
    long mapped = raw_syscall6(SYS_mmap, 0, static_cast<long>(total), PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped < 0 && mapped > -4096) return {nullptr, 0};
    char **copy = reinterpret_cast<char **>(mapped);
    char *strings = reinterpret_cast<char *>(copy + count + 1);
    size_t kept = 0;
    for (size_t i = 0; i < count; ++i) {
        if (!starts_with(envp[i], kPreloadVariable)) {
            copy[kept++] = strcpy(strings, envp[i]);
            strings += strlen(strings) + 1;
            continue;
        }
        // LD_PRELOAD=a:b:c without this library's element; left out entirely when nothing remains.
        char *value = strings;
        strings = stpcpy(strings, kPreloadVariable);
        const char *own = own_library_path();
        bool any = false;
        for (const char *p = envp[i] + sizeof kPreloadVariable - 1; *p;) {
            const size_t length = strcspn(p, ": ");
            if (length && !(length == strlen(own) && strncmp(p, own, length) == 0)) {
                if (any) *strings++ = ':';
                memcpy(strings, p, length);
                strings += length;
                any = true;
            }
            p += length;
            if (*p) ++p;
        }
        *strings++ = '\0';
        if (any) copy[kept++] = value;
    }
    copy[kept] = nullptr;
    return {copy, total};
}

void forget_environment(const MadeEnvironment &made) {
    if (made.envp) raw_syscall(SYS_munmap, reinterpret_cast<long>(made.envp), static_cast<long>(made.bytes));
}

// Says, once at the exec, when `path` will run unvalidated; for a 32-bit program returns the
// environment to give it instead of `envp`.
MadeEnvironment before_exec(const char *path, char *const envp[]) {
    if (!runtime_active() || !path) return {nullptr, 0};
    const ProgramKind kind = program_kind(path);
    if (kind == ProgramKind::kUnreadable) return {nullptr, 0};  // the exec itself will fail
    const bool preloaded = names_this_library(preload_value(envp));
    if (kind == ProgramKind::kPreloadable) {
        if (!preloaded) note_unvalidated_program(path, ProgramKind::kWithoutPreload);
        return {nullptr, 0};
    }
    if (preloaded) note_unvalidated_program(path, kind);
    if (kind == ProgramKind::kOtherClass && preloaded) return environment_without_this_library(envp);
    return {nullptr, 0};
}

char *const *chosen(const MadeEnvironment &made, char *const envp[]) { return made.envp ? made.envp : envp; }

// How many arguments execl's variable list holds after the first, the terminating null included.
size_t count_arguments(va_list arguments) {
    size_t count = 1;
    while (va_arg(arguments, const char *)) ++count;
    return count;
}

// argv[0] = first, then `count` more from the list (count_arguments): the caller's array, sized
// count + 1 on its own stack. The list is left after the null (execle's envp follows).
void collect_arguments(char **argv, const char *first, size_t count, va_list *arguments) {
    argv[0] = const_cast<char *>(first);
    for (size_t i = 1; i <= count; ++i) argv[i] = va_arg(*arguments, char *);
}

}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int execve(const char *path, char *const argv[], char *const envp[]) {
    ensure_real_functions();
    MadeEnvironment made = before_exec(path, envp);
    int rc = real.execve(path, argv, chosen(made, envp));
    forget_environment(made);
    return rc;
}

HEISEN_INTERPOSE int execv(const char *path, char *const argv[]) { return execve(path, argv, environ); }

HEISEN_INTERPOSE int execvpe(const char *file, char *const argv[], char *const envp[]) {
    ensure_real_functions();
    char found[kPathMax];
    MadeEnvironment made = before_exec(resolve_like_execvp(file, found), envp);
    int rc = real.execvpe(file, argv, chosen(made, envp));
    forget_environment(made);
    return rc;
}

HEISEN_INTERPOSE int execvp(const char *file, char *const argv[]) { return execvpe(file, argv, environ); }

HEISEN_INTERPOSE int execl(const char *path, const char *argument, ...) {
    va_list arguments;
    va_start(arguments, argument);
    const size_t count = count_arguments(arguments);
    va_end(arguments);
    char *argv[count + 1];
    va_start(arguments, argument);
    collect_arguments(argv, argument, count, &arguments);
    va_end(arguments);
    return execve(path, argv, environ);
}

HEISEN_INTERPOSE int execlp(const char *file, const char *argument, ...) {
    va_list arguments;
    va_start(arguments, argument);
    const size_t count = count_arguments(arguments);
    va_end(arguments);
    char *argv[count + 1];
    va_start(arguments, argument);
    collect_arguments(argv, argument, count, &arguments);
    va_end(arguments);
    return execvpe(file, argv, environ);
}

HEISEN_INTERPOSE int execle(const char *path, const char *argument, ...) {
    va_list arguments;
    va_start(arguments, argument);
    const size_t count = count_arguments(arguments);
    va_end(arguments);
    char *argv[count + 1];
    va_start(arguments, argument);
    collect_arguments(argv, argument, count, &arguments);
    char *const *envp = va_arg(arguments, char *const *);
    va_end(arguments);
    return execve(path, argv, envp);
}

HEISEN_INTERPOSE int fexecve(int fd, char *const argv[], char *const envp[]) {
    ensure_real_functions();
    char path[64];
    TextBuffer text(path, sizeof path);
    text.append("/proc/self/fd/").append_decimal(static_cast<uint64_t>(fd));
    MadeEnvironment made = before_exec(path, envp);
    int rc = real.fexecve(fd, argv, chosen(made, envp));
    forget_environment(made);
    return rc;
}

HEISEN_INTERPOSE int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                                 const posix_spawnattr_t *attributes, char *const argv[], char *const envp[]) {
    ensure_real_functions();
    MadeEnvironment made = before_exec(path, envp);
    int rc = real.posix_spawn(pid, path, actions, attributes, argv, chosen(made, envp));
    forget_environment(made);  // the child has its copy (or failed)
    if (rc == 0 && pid) report_channel_child_started(*pid);
    return rc;
}

HEISEN_INTERPOSE int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
                                  const posix_spawnattr_t *attributes, char *const argv[], char *const envp[]) {
    ensure_real_functions();
    char found[kPathMax];
    MadeEnvironment made = before_exec(resolve_like_execvp(file, found), envp);
    int rc = real.posix_spawnp(pid, file, actions, attributes, argv, chosen(made, envp));
    forget_environment(made);
    if (rc == 0 && pid) report_channel_child_started(*pid);
    return rc;
}
