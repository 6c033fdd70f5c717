// raw_syscall.h — system calls issued directly, bypassing libc.
//
// The preload library exports read, write, syscall and friends itself, so calling them from
// inside heisen would re-enter its own wrappers. The report path also runs in signal handlers and
// before the real functions are resolved; a raw system call is async-signal-safe and needs nothing.
#pragma once

#include <sys/syscall.h>
#include <sys/types.h>

#include <cstddef>

namespace heisen::posix {

inline long raw_syscall6(long number, long a, long b, long c, long d, long e, long f) {
#if defined(__x86_64__)
    long result;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return result;
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = number;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
#else
#error "heisen's POSIX port supports x86-64 and AArch64 Linux"
#endif
}

// Returns the result or -errno, like the kernel; never touches errno.
inline long raw_syscall(long number, long a = 0, long b = 0, long c = 0, long d = 0) {
    return raw_syscall6(number, a, b, c, d, 0, 0);
}

// Writes all of `len` bytes unless the descriptor fails; returns false on failure.
inline bool raw_write_all(int fd, const void *data, size_t len) {
    const char *p = static_cast<const char *>(data);
    while (len > 0) {
        long n = raw_syscall(SYS_write, fd, reinterpret_cast<long>(p), static_cast<long>(len));
        if (n == -4 /* EINTR */) continue;
        if (n <= 0) return false;
        p += n;
        len -= static_cast<size_t>(n);
    }
    return true;
}

inline pid_t raw_getpid() { return static_cast<pid_t>(raw_syscall(SYS_getpid)); }
inline pid_t raw_gettid() { return static_cast<pid_t>(raw_syscall(SYS_gettid)); }

}  // namespace heisen::posix
