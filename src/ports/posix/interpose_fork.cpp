// interpose_fork.cpp — a child made by fork or _Fork starts with a consistent heisen.
//
// Another thread may be inside heisen when one forks: holding the engine's graph lock or the lock
// table's reclaim lock, initialising a lock table entry, writing a report. The child has only the forking thread, so
// whatever the others held would stay held there forever. As glibc does for its own locks, the
// forking thread takes the engine's locks before the fork (prepare_fork, the last atfork prepare
// handler to run) and lets go of them in both processes; lock table entries left mid-change by
// threads that did not survive are settled in the child, their thread slots emptied, and the
// child gets its own report channel area and pid. Signals arriving at the forking thread
// meanwhile wait (deferred_signals.h), so no handler can enter the engine it has locked.
//
// fork() runs these through pthread_atfork. _Fork (glibc 2.34) runs no atfork handlers, so its
// wrapper calls them itself; fork() reaches _Fork inside libc without passing through here, so
// the child is told once either way. Both wrappers also enter the child in the ring's process
// table from the parent: a daemon's parent may end before the daemon has run at all, and the
// runner must still wait for it.
#include <errno.h>
#include <unistd.h>

#include "core/engine.h"
#include "deferred_signals.h"
#include "lock_table.h"
#include "report_channel.h"
#include "runtime.h"
#include "wrapper_support.h"

namespace heisen::posix {
namespace {

// Set by prepare_fork on the forking thread when it took the engine's locks. A fork made from a
// handler that interrupted heisen on this very thread (only a handler that could not wait) must
// not wait for locks the thread itself may hold.
__thread bool t_engine_locked_for_fork __attribute__((tls_model("initial-exec")));

}  // namespace

void prepare_fork() {
    ThreadState &thread = this_thread();
    const bool inside_heisen = thread.runtime_depth != 0;
    enter_runtime(thread);
    t_engine_locked_for_fork = !inside_heisen && runtime_active();
    if (!t_engine_locked_for_fork) return;
    lock_table_lock_for_fork();  // before the engine: a lock table update may enter the engine
    core::lock_engine_for_fork();
}

void after_fork_in_parent() {
    ThreadState &thread = this_thread();
    if (t_engine_locked_for_fork) {
        core::unlock_engine_after_fork();
        lock_table_unlock_after_fork();
    }
    t_engine_locked_for_fork = false;
    leave_runtime(thread);
}

void after_fork_in_child() {
    ThreadState &thread = this_thread();
    runtime_after_fork_child();
    if (t_engine_locked_for_fork) {
        lock_table_after_fork();
        core::unlock_engine_after_fork();
        lock_table_unlock_after_fork();
    }
    t_engine_locked_for_fork = false;
    drop_deferred_signals(thread);
    leave_runtime(thread);
}

}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE pid_t _Fork() {
    ensure_real_functions();
    if (!real.fork_without_handlers) {
        errno = ENOSYS;
        return -1;
    }
    prepare_fork();
    pid_t child = real.fork_without_handlers();
    if (child == 0) {
        after_fork_in_child();
    } else {
        const int saved_errno = errno;
        after_fork_in_parent();
        report_channel_child_started(child);
        errno = saved_errno;
    }
    return child;
}

HEISEN_INTERPOSE pid_t fork() {
    ensure_real_functions();
    pid_t child = real.fork();
    if (child > 0) report_channel_child_started(child);
    return child;
}
