// instance_order.h — two locks of one class held at once, judged by the order of the instances.
//
// Lockdep reports any nesting of one class with itself ("possible recursive locking") unless
// the code says how it nests. A lock marked HEISEN_LOCK_ORDER_INSTANCES is judged instead by
// what its class's nestings do: which instance was held when which was taken (its address
// order), and which other locks were held around every such nesting. Nestings always in one
// address order (lower index first), or always under one common lock (an eviction lock that
// serialises them), cannot deadlock on each other and stay silent. Once nothing serialises
// them and the class has been nested in both address orders (a ring walk that wraps around),
// the nesting is reported, showing both orders with their stacks.
#pragma once

#include <stdint.h>

#include "core/context.h"
#include "core/validator_internal.h"

namespace heisen::core {

// Called for every acquisition of a HEISEN_LOCK_ORDER_INSTANCES lock on the full path. Returns
// false (having done nothing) when the context holds no other instance of the lock's class;
// otherwise records and judges each held instance -> new instance order and returns true: the
// acquisition's lock sequence must then stay out of the fast path's chain cache, so that every
// later nesting comes back here.
bool judge_instance_nesting(const Context &c, Acquisition &a);

// True when `held` and the acquisition `a` are two instances of one class that this module
// judges (the order rules then leave the pair to it).
inline bool judged_by_instance_order(const HeldLock &held, const Acquisition &a) {
    return (a.map->kind & HEISEN_LOCK_ORDER_INSTANCES) && held.map != a.map;
}

void reset_instance_order();

}  // namespace heisen::core
