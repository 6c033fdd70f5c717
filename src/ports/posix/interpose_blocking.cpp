// interpose_blocking.cpp — blocking system calls as might-sleep points.
//
// Sleeping while holding a spinning lock makes every other thread that wants it spin for as long
// as the sleep lasts; the kernel calls this "sleeping function called from invalid context".
// Each wrapper costs one thread-local load when no spinning lock is held. Calls that cannot
// block — a zero timeout, a non-blocking descriptor — are not sleeping points.
#include <fcntl.h>
#include <linux/futex.h>
#include <stdarg.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "raw_syscall.h"
#include "wrapper_support.h"

namespace heisen::posix {
namespace {

bool spinning_lock_held() { return __builtin_expect(holds_spinning_lock(this_thread()), 0); }

// Checked only while a spinning lock is held; F_GETFL is one cheap system call (not made once the
// program has entered seccomp, which may forbid it).
void might_sleep_on_fd(int fd, const void *ip) {
    if (!spinning_lock_held() || system_calls_restricted()) return;
    long flags = raw_syscall(SYS_fcntl, fd, F_GETFL);
    if (flags >= 0 && !(flags & O_NONBLOCK)) might_sleep_here(ip);
}

bool is_futex_wait(long op) {
    switch (op & FUTEX_CMD_MASK) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_REQUEUE_PI: return true;
    default: return false;
    }
}

}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE unsigned sleep(unsigned seconds) {
    ensure_real_functions();
    if (seconds) might_sleep_here(HEISEN_CALLER);
    return real.sleep(seconds);
}

HEISEN_INTERPOSE int usleep(useconds_t usec) {
    ensure_real_functions();
    if (usec) might_sleep_here(HEISEN_CALLER);
    return real.usleep(usec);
}

HEISEN_INTERPOSE int nanosleep(const struct timespec *duration, struct timespec *remaining) {
    ensure_real_functions();
    might_sleep_here(HEISEN_CALLER);
    return real.nanosleep(duration, remaining);
}

HEISEN_INTERPOSE int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request,
                                     struct timespec *remaining) {
    ensure_real_functions();
    might_sleep_here(HEISEN_CALLER);
    return real.clock_nanosleep(clock, flags, request, remaining);
}

HEISEN_INTERPOSE int poll(struct pollfd *fds, nfds_t count, int timeout) {
    ensure_real_functions();
    if (timeout != 0) might_sleep_here(HEISEN_CALLER);
    return real.poll(fds, count, timeout);
}

HEISEN_INTERPOSE int ppoll(struct pollfd *fds, nfds_t count, const struct timespec *timeout,
                           const sigset_t *mask) {
    ensure_real_functions();
    if (!timeout || timeout->tv_sec || timeout->tv_nsec) might_sleep_here(HEISEN_CALLER);
    return real.ppoll(fds, count, timeout, mask);
}

HEISEN_INTERPOSE int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
                            struct timeval *timeout) {
    ensure_real_functions();
    if (!timeout || timeout->tv_sec || timeout->tv_usec) might_sleep_here(HEISEN_CALLER);
    return real.select(nfds, readfds, writefds, exceptfds, timeout);
}

HEISEN_INTERPOSE int pselect(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
                             const struct timespec *timeout, const sigset_t *mask) {
    ensure_real_functions();
    if (!timeout || timeout->tv_sec || timeout->tv_nsec) might_sleep_here(HEISEN_CALLER);
    return real.pselect(nfds, readfds, writefds, exceptfds, timeout, mask);
}

HEISEN_INTERPOSE int epoll_wait(int epfd, struct epoll_event *events, int max_events, int timeout) {
    ensure_real_functions();
    if (timeout != 0) might_sleep_here(HEISEN_CALLER);
    return real.epoll_wait(epfd, events, max_events, timeout);
}

HEISEN_INTERPOSE int epoll_pwait(int epfd, struct epoll_event *events, int max_events, int timeout,
                                 const sigset_t *mask) {
    ensure_real_functions();
    if (timeout != 0) might_sleep_here(HEISEN_CALLER);
    return real.epoll_pwait(epfd, events, max_events, timeout, mask);
}

HEISEN_INTERPOSE ssize_t read(int fd, void *buffer, size_t len) {
    ensure_real_functions();
    might_sleep_on_fd(fd, HEISEN_CALLER);
    return real.read(fd, buffer, len);
}

HEISEN_INTERPOSE ssize_t write(int fd, const void *buffer, size_t len) {
    ensure_real_functions();
    might_sleep_on_fd(fd, HEISEN_CALLER);
    return real.write(fd, buffer, len);
}

HEISEN_INTERPOSE ssize_t recv(int fd, void *buffer, size_t len, int flags) {
    ensure_real_functions();
    if (!(flags & MSG_DONTWAIT)) might_sleep_on_fd(fd, HEISEN_CALLER);
    return real.recv(fd, buffer, len, flags);
}

HEISEN_INTERPOSE ssize_t send(int fd, const void *buffer, size_t len, int flags) {
    ensure_real_functions();
    if (!(flags & MSG_DONTWAIT)) might_sleep_on_fd(fd, HEISEN_CALLER);
    return real.send(fd, buffer, len, flags);
}

HEISEN_INTERPOSE ssize_t recvfrom(int fd, void *buffer, size_t len, int flags, struct sockaddr *from,
                                  socklen_t *from_len) {
    ensure_real_functions();
    if (!(flags & MSG_DONTWAIT)) might_sleep_on_fd(fd, HEISEN_CALLER);
    return real.recvfrom(fd, buffer, len, flags, from, from_len);
}

HEISEN_INTERPOSE ssize_t sendto(int fd, const void *buffer, size_t len, int flags, const struct sockaddr *to,
                                socklen_t to_len) {
    ensure_real_functions();
    if (!(flags & MSG_DONTWAIT)) might_sleep_on_fd(fd, HEISEN_CALLER);
    return real.sendto(fd, buffer, len, flags, to, to_len);
}

HEISEN_INTERPOSE ssize_t recvmsg(int fd, struct msghdr *message, int flags) {
    ensure_real_functions();
    if (!(flags & MSG_DONTWAIT)) might_sleep_on_fd(fd, HEISEN_CALLER);
    return real.recvmsg(fd, message, flags);
}

HEISEN_INTERPOSE ssize_t sendmsg(int fd, const struct msghdr *message, int flags) {
    ensure_real_functions();
    if (!(flags & MSG_DONTWAIT)) might_sleep_on_fd(fd, HEISEN_CALLER);
    return real.sendmsg(fd, message, flags);
}

HEISEN_INTERPOSE int accept(int fd, struct sockaddr *address, socklen_t *address_len) {
    ensure_real_functions();
    might_sleep_on_fd(fd, HEISEN_CALLER);
    return real.accept(fd, address, address_len);
}

HEISEN_INTERPOSE int accept4(int fd, struct sockaddr *address, socklen_t *address_len, int flags) {
    ensure_real_functions();
    might_sleep_on_fd(fd, HEISEN_CALLER);
    return real.accept4(fd, address, address_len, flags);
}

HEISEN_INTERPOSE int connect(int fd, const struct sockaddr *address, socklen_t address_len) {
    ensure_real_functions();
    might_sleep_on_fd(fd, HEISEN_CALLER);
    return real.connect(fd, address, address_len);
}

// syscall(2) is variadic; every Linux system call takes at most six word-sized arguments, so
// reading six and passing them on is exact on x86-64 and AArch64.
HEISEN_INTERPOSE long syscall(long number, ...) {
    va_list args;
    va_start(args, number);
    long a = va_arg(args, long), b = va_arg(args, long), c = va_arg(args, long);
    long d = va_arg(args, long), e = va_arg(args, long), f = va_arg(args, long);
    va_end(args);
    ensure_real_functions();
    if (number == SYS_futex && is_futex_wait(b)) might_sleep_here(HEISEN_CALLER);
    note_seccomp_syscall(number, a);
    return real.syscall(number, a, b, c, d, e, f);
}
