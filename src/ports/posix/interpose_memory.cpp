// interpose_memory.cpp — freeing memory that contains a held lock.
//
// free() and munmap() are hot, so the engine is asked only when the calling thread holds a lock
// (one thread-local load otherwise). A lock held by another thread and freed by one holding
// nothing is not seen; see docs/heisen-run.md.
#include <malloc.h>
#include <sys/mman.h>

#include "wrapper_support.h"

extern "C" void __libc_free(void *);

namespace heisen::posix {
namespace {

void check_range(const void *start, size_t len) {
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    heisen_free_range(start, len);
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
    if (__builtin_expect(this_thread().locks_held != 0, 0)) check_range(pointer, malloc_usable_size(pointer));
    real.free(pointer);
}

HEISEN_INTERPOSE int munmap(void *start, size_t len) {
    ensure_real_functions();
    if (__builtin_expect(this_thread().locks_held != 0, 0)) check_range(start, len);
    return real.munmap(start, len);
}
