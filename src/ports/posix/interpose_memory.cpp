// interpose_memory.cpp — freeing memory that contains locks.
//
// free() and munmap() are hot: they look at the calling thread's own held locks only when it
// holds any (one thread-local load otherwise), and a held lock in the range is reported. A lock
// freed while another thread holds it is not seen; see docs/heisen-run.md. Every lock in the
// range, held or not, is then retired (lock_pages.h), so the next lock allocated at its address
// starts a new instance.
#include <malloc.h>
#include <sys/mman.h>

#include "lock_pages.h"
#include "wrapper_support.h"

extern "C" void __libc_free(void *);

namespace heisen::posix {
namespace {

void check_range(const void *start, size_t len) {
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    const uintptr_t lo = reinterpret_cast<uintptr_t>(start), hi = lo + len;
    const core::HeldLockStack &held = core::held_by_cpu(slot_of(*thread));
    // Newest first: heisen_free_range drops the entries it reports, so the stack shrinks above i.
    for (uint32_t i = held.depth < HEISEN_MAX_HELD ? held.depth : HEISEN_MAX_HELD; i-- > 0;) {
        if (i >= held.depth || held.locks[i].orphaned) continue;
        LockEntry *entry = entry_of_held_map(held.locks[i].map);
        if (entry->address < lo || entry->address >= hi) continue;
        // The engine knows the lock by its map, which lives in the side table, not in the
        // freed memory: name that map's bytes as the freed range.
        heisen_free_range(&entry->map, sizeof entry->map);
        retire_lock_entry(entry);
    }
}

// Not from inside heisen (its own frees hold no locks), and not before the runtime runs.
void retire_freed_locks(const void *start, size_t len, const void *where) {
    if (__builtin_expect(!may_hold_locks(start, len), 1)) return;
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    retire_locks_in(start, len, where);
}

}  // namespace
}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE void free(void *pointer) {
    if (!pointer) return;
    if (__builtin_expect(!real_functions_ready(), 0)) {
        // dlsym may free while the table is being filled; glibc's own free is the next one then.
        if (resolving_real_functions()) return __libc_free(pointer);
        resolve_real_functions();
    }
    const size_t size = malloc_usable_size(pointer);
    if (__builtin_expect(holds_any_lock(this_thread()), 0)) check_range(pointer, size);
    retire_freed_locks(pointer, size, HEISEN_CALLER);
    real.free(pointer);
}

HEISEN_INTERPOSE int munmap(void *start, size_t len) {
    ensure_real_functions();
    if (__builtin_expect(holds_any_lock(this_thread()), 0)) check_range(start, len);
    retire_freed_locks(start, len, HEISEN_CALLER);
    return real.munmap(start, len);
}
