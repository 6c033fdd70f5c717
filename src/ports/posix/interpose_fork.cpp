// interpose_fork.cpp — a child made by _Fork is a new process, as one made by fork is.
//
// fork() tells the runtime about its child through a pthread_atfork handler (the new pid, the
// slots of threads that did not survive). _Fork (glibc 2.34) runs no atfork handlers, so its
// child would keep its parent's pid: its reports would be tagged with the parent's, and the
// signal wrappers would take it for a vfork child sharing its parent's memory
// (sharing_parent_memory) and stop recording its handlers and mask. fork() reaches _Fork inside
// libc without passing through here, so the child is told once either way.
#include <errno.h>
#include <unistd.h>

#include "runtime.h"
#include "wrapper_support.h"

using namespace heisen::posix;

HEISEN_INTERPOSE pid_t _Fork() {
    ensure_real_functions();
    if (!real.fork_without_handlers) {
        errno = ENOSYS;
        return -1;
    }
    pid_t child = real.fork_without_handlers();
    if (child == 0) runtime_after_fork_child();
    return child;
}
