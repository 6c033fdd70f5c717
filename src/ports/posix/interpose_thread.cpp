// interpose_thread.cpp — thread start and exit.
//
// Each new thread starts with its creator's signal mask (as the kernel does), and a thread that
// ends — by returning from its start routine or through pthread_exit — is checked for locks it
// still holds (heisen_task_exit). Its CPU slot is given back by a pthread key destructor, which
// runs for every way a thread can end, cancellation included.
#include <pthread.h>
#include <stdlib.h>

#include "runtime.h"
#include "wrapper_support.h"

namespace heisen::posix {
namespace {

struct StartRecord {
    void *(*routine)(void *);
    void *argument;
    uint64_t creator_mask;
};

pthread_key_t g_slot_key;
bool g_slot_key_ready;

void release_slot_at_exit(void *) { release_thread_slot(this_thread()); }

void check_exit(const void *ip) {
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    heisen_task_exit(ip);
}

void *thread_start(void *raw) {
    StartRecord record = *static_cast<StartRecord *>(raw);
    ::free(raw);
    ThreadState &thread = this_thread();
    thread.blocked = record.creator_mask;
    thread.mask_known = true;
    if (__atomic_load_n(&g_slot_key_ready, __ATOMIC_ACQUIRE))
        pthread_setspecific(g_slot_key, reinterpret_cast<void *>(1));
    void *result = record.routine(record.argument);
    // Report addresses are read as return addresses (symbolized at address - 1): one past the
    // start routine's entry names the routine itself.
    check_exit(reinterpret_cast<const void *>(reinterpret_cast<uintptr_t>(record.routine) + 1));
    return result;
}

}  // namespace

void prepare_thread_tracking() {
    if (pthread_key_create(&g_slot_key, release_slot_at_exit) == 0)
        __atomic_store_n(&g_slot_key_ready, true, __ATOMIC_RELEASE);
}

}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*routine)(void *),
                                    void *argument) {
    ensure_real_functions();
    ThreadState &creator = this_thread();
    ensure_signal_mask_known(creator);
    auto *record = static_cast<StartRecord *>(malloc(sizeof(StartRecord)));
    if (!record) return real.thread_create(thread, attr, routine, argument);
    *record = StartRecord{routine, argument, creator.blocked};
    int rc = real.thread_create(thread, attr, thread_start, record);
    if (rc != 0) ::free(record);
    return rc;
}

HEISEN_INTERPOSE void pthread_exit(void *result) {
    ensure_real_functions();
    check_exit(HEISEN_CALLER);
    real.thread_exit(result);
    __builtin_unreachable();
}
