// live_deadlock.h — deadlocks as they happen: a thread about to block on a lock whose owner is,
// through a chain of blocked threads, waiting for this thread.
//
// A blocking wrapper first tries the lock (or, for a join, nothing: the joined thread may end);
// only when that fails does the thread publish what it blocks on, in a per-slot record nobody
// else writes, and walk the chain "lock → its owner → what the owner is blocked on → …". A
// cycle is acted on only after a second walk finds every thread of it still in the same
// blocking episode and every lock with the same owner: then each of them is blocked, holding
// what the next waits for, at one moment, and none can go on. So the uncontended path costs a
// try-lock instead of a lock, and a program that would progress is never reported.
//
// Owners come from the lock objects (glibc mutexes and rwlocks record their owner's thread id)
// or, for a spinlock, from the engine's held stacks; a join's "owner" is the joined thread.
// What heisen does then is `heisen run --on-deadlock`: exit (default, status kDeadlockExitStatus)
// or report only and let the threads block as they would without heisen.
#pragma once

#include <pthread.h>

#include "lock_table.h"
#include "thread_state.h"

namespace heisen::posix {

// The status a program stopped by a deadlock exits with: ScaleLockDep's (tools that run both
// recognise it), and rare among programs' own statuses (sysexits' EX_NOINPUT).
inline constexpr int kDeadlockExitStatus = 66;

// What a blocked thread waits for, published in its slot's record (live_deadlock.cpp).
struct BlockedRecord {
    uint64_t episode;  // odd while blocked; grows at every block and unblock
    int32_t tid;
    bool exclusive;
    const LockEntry *lock;  // blocked on this lock, or
    pthread_t joined;       // joining this thread (lock == null)
    const LockEntry *joined_end;
    uintptr_t ip;
    pthread_t self;
};

// After a failed try-lock of `entry`, before the blocking call: publishes the wait and acts on a
// deadlock it closes. `exclusive` is false for a read lock. Returns true if the wait was
// published (end_blocking must follow).
bool begin_blocking_on_lock(ThreadState &thread, const LockEntry &entry, bool exclusive);
// Before a blocking join of `joined`, whose end is the event `end`, waited for at `ip`.
bool begin_blocking_on_join(ThreadState &thread, pthread_t joined, const LockEntry &end, const void *ip);
// The blocking call returned (or the thread was cancelled in it).
void end_blocking(ThreadState &thread);

// A signal handler that interrupts a blocked call runs, and may take and hold locks, while the
// call is not blocked: the record is taken down (kept in `saved`) for the handler's time and put
// back as a new episode when it returns. A handler left by longjmp abandons the call: the record
// stays down. Returns true if there was a record to take down.
bool suspend_blocking(ThreadState &thread, BlockedRecord &saved);
void resume_blocking(ThreadState &thread, const BlockedRecord &saved);

// The thread leaves its slot (exit) or, in a fork child, every other thread vanished.
void forget_blocking(uint32_t slot);
void forget_all_blocking();

}  // namespace heisen::posix
