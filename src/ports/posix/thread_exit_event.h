// thread_exit_event.h — a thread's end as an event, for pthread_join.
//
// A join waits for the joined thread's end, and that thread ends only after everything it does
// on its way out, locks included. The end is an event in the lock table, keyed by the thread's
// pthread_t (glibc: the address of its descriptor) and classed by the pthread_create call site,
// so that a join of one thread started there stands for a join of any: a joiner that holds M
// while another thread from that site takes M on its way out is reported whichever ran first.
// The creator registers it after pthread_create returns and the thread itself when it ends,
// whichever comes first (an entry another thread left at the same address, with another create
// site, is started over); a successful join retires it (the descriptor may be reused).
#pragma once

#include <pthread.h>

#include "lock_table.h"

namespace heisen::posix {

// The end-of-thread event of `thread`, started at `create_site`; null when the table is full.
// Runs inside a RuntimeScope.
LockEntry *thread_exit_event(pthread_t thread, const void *create_site);

// The event of a thread a join may wait for, if it was registered; null otherwise.
LockEntry *known_thread_exit_event(pthread_t thread);

}  // namespace heisen::posix
