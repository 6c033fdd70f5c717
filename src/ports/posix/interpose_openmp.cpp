// interpose_openmp.cpp — OpenMP's locks and critical sections (libgomp).
//
// libgomp builds them on futexes and never calls a pthread lock function, so without these
// wrappers an OpenMP program's locking is invisible. omp_lock_t is a sleeping lock,
// omp_nest_lock_t a recursive one; a named critical section (#pragma omp critical(name)) is the
// lock libgomp keeps in the program's .gomp_critical_user_<name> variable, and the unnamed one and
// the #pragma omp atomic fallback are one process-wide lock each.
//
// libgomp is an ordinary library the program links or loads, not part of libc: its functions are
// looked up on first use, also where it was loaded RTLD_LOCAL behind a plugin. Only the current
// ABI (symbol version OMP_3.0) is wrapped; the OMP_1.0 nest-lock layout of programs built before
// GCC 4.4 is not.
#include <dlfcn.h>
#include <errno.h>

#include "raw_syscall.h"
#include "wrapper_support.h"

// The unnamed critical section and the atomic fallback have no variable in the program: these
// stand in for them, and reports name them by these symbols.
extern "C" __attribute__((visibility("hidden"))) char omp_unnamed_critical;
extern "C" __attribute__((visibility("hidden"))) char omp_atomic_fallback;
char omp_unnamed_critical;
char omp_atomic_fallback;

namespace heisen::posix {
namespace {

// The libgomp function `name`, looked up once.
template <typename F>
F libgomp_function(F &cached, const char *name) {
    F function = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
    if (function) return function;
    void *symbol = dlsym(RTLD_NEXT, name);
    if (!symbol) {
        if (void *library = dlopen("libgomp.so.1", RTLD_LAZY | RTLD_NOLOAD)) symbol = dlsym(library, name);
    }
    if (!symbol) {
        static const char kMessage[] = "heisen: OpenMP function called but libgomp cannot be found\n";
        raw_write_all(2, kMessage, sizeof kMessage - 1);
        raw_syscall(SYS_exit_group, 125);
    }
    function = reinterpret_cast<F>(symbol);
    __atomic_store_n(&cached, function, __ATOMIC_RELEASE);
    return function;
}

#define HEISEN_LIBGOMP(function, name) libgomp_function(real_##function, name)

using LockFunction = void (*)(void *);
using TestFunction = int (*)(void *);
using InitWithHint = void (*)(void *, int);
using NamedFunction = void (*)(void **);
using PlainFunction = void (*)();

LockFunction real_init_lock, real_destroy_lock, real_set_lock, real_unset_lock;
LockFunction real_init_nest_lock, real_destroy_nest_lock, real_set_nest_lock, real_unset_nest_lock;
TestFunction real_test_lock, real_test_nest_lock;
InitWithHint real_init_lock_with_hint, real_init_nest_lock_with_hint;
NamedFunction real_critical_name_start, real_critical_name_end;
PlainFunction real_critical_start, real_critical_end, real_atomic_start, real_atomic_end;

constexpr unsigned kNestKind = HEISEN_LOCK_SLEEP | HEISEN_LOCK_RECURSIVE;

LockIdentity identity(Primitive primitive, unsigned kind, const void *site) {
    return {primitive, kind, reinterpret_cast<uintptr_t>(site)};
}

LockEntry *lock_of(void *lock, unsigned kind, const void *site) {
    return lock_entry(lock, identity(Primitive::kOpenmpLock, kind, site));
}

LockEntry *critical_of(const void *address, const void *site) {
    return lock_entry(address, identity(Primitive::kOpenmpCritical, HEISEN_LOCK_SLEEP, site));
}

void acquire(void *lock, unsigned kind, const void *ip, LockFunction real_set) {
    validated_acquire(ip, 0, [&] { return lock_of(lock, kind, ip); }, [&] {
        real_set(lock);
        return 0;
    });
}

void release(void *lock, unsigned kind, const void *ip, LockFunction real_unset) {
    validated_release(ip, [&] { return lock_of(lock, kind, ip); });
    real_unset(lock);
}

void enter_critical(const void *address, const void *ip, void (*real_enter)()) {
    validated_acquire(ip, 0, [&] { return critical_of(address, ip); }, [&] {
        real_enter();
        return 0;
    });
}

void leave_critical(const void *address, const void *ip, void (*real_leave)()) {
    validated_release(ip, [&] { return critical_of(address, ip); });
    real_leave();
}

}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE void omp_init_lock(void *lock) {
    const void *ip = HEISEN_CALLER;
    validated_init(lock, [&] {
        HEISEN_LIBGOMP(init_lock, "omp_init_lock")(lock);
        return 0;
    }, [&] { return identity(Primitive::kOpenmpLock, HEISEN_LOCK_SLEEP, ip); });
}

HEISEN_INTERPOSE void omp_init_lock_with_hint(void *lock, int hint) {
    const void *ip = HEISEN_CALLER;
    validated_init(lock, [&] {
        HEISEN_LIBGOMP(init_lock_with_hint, "omp_init_lock_with_hint")(lock, hint);
        return 0;
    }, [&] { return identity(Primitive::kOpenmpLock, HEISEN_LOCK_SLEEP, ip); });
}

HEISEN_INTERPOSE void omp_init_nest_lock(void *lock) {
    const void *ip = HEISEN_CALLER;
    validated_init(lock, [&] {
        HEISEN_LIBGOMP(init_nest_lock, "omp_init_nest_lock")(lock);
        return 0;
    }, [&] { return identity(Primitive::kOpenmpLock, kNestKind, ip); });
}

HEISEN_INTERPOSE void omp_init_nest_lock_with_hint(void *lock, int hint) {
    const void *ip = HEISEN_CALLER;
    validated_init(lock, [&] {
        HEISEN_LIBGOMP(init_nest_lock_with_hint, "omp_init_nest_lock_with_hint")(lock, hint);
        return 0;
    }, [&] { return identity(Primitive::kOpenmpLock, kNestKind, ip); });
}

HEISEN_INTERPOSE void omp_destroy_lock(void *lock) {
    validated_destroy(lock, HEISEN_CALLER);
    HEISEN_LIBGOMP(destroy_lock, "omp_destroy_lock")(lock);
}

HEISEN_INTERPOSE void omp_destroy_nest_lock(void *lock) {
    validated_destroy(lock, HEISEN_CALLER);
    HEISEN_LIBGOMP(destroy_nest_lock, "omp_destroy_nest_lock")(lock);
}

HEISEN_INTERPOSE void omp_set_lock(void *lock) {
    acquire(lock, HEISEN_LOCK_SLEEP, HEISEN_CALLER, HEISEN_LIBGOMP(set_lock, "omp_set_lock"));
}

HEISEN_INTERPOSE void omp_set_nest_lock(void *lock) {
    acquire(lock, kNestKind, HEISEN_CALLER, HEISEN_LIBGOMP(set_nest_lock, "omp_set_nest_lock"));
}

HEISEN_INTERPOSE void omp_unset_lock(void *lock) {
    release(lock, HEISEN_LOCK_SLEEP, HEISEN_CALLER, HEISEN_LIBGOMP(unset_lock, "omp_unset_lock"));
}

HEISEN_INTERPOSE void omp_unset_nest_lock(void *lock) {
    release(lock, kNestKind, HEISEN_CALLER, HEISEN_LIBGOMP(unset_nest_lock, "omp_unset_nest_lock"));
}

// Non-zero when the lock was set.
HEISEN_INTERPOSE int omp_test_lock(void *lock) {
    const void *ip = HEISEN_CALLER;
    const int set = HEISEN_LIBGOMP(test_lock, "omp_test_lock")(lock);
    validated_try(ip, 0, [&] { return lock_of(lock, HEISEN_LOCK_SLEEP, ip); }, set ? 0 : EBUSY);
    return set;
}

// The new nesting count when the lock was set, 0 when it was not.
HEISEN_INTERPOSE int omp_test_nest_lock(void *lock) {
    const void *ip = HEISEN_CALLER;
    const int count = HEISEN_LIBGOMP(test_nest_lock, "omp_test_nest_lock")(lock);
    validated_try(ip, 0, [&] { return lock_of(lock, kNestKind, ip); }, count ? 0 : EBUSY);
    return count;
}

HEISEN_INTERPOSE void GOMP_critical_start() {
    enter_critical(&omp_unnamed_critical, HEISEN_CALLER, HEISEN_LIBGOMP(critical_start, "GOMP_critical_start"));
}

HEISEN_INTERPOSE void GOMP_critical_end() {
    leave_critical(&omp_unnamed_critical, HEISEN_CALLER, HEISEN_LIBGOMP(critical_end, "GOMP_critical_end"));
}

HEISEN_INTERPOSE void GOMP_critical_name_start(void **name_lock) {
    NamedFunction real_start = HEISEN_LIBGOMP(critical_name_start, "GOMP_critical_name_start");
    const void *ip = HEISEN_CALLER;
    validated_acquire(ip, 0, [&] { return critical_of(name_lock, ip); }, [&] {
        real_start(name_lock);
        return 0;
    });
}

HEISEN_INTERPOSE void GOMP_critical_name_end(void **name_lock) {
    NamedFunction real_end = HEISEN_LIBGOMP(critical_name_end, "GOMP_critical_name_end");
    const void *ip = HEISEN_CALLER;
    validated_release(ip, [&] { return critical_of(name_lock, ip); });
    real_end(name_lock);
}

HEISEN_INTERPOSE void GOMP_atomic_start() {
    enter_critical(&omp_atomic_fallback, HEISEN_CALLER, HEISEN_LIBGOMP(atomic_start, "GOMP_atomic_start"));
}

HEISEN_INTERPOSE void GOMP_atomic_end() {
    leave_critical(&omp_atomic_fallback, HEISEN_CALLER, HEISEN_LIBGOMP(atomic_end, "GOMP_atomic_end"));
}
