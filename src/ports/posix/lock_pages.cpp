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
        g_next_on_page[index] = head;
    } while (!__atomic_compare_exchange_n(&slot->first_plus_one, &head, index + 1, true, __ATOMIC_ACQ_REL,
                                          __ATOMIC_ACQUIRE));
    filter_add(page);
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
        for (uint32_t next = __atomic_load_n(&slot->first_plus_one, __ATOMIC_ACQUIRE); next;
             next = g_next_on_page[next - 1]) {
            LockEntry &entry = lock_entry_at(next - 1);
            if (entry.address >= lo && entry.address < hi &&
                __atomic_load_n(&entry.phase, __ATOMIC_ACQUIRE) == kReady) {
                retire_lock_entry(&entry);
                note_lock_ended(entry, Ending::kFreed, where);
            }
        }
    }
}

}  // namespace heisen::posix
