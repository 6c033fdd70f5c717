// lock_endings.h — how and where each registered lock ended, to tell a use of the old lock from
// a new lock at the same address.
//
// A destroyed lock, or one whose memory was freed, is retired: the next lock at its address
// starts over (lock_table.h). Usually that next lock is a new one — a mutex statically
// initialised in reused memory. But the program may also be using the old lock after its end,
// and for some objects that is plain to see: glibc marks a destroyed mutex (and refuses to lock
// it), a semaphore can only come back through sem_init, and a mutex whose freed memory the
// allocator wrote its list pointers into holds a state no mutex can be in (locking it would
// hang). Those uses are reported where they happen; anything else is taken for a new lock.
#pragma once

#include "lock_table.h"

namespace heisen::posix {

enum class Ending : uint8_t { kNone, kDestroyed, kFreed };

// The lock at `entry` was destroyed, or its memory freed, by the call at `where`.
void note_lock_ended(const LockEntry &entry, Ending how, const void *where);

// An explicit init at the entry's address: whatever ended there, this is a new lock.
void forget_lock_ending(const LockEntry &entry);

// The entry of a lock that ended is being used again (about to be registered anew) by the call
// at `ip`: reports a use of the old lock if the object shows it is one, and forgets the ending.
void check_use_after_end(LockEntry &entry, const void *ip);

}  // namespace heisen::posix
