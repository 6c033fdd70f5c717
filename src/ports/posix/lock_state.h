// lock_state.h — what a lock object itself says about being held, against what the engine
// remembers.
//
// The engine keeps what the program told it. When the memory of a held lock is used again
// without the program telling heisen — a function's PTHREAD_MUTEX_INITIALIZER mutex left locked
// when it returned, the next call's mutex at the same stack address — the engine still lists the
// old lock as held by the thread, though the object now at that address is not locked at all.
// Such a stale entry would make the new lock's first acquisition a self-deadlock, and the
// thread's end "exiting with locks held". The object's own state settles it: glibc mutexes and
// rwlocks record their owner's thread id, and a free lock word means nobody holds it.
#pragma once

#include "lock_table.h"
#include "thread_state.h"

namespace heisen::posix {

// The calling thread's entry for `entry`'s lock is stale when the lock object is free: it is
// dropped without a report and the lock starts over as a new instance. Only for a thread the
// engine says holds it (cheap to ask, on the slow path of an acquisition).
void renew_if_stale(LockEntry &entry, ThreadState &thread, const void *ip);

// A successful try-acquisition of a lock the engine says this thread holds, which a real owner
// could not have made (not recursive, not a recursive read): the old entry was stale.
void renew_after_try(LockEntry &entry, ThreadState &thread, unsigned flags, const void *ip);

}  // namespace heisen::posix
