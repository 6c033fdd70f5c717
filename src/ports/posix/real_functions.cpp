// real_functions.cpp — fills the RealFunctions table from the next object in lookup order.
#include "real_functions.h"

#include <dlfcn.h>
#include <unistd.h>

#include "raw_syscall.h"

#include <cstring>

namespace heisen::posix {

RealFunctions real;
bool g_real_functions_ready;  // atomic via builtins

namespace {

__thread bool t_resolving __attribute__((tls_model("initial-exec")));

void *next_symbol(const char *name) {
    void *symbol = dlsym(RTLD_NEXT, name);
    if (!symbol) {
        // Every function listed is part of glibc; missing one means a libc we cannot wrap safely.
        static const char kPrefix[] = "heisen: cannot resolve libc function ";
        raw_write_all(2, kPrefix, sizeof kPrefix - 1);
        raw_write_all(2, name, std::strlen(name));
        raw_write_all(2, "\n", 1);
        raw_syscall(SYS_exit_group, 125);
        __builtin_unreachable();
    }
    return symbol;
}

template <typename F>
void bind(F &slot, const char *name) {
    slot = reinterpret_cast<F>(next_symbol(name));
}

}  // namespace

bool resolving_real_functions() { return t_resolving; }

void resolve_real_functions() {
    if (real_functions_ready() || t_resolving) return;
    t_resolving = true;
    // Concurrent resolvers store identical values, so no lock is needed.
    bind(real.free, "free");
    bind(real.munmap, "munmap");
    bind(real.mutex_init, "pthread_mutex_init");
    bind(real.mutex_destroy, "pthread_mutex_destroy");
    bind(real.mutex_lock, "pthread_mutex_lock");
    bind(real.mutex_trylock, "pthread_mutex_trylock");
    bind(real.mutex_timedlock, "pthread_mutex_timedlock");
    bind(real.mutex_clocklock, "pthread_mutex_clocklock");
    bind(real.mutex_unlock, "pthread_mutex_unlock");
    bind(real.rwlock_init, "pthread_rwlock_init");
    bind(real.rwlock_destroy, "pthread_rwlock_destroy");
    bind(real.rwlock_rdlock, "pthread_rwlock_rdlock");
    bind(real.rwlock_tryrdlock, "pthread_rwlock_tryrdlock");
    bind(real.rwlock_timedrdlock, "pthread_rwlock_timedrdlock");
    bind(real.rwlock_wrlock, "pthread_rwlock_wrlock");
    bind(real.rwlock_trywrlock, "pthread_rwlock_trywrlock");
    bind(real.rwlock_timedwrlock, "pthread_rwlock_timedwrlock");
    bind(real.rwlock_clockrdlock, "pthread_rwlock_clockrdlock");
    bind(real.rwlock_clockwrlock, "pthread_rwlock_clockwrlock");
    bind(real.rwlock_unlock, "pthread_rwlock_unlock");
    bind(real.mtx_init, "mtx_init");
    bind(real.mtx_destroy, "mtx_destroy");
    bind(real.mtx_lock, "mtx_lock");
    bind(real.mtx_trylock, "mtx_trylock");
    bind(real.mtx_timedlock, "mtx_timedlock");
    bind(real.mtx_unlock, "mtx_unlock");
    bind(real.cnd_wait, "cnd_wait");
    bind(real.cnd_timedwait, "cnd_timedwait");
    bind(real.cnd_signal, "cnd_signal");
    bind(real.cnd_broadcast, "cnd_broadcast");
    bind(real.cnd_destroy, "cnd_destroy");
    bind(real.thrd_join, "thrd_join");
    bind(real.thrd_create, "thrd_create");
    bind(real.thrd_exit, "thrd_exit");
    bind(real.spin_init, "pthread_spin_init");
    bind(real.spin_destroy, "pthread_spin_destroy");
    bind(real.spin_lock, "pthread_spin_lock");
    bind(real.spin_trylock, "pthread_spin_trylock");
    bind(real.spin_unlock, "pthread_spin_unlock");
    // The default (GLIBC_2.3.2) versions: the ones every program built since 2002 links against.
    bind(real.cond_wait, "pthread_cond_wait");
    bind(real.cond_timedwait, "pthread_cond_timedwait");
    bind(real.cond_clockwait, "pthread_cond_clockwait");
    bind(real.cond_signal, "pthread_cond_signal");
    bind(real.cond_broadcast, "pthread_cond_broadcast");
    bind(real.cond_destroy, "pthread_cond_destroy");
    bind(real.sem_init, "sem_init");
    bind(real.sem_destroy, "sem_destroy");
    bind(real.sem_wait, "sem_wait");
    bind(real.sem_trywait, "sem_trywait");
    bind(real.sem_timedwait, "sem_timedwait");
    bind(real.sem_clockwait, "sem_clockwait");
    bind(real.sem_post, "sem_post");
    bind(real.thread_create, "pthread_create");
    bind(real.thread_exit, "pthread_exit");
    bind(real.thread_join, "pthread_join");
    bind(real.thread_timedjoin, "pthread_timedjoin_np");
    bind(real.thread_clockjoin, "pthread_clockjoin_np");
    bind(real.barrier_wait, "pthread_barrier_wait");
    bind(real.barrier_destroy, "pthread_barrier_destroy");
    bind(real.fork, "fork");
    // Optional: a program can only call _Fork where libc has it.
    real.fork_without_handlers = reinterpret_cast<pid_t (*)()>(dlsym(RTLD_NEXT, "_Fork"));
    bind(real.prctl, "prctl");
    bind(real.execve, "execve");
    bind(real.execvpe, "execvpe");
    bind(real.fexecve, "fexecve");
    bind(real.posix_spawn, "posix_spawn");
    bind(real.posix_spawnp, "posix_spawnp");
    bind(real.sigaction, "sigaction");
    bind(real.sigprocmask, "sigprocmask");
    bind(real.pthread_sigmask, "pthread_sigmask");
    bind(real.siglongjmp, "siglongjmp");
    bind(real.longjmp, "longjmp");
    bind(real.longjmp_chk, "__longjmp_chk");
    bind(real.sleep, "sleep");
    bind(real.usleep, "usleep");
    bind(real.nanosleep, "nanosleep");
    bind(real.clock_nanosleep, "clock_nanosleep");
    bind(real.poll, "poll");
    bind(real.ppoll, "ppoll");
    bind(real.select, "select");
    bind(real.pselect, "pselect");
    bind(real.epoll_wait, "epoll_wait");
    bind(real.epoll_pwait, "epoll_pwait");
    bind(real.read, "read");
    bind(real.write, "write");
    bind(real.recv, "recv");
    bind(real.send, "send");
    bind(real.recvfrom, "recvfrom");
    bind(real.sendto, "sendto");
    bind(real.recvmsg, "recvmsg");
    bind(real.sendmsg, "sendmsg");
    bind(real.accept, "accept");
    bind(real.accept4, "accept4");
    bind(real.connect, "connect");
    bind(real.syscall, "syscall");
    __atomic_store_n(&g_real_functions_ready, true, __ATOMIC_RELEASE);
    t_resolving = false;
}

}  // namespace heisen::posix
