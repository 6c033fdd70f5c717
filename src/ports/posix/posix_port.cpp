// posix_port.cpp — the engine's port interface for Linux user space.
//
// Every thread is its own CPU (a dense slot) and no task runs on it, interrupts are
// signals (signal_state.h), text goes to the report channel or stderr, stacks come from the
// unwinder (DWARF CFI, so programs built without frame pointers still get full stacks).
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unwind.h>

#include "core/engine.h"
#include "core/port.h"
#include "core/report_render.h"
#include "engine_stack.h"
#include "lock_table.h"
#include "raw_syscall.h"
#include "report_channel.h"
#include "report_record.h"
#include "runtime.h"
#include "signal_state.h"
#include "text_format.h"
#include "thread_state.h"
#include "wire_format.h"

namespace heisen::posix {
namespace {

// The executable segments of the preload library: frames there are heisen's, not the program's.
uintptr_t g_own_start, g_own_end;
const char *g_own_path;  // the loader's name for this library: what LD_PRELOAD named

int find_own_segments(struct dl_phdr_info *info, size_t, void *self) {
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr) &header = info->dlpi_phdr[i];
        if (header.p_type != PT_LOAD || !(header.p_flags & PF_X)) continue;
        uintptr_t start = info->dlpi_addr + header.p_vaddr;
        uintptr_t end = start + header.p_memsz;
        uintptr_t here = reinterpret_cast<uintptr_t>(self);
        if (here >= start && here < end) {
            g_own_start = start;
            g_own_end = end;
            g_own_path = info->dlpi_name;
            return 1;
        }
    }
    return 0;
}

bool is_own_code(uintptr_t pc) { return pc >= g_own_start && pc < g_own_end; }

struct StackWalk {
    uintptr_t *pcs;
    size_t max;
    size_t count;
};

// Frames inside the preload library — the engine, the port, the wrappers, and the thread-start
// and signal trampolines between the program's own frames — are heisen's, never the program's.
_Unwind_Reason_Code record_frame(struct _Unwind_Context *context, void *raw) {
    auto *walk = static_cast<StackWalk *>(raw);
    uintptr_t pc = _Unwind_GetIP(context);
    if (pc == 0) return _URC_END_OF_STACK;
    if (is_own_code(pc)) return _URC_NO_REASON;
    if (walk->count >= walk->max) return _URC_END_OF_STACK;
    walk->pcs[walk->count++] = pc;
    return _URC_NO_REASON;
}

const char *base_name(const char *path) {
    const char *base = path;
    for (const char *p = path; *p; ++p)
        if (*p == '/') base = p + 1;
    return base;
}

}  // namespace

void locate_own_code() {
    dl_iterate_phdr(find_own_segments, reinterpret_cast<void *>(&locate_own_code));
    // The unwinder's first walk initialises a table through pthread_once, whose completion is a
    // futex system call: made here, at start, it is never made later, where the program may
    // have entered seccomp strict mode.
    uintptr_t pcs[1];
    StackWalk walk{pcs, 1, 0};
    _Unwind_Backtrace(record_frame, &walk);
}

const char *own_library_path() { return g_own_path ? g_own_path : ""; }

}  // namespace heisen::posix

using namespace heisen::posix;

extern "C" {

uint32_t heisen_port_cpu_id(void) {
    const ThreadState &thread = this_thread();
    return has_slot(thread) ? slot_of(thread) : 0;
}

// No task: in user space the thread *is* the CPU (its dense slot), so the engine keeps every lock
// the thread holds in that slot's stack, and heisen_task_exit empties the slot for the next thread.
uintptr_t heisen_port_task_id(void) { return 0; }

int heisen_port_irqs_enabled(void) { return signals_enabled(this_thread()) ? 1 : 0; }

void heisen_port_write(const char *text, size_t len) {
    if (!report_channel_write_text(text, len)) raw_write_all(2, text, len);
}

// The engine's own frames need no counting: every frame inside the preload library is left out.
// Async-signal-safe: libgcc_s is linked (not dlopen'ed on first use, as glibc's backtrace() does),
// and GCC 12's unwinder finds FDEs through glibc's lock-free _dl_find_object, so the walk neither
// allocates nor takes the loader lock. A signal landing while this thread is already inside heisen
// does not validate (RuntimeScope), so the unwinder is never re-entered on one thread.
// The unwinder takes a couple of KiB of stack: it runs on the engine's (engine_stack.h).
size_t heisen_port_stack(uintptr_t *pcs, size_t max, size_t) {
    if (max == 0) return 0;
    StackWalk walk{pcs, max, 0};
    on_engine_stack([&] { _Unwind_Backtrace(record_frame, &walk); });
    return walk.count;
}

// Under `heisen run`: a placeholder the parent symbolizes (wire_format.h). Standalone:
// "program+0x1234" / "libfoo.so.1+0x5678", the module's own address (pc minus the load bias),
// which is what addr2line takes.
size_t heisen_port_format_pc(uintptr_t pc, char *buffer, size_t len) {
    TextBuffer text(buffer, len);
    if (report_channel_is_open()) {
        report_channel_note_address(pc);
        text.append(heisen::wire::kPcPlaceholder).append_hex_digits(pc).append(heisen::wire::kPlaceholderClose);
        return text.size();
    }
    struct dl_find_object object;
    if (_dl_find_object(reinterpret_cast<void *>(pc), &object) == 0 && object.dlfo_link_map) {
        const char *name = object.dlfo_link_map->l_name;
        // The main program's link map has an empty name: use the name it was started as.
        text.append(name && *name ? base_name(name) : program_invocation_short_name).append_char('+');
        text.append_hex(pc - object.dlfo_link_map->l_addr);
    } else {
        text.append_hex(pc);
    }
    return text.size();
}

// In user space neither a signal handler nor a blocked signal mask forbids sleeping: only a held
// spinning lock makes a sleep invalid.
int heisen_port_irq_context_may_sleep(void) { return 1; }

// The engine reads the clock only for statistics (`heisen run --stats` turns timing on and
// reports contention): clock_gettime goes through the vDSO and is async-signal-safe.
uint64_t heisen_port_now_ns(void) {
    struct timespec now;
    if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) return 0;
    return uint64_t(now.tv_sec) * 1000000000u + uint64_t(now.tv_nsec);
}

// Into the ring for `heisen run`; without it, rendered as text on stderr — either way on the
// engine's stack. Standalone text names each lock by the program's address for it, as `heisen run`
// does, not by the engine's map in the side table.
int heisen_port_report_made(const struct heisen_report *report) {
    on_engine_stack([&] {
        if (report_channel_send(report)) return;
        heisen_report shown = *report;
        heisen::wire::for_each_report_lock(shown, [](heisen_report_lock &lock) { lock.instance = lock_address(lock.instance); });
        const bool locked = heisen::core::lock_output_bounded();  // one report's lines together
        heisen_render_text(
            &shown, [](void *, const char *text, size_t len) { heisen_port_write(text, len); },
            [](void *, uintptr_t pc, char *buffer, size_t len) { return heisen_port_format_pc(pc, buffer, len); },
            nullptr);
        if (locked) heisen::core::unlock_output();
    });
    return 1;
}

// Stops the program as abort() would, without abort()'s stdio handling or the program's own
// SIGABRT handler: the report is out, and `heisen run` sees the SIGABRT status.
void heisen_port_abort(void) {
    struct kernel_sigaction {
        void (*handler)(int);
        unsigned long flags;
        void (*restorer)(void);
        uint64_t mask;
    } action{SIG_DFL, 0, nullptr, 0};
    raw_syscall(SYS_rt_sigaction, SIGABRT, reinterpret_cast<long>(&action), 0, 8);
    uint64_t unblock = signal_bit(SIGABRT);
    raw_syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, reinterpret_cast<long>(&unblock), 0, 8);
    raw_syscall(SYS_tgkill, raw_getpid(), raw_gettid(), SIGABRT);
    raw_syscall(SYS_exit_group, 128 + SIGABRT);
    __builtin_unreachable();
}

}  // extern "C"
