// interpose_barrier.cpp — pthread_barrier_wait: every participant waits for all the others.
//
// The barrier is an event (one class per barrier object). Arriving at it triggers the event for
// the others, after the locks the arriving thread acquired on its way there (and let go of: a
// lock held at the barrier is held across the wait, which the wait records). Then the thread
// waits for it, holding what it holds. A participant that holds L at the barrier while another
// takes L before arriving is a "possible circular wait dependency": the second cannot arrive
// until the first leaves, and the first does not leave until everyone arrived.
//
// A thread that arrives holding locks triggers nothing: the engine counts held locks as needed
// by an event, and a lock held across the wait would then make a cycle with itself (a miss, by
// design, for a thread that both needs one lock on the way and holds another at the barrier).
#include <pthread.h>

#include "wrapper_support.h"

namespace heisen::posix {
namespace {

LockEntry *barrier_event(pthread_barrier_t *barrier, const void *site) {
    return lock_entry(barrier, {Primitive::kBarrier, HEISEN_EVENT, reinterpret_cast<uintptr_t>(site)});
}

}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int pthread_barrier_wait(pthread_barrier_t *barrier) {
    ensure_real_functions();
    const void *ip = HEISEN_CALLER;
    might_sleep_here(ip);
    LockEntry *event = nullptr;
    if (ThreadState *thread = validating_thread()) {
        RuntimeScope scope(*thread);
        event = barrier_event(barrier, ip);
        if (event) {
            if (!holds_any_lock(*thread)) heisen_event(&event->map, ip);
            heisen_wait_begin(&event->map, 0, ip);
        }
    }
    const int rc = real.barrier_wait(barrier);
    if (event)
        if (ThreadState *thread = validating_thread()) {
            RuntimeScope scope(*thread);
            heisen_wait_end(&event->map, ip);
        }
    return rc;
}

HEISEN_INTERPOSE int pthread_barrier_destroy(pthread_barrier_t *barrier) {
    ensure_real_functions();
    if (ThreadState *thread = validating_thread()) {
        RuntimeScope scope(*thread);
        if (LockEntry *event = find_lock_entry(barrier)) retire_lock_entry(event);
    }
    return real.barrier_destroy(barrier);
}
