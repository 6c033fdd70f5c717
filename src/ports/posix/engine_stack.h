// engine_stack.h — heisen's own stack for its deep work, so the program's stack only ever holds
// the few hundred bytes of a wrapper and the engine's own frames.
//
// The program may run its threads, signal handlers and coroutines on small stacks (an 8 KiB
// sigaltstack, a 16 KiB thread, a 12 KiB ucontext). What takes stack inside heisen is walking the
// call stack (the DWARF unwinder) and handing a report over; both run on a per-thread-slot stack
// of heisen's (kEngineStackBytes, in the library's zero-initialised data: pages are only touched
// by threads that need them). The switch is a frame with call-frame information that leads back
// to the program's stack, so the unwinder walks across it to the program's frames.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "thread_state.h"

namespace heisen::posix {

inline constexpr size_t kEngineStackBytes = 32 * 1024;

extern "C" void heisen_call_on_stack(void (*function)(void *), void *argument, void *stack_top)
    __attribute__((visibility("hidden")));

// The top of `slot`'s engine stack.
void *engine_stack_top(uint32_t slot);

// Runs `work` on this thread's engine stack (in place when the thread has no slot, or is on it
// already). Only for heisen code inside a RuntimeScope: signals wait meanwhile, so the stack is
// never entered twice.
template <typename Work>
void on_engine_stack(Work &&work) {
    ThreadState &thread = this_thread();
    if (!has_slot(thread) || thread.on_engine_stack) {
        work();
        return;
    }
    thread.on_engine_stack = true;
    heisen_call_on_stack([](void *raw) { (*static_cast<Work *>(raw))(); }, &work, engine_stack_top(slot_of(thread)));
    thread.on_engine_stack = false;
}

}  // namespace heisen::posix
