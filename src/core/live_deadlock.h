// live_deadlock.h — reporting a deadlock that is happening: contexts blocked in a cycle, each
// waiting for a lock (or an event) that the next one holds (or alone can trigger).
//
// Finding the cycle is the port's: only it knows which context is blocked right now and who owns
// a lock object. The engine turns the cycle into a report from the contexts' held stacks. Each
// context in the cycle is blocked, so its stack does not change while it is read.
#pragma once

#include <stdint.h>

#include "heisen/heisen.h"

namespace heisen::core {

// One blocked context of the cycle: `cpu` waits for `lock` (its newest held entry for it is the
// wait, pushed before blocking) or, when `lock` is null, for `event`, waited for at `event_ip`.
// The next context of the cycle holds the lock or is the only one that can trigger the event.
struct LiveWait {
    uint32_t cpu;
    const heisen_lock_map *lock;
    const heisen_lock_map *event;
    uintptr_t event_ip;
};

// Reports "deadlock detected" for `count` waits (the first is the calling CPU's, if it is in the
// cycle), naming each wait, who holds what is waited for, and every lock each context holds.
// Returns true if the report was made (false: a repeat, or the engine is disabled).
bool report_live_deadlock(const LiveWait *waits, uint32_t count);

}  // namespace heisen::core
