// linked_port.cpp — the port for user-space programs that call heisen's API themselves
// (heisen.h / heisen.hpp) instead of running under `heisen run`.
//
// Every thread gets its own CPU slot, handed back when the thread exits; signal handlers the
// program marks with heisen_irq_enter/exit are its interrupt context; reports are printed as
// lockdep text on stderr with raw addresses (pipe them through `addr2line -f -e PROGRAM`).
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <unwind.h>

#include <cstdio>

#include "core/config.h"
#include "core/port.h"
#include "heisen/heisen.h"

namespace {

// Free CPU slots form a lock-free stack of indices; a thread takes one on first use.
uint32_t g_next_never_used;
uint32_t g_free_head;  // slot + 1; 0 = empty
uint32_t g_free_next[HEISEN_MAX_CPUS];
pthread_key_t g_slot_key;
pthread_once_t g_key_once = PTHREAD_ONCE_INIT;
thread_local uint32_t t_slot_plus_one;

void give_back_slot(void *value) {
    uint32_t slot = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(value)) - 1;
    heisen_task_exit(nullptr);  // reports locks the thread still holds, clears the slot
    uint32_t head = __atomic_load_n(&g_free_head, __ATOMIC_ACQUIRE);
    do {
        g_free_next[slot] = head;
    } while (!__atomic_compare_exchange_n(&g_free_head, &head, slot + 1, true, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
}

void create_key() { pthread_key_create(&g_slot_key, give_back_slot); }

uint32_t take_slot() {
    uint32_t head = __atomic_load_n(&g_free_head, __ATOMIC_ACQUIRE);
    while (head) {
        uint32_t next = g_free_next[head - 1];
        if (__atomic_compare_exchange_n(&g_free_head, &head, next, true, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            return head - 1;
    }
    return __atomic_fetch_add(&g_next_never_used, 1u, __ATOMIC_RELAXED);  // may exceed the table: engine says so
}

struct Walk {
    uintptr_t *pcs;
    size_t max, count, skip;
};

_Unwind_Reason_Code record(struct _Unwind_Context *context, void *raw) {
    auto *walk = static_cast<Walk *>(raw);
    uintptr_t pc = _Unwind_GetIP(context);
    if (!pc || walk->count >= walk->max) return _URC_END_OF_STACK;
    if (walk->skip) --walk->skip;
    else walk->pcs[walk->count++] = pc;
    return _URC_NO_REASON;
}

}  // namespace

extern "C" {

uint32_t heisen_port_cpu_id(void) {
    if (__builtin_expect(t_slot_plus_one != 0, 1)) return t_slot_plus_one - 1;
    pthread_once(&g_key_once, create_key);
    t_slot_plus_one = take_slot() + 1;
    pthread_setspecific(g_slot_key, reinterpret_cast<void *>(uintptr_t(t_slot_plus_one)));
    return t_slot_plus_one - 1;
}

uintptr_t heisen_port_task_id(void) { return 0; }  // the thread is the CPU
int heisen_port_irqs_enabled(void) { return 1; }
int heisen_port_irq_context_may_sleep(void) { return 1; }

void heisen_port_write(const char *text, size_t len) {
    while (len) {
        ssize_t n = write(STDERR_FILENO, text, len);
        if (n <= 0) return;
        text += n;
        len -= static_cast<size_t>(n);
    }
}

size_t heisen_port_stack(uintptr_t *pcs, size_t max, size_t skip) {
    Walk walk{pcs, max, 0, skip + 1};
    _Unwind_Backtrace(record, &walk);
    return walk.count;
}

size_t heisen_port_format_pc(uintptr_t pc, char *buf, size_t len) {
    int n = std::snprintf(buf, len, "%#lx", static_cast<unsigned long>(pc));
    return n < 0 ? 0 : static_cast<size_t>(n);
}

uint64_t heisen_port_now_ns(void) {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
}

int heisen_port_report_made(const struct heisen_report *) { return 0; }
void heisen_port_abort(void) { abort(); }

}  // extern "C"
