// thread_state.cpp — per-thread state and the dense slot allocator.
#include "thread_state.h"

#include "live_deadlock.h"

#include <signal.h>

#include "heisen/heisen.h"
#include "raw_syscall.h"
#include "runtime.h"  // runtime_note

namespace heisen::posix {

namespace {

// One bit per slot: set = taken. Lock-free so a signal handler may assign its thread a slot.
constexpr uint32_t kWords = kMaxThreadSlots / 64;
uint64_t g_taken[kWords];
bool g_exhausted_noted;

}  // namespace

__thread ThreadState t_thread_state __attribute__((tls_model("initial-exec")));

bool ensure_thread_slot(ThreadState &state) {
    if (has_slot(state)) return true;
    if (state.slot_exhausted) return false;
    for (uint32_t w = 0; w < kWords; ++w) {
        uint64_t word = __atomic_load_n(&g_taken[w], __ATOMIC_RELAXED);
        while (~word != 0) {
            uint32_t bit = static_cast<uint32_t>(__builtin_ctzll(~word));
            uint64_t wanted = word | (uint64_t{1} << bit);
            if (__atomic_compare_exchange_n(&g_taken[w], &word, wanted, false, __ATOMIC_ACQ_REL,
                                            __ATOMIC_RELAXED)) {
                state.slot_plus_one = w * 64 + bit + 1;
                return true;
            }
        }
    }
    state.slot_exhausted = true;
    if (!__atomic_exchange_n(&g_exhausted_noted, true, __ATOMIC_RELAXED))
        runtime_note("more threads alive at once than HEISEN_MAX_CPUS: the extra threads are not validated");
    return false;
}

void release_thread_slot(ThreadState &state) {
    if (!has_slot(state)) return;
    uint32_t slot = slot_of(state);
    state.slot_plus_one = 0;
    forget_blocking(slot);   // a thread cancelled while blocked never came back to say so
    heisen_cpu_reset(slot);  // a cancelled thread may not have passed heisen_task_exit
    __atomic_fetch_and(&g_taken[slot / 64], ~(uint64_t{1} << (slot % 64)), __ATOMIC_RELEASE);
}

void release_vanished_thread_slots(const ThreadState &survivor) {
    const uint32_t keep = has_slot(survivor) ? slot_of(survivor) : kMaxThreadSlots;
    for (uint32_t slot = 0; slot < kMaxThreadSlots; ++slot) {
        if (slot == keep || !(g_taken[slot / 64] & (uint64_t{1} << (slot % 64)))) continue;
        heisen_cpu_reset(slot);
        g_taken[slot / 64] &= ~(uint64_t{1} << (slot % 64));
    }
}

void ensure_signal_mask_known(ThreadState &state) {
    if (state.mask_known) return;
    uint64_t mask = 0;
    if (raw_syscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, reinterpret_cast<long>(&mask), 8) == 0)
        state.blocked = mask;
    state.mask_known = true;
}

}  // namespace heisen::posix
