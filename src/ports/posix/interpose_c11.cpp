// interpose_c11.cpp — C11 <threads.h> mutexes.
//
// glibc implements mtx_t on its pthread mutex internals without calling the exported pthread
// functions, so they are interposed themselves: an mtx_t is validated exactly as the
// pthread_mutex_t it is (mtx_recursive is a recursive mutex). thrd_success is 0, so the
// generic wrappers read the results as they read pthread ones. cnd_wait and cnd_timedwait are
// in interpose_cond.cpp, thrd_create and thrd_exit in interpose_thread.cpp.
#include <threads.h>

#include "mutex_identity.h"
#include "wrapper_support.h"

namespace heisen::posix {
namespace {

static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t), "glibc's mtx_t is a pthread_mutex_t");
static_assert(thrd_success == 0, "the generic wrappers treat 0 as success");

pthread_mutex_t *as_pthread_mutex(mtx_t *mutex) { return reinterpret_cast<pthread_mutex_t *>(mutex); }

}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int mtx_init(mtx_t *mutex, int type) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_init(
        mutex, [&] { return real.mtx_init(mutex, type); },
        [&] { return mutex_identity(as_pthread_mutex(mutex), ip); });
}

HEISEN_INTERPOSE void mtx_destroy(mtx_t *mutex) {
    ensure_real_functions();
    validated_destroy(mutex, HEISEN_CALLER);
    real.mtx_destroy(mutex);
}

HEISEN_INTERPOSE int mtx_lock(mtx_t *mutex) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_acquire(
        ip, 0, [&] { return mutex_entry(as_pthread_mutex(mutex), ip); }, [&] { return real.mtx_lock(mutex); },
        [&] {
            int rc = real.mtx_trylock(mutex);
            return rc == thrd_busy ? EBUSY : rc;
        });
}

HEISEN_INTERPOSE int mtx_timedlock(mtx_t *__restrict mutex, const struct timespec *__restrict abstime) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_acquire(
        ip, 0, [&] { return mutex_entry(as_pthread_mutex(mutex), ip); },
        [&] { return real.mtx_timedlock(mutex, abstime); });
}

HEISEN_INTERPOSE int mtx_trylock(mtx_t *mutex) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    return validated_try(ip, 0, [&] { return mutex_entry(as_pthread_mutex(mutex), ip); }, real.mtx_trylock(mutex));
}

HEISEN_INTERPOSE int mtx_unlock(mtx_t *mutex) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    validated_release(ip, [&] { return mutex_entry(as_pthread_mutex(mutex), ip); });
    return real.mtx_unlock(mutex);
}
