// real_functions.h — the libc functions the preload library interposes, resolved with
// dlsym(RTLD_NEXT) so every wrapper can perform the real operation.
//
// Resolution happens once, eagerly from the library constructor and lazily from any wrapper that
// runs earlier (another library's constructor may lock a mutex before ours runs). dlsym itself may
// call calloc/free; only free is interposed here, and it falls back to __libc_free while the table
// is being filled, so resolution never recurses.
#pragma once

#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <spawn.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <threads.h>
#include <time.h>

namespace heisen::posix {

struct RealFunctions {
    // Mutexes.
    int (*mutex_init)(pthread_mutex_t *, const pthread_mutexattr_t *);
    int (*mutex_destroy)(pthread_mutex_t *);
    int (*mutex_lock)(pthread_mutex_t *);
    int (*mutex_trylock)(pthread_mutex_t *);
    int (*mutex_timedlock)(pthread_mutex_t *, const struct timespec *);
    int (*mutex_clocklock)(pthread_mutex_t *, clockid_t, const struct timespec *);
    int (*mutex_unlock)(pthread_mutex_t *);
    // Reader/writer locks.
    int (*rwlock_init)(pthread_rwlock_t *, const pthread_rwlockattr_t *);
    int (*rwlock_destroy)(pthread_rwlock_t *);
    int (*rwlock_rdlock)(pthread_rwlock_t *);
    int (*rwlock_tryrdlock)(pthread_rwlock_t *);
    int (*rwlock_timedrdlock)(pthread_rwlock_t *, const struct timespec *);
    int (*rwlock_wrlock)(pthread_rwlock_t *);
    int (*rwlock_trywrlock)(pthread_rwlock_t *);
    int (*rwlock_timedwrlock)(pthread_rwlock_t *, const struct timespec *);
    int (*rwlock_clockrdlock)(pthread_rwlock_t *, clockid_t, const struct timespec *);
    int (*rwlock_clockwrlock)(pthread_rwlock_t *, clockid_t, const struct timespec *);
    int (*rwlock_unlock)(pthread_rwlock_t *);
    // Spinlocks.
    int (*spin_init)(pthread_spinlock_t *, int);
    int (*spin_destroy)(pthread_spinlock_t *);
    int (*spin_lock)(pthread_spinlock_t *);
    int (*spin_trylock)(pthread_spinlock_t *);
    int (*spin_unlock)(pthread_spinlock_t *);
    // Condition variables.
    int (*cond_wait)(pthread_cond_t *, pthread_mutex_t *);
    int (*cond_timedwait)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
    int (*cond_clockwait)(pthread_cond_t *, pthread_mutex_t *, clockid_t, const struct timespec *);
    int (*cond_signal)(pthread_cond_t *);
    int (*cond_broadcast)(pthread_cond_t *);
    int (*cond_destroy)(pthread_cond_t *);
    // C11 threads.h: glibc implements them on its pthread internals, not through the functions above.
    int (*mtx_init)(mtx_t *, int);
    void (*mtx_destroy)(mtx_t *);
    int (*mtx_lock)(mtx_t *);
    int (*mtx_trylock)(mtx_t *);
    int (*mtx_timedlock)(mtx_t *__restrict, const struct timespec *__restrict);
    int (*mtx_unlock)(mtx_t *);
    int (*cnd_wait)(cnd_t *, mtx_t *);
    int (*cnd_timedwait)(cnd_t *__restrict, mtx_t *__restrict, const struct timespec *__restrict);
    int (*cnd_signal)(cnd_t *);
    int (*cnd_broadcast)(cnd_t *);
    void (*cnd_destroy)(cnd_t *);
    int (*thrd_join)(thrd_t, int *);
    int (*thrd_create)(thrd_t *, thrd_start_t, void *);
    void (*thrd_exit)(int);  // does not return
    // Semaphores.
    int (*sem_init)(sem_t *, int, unsigned);
    int (*sem_destroy)(sem_t *);
    int (*sem_wait)(sem_t *);
    int (*sem_trywait)(sem_t *);
    int (*sem_timedwait)(sem_t *, const struct timespec *);
    int (*sem_clockwait)(sem_t *, clockid_t, const struct timespec *);
    int (*sem_post)(sem_t *);
    // Threads and processes.
    int (*thread_create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
    void (*thread_exit)(void *);  // does not return
    int (*thread_join)(pthread_t, void **);
    int (*thread_timedjoin)(pthread_t, void **, const struct timespec *);
    int (*thread_clockjoin)(pthread_t, void **, clockid_t, const struct timespec *);
    int (*barrier_wait)(pthread_barrier_t *);
    int (*barrier_destroy)(pthread_barrier_t *);
    pid_t (*fork)();
    pid_t (*fork_without_handlers)();  // _Fork (glibc 2.34 and later); null where libc lacks it
    int (*prctl)(int, ...);
    int (*execve)(const char *, char *const[], char *const[]);
    int (*execvpe)(const char *, char *const[], char *const[]);
    int (*fexecve)(int, char *const[], char *const[]);
    int (*posix_spawn)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *,
                       char *const[], char *const[]);
    int (*posix_spawnp)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *,
                        char *const[], char *const[]);
    // Signals.
    int (*sigaction)(int, const struct sigaction *, struct sigaction *);
    int (*sigprocmask)(int, const sigset_t *, sigset_t *);
    int (*pthread_sigmask)(int, const sigset_t *, sigset_t *);
    void (*siglongjmp)(sigjmp_buf, int);   // does not return
    void (*longjmp)(jmp_buf, int);         // does not return
    void (*longjmp_chk)(jmp_buf, int);     // __longjmp_chk; does not return
    // Memory.
    void (*free)(void *);
    int (*munmap)(void *, size_t);
    // Blocking calls.
    unsigned (*sleep)(unsigned);
    int (*usleep)(useconds_t);
    int (*nanosleep)(const struct timespec *, struct timespec *);
    int (*clock_nanosleep)(clockid_t, int, const struct timespec *, struct timespec *);
    int (*poll)(struct pollfd *, nfds_t, int);
    int (*ppoll)(struct pollfd *, nfds_t, const struct timespec *, const sigset_t *);
    int (*select)(int, fd_set *, fd_set *, fd_set *, struct timeval *);
    int (*pselect)(int, fd_set *, fd_set *, fd_set *, const struct timespec *, const sigset_t *);
    int (*epoll_wait)(int, struct epoll_event *, int, int);
    int (*epoll_pwait)(int, struct epoll_event *, int, int, const sigset_t *);
    ssize_t (*read)(int, void *, size_t);
    ssize_t (*write)(int, const void *, size_t);
    ssize_t (*recv)(int, void *, size_t, int);
    ssize_t (*send)(int, const void *, size_t, int);
    ssize_t (*recvfrom)(int, void *, size_t, int, struct sockaddr *, socklen_t *);
    ssize_t (*sendto)(int, const void *, size_t, int, const struct sockaddr *, socklen_t);
    ssize_t (*recvmsg)(int, struct msghdr *, int);
    ssize_t (*sendmsg)(int, const struct msghdr *, int);
    int (*accept)(int, struct sockaddr *, socklen_t *);
    int (*accept4)(int, struct sockaddr *, socklen_t *, int);
    int (*connect)(int, const struct sockaddr *, socklen_t);
    long (*syscall)(long, ...);
};

// The resolved table; every entry is non-null once resolve_real_functions() has returned.
extern RealFunctions real;

// True once every entry is filled. Wrappers call ensure_real_functions() before using `real`.
extern bool g_real_functions_ready;
inline bool real_functions_ready() { return __atomic_load_n(&g_real_functions_ready, __ATOMIC_ACQUIRE); }
void resolve_real_functions();
__attribute__((always_inline)) inline void ensure_real_functions() {
    if (__builtin_expect(!real_functions_ready(), 0)) resolve_real_functions();
}

// True while dlsym is running inside resolve_real_functions() on this thread.
bool resolving_real_functions();

}  // namespace heisen::posix
