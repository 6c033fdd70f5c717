// lock_table.cpp — the address → heisen_lock_map side table.
#include "lock_table.h"

#include <stddef.h>

#include "report_channel.h"
#include "runtime.h"
#include "text_format.h"
#include "thread_state.h"
#include "wire_format.h"

namespace heisen::posix {

namespace {

LockEntry g_entries[kLockTableSize];
bool g_full_noted;

// The entry each thread (by slot) has taken out of kReady or kUnset and not yet settled. Other
// threads wait for such an entry; a fork child, where the thread that took it no longer runs,
// settles it instead (lock_table_after_fork).
LockEntry *g_unsettled[kMaxThreadSlots];

// Records the entry for the calling thread while it is in kInitialising.
class Unsettled {
public:
    explicit Unsettled(LockEntry &entry) {
        const ThreadState &thread = this_thread();
        slot_ = has_slot(thread) ? slot_of(thread) : kMaxThreadSlots;
        if (slot_ < kMaxThreadSlots) __atomic_store_n(&g_unsettled[slot_], &entry, __ATOMIC_RELEASE);
    }
    ~Unsettled() {
        if (slot_ < kMaxThreadSlots) __atomic_store_n(&g_unsettled[slot_], nullptr, __ATOMIC_RELEASE);
    }
    Unsettled(const Unsettled &) = delete;
    Unsettled &operator=(const Unsettled &) = delete;

private:
    uint32_t slot_;
};

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

size_t hash_address(uintptr_t address) {
    // Locks are at least 4-byte aligned and often 64-byte apart: mix before masking.
    uint64_t x = address >> 3;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return static_cast<size_t>(x) & (kLockTableSize - 1);
}

inline void cpu_relax() {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

const char *primitive_word(Primitive primitive) {
    switch (primitive) {
    case Primitive::kMutex: return "mutex";
    case Primitive::kRwlock: return "rwlock";
    case Primitive::kSpinlock: return "spinlock";
    case Primitive::kSemaphore: return "sem";
    }
    return "lock";
}

// The table itself: linear probing from the address's hash.
LockEntry *probe_table(uintptr_t address, bool insert) {
    size_t index = hash_address(address);
    for (size_t step = 0; step < kLockTableSize; ++step, index = (index + 1) & (kLockTableSize - 1)) {
        LockEntry &entry = g_entries[index];
        uintptr_t seen = __atomic_load_n(&entry.address, __ATOMIC_ACQUIRE);
        if (seen == address) return &entry;
        if (seen != 0) continue;
        if (!insert) return nullptr;
        if (__atomic_compare_exchange_n(&entry.address, &seen, address, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            return &entry;
        if (seen == address) return &entry;  // another thread registered the same lock first
    }
    if (insert && !__atomic_exchange_n(&g_full_noted, true, __ATOMIC_RELAXED))
        runtime_note("lock table full (131072 distinct lock addresses): further locks are not validated");
    return nullptr;
}

// Probes for `address`; claims a free entry for it when `insert` is set.
LockEntry *probe(uintptr_t address, bool insert) {
    if (LockEntry *entry = cached_lock_entry(address)) return entry;
    LockEntry *found = probe_table(address, insert);
    if (found) remember(address, found);
    return found;
}

void initialise(LockEntry &entry, const LockIdentity &identity) {
    entry.primitive = identity.primitive;
    entry.init_site = identity.init_site;
    TextBuffer name(entry.name, sizeof entry.name);
    const bool by_site = runtime_config().classes_by_site;
    if (report_channel_is_open()) {
        // `heisen run` turns this into the variable's name, or kind@address with the init site
        // (for a site class, which names every lock initialised there: the init site alone),
        // once it knows the modules the two addresses lie in.
        report_channel_note_address(entry.address);
        report_channel_note_address(identity.init_site);
        name.append(by_site ? wire::kClassPlaceholder : wire::kLockPlaceholder);
        name.append(primitive_word(identity.primitive)).append_char(':');
        name.append_hex_digits(entry.address).append_char(':').append_hex_digits(identity.init_site);
        name.append(wire::kPlaceholderClose);
    } else {
        name.append(primitive_word(identity.primitive)).append_char('@').append_hex(entry.address);
    }
    // Zero the map as heisen_lock_init requires; a retired instance starts over.
    entry.map = heisen_lock_map{};
    heisen_lock_init(&entry.map, entry.name, identity.kind,
                     by_site ? HEISEN_CLASS_BY_SITE : HEISEN_CLASS_BY_INSTANCE,
                     reinterpret_cast<const void *>(identity.init_site));
}

// Makes `entry` ready, initialising it if this thread wins the race to do so.
LockEntry *make_ready(LockEntry &entry, const LockIdentity &identity) {
    for (;;) {
        uint32_t phase = __atomic_load_n(&entry.phase, __ATOMIC_ACQUIRE);
        if (phase == kReady) return &entry;
        if (phase == kUnset) {
            Unsettled unsettled(entry);
            if (__atomic_compare_exchange_n(&entry.phase, &phase, kInitialising, false, __ATOMIC_ACQ_REL,
                                            __ATOMIC_ACQUIRE)) {
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

}  // namespace

__thread CachedEntry t_lock_cache[kLockCacheWays];

LockEntry *lock_entry_slow(const void *address, const LockIdentity &identity) {
    LockEntry *entry = probe(reinterpret_cast<uintptr_t>(address), true);
    if (!entry) return nullptr;
    if (__builtin_expect(__atomic_load_n(&entry->phase, __ATOMIC_ACQUIRE) == kReady, 1)) return entry;
    return make_ready(*entry, identity);
}

LockEntry *find_lock_entry(const void *address) {
    LockEntry *entry = probe(reinterpret_cast<uintptr_t>(address), false);
    if (!entry || __atomic_load_n(&entry->phase, __ATOMIC_ACQUIRE) != kReady) return nullptr;
    return entry;
}

LockEntry *reinit_lock_entry(const void *address, const LockIdentity &identity) {
    LockEntry *entry = probe(reinterpret_cast<uintptr_t>(address), true);
    if (!entry) return nullptr;
    retire_lock_entry(entry);
    return make_ready(*entry, identity);
}

void retire_lock_entry(LockEntry *entry) {
    uint32_t phase = kReady;
    Unsettled unsettled(*entry);
    if (__atomic_compare_exchange_n(&entry->phase, &phase, kInitialising, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
        heisen_lock_destroy(&entry->map);
        __atomic_store_n(&entry->phase, kUnset, __ATOMIC_RELEASE);
    }
}

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
