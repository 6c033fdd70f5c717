// recent_locks.h — the locks a context acquired since it last synchronised: its event window.
//
// An event a context triggers depends on the locks it holds then and on the ones it needed on
// the way there (waits.cpp). "On the way" is the stretch since the context last finished a
// wait, triggered an event or entered the scheduler; the newest HEISEN_RECENT_LOCKS waiting
// acquisitions of that stretch are kept here (older ones are forgotten: a miss, never a false
// report). A successful try never waited, so it is not kept; nor is a timed acquisition that
// timed out (the port forgets it): it ended at its deadline whatever the holder did.
//
// Invariant: only the owning context writes its window — the CPU's thread-level window only
// outside interrupt context, its interrupt window only inside (a handler's stretch starts at
// its outermost heisen_irq_enter()). Readers are that same context (heisen_event()).
#pragma once

#include <stdint.h>

#include "core/atomics.h"
#include "core/config.h"

namespace heisen::core {

static_assert((HEISEN_RECENT_LOCKS & (HEISEN_RECENT_LOCKS - 1)) == 0, "HEISEN_RECENT_LOCKS must be a power of two");

struct RecentLock {
    uint32_t class_index;
    uint32_t generation;  // the class's generation when acquired (a retired class is skipped)
    uintptr_t ip;         // where it was acquired
};

struct RecentLocks {
    uint32_t count;  // acquisitions noted since the window started (the newest are kept)
    RecentLock entries[HEISEN_RECENT_LOCKS];

    HEISEN_ALWAYS_INLINE void note(uint32_t class_index, uint32_t generation, uintptr_t ip) {
        entries[count & (HEISEN_RECENT_LOCKS - 1)] = RecentLock{class_index, generation, ip};
        ++count;
    }
    uint32_t kept() const { return count < HEISEN_RECENT_LOCKS ? count : HEISEN_RECENT_LOCKS; }
    // The newest acquisition, if it is of `class_index`, did not happen after all: its entry
    // stays, with a generation no live class has (an event skips it).
    void forget_newest(uint32_t class_index) {
        if (!count) return;
        RecentLock &newest = entries[(count - 1) & (HEISEN_RECENT_LOCKS - 1)];
        if (newest.class_index == class_index) newest.generation = 0;
    }
    void restart() { count = 0; }
};

}  // namespace heisen::core
