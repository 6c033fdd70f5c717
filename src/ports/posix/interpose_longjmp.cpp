// interpose_longjmp.cpp — leaving a signal handler with siglongjmp or longjmp.
//
// A handler that jumps out never returns through the trampoline (interpose_signal.cpp), so the
// jump itself must end the handler levels it leaves: their interrupt context, and their nesting.
// A level is left when the jump's target stack pointer is not inside it: not below the
// trampoline's frame on the stack that handler runs on (its sigaltstack, or the thread's own).
// The target is read from the jump buffer, where glibc keeps it mangled with the process's
// pointer guard. A siglongjmp whose buffer saved the signal mask restores it behind libc's
// wrappers: the tracked mask follows.
#include <setjmp.h>
#include <string.h>

#include "real_functions.h"
#include "signal_state.h"
#include "wrapper_support.h"

#if defined(__aarch64__)
#include <dlfcn.h>
#endif

namespace heisen::posix {
namespace {

// The stack pointer a jump to `env` restores; 0 when it cannot be read here.
uintptr_t jump_target_sp(const __jmp_buf_tag *env) {
#if defined(__x86_64__)
    // JB_RSP = 6; PTR_MANGLE: xor with the TCB's pointer guard (%fs:0x30), then rol 17.
    uintptr_t value = static_cast<uintptr_t>(env->__jmpbuf[6]);
    uintptr_t guard;
    __asm__("mov %%fs:0x30, %0" : "=r"(guard));
    value = (value >> 17) | (value << (64 - 17));
    return value ^ guard;
#elif defined(__aarch64__)
    // JB_SP = 13; PTR_MANGLE: xor with __pointer_chk_guard, exported by the dynamic loader.
    static const uintptr_t *guard = static_cast<const uintptr_t *>(dlsym(RTLD_DEFAULT, "__pointer_chk_guard"));
    if (!guard) return 0;
    return static_cast<uintptr_t>(env->__jmpbuf[13]) ^ *guard;
#else
    (void)env;
    return 0;
#endif
}

bool inside(uintptr_t address, uintptr_t lo, uintptr_t hi) { return address >= lo && address < hi; }

// True when a stack pointer of `target` is still within handler level `frame`: on the stack it
// runs on, below its trampoline's frame.
bool stays_in_handler(const HandlerFrame &frame, uintptr_t target) {
    const bool on_altstack = inside(frame.frame, frame.altstack_lo, frame.altstack_hi);
    if (on_altstack) return inside(target, frame.altstack_lo, frame.frame);
    return target < frame.frame && !inside(target, frame.altstack_lo, frame.altstack_hi);
}

uint64_t first_64(const __sigset_t &set) {
    uint64_t bits;
    memcpy(&bits, &set, sizeof bits);
    return bits;
}

void before_jump(const __jmp_buf_tag *env) {
    ThreadState &thread = this_thread();
    if (thread.handler_depth) leave_handlers_for_jump(thread, jump_target_sp(env));
    if (env->__mask_was_saved && !sharing_parent_memory()) {
        thread.blocked = first_64(env->__saved_mask);
        thread.mask_known = true;
    }
}

}  // namespace

void leave_handlers_for_jump(ThreadState &thread, uintptr_t target_sp) {
    while (thread.handler_depth > 0) {
        const uint32_t level = thread.handler_depth - 1;
        if (level < kMaxHandlerFrames) {
            const HandlerFrame &frame = thread.handler_frames[level];
            if (target_sp && stays_in_handler(frame, target_sp)) return;
            if (frame.interrupt && has_slot(thread)) {
                RuntimeScope scope(thread);
                heisen_irq_exit();
            }
        }
        --thread.handler_depth;
    }
}

}  // namespace heisen::posix

using namespace heisen::posix;

// glibc's longjmp, _longjmp and siglongjmp are one function; __longjmp_chk is the fortified one.
HEISEN_INTERPOSE void siglongjmp(sigjmp_buf env, int value) {
    ensure_real_functions();
    before_jump(env);
    real.siglongjmp(env, value);
    __builtin_unreachable();
}

HEISEN_INTERPOSE void longjmp(jmp_buf env, int value) {
    ensure_real_functions();
    before_jump(env);
    real.longjmp(env, value);
    __builtin_unreachable();
}

HEISEN_INTERPOSE void _longjmp(jmp_buf env, int value) {
    ensure_real_functions();
    before_jump(env);
    real.longjmp(env, value);
    __builtin_unreachable();
}

HEISEN_INTERPOSE void __longjmp_chk(jmp_buf env, int value) {
    ensure_real_functions();
    before_jump(env);
    real.longjmp_chk(env, value);
    __builtin_unreachable();
}
