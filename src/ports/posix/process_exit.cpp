// process_exit.cpp — the process ending while its thread holds locks (process_exit.h).
#include "process_exit.h"

#include "raw_syscall.h"
#include "real_functions.h"
#include "runtime.h"
#include "signal_state.h"
#include "thread_state.h"
#include "wrapper_support.h"

namespace heisen::posix {
namespace {

constexpr int kLastWordsSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT};

// The thread brought the signal on itself: a fault of its own instruction, or a signal the
// process sent itself (abort() and raise() use tgkill).
bool self_inflicted(int sig, const siginfo_t *info) {
    if (is_synchronous_fault(sig, info)) return true;
    return info && (info->si_code == SI_TKILL || info->si_code == SI_USER) && info->si_pid == raw_getpid();
}

// Faults that happen again when the handler returns, now with the default action.
bool refaults_on_return(int sig, const siginfo_t *info) {
    return is_synchronous_fault(sig, info) && sig != SIGTRAP && sig != SIGSYS;  // those stop after the instruction
}

void last_words(int sig, siginfo_t *info, void *) {
    // SA_RESETHAND has put SIG_DFL back already.
    if (self_inflicted(sig, info)) {
        if (ThreadState *thread = validating_thread()) {
            RuntimeScope scope(*thread);
            heisen_task_exit(HEISEN_CALLER);
        }
    }
    if (refaults_on_return(sig, info)) return;
    raw_syscall(SYS_tgkill, raw_getpid(), raw_gettid(), sig);  // SA_NODEFER: delivered right away
}

// Ending the process through exit(): the calling thread's locks, after the program's destructors
// ran (this library's destructor runs after theirs). A vfork child's exit is its parent's memory.
__attribute__((destructor)) void check_process_exit() {
    if (!runtime_active() || sharing_parent_memory()) return;
    ThreadState *thread = validating_thread();
    if (!thread) return;
    RuntimeScope scope(*thread);
    heisen_task_exit(HEISEN_CALLER);
}

}  // namespace

void install_last_words_handlers() {
    struct sigaction last {};
    last.sa_sigaction = last_words;
    last.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER | SA_ONSTACK | SA_RESTART;
    sigemptyset(&last.sa_mask);
    for (int sig : kLastWordsSignals) {
        struct sigaction current {};
        if (real.sigaction(sig, nullptr, &current) == 0 && current.sa_handler == SIG_DFL)
            real.sigaction(sig, &last, nullptr);
    }
}

bool is_last_words_handler(const struct sigaction &action) {
    return (action.sa_flags & SA_SIGINFO) && action.sa_sigaction == last_words;
}

}  // namespace heisen::posix
