// thread_state.h — what the POSIX port knows about the calling thread.
//
// Every thread gets a dense "CPU" slot (the engine indexes its per-CPU tables by it) and a
// tracked signal mask (the port's interrupt-enable state). What the thread holds is the engine's
// stack for that slot (core/held_view.h): the hot wrappers read it to skip the engine entirely
// when nothing can be reported (no spinning lock held → a blocking call cannot be "sleeping in
// atomic context"; no lock held → free() cannot free a held lock).
//
// All state is initial-exec TLS: reading it never calls __tls_get_addr (which may allocate), so
// it is safe from signal handlers and from inside malloc/free.
#pragma once

#include <stdint.h>

#include "core/config.h"
#include "runtime.h"
#include "signal_state.h"

namespace heisen::posix {

// Live threads validated at once: one engine "CPU" each. Threads beyond it run unvalidated (one
// line says so).
inline constexpr uint32_t kMaxThreadSlots = HEISEN_MAX_CPUS;
static_assert(kMaxThreadSlots % 64 == 0, "slots are allocated 64 to a bitmap word");

// A signal that arrived while its thread was inside heisen, to be delivered again when the thread
// leaves (deferred_signals.h): the head of its siginfo, which is all an asynchronous signal uses.
struct DeferredSignal {
    uint64_t info[6];
};
inline constexpr uint32_t kMaxDeferredSignals = 8;

// Semaphores used as events that this thread took a count of and has not posted back
// (interpose_semaphore.cpp): a post of one of them gives a count back, it signals no one.
inline constexpr uint32_t kMaxTakenSemaphores = 8;

// Zero-initialised (TLS without a constructor): a new thread starts with everything 0.
struct ThreadState {
    uint32_t slot_plus_one;   // dense CPU id + 1, assigned on first use; 0 = none yet
    uint32_t runtime_depth;   // > 0 while this thread runs heisen code: wrappers pass straight through
    uint32_t handler_depth;   // nesting of signal handlers running on this thread
    bool mask_known;          // `blocked` has been read from the kernel
    bool slot_exhausted;      // no slot was free: this thread is not validated
    bool on_engine_stack;     // running on its slot's engine stack (engine_stack.h)
    bool exit_checked;        // its end was checked for held locks (return, pthread_exit)
    const void *start_routine; // what a thread heisen started runs, to name its end by
    const void *create_site;   // where a thread heisen started was created: its end's event class
    uint64_t blocked;         // tracked signal mask, bit (sig-1)
    HandlerFrame handler_frames[kMaxHandlerFrames];  // the running handlers, outermost first
    uint32_t deferred_count;  // signals waiting in `deferred` for this thread to leave heisen
    DeferredSignal deferred[kMaxDeferredSignals];
    uint32_t taken_semaphores[kMaxTakenSemaphores];  // lock-table index + 1 of each; 0 = free
    uint32_t taken_next;      // the one to overwrite when all are in use
};

extern __thread ThreadState t_thread_state __attribute__((tls_model("initial-exec")));
inline ThreadState &this_thread() { return t_thread_state; }

inline bool has_slot(const ThreadState &state) { return state.slot_plus_one != 0; }
inline uint32_t slot_of(const ThreadState &state) { return state.slot_plus_one - 1; }

// Assigns a slot if the thread has none. Returns false when every slot is taken.
bool ensure_thread_slot(ThreadState &state);
// Gives the slot back (thread exit). The engine's per-slot state must be empty by then.
void release_thread_slot(ThreadState &state);
// In a fork child only the forking thread survives: every other slot is emptied and freed.
void release_vanished_thread_slots(const ThreadState &survivor);
// Read from the kernel the first time it is needed (the main thread and threads we did not create).
void ensure_signal_mask_known(ThreadState &state);

// Delivers again the signals deferred while this thread was inside heisen (deferred_signals.cpp).
void raise_deferred_signals(ThreadState &state);

// Enters and leaves heisen code on this thread by hand (for a stretch that spans functions, such
// as a fork); RuntimeScope below for everything else.
inline void enter_runtime(ThreadState &state) { ++state.runtime_depth; }
inline void leave_runtime(ThreadState &state) {
    if (--state.runtime_depth == 0 && __builtin_expect(state.deferred_count != 0, 0)) raise_deferred_signals(state);
}

// Runs heisen code for this thread: wrappers reached from inside pass straight through, and a
// signal that arrives meanwhile waits until it leaves: its handler must not find heisen's state
// mid-update, nor park (a collector stopping the thread) while this thread holds what other
// threads wait for.
class RuntimeScope {
public:
    explicit RuntimeScope(ThreadState &state) : state_(state) { enter_runtime(state_); }
    ~RuntimeScope() { leave_runtime(state_); }
    RuntimeScope(const RuntimeScope &) = delete;
    RuntimeScope &operator=(const RuntimeScope &) = delete;

private:
    ThreadState &state_;
};

// The state of a thread that may validate now, or null (inside heisen already, no slot, or the
// runtime has not started). Inline: every wrapper asks, on every call.
__attribute__((always_inline)) inline ThreadState *validating_thread() {
    ThreadState &state = this_thread();
    if (__builtin_expect(state.runtime_depth != 0, 0)) return nullptr;
    if (!runtime_active()) return nullptr;
    if (__builtin_expect(!has_slot(state), 0) && !ensure_thread_slot(state)) return nullptr;
    return &state;
}

}  // namespace heisen::posix
