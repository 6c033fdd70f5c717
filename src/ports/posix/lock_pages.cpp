// lock_pages.cpp — the page index of lock-table entries (lock_pages.h).
#include "lock_pages.h"

#include "lock_endings.h"

namespace heisen::posix {
namespace {

constexpr unsigned kPageShift = 12;

// Pages known to hold a lock, hashed into 32768 bits (4 KiB): a clear bit means none does.
constexpr unsigned kFilterBits = 15;
uint64_t g_filter[(size_t{1} << kFilterBits) / 64];

// Open addressing, page → the first entry on it; the entries chain through g_next_on_page.
// Twice as many slots as the lock table has entries: it can never fill.
constexpr size_t kPageSlots = kLockTableSize * 2;
struct PageSlot {
    uintptr_t page_plus_one;    // 0: free slot
    uint32_t first_plus_one;    // the newest entry filed on this page + 1
};
PageSlot g_pages[kPageSlots];
uint32_t g_next_on_page[kLockTableSize];  // entry index → the next entry on its page + 1

uint64_t mix(uintptr_t page) {
    uint64_t x = page * 0x9e3779b97f4a7c15ull;
    return x ^ (x >> 29);
}

bool filter_may_hold(uintptr_t page) {
    const uint64_t bit = mix(page) & ((uint64_t{1} << kFilterBits) - 1);
    return __atomic_load_n(&g_filter[bit / 64], __ATOMIC_ACQUIRE) & (uint64_t{1} << (bit % 64));
}

void filter_add(uintptr_t page) {
    const uint64_t bit = mix(page) & ((uint64_t{1} << kFilterBits) - 1);
    __atomic_fetch_or(&g_filter[bit / 64], uint64_t{1} << (bit % 64), __ATOMIC_RELEASE);
}

// The slot of `page`, claimed when `claim` is set; null when absent (or, claiming, impossible).
PageSlot *page_slot(uintptr_t page, bool claim) {
    size_t index = static_cast<size_t>(mix(page)) & (kPageSlots - 1);
    for (size_t step = 0; step < kPageSlots; ++step, index = (index + 1) & (kPageSlots - 1)) {
        PageSlot &slot = g_pages[index];
        uintptr_t seen = __atomic_load_n(&slot.page_plus_one, __ATOMIC_ACQUIRE);
        if (seen == page + 1) return &slot;
        if (seen != 0) continue;
        if (!claim) return nullptr;
        if (__atomic_compare_exchange_n(&slot.page_plus_one, &seen, page + 1, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE) ||
            seen == page + 1)
            return &slot;
    }
    return nullptr;
}

}  // namespace

void file_lock_page(LockEntry &entry) {
    const uintptr_t page = entry.address >> kPageShift;
    PageSlot *slot = page_slot(page, true);
    if (!slot) return;
    const uint32_t index = lock_entry_index(entry);
    uint32_t head = __atomic_load_n(&slot->first_plus_one, __ATOMIC_ACQUIRE);
    do {
        __atomic_store_n(&g_next_on_page[index], head, __ATOMIC_RELEASE);
    } while (!__atomic_compare_exchange_n(&slot->first_plus_one, &head, index + 1, true, __ATOMIC_ACQ_REL,
                                          __ATOMIC_ACQUIRE));
    filter_add(page);
}

void refile_lock_page(LockEntry &entry, uintptr_t old_address) {
    const uint32_t index = lock_entry_index(entry);
    if (PageSlot *slot = page_slot(old_address >> kPageShift, false)) {
        // Out of the old page's list. Only pushes run concurrently (at the head) and removals
        // are serialised, so the links behind the head stay put while this looks for the entry.
        const uint32_t next = __atomic_load_n(&g_next_on_page[index], __ATOMIC_ACQUIRE);
        uint32_t head = index + 1;
        if (!__atomic_compare_exchange_n(&slot->first_plus_one, &head, next, false, __ATOMIC_ACQ_REL,
                                         __ATOMIC_ACQUIRE)) {
            for (uint32_t at = head; at; at = __atomic_load_n(&g_next_on_page[at - 1], __ATOMIC_ACQUIRE)) {
                if (__atomic_load_n(&g_next_on_page[at - 1], __ATOMIC_ACQUIRE) == index + 1) {
                    __atomic_store_n(&g_next_on_page[at - 1], next, __ATOMIC_RELEASE);
                    break;
                }
            }
        }
    }
    // The entry's new address was stored before its link changes: a lookup that followed the
    // link sees the address is no longer on its page and starts over (retire_locks_in).
    file_lock_page(entry);
}

bool may_hold_locks(const void *start, size_t len) {
    if (len == 0) return false;
    const uintptr_t lo = reinterpret_cast<uintptr_t>(start), hi = lo + len;
    for (uintptr_t page = lo >> kPageShift; page <= (hi - 1) >> kPageShift; ++page)
        if (filter_may_hold(page)) return true;
    return false;
}

void retire_locks_in(const void *start, size_t len, const void *where) {
    if (len == 0) return;
    const uintptr_t lo = reinterpret_cast<uintptr_t>(start), hi = lo + len;
    for (uintptr_t page = lo >> kPageShift; page <= (hi - 1) >> kPageShift; ++page) {
        if (!filter_may_hold(page)) continue;
        const PageSlot *slot = page_slot(page, false);
        if (!slot) continue;
        // An entry moved to another page while this walked past it (refile_lock_page) may link
        // into that page's list: start the page again, a few times at most.
        for (int walk = 0; walk < 4; ++walk) {
            bool moved = false;
            for (uint32_t at = __atomic_load_n(&slot->first_plus_one, __ATOMIC_ACQUIRE); at;) {
                LockEntry &entry = lock_entry_at(at - 1);
                const uint32_t next = __atomic_load_n(&g_next_on_page[at - 1], __ATOMIC_ACQUIRE);
                const uintptr_t address = __atomic_load_n(&entry.address, __ATOMIC_ACQUIRE);
                if (address >> kPageShift != page) {
                    moved = true;
                    break;
                }
                if (address >= lo && address < hi && __atomic_load_n(&entry.phase, __ATOMIC_ACQUIRE) == kReady) {
                    retire_lock_entry(&entry);
                    note_lock_ended(entry, Ending::kFreed, where);
                }
                at = next;
            }
            if (!moved) break;
        }
    }
}

}  // namespace heisen::posix
