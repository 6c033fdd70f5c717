// interpose_thread.cpp — thread start and exit.
//
// Each new thread starts with its creator's signal mask (as the kernel does), and a thread that
// ends — by returning from its start routine, through pthread_exit or thrd_exit, or cancelled —
// is checked for locks it still holds (heisen_task_exit). Its CPU slot is given back by a
// pthread key destructor, which runs for every way a thread can end; a cancelled thread's end
// is checked there (its cleanup handlers have run by then).
//
// A thread heisen started also triggers its end-of-thread event as it ends (thread_exit_event.h):
// what a pthread_join waits for. Joins are interpose_join.cpp.
#include <pthread.h>
#include <stdlib.h>
#include <threads.h>

#include "process_facts.h"
#include "runtime.h"
#include "thread_exit_event.h"
#include "wrapper_support.h"

namespace heisen::posix {
namespace {

struct StartRecord {
    void *(*routine)(void *);
    int (*c11_routine)(void *);  // a thrd_create thread's instead
    void *argument;
    uint64_t creator_mask;
    const void *create_site;  // the pthread_create (thrd_create) call
};

pthread_key_t g_slot_key;
bool g_slot_key_ready;

// The thread ends: reported if it still holds locks, then its end happens for its joiner.
void check_exit(const void *ip) {
    this_thread().exit_checked = true;
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    heisen_task_exit(ip);
    if (thread->create_site)
        if (LockEntry *end = thread_exit_event(pthread_self(), thread->create_site)) heisen_event(&end->map, ip);
}

// The creator's side: the new thread's end can be waited for from now on.
void register_thread_end(pthread_t thread, const void *create_site) {
    ThreadState *creator = validating_thread();
    if (!creator) return;
    RuntimeScope scope(*creator);
    thread_exit_event(thread, create_site);
}

void release_slot_at_exit(void *) {
    ThreadState &thread = this_thread();
    if (!thread.exit_checked) check_exit(thread.start_routine);  // cancelled
    release_thread_slot(thread);
}

// Report addresses are read as return addresses (symbolized at address - 1): one past the
// start routine's entry names the routine itself.
template <typename Routine>
const void *named_after(Routine routine) {
    return reinterpret_cast<const void *>(reinterpret_cast<uintptr_t>(routine) + 1);
}

// The new thread's side of thread creation: its creator's signal mask, its slot's release.
StartRecord begin_thread(void *raw) {
    StartRecord record = *static_cast<StartRecord *>(raw);
    ::free(raw);
    ThreadState &thread = this_thread();
    thread.blocked = record.creator_mask;
    thread.mask_known = true;
    thread.start_routine = record.routine ? named_after(record.routine) : named_after(record.c11_routine);
    thread.create_site = record.create_site;
    if (__atomic_load_n(&g_slot_key_ready, __ATOMIC_ACQUIRE))
        pthread_setspecific(g_slot_key, reinterpret_cast<void *>(1));
    return record;
}

void *thread_start(void *raw) {
    StartRecord record = begin_thread(raw);
    void *result = record.routine(record.argument);
    check_exit(named_after(record.routine));
    return result;
}

int c11_thread_start(void *raw) {
    StartRecord record = begin_thread(raw);
    int result = record.c11_routine(record.argument);
    check_exit(named_after(record.c11_routine));
    return result;
}

// A start record carrying the creator's mask, or null when there is no memory for one.
StartRecord *new_start_record(void *(*routine)(void *), int (*c11_routine)(void *), void *argument,
                              const void *create_site) {
    ThreadState &creator = this_thread();
    ensure_signal_mask_known(creator);
    auto *record = static_cast<StartRecord *>(malloc(sizeof(StartRecord)));
    if (record) *record = StartRecord{routine, c11_routine, argument, creator.blocked, create_site};
    return record;
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
    const void *site = HEISEN_CALLER;
    StartRecord *record = new_start_record(routine, nullptr, argument, site);
    if (!record) return real.thread_create(thread, attr, routine, argument);
    int rc = real.thread_create(thread, attr, thread_start, record);
    if (rc != 0) {
        ::free(record);
    } else {
        note_thread_started();
        register_thread_end(*thread, site);
    }
    return rc;
}

// C11 threads: glibc starts them without calling pthread_create.
HEISEN_INTERPOSE int thrd_create(thrd_t *thread, thrd_start_t routine, void *argument) {
    ensure_real_functions();
    const void *site = HEISEN_CALLER;
    StartRecord *record = new_start_record(nullptr, routine, argument, site);
    if (!record) return real.thrd_create(thread, routine, argument);
    int rc = real.thrd_create(thread, c11_thread_start, record);
    if (rc != thrd_success) {
        ::free(record);
    } else {
        note_thread_started();
        register_thread_end(*thread, site);  // glibc's thrd_t is its pthread_t
    }
    return rc;
}

HEISEN_INTERPOSE void thrd_exit(int result) {
    ensure_real_functions();
    check_exit(HEISEN_CALLER);
    real.thrd_exit(result);
    __builtin_unreachable();
}

HEISEN_INTERPOSE void pthread_exit(void *result) {
    ensure_real_functions();
    check_exit(HEISEN_CALLER);
    real.thread_exit(result);
    __builtin_unreachable();
}
