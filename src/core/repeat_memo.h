// repeat_memo.h — each CPU's memory of the acquisitions it found to be repeated.
//
// The repeated path (fast_path.h) decides from: the lock's class and that it is still live,
// the held-lock sequences of both of the context's stacks (their top chain keys), the
// acquisition flags, the class's irq usage bits and, for some classes, the interrupt state.
// A correct program takes the same locks (or locks of the same class, such as a table's bucket
// locks) on top of the same held locks over and over; the CPU remembers that decision here, per
// class, with the entry it pushed, and the next time skips the class lookup, the usage rules,
// the chain hashing and the chain-cache probe.
//
// Why a remembered decision stays right:
// - the chain keys name every held class with its generation, so equal keys mean the same
//   sequence, and a sequence once validated stays validated (the chain cache may forget it;
//   validating it again would find nothing new);
// - usage bits are only ever added while a class lives, and every check the decision passed
//   passes with more bits set; a retired class changes its generation, which the hit checks;
// - a decision that asked for the interrupt state holds only in that state (`irqs`);
// - the lock must still resolve to that class (a lock set up again under another name, or one
//   whose class was retired, does not).
// Invariant: only the CPU's own code outside interrupt context reads or writes its entries (the
// repeated path refuses interrupt context and nested engine entries), so no entry is ever seen
// half written. heisen_reset_for_testing() clears them with the rest of the CPU's state.
#pragma once

#include <stdint.h>

#include "core/config.h"
#include "core/held_lock_stack.h"
#include "heisen/heisen.h"

namespace heisen::core {

// What interrupt state a remembered decision needs.
enum class MemoIrqs : uint32_t { kAny, kEnabled, kDisabled };

struct RepeatMemo {
    HeldLock entry;       // the entry to push, but for its lock, ip, sequence and timing
    uint64_t below_key;   // top chain key of the stack the lock goes on, before it
    uint64_t other_key;   // top chain key of the context's other stack (0: none or empty)
    uint32_t flags;       // the acquisition's HEISEN_ACQ_* flags
    MemoIrqs irqs;
    uint64_t hits;        // acquisitions through this decision not yet in the CPU's pending
                          // counts: one add instead of a pending-count update per acquisition
};

// Ways per CPU: a loop nest takes each of its classes under each of the locks around it (one
// decision each: sixteen shard locks with a statistics lock inside are thirty-two); with twice
// as many pairs of ways as that, few decisions hash three to a pair. A way is 96 bytes a CPU
// touches only for the decisions it uses.
constexpr uint32_t kRepeatMemoWays = HEISEN_REPEAT_MEMO_WAYS;
static_assert((kRepeatMemoWays & (kRepeatMemoWays - 1)) == 0, "HEISEN_REPEAT_MEMO_WAYS must be a power of two");

// Where a decision is remembered: one of two ways picked by its class and the held locks below
// (the decision is the class's, so every instance of a class of many, such as a table's bucket
// locks, shares it). Chain keys are well mixed and classes are numbered as they appear, so a
// loop's decisions spread over the ways; two candidates keep two decisions that hash alike.
inline uint32_t repeat_memo_way(uint32_t class_index, uint64_t below_key) {
    return static_cast<uint32_t>((below_key + class_index * 0x9e3779b97f4a7c15ull) >> 40) & (kRepeatMemoWays - 1);
}

// The remembered decision for a lock of class `class_index + 1 == cached` on `below_key` with
// `flags`, or null. Checks only the keys: the caller checks that the decision still holds.
inline RepeatMemo *find_repeat_memo(RepeatMemo (&memo)[kRepeatMemoWays], uint32_t cached, uint64_t below_key,
                                    uint32_t flags) {
    const uint32_t way = repeat_memo_way(cached - 1, below_key);
    RepeatMemo *m = &memo[way];
    if (m->entry.class_index + 1 == cached && m->below_key == below_key && m->flags == flags) return m;
    m = &memo[way ^ 1];
    if (m->entry.class_index + 1 == cached && m->below_key == below_key && m->flags == flags) return m;
    return nullptr;
}

// Where a new decision goes: the candidate that has counted fewer acquisitions.
inline RepeatMemo &repeat_memo_victim(RepeatMemo (&memo)[kRepeatMemoWays], uint32_t class_index,
                                      uint64_t below_key) {
    const uint32_t way = repeat_memo_way(class_index, below_key);
    return memo[way].hits <= memo[way ^ 1].hits ? memo[way] : memo[way ^ 1];
}

}  // namespace heisen::core
