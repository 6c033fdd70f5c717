// thread_exit_event.cpp — a thread's end as an event (thread_exit_event.h).
#include "thread_exit_event.h"

namespace heisen::posix {

namespace {

const void *key_of(pthread_t thread) { return reinterpret_cast<const void *>(thread); }

}  // namespace

LockEntry *thread_exit_event(pthread_t thread, const void *create_site) {
    const LockIdentity identity{Primitive::kThreadExit, HEISEN_EVENT, reinterpret_cast<uintptr_t>(create_site)};
    LockEntry *entry = find_lock_entry(key_of(thread));
    if (entry && entry->primitive == Primitive::kThreadExit && entry->init_site == identity.init_site) return entry;
    return reinit_lock_entry(key_of(thread), identity);
}

LockEntry *known_thread_exit_event(pthread_t thread) {
    LockEntry *entry = find_lock_entry(key_of(thread));
    return entry && entry->primitive == Primitive::kThreadExit ? entry : nullptr;
}

}  // namespace heisen::posix
