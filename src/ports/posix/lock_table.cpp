// lock_table.cpp — the address → heisen_lock_map side table.
#include "lock_table.h"

#include <stddef.h>

#include "core/probe.h"
#include "lock_endings.h"
#include "lock_pages.h"
#include "process_facts.h"
#include "report_channel.h"
#include "runtime.h"
#include "text_format.h"
#include "thread_state.h"
#include "wire_format.h"

namespace heisen::posix {

namespace {

LockEntry g_entries[kLockTableSize];
bool g_full_noted;  // the note was printed
bool g_ever_full;   // some lock found no room: releases stop registering locks (entry_to_release)
uint32_t g_room_made;  // advanced whenever a lock is retired (its entry may be taken over)

// Addresses this thread found no room for, with g_room_made at the time: not looked for again
// until some lock was destroyed, so a lock that stays unvalidated costs a few compares per
// operation, not a walk through its window.
struct Unplaced {
    uintptr_t address;
    uint32_t room;
};
constexpr uint32_t kUnplacedWays = 8;
__thread Unplaced t_unplaced[kUnplacedWays] __attribute__((tls_model("initial-exec")));
__thread uint32_t t_unplaced_next __attribute__((tls_model("initial-exec")));

bool known_unplaced(uintptr_t address) {
    const uint32_t room = __atomic_load_n(&g_room_made, __ATOMIC_ACQUIRE);
    for (const Unplaced &unplaced : t_unplaced)
        if (unplaced.address == address && unplaced.room == room) return true;
    return false;
}

void remember_unplaced(uintptr_t address, uint32_t room) {
    Unplaced &slot = t_unplaced[t_unplaced_next++ % kUnplacedWays];
    slot.address = 0;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    slot.room = room;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    slot.address = address;
}

inline void cpu_relax() {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

// The entry each thread (by slot) has taken out of kReady or kUnset and not yet settled. Other
// threads wait for such an entry; a fork child, where the thread that took it no longer runs,
// settles it instead (lock_table_after_fork).
LockEntry *g_unsettled[kMaxThreadSlots];

// Records, for the calling thread, the entry it holds in kInitialising.
class Unsettled {
public:
    Unsettled() {
        const ThreadState &thread = this_thread();
        slot_ = has_slot(thread) ? slot_of(thread) : kMaxThreadSlots;
    }
    explicit Unsettled(LockEntry &entry) : Unsettled() { record(entry); }
    ~Unsettled() {
        if (slot_ < kMaxThreadSlots) __atomic_store_n(&g_unsettled[slot_], nullptr, __ATOMIC_RELEASE);
    }
    Unsettled(const Unsettled &) = delete;
    Unsettled &operator=(const Unsettled &) = delete;
    // Before the compare-exchange that takes the entry out of kUnset or kReady.
    void record(LockEntry &entry) {
        if (slot_ < kMaxThreadSlots) __atomic_store_n(&g_unsettled[slot_], &entry, __ATOMIC_RELEASE);
    }

private:
    uint32_t slot_;
};

// Serialises taking over the entries of destroyed locks (take_over_retired).
uint32_t g_reclaim_lock;

void lock_reclaim() {
    uint32_t expected = 0;
    while (!__atomic_compare_exchange_n(&g_reclaim_lock, &expected, 1u, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        expected = 0;
        cpu_relax();
    }
}
void unlock_reclaim() { __atomic_store_n(&g_reclaim_lock, 0u, __ATOMIC_RELEASE); }

// A signal handler on this thread may look up between the stores: it sees either no match or
// the complete pair.
void remember(uintptr_t address, LockEntry *entry) {
    CachedEntry &slot = t_lock_cache[lock_cache_index(address)];
    slot.address = 0;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    slot.entry = entry;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    slot.address = address;
}

uint64_t hash_address(uintptr_t address) {
    // Locks are at least 4-byte aligned and often 64-byte apart: mix before masking.
    uint64_t x = address >> 3;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

const char *primitive_word(Primitive primitive) {
    switch (primitive) {
    case Primitive::kMutex: return "mutex";
    case Primitive::kRwlock: return "rwlock";
    case Primitive::kSpinlock: return "spinlock";
    case Primitive::kSemaphore: return "sem";
    case Primitive::kOpenmpLock: return "omp_lock";
    case Primitive::kOpenmpCritical: return "omp_critical";
    case Primitive::kCondition: return "cond";
    case Primitive::kThreadExit: return "exit of thread";
    case Primitive::kBarrier: return "barrier";
    case Primitive::kSemaphoreEvent: return "sem";
    }
    return "lock";
}

void initialise(LockEntry &entry, const LockIdentity &identity) {
    entry.primitive = identity.primitive;
    __atomic_store_n(&entry.use, LockUse::kLock, __ATOMIC_RELAXED);
    entry.init_site = identity.init_site;
    TextBuffer name(entry.name, sizeof entry.name);
    // A thread's end is one class per pthread_create site: every thread started there runs the
    // same code on its way out, and a join of one may be a join of any.
    const bool by_site = runtime_config().classes_by_site || identity.primitive == Primitive::kThreadExit;
    if (report_channel_is_open()) {
        // `heisen run` turns this into the variable's name, or kind@address with the init site
        // (for a site class, which names every lock initialised there: the init site alone),
        // once it knows the modules the two addresses lie in.
        report_channel_note_address(object_address(entry));
        report_channel_note_address(identity.init_site);
        name.append(by_site ? wire::kClassPlaceholder : wire::kLockPlaceholder);
        name.append(primitive_word(identity.primitive)).append_char(':');
        name.append_hex_digits(object_address(entry)).append_char(':').append_hex_digits(identity.init_site);
        name.append(wire::kPlaceholderClose);
    } else {
        name.append(primitive_word(identity.primitive)).append_char('@').append_hex(object_address(entry));
    }
    // Zero the map as heisen_lock_init requires; a retired instance starts over.
    entry.map = heisen_lock_map{};
    const unsigned class_mode = by_site ? HEISEN_CLASS_BY_SITE : HEISEN_CLASS_BY_INSTANCE;
    const void *key = reinterpret_cast<const void *>(identity.init_site);
    if (identity.kind & HEISEN_EVENT)
        heisen_event_init(&entry.map, entry.name, class_mode, key);
    else
        heisen_lock_init(&entry.map, entry.name, identity.kind, class_mode, key);
}

// Where `address` is among the entries of its probe sequence (core/probe.h), or null. `free_entry` receives the window's first
// never-used entry (entries only ever go from unused to used, so nothing lies past it), `retired`
// its first entry of a lock that was destroyed.
LockEntry *find_in_window(uintptr_t address, LockEntry **free_entry, LockEntry **retired) {
    const uint64_t hash = hash_address(address);
    for (uint32_t step = 0; step < kLockProbeWindow; ++step) {
        LockEntry &entry = g_entries[core::probe_slot(hash, step, kLockTableSize - 1)];
        const uintptr_t seen = __atomic_load_n(&entry.address, __ATOMIC_ACQUIRE);
        if (seen == address) return &entry;
        if (seen == 0) {
            *free_entry = &entry;
            return nullptr;
        }
        if (!*retired && __atomic_load_n(&entry.phase, __ATOMIC_ACQUIRE) == kUnset) *retired = &entry;
    }
    return nullptr;
}

void note_full() {
    if (__atomic_load_n(&g_full_noted, __ATOMIC_RELAXED)) return;
    __atomic_store_n(&g_ever_full, true, __ATOMIC_RELAXED);
    if (!__atomic_exchange_n(&g_full_noted, true, __ATOMIC_RELAXED))
        runtime_note("lock table full (131072 lock addresses, or 64 live ones hashing together): further locks "
                     "are not validated");
}

// Takes over the entry of a destroyed lock for `address` and makes it ready. Serialised, so that
// two threads never give one address two entries; the window is searched again under the lock
// for that reason. Null when the window changed meanwhile: look again.
LockEntry *take_over_retired(uintptr_t address, const LockIdentity &identity) {
    Unsettled unsettled;
    lock_reclaim();
    LockEntry *free_entry = nullptr, *retired = nullptr;
    LockEntry *found = find_in_window(address, &free_entry, &retired);
    LockEntry *taken = nullptr;
    if (!found && !free_entry && retired) {
        unsettled.record(*retired);
        uint32_t phase = kUnset;
        if (__atomic_compare_exchange_n(&retired->phase, &phase, kInitialising, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            const uintptr_t old_address = retired->address;
            __atomic_store_n(&retired->address, address, __ATOMIC_RELEASE);
            refile_lock_page(*retired, old_address);  // freeing the new lock's memory retires it
            forget_lock_ending(*retired);             // how the old lock ended says nothing of this one
            taken = retired;
        }
    }
    unlock_reclaim();
    if (!taken) return found;
    initialise(*taken, identity);
    __atomic_store_n(&taken->phase, kReady, __ATOMIC_RELEASE);
    return taken;
}

// The entry for `address`, claimed for it when `insert` is set: a never-used entry of its window,
// or one a destroyed lock left. Null when its window holds only live locks (or, without insert,
// when it has none).
LockEntry *claim_entry(uintptr_t address, const LockIdentity &identity, bool insert) {
    for (;;) {
        LockEntry *free_entry = nullptr, *retired = nullptr;
        if (LockEntry *entry = find_in_window(address, &free_entry, &retired)) return entry;
        if (!insert) return nullptr;
        if (free_entry) {
            uintptr_t expected = 0;
            if (__atomic_compare_exchange_n(&free_entry->address, &expected, address, false, __ATOMIC_ACQ_REL,
                                            __ATOMIC_ACQUIRE)) {
                file_lock_page(*free_entry);  // so that freeing its memory retires it
                if (!(identity.kind & HEISEN_EVENT)) note_lock_seen();  // a thread's end is no lock
                return free_entry;
            }
            if (expected == address) return free_entry;  // another thread registered the same lock first
            continue;  // another lock took it: look again
        }
        if (retired) {
            if (LockEntry *entry = take_over_retired(address, identity)) return entry;
            continue;
        }
        note_full();
        return nullptr;
    }
}

// Makes `entry` ready for `address`, initialising it if this thread wins the race to do so. A
// use (not an explicit init) of a lock that was destroyed or freed may be a use of the old lock
// (lock_endings.h): `use_at` is then the call. Null when the entry was meanwhile taken over for
// another address: look it up again.
LockEntry *make_ready(LockEntry &entry, uintptr_t address, const LockIdentity &identity, const void *use_at) {
    for (;;) {
        uint32_t phase = __atomic_load_n(&entry.phase, __ATOMIC_ACQUIRE);
        if (__atomic_load_n(&entry.address, __ATOMIC_ACQUIRE) != address) return nullptr;
        if (phase == kReady) return &entry;
        if (phase == kUnset) {
            Unsettled unsettled(entry);
            if (__atomic_compare_exchange_n(&entry.phase, &phase, kInitialising, false, __ATOMIC_ACQ_REL,
                                            __ATOMIC_ACQUIRE)) {
                if (__atomic_load_n(&entry.address, __ATOMIC_ACQUIRE) != address) {
                    __atomic_store_n(&entry.phase, kUnset, __ATOMIC_RELEASE);
                    return nullptr;
                }
                if (use_at) check_use_after_end(entry, use_at);
                initialise(entry, identity);
                __atomic_store_n(&entry.phase, kReady, __ATOMIC_RELEASE);
                return &entry;
            }
        }
        // Another thread is initialising: a few hundred nanoseconds of work, never parked (a
        // signal arriving on that thread while it is inside heisen waits until it leaves).
        cpu_relax();
    }
}

// The ready entry for `address`, registering it when `insert` is set (`use_at`: make_ready).
LockEntry *ready_entry(uintptr_t address, const LockIdentity &identity, bool insert, const void *use_at) {
    if (LockEntry *cached = cached_lock_entry(address); cached && ready_for(*cached, address)) return cached;
    if (known_unplaced(address)) return nullptr;
    const uint32_t room = __atomic_load_n(&g_room_made, __ATOMIC_ACQUIRE);
    for (int attempt = 0; attempt < 8; ++attempt) {
        LockEntry *entry = claim_entry(address, identity, insert);
        if (!entry) {
            if (insert) remember_unplaced(address, room);
            return nullptr;
        }
        if (LockEntry *ready = make_ready(*entry, address, identity, use_at)) {
            remember(address, ready);
            return ready;
        }
    }
    return nullptr;
}

}  // namespace

__thread CachedEntry t_lock_cache[kLockCacheWays];

LockEntry *lock_entry_slow(const void *address, const LockIdentity &identity) {
    return ready_entry(reinterpret_cast<uintptr_t>(address), identity, true,
                       reinterpret_cast<const void *>(identity.init_site));
}

LockEntry *entry_to_release_slow(const void *address, const LockIdentity &identity) {
    return ready_entry(reinterpret_cast<uintptr_t>(address), identity, !__atomic_load_n(&g_ever_full, __ATOMIC_RELAXED),
                       reinterpret_cast<const void *>(identity.init_site));
}

LockEntry *find_lock_entry(const void *address) {
    const uintptr_t at = reinterpret_cast<uintptr_t>(address);
    LockEntry *entry = cached_lock_entry(at);
    if (!entry || !ready_for(*entry, at)) {
        LockEntry *free_entry = nullptr, *retired = nullptr;
        entry = find_in_window(at, &free_entry, &retired);
    }
    return entry && ready_for(*entry, at) ? entry : nullptr;
}

LockEntry *find_registered_entry(const void *address) {
    LockEntry *free_entry = nullptr, *retired = nullptr;
    return find_in_window(reinterpret_cast<uintptr_t>(address), &free_entry, &retired);
}

LockEntry *reinit_lock_entry(const void *address, const LockIdentity &identity) {
    if (LockEntry *entry = find_lock_entry(address)) retire_lock_entry(entry);
    return ready_entry(reinterpret_cast<uintptr_t>(address), identity, true, nullptr);
}

void retire_lock_entry(LockEntry *entry) {
    uint32_t phase = kReady;
    Unsettled unsettled(*entry);
    if (__atomic_compare_exchange_n(&entry->phase, &phase, kInitialising, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
        heisen_lock_destroy(&entry->map);
        __atomic_store_n(&entry->phase, kUnset, __ATOMIC_RELEASE);
        __atomic_fetch_add(&g_room_made, 1u, __ATOMIC_RELEASE);
    }
}

uint32_t lock_entry_index(const LockEntry &entry) { return static_cast<uint32_t>(&entry - g_entries); }
LockEntry &lock_entry_at(uint32_t index) { return g_entries[index & (kLockTableSize - 1)]; }

void lock_table_lock_for_fork() { lock_reclaim(); }

void lock_table_unlock_after_fork() { unlock_reclaim(); }

void lock_table_after_fork() {
    for (LockEntry *&unsettled : g_unsettled) {
        if (!unsettled) continue;
        uint32_t phase = kInitialising;
        __atomic_compare_exchange_n(&unsettled->phase, &phase, kUnset, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
        unsettled = nullptr;
    }
}

const LockEntry *entry_of_map(const heisen_lock_map *map) {
    const char *p = reinterpret_cast<const char *>(map);
    const char *begin = reinterpret_cast<const char *>(&g_entries[0]);
    const char *end = reinterpret_cast<const char *>(&g_entries[kLockTableSize]);
    if (p < begin || p >= end) return nullptr;
    size_t index = static_cast<size_t>(p - begin) / sizeof(LockEntry);
    const LockEntry *entry = &g_entries[index];
    return &entry->map == map ? entry : nullptr;
}

}  // namespace heisen::posix
