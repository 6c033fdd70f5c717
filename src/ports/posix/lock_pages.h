// lock_pages.h — the lock-table entries on each page of memory, so that freeing memory retires
// the locks that lived in it.
//
// A lock whose memory is freed without a destroy call (C++ std::mutex: libstdc++ never calls
// pthread_mutex_destroy; a statically initialised mutex in a freed struct) must not hand its
// class, and so its order history, to the next lock allocated at the same address: that would
// merge two unrelated locks into false cycles. Every address the lock table claims is filed
// under its page; free() and munmap() look up the pages of the range they release — a 4 KiB
// bit filter answers "no lock here" for almost every call without touching the index.
//
// Filing is a compare-and-swap push onto the page's list, and lookups are lock-free reads. An
// entry leaves its page's list only when the lock table hands a destroyed lock's entry to
// another address (refile_lock_page, serialised by the table's reclaim lock); a lookup that
// finds it moved starts its page again.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lock_table.h"

namespace heisen::posix {

// Files the entry that has just claimed its address (once per address, lock_table.cpp).
void file_lock_page(LockEntry &entry);
// The entry of a retired lock at `old_address` now belongs to the lock at its new address: it
// moves to that page's list. Called with the lock table's reclaim lock held.
void refile_lock_page(LockEntry &entry, uintptr_t old_address);

// False when no registered lock can lie in [start, start + len): the usual answer, from the
// filter alone (no slot, no engine, no index lookup needed).
bool may_hold_locks(const void *start, size_t len);

// Retires every registered lock in [start, start + len), freed by the call at `where`: the next
// lock at one of those addresses is a new lock (or a use of the freed one, lock_endings.h). A
// held one is reported by the engine as freed while held (by its holder only).
void retire_locks_in(const void *start, size_t len, const void *where);

}  // namespace heisen::posix
