// interpose_seccomp.cpp — knowing when the program has forbidden itself system calls.
//
// A program in seccomp strict mode may only read, write and exit; a filter may forbid anything.
// Lock validation and reports need no system call; the few extras heisen makes on rarer paths
// (queueing a deferred signal again, checking whether a descriptor blocks) are skipped once the
// program has entered seccomp, so that heisen never gets it killed. Entry is seen through
// prctl(PR_SET_SECCOMP) and syscall(SYS_seccomp); a process started under a filter inherited
// across exec finds it in /proc/self/status when it starts.
#include <fcntl.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <sys/prctl.h>

#include "raw_syscall.h"
#include "runtime.h"
#include "wrapper_support.h"

namespace heisen::posix {
namespace {

bool g_restricted;

// The calling thread's signal mask is read now, while system calls are still allowed.
void note_seccomp_entry() {
    ensure_signal_mask_known(this_thread());
    __atomic_store_n(&g_restricted, true, __ATOMIC_RELEASE);
}

// "Seccomp:\t0" in /proc/self/status: no mode is in force.
bool inherited_seccomp() {
    long fd = raw_syscall(SYS_openat, AT_FDCWD, reinterpret_cast<long>("/proc/self/status"), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    char text[4096];
    long len = raw_syscall(SYS_read, fd, reinterpret_cast<long>(text), sizeof text - 1);
    raw_syscall(SYS_close, fd);
    if (len <= 0) return false;
    text[len] = '\0';
    static const char kField[] = "\nSeccomp:";
    for (long i = 0; i + static_cast<long>(sizeof kField) < len; ++i) {
        long k = 0;
        while (kField[k] && text[i + k] == kField[k]) ++k;
        if (kField[k]) continue;
        for (long at = i + k; at < len && text[at] != '\n'; ++at)
            if (text[at] >= '1' && text[at] <= '9') return true;
        return false;
    }
    return false;
}

}  // namespace

bool system_calls_restricted() { return __atomic_load_n(&g_restricted, __ATOMIC_ACQUIRE); }

void note_seccomp_syscall(long number, long operation) {
    if (number == SYS_seccomp && (operation == SECCOMP_SET_MODE_STRICT || operation == SECCOMP_SET_MODE_FILTER))
        note_seccomp_entry();
}

void check_inherited_seccomp() {
    if (inherited_seccomp()) __atomic_store_n(&g_restricted, true, __ATOMIC_RELEASE);
}

}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int prctl(int option, ...) {
    va_list args;
    va_start(args, option);
    unsigned long a = va_arg(args, unsigned long), b = va_arg(args, unsigned long);
    unsigned long c = va_arg(args, unsigned long), d = va_arg(args, unsigned long);
    va_end(args);
    ensure_real_functions();
    if (option == PR_SET_SECCOMP) note_seccomp_entry();
    return real.prctl(option, a, b, c, d);
}
