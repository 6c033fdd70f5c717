// interpose_join.cpp — pthread_join and its variants: a wait for the joined thread's end.
//
// The joiner waits for the end-of-thread event (thread_exit_event.h) holding whatever it holds:
// a lock the joined thread takes on its way out is a "possible circular wait dependency" (it
// may wait for the joiner, which waits for it). A join that returns the thread retires the event:
// its descriptor, and so its key, may belong to the next thread. A thread heisen did not start
// (or one whose end found no room) is joined without a wait, and so is a timed join
// (pthread_timedjoin_np, pthread_clockjoin_np): it ends at its deadline (interpose_cond.cpp).
#include <pthread.h>
#include <threads.h>

#include "thread_exit_event.h"
#include "wrapper_support.h"

namespace heisen::posix {
namespace {

// A thread cancelled in the join never returns from it.
void cancelled_while_joining(void *thread) {
    if (thread) end_blocking(*static_cast<ThreadState *>(thread));
}

template <typename Join>
int validated_join(pthread_t joined, Deadline deadline, const void *ip, Join real_join) {
    might_sleep_here(ip);
    LockEntry *end = nullptr;
    ThreadState *joiner = validating_thread();
    if (joiner) {
        RuntimeScope scope(*joiner);
        end = known_thread_exit_event(joined);
        if (end && deadline == Deadline::kNone) heisen_wait_begin(&end->map, 0, ip);
    }
    // An untimed join of a thread heisen started is a wait a deadlock can go through
    // (live_deadlock.h): the joined thread may be blocked on a lock the joiner holds.
    const bool published = end && deadline == Deadline::kNone && begin_blocking_on_join(*joiner, joined, *end, ip);
    int rc;
    pthread_cleanup_push(cancelled_while_joining, published ? joiner : nullptr);
    rc = real_join();
    pthread_cleanup_pop(0);
    if (published) end_blocking(*joiner);
    if (!end) return rc;
    if (ThreadState *thread = validating_thread()) {
        RuntimeScope scope(*thread);
        if (deadline == Deadline::kNone) heisen_wait_end(&end->map, ip);
        if (rc == 0) retire_lock_entry(end);
    }
    return rc;
}

}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int pthread_join(pthread_t thread, void **result) {
    ensure_real_functions();
    return validated_join(thread, Deadline::kNone, HEISEN_CALLER, [&] { return real.thread_join(thread, result); });
}

HEISEN_INTERPOSE int pthread_timedjoin_np(pthread_t thread, void **result, const struct timespec *abstime) {
    ensure_real_functions();
    return validated_join(thread, Deadline::kTimed, HEISEN_CALLER,
                          [&] { return real.thread_timedjoin(thread, result, abstime); });
}

HEISEN_INTERPOSE int pthread_clockjoin_np(pthread_t thread, void **result, clockid_t clock,
                                          const struct timespec *abstime) {
    ensure_real_functions();
    return validated_join(thread, Deadline::kTimed, HEISEN_CALLER,
                          [&] { return real.thread_clockjoin(thread, result, clock, abstime); });
}

// C11: glibc's thrd_t is its pthread_t, and thrd_join does not go through pthread_join.
HEISEN_INTERPOSE int thrd_join(thrd_t thread, int *result) {
    ensure_real_functions();
    return validated_join(thread, Deadline::kNone, HEISEN_CALLER, [&] { return real.thrd_join(thread, result); });
}
