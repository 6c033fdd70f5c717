// process_facts.h — what `heisen run` needs to say about a process as a whole.
//
// Locks heisen cannot see must be said, not passed over in silence:
//  - a process that runs several threads but whose locks heisen never saw (a futex-based runtime
//    such as Go's or Rust's standard library) validated nothing: the process tells `heisen run`
//    when it starts its first thread and when heisen first sees a lock, and `heisen run` says it
//    at the end;
//  - a program executed with heisen's LD_PRELOAD that the preload library cannot enter (static,
//    32-bit, privileged) or without it is said when it is executed (interpose_exec.cpp).
// Each fact is sent once per process (a fork child is a new process).
#pragma once

#include "program_kind.h"

namespace heisen::posix {

void note_thread_started();
void note_lock_seen();
// `path` is about to be executed by this process without being validated: `kind` says why.
void note_unvalidated_program(const char *path, ProgramKind kind);
// In a fork child: nothing has been said for this process yet.
void process_facts_after_fork();

}  // namespace heisen::posix
