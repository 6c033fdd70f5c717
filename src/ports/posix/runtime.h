// runtime.h — start-up and configuration of the preload runtime inside the validated program.
//
// `heisen run` passes its settings through the environment (inherited across fork and exec):
//   HEISEN_REPORT_RING the report ring to map (wire_format.h); without it reports go to stderr
//   HEISEN_CLASSES     "instance" (default) or "site"
//   HEISEN_ON_REPORT   "continue" (default) or "abort"
//   HEISEN_STATS       "1": measure contention, wait and hold times; print statistics at exit
//   HEISEN_ON_DEADLOCK "exit" (default) or "report": what a live deadlock does (live_deadlock.h)
#pragma once

#include <stdint.h>

namespace heisen::posix {

struct RuntimeConfig {
    bool classes_by_site = false;
    bool stats = false;     // lock statistics: contention and timing measured, printed at exit
    bool condition_waits = false;  // condition variables are waits and events (interpose_cond.cpp)
    bool deadlock_report_only = false;  // a live deadlock is reported and the threads left blocked
                                        // (live_deadlock.h); by default the program exits
};

const RuntimeConfig &runtime_config();

// True once the constructor has read the configuration; wrappers validate only then.
extern bool g_runtime_active;
inline bool runtime_active() { return __atomic_load_n(&g_runtime_active, __ATOMIC_ACQUIRE); }

// One line on the report channel (or stderr), prefixed "heisen: ". Async-signal-safe.
void runtime_note(const char *text);

// Called in the child after fork(): new pid, the slots of threads that did not survive emptied,
// the child's own report channel area.
void runtime_after_fork_child();

// The atfork handlers (interpose_fork.cpp): the engine locked across a fork, settled in the child.
void prepare_fork();
void after_fork_in_parent();
void after_fork_in_child();

// The process id as cached at start or after fork (no system call).
int32_t runtime_pid();

// True in a child made by vfork (or clone with CLONE_VM but not CLONE_THREAD) until it execs or
// exits: it runs in its parent's memory, so whatever a wrapper records there — signal handlers,
// signal masks — is recorded for the parent. Recognised by the kernel's pid differing from the
// one recorded for this memory (a fork child records its own through the atfork handler). One
// system call: for wrappers of calls that make one themselves, never for the lock fast paths.
bool sharing_parent_memory();

// True once the program has entered seccomp (strict mode or a filter): heisen makes no system
// call it could avoid from then on (interpose_seccomp.cpp).
bool system_calls_restricted();
// The syscall() wrapper's report of a raw seccomp(2) call.
void note_seccomp_syscall(long number, long operation);

}  // namespace heisen::posix

namespace heisen::posix {

// Start-up pieces owned by other files, run once from the library constructor.
void prepare_thread_tracking();  // interpose_thread.cpp
void locate_own_code();          // posix_port.cpp: frames inside heisen are left out of stacks,
                                 // and the unwinder is ready
void check_inherited_seccomp();  // interpose_seccomp.cpp: a filter inherited across exec

// This library's path as the loader has it (as LD_PRELOAD named it); "" before locate_own_code.
const char *own_library_path();

}  // namespace heisen::posix
