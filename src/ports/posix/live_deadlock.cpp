// live_deadlock.cpp — finding a cycle of blocked threads before blocking (live_deadlock.h).
#include "live_deadlock.h"

#include <sys/syscall.h>
#include <time.h>

#include "core/held_view.h"
#include "core/live_deadlock.h"
#include "raw_syscall.h"
#include "runtime.h"

namespace heisen::posix {
namespace {

// Written only by its own thread, as a sequence lock: fields change only while the episode is
// even, so a reader that saw an odd episode and finds it unchanged afterwards read one whole
// blocking episode.
BlockedRecord g_blocked[kMaxThreadSlots];

// One blocked thread as a walk saw it.
struct Snapshot {
    uint32_t slot;
    uint64_t episode;
    int32_t tid;
    bool exclusive;
    const LockEntry *lock;
    pthread_t joined;
    const LockEntry *joined_end;
    uintptr_t ip;
    pthread_t self;
};

// Longest chain followed: one thread per slot at most.
constexpr uint32_t kMaxWalk = 64;

// The record of `slot` if that thread is blocked, read consistently.
bool read_blocked(uint32_t slot, Snapshot &out) {
    const BlockedRecord &record = g_blocked[slot];
    for (int attempt = 0; attempt < 4; ++attempt) {
        const uint64_t before = __atomic_load_n(&record.episode, __ATOMIC_ACQUIRE);
        if (!(before & 1)) return false;
        out.slot = slot;
        out.episode = before;
        out.tid = __atomic_load_n(&record.tid, __ATOMIC_RELAXED);
        out.exclusive = __atomic_load_n(&record.exclusive, __ATOMIC_RELAXED);
        out.lock = __atomic_load_n(&record.lock, __ATOMIC_RELAXED);
        out.joined = __atomic_load_n(&record.joined, __ATOMIC_RELAXED);
        out.joined_end = __atomic_load_n(&record.joined_end, __ATOMIC_RELAXED);
        out.ip = __atomic_load_n(&record.ip, __ATOMIC_RELAXED);
        out.self = __atomic_load_n(&record.self, __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (__atomic_load_n(&record.episode, __ATOMIC_RELAXED) == before) return true;
    }
    return false;
}

constexpr uint32_t kNoSlot = ~0u;

// The blocked thread whose record says `matches`, or kNoSlot.
template <typename Matches>
uint32_t blocked_slot_where(Matches matches) {
    Snapshot other;
    for (uint32_t slot = 0; slot < kMaxThreadSlots; ++slot)
        if (read_blocked(slot, other) && matches(other)) return slot;
    return kNoSlot;
}

// glibc's mutex kinds (__data.__kind): the type in the low bits, robust/PI/PP flags above.
constexpr int kMutexTypeMask = 3, kMutexAdaptive = 3, kMutexFlags = 0x70;

// Whether the owner's own blocking call on the lock blocks (rather than failing with EDEADLK or
// counting a recursion): a default, normal or adaptive mutex, and a spinlock.
bool relock_blocks(const LockEntry &entry) {
    if (entry.primitive == Primitive::kSpinlock) return true;
    if (entry.primitive != Primitive::kMutex) return false;
    const auto *mutex = reinterpret_cast<const pthread_mutex_t *>(entry.address);
    const int kind = __atomic_load_n(&mutex->__data.__kind, __ATOMIC_RELAXED);
    if (kind & kMutexFlags) return false;
    return (kind & kMutexTypeMask) == 0 || (kind & kMutexTypeMask) == kMutexAdaptive;
}

// The thread id the lock object names as its (exclusive) owner; 0 when none or unknown.
int32_t object_owner_tid(const LockEntry &entry) {
    if (entry.primitive == Primitive::kMutex) {
        const auto *mutex = reinterpret_cast<const pthread_mutex_t *>(entry.address);
        return __atomic_load_n(&mutex->__data.__owner, __ATOMIC_RELAXED) & 0x3fffffff;  // FUTEX_TID_MASK
    }
    if (entry.primitive == Primitive::kRwlock) {
        const auto *rwlock = reinterpret_cast<const pthread_rwlock_t *>(entry.address);
        return __atomic_load_n(&rwlock->__data.__cur_writer, __ATOMIC_RELAXED);
    }
    return 0;
}

// A spinlock records no owner: the one thread whose held stack has it (besides waiting for it).
uint32_t spinlock_holder(const LockEntry &entry) {
    uint32_t found = kNoSlot;
    for (uint32_t slot = 0; slot < kMaxThreadSlots; ++slot) {
        const core::HeldLockStack &held = core::held_by_cpu(slot);
        uint32_t depth = __atomic_load_n(&held.depth, __ATOMIC_ACQUIRE);
        if (depth > HEISEN_MAX_HELD) depth = HEISEN_MAX_HELD;
        Snapshot blocked;
        uint32_t entries = 0;
        for (uint32_t i = 0; i < depth; ++i)
            if (held.locks[i].map == &entry.map && !held.locks[i].orphaned) ++entries;
        if (entries && read_blocked(slot, blocked) && blocked.lock == &entry) --entries;  // its own wait
        if (!entries) continue;
        if (found != kNoSlot) return kNoSlot;  // two holders: not a spinlock's owner
        found = slot;
    }
    return found;
}

// Who the thread of `waiter` waits for: the owner of its lock, or the thread it joins.
uint32_t waited_for(const Snapshot &waiter) {
    if (!waiter.lock) return blocked_slot_where([&](const Snapshot &s) { return pthread_equal(s.self, waiter.joined); });
    const LockEntry &entry = *waiter.lock;
    uint32_t owner = kNoSlot;
    if (entry.primitive == Primitive::kSpinlock) {
        owner = spinlock_holder(entry);
    } else if (const int32_t tid = object_owner_tid(entry)) {
        owner = blocked_slot_where([&](const Snapshot &s) { return s.tid == tid; });
    }
    // A thread waiting for a lock it owns itself blocks only where the lock's type says so.
    if (owner == waiter.slot && !relock_blocks(entry)) return kNoSlot;
    return owner;
}

// From `start`, follows waits to owners until a thread repeats. Returns the cycle's length (its
// threads in cycle[0..]) or 0 when a thread on the way is not blocked or its owner not known.
uint32_t find_cycle(uint32_t start, Snapshot *cycle) {
    Snapshot walk[kMaxWalk];
    uint32_t slot = start;
    for (uint32_t n = 0; n < kMaxWalk; ++n) {
        if (!read_blocked(slot, walk[n])) return 0;
        const uint32_t next = waited_for(walk[n]);
        if (next == kNoSlot) return 0;
        for (uint32_t k = 0; k <= n; ++k) {
            if (walk[k].slot != next) continue;
            for (uint32_t i = k; i <= n; ++i) cycle[i - k] = walk[i];
            return n + 1 - k;
        }
        slot = next;
    }
    return 0;
}

bool same_snapshot(const Snapshot &a, const Snapshot &b) {
    return a.slot == b.slot && a.episode == b.episode && a.lock == b.lock && a.tid == b.tid;
}

// Cycles already reported under --on-deadlock=report: another of its threads, or a thread
// blocking behind it, would find it again.
constexpr uint32_t kRememberedCycles = 16;
uint64_t g_reported[kRememberedCycles];
uint32_t g_reported_next;

bool report_once(const Snapshot *cycle, uint32_t length) {
    uint64_t key = length;
    for (uint32_t i = 0; i < length; ++i) key = key * 0x9e3779b97f4a7c15ull + cycle[i].slot * 0x100000001ull + cycle[i].episode;
    for (uint64_t seen : g_reported)
        if (__atomic_load_n(&seen, __ATOMIC_RELAXED) == key) return false;
    __atomic_store_n(&g_reported[__atomic_fetch_add(&g_reported_next, 1, __ATOMIC_RELAXED) % kRememberedCycles], key,
                     __ATOMIC_RELAXED);
    return true;
}

// Looks for a deadlock the calling thread (just published as blocked) is part of or stuck
// behind; confirms it and acts on it.
void check_for_deadlock(uint32_t me) {
    __atomic_thread_fence(__ATOMIC_SEQ_CST);  // our record before anyone else's
    Snapshot first[kMaxWalk], second[kMaxWalk];
    const uint32_t length = find_cycle(me, first);
    if (!length) return;
    // A thread "waiting" for a lock it owns is a relock only in its own eyes: to anyone else it
    // may be a thread that got the lock and has not yet closed its record (end_blocking()).
    if (length == 1 && first[0].slot != me) return;
    // A second walk, wholly after the first: every thread still in the same episode and every
    // lock with the same owner means all of them were blocked at once between the two walks.
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (find_cycle(first[0].slot, second) != length) return;
    for (uint32_t i = 0; i < length; ++i)
        if (!same_snapshot(first[i], second[i])) return;
    // A thread relocking a lock it holds was reported as recursive locking when it called.
    if (length > 1 && report_once(first, length)) {
        core::LiveWait waits[kMaxWalk];
        for (uint32_t i = 0; i < length; ++i) {
            const Snapshot &s = first[i];
            waits[i] = {s.slot, s.lock ? &s.lock->map : nullptr, s.joined_end ? &s.joined_end->map : nullptr, s.ip};
        }
        core::report_live_deadlock(waits, length);
    }
    if (runtime_config().deadlock_report_only) return;
    runtime_note(length > 1 ? "deadlock (reported above): the program is stopped with exit status 66"
                            : "a thread waits for a lock it holds (reported above): the program is stopped "
                              "with exit status 66");
    raw_syscall(SYS_exit_group, kDeadlockExitStatus);
}

// Fills `record` (its episode even) from `wait` and makes it a new blocking episode.
void write_record(BlockedRecord &record, const BlockedRecord &wait, uint64_t even_episode) {
    record.tid = wait.tid;
    record.exclusive = wait.exclusive;
    record.lock = wait.lock;
    record.joined = wait.joined;
    record.joined_end = wait.joined_end;
    record.ip = wait.ip;
    record.self = wait.self;
    __atomic_store_n(&record.episode, even_episode + 1, __ATOMIC_SEQ_CST);
}

bool publish(ThreadState &thread, BlockedRecord wait) {
    if (!has_slot(thread)) return false;
    const uint32_t slot = slot_of(thread);
    BlockedRecord &record = g_blocked[slot];
    const uint64_t episode = __atomic_load_n(&record.episode, __ATOMIC_RELAXED);
    if (episode & 1) return false;  // a signal handler interrupting a blocked call: keep the outer wait
    wait.tid = raw_gettid();
    wait.self = pthread_self();
    write_record(record, wait, episode);
    check_for_deadlock(slot);
    return true;
}

}  // namespace

bool begin_blocking_on_lock(ThreadState &thread, const LockEntry &entry, bool exclusive) {
    RuntimeScope scope(thread);
    return publish(thread, BlockedRecord{0, 0, exclusive, &entry, pthread_t{}, nullptr, 0, pthread_t{}});
}

bool begin_blocking_on_join(ThreadState &thread, pthread_t joined, const LockEntry &end, const void *ip) {
    RuntimeScope scope(thread);
    return publish(thread,
                   BlockedRecord{0, 0, true, nullptr, joined, &end, reinterpret_cast<uintptr_t>(ip), pthread_t{}});
}

void end_blocking(ThreadState &thread) {
    if (!has_slot(thread)) return;
    BlockedRecord &record = g_blocked[slot_of(thread)];
    const uint64_t episode = __atomic_load_n(&record.episode, __ATOMIC_RELAXED);
    if (episode & 1) __atomic_store_n(&record.episode, episode + 1, __ATOMIC_RELEASE);
}

bool suspend_blocking(ThreadState &thread, BlockedRecord &saved) {
    if (!has_slot(thread)) return false;
    BlockedRecord &record = g_blocked[slot_of(thread)];
    const uint64_t episode = __atomic_load_n(&record.episode, __ATOMIC_RELAXED);
    if (!(episode & 1)) return false;
    saved = record;
    __atomic_store_n(&record.episode, episode + 1, __ATOMIC_SEQ_CST);
    return true;
}

void resume_blocking(ThreadState &thread, const BlockedRecord &saved) {
    if (!has_slot(thread)) return;
    BlockedRecord &record = g_blocked[slot_of(thread)];
    const uint64_t episode = __atomic_load_n(&record.episode, __ATOMIC_RELAXED);
    if (episode & 1) return;  // not ours to overwrite (cannot happen: the handler's waits ended)
    write_record(record, saved, episode);
}

void forget_blocking(uint32_t slot) {
    if (slot >= kMaxThreadSlots) return;
    BlockedRecord &record = g_blocked[slot];
    const uint64_t episode = __atomic_load_n(&record.episode, __ATOMIC_RELAXED);
    if (episode & 1) __atomic_store_n(&record.episode, episode + 1, __ATOMIC_RELEASE);
}

void forget_all_blocking() {
    for (uint32_t slot = 0; slot < kMaxThreadSlots; ++slot) forget_blocking(slot);
}

}  // namespace heisen::posix
