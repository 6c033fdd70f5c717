// runtime.cpp — the preload library's constructor and process-wide settings.
#include "runtime.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/port.h"
#include "heisen/heisen.h"
#include "live_deadlock.h"
#include "process_exit.h"
#include "process_facts.h"
#include "raw_syscall.h"
#include "real_functions.h"
#include "report_channel.h"
#include "text_format.h"
#include "thread_state.h"
#include "wire_format.h"

namespace heisen::posix {
namespace {

RuntimeConfig g_config;
int32_t g_pid;

__attribute__((constructor)) void start_runtime() {
    resolve_real_functions();
    g_pid = raw_getpid();
    report_channel_open(getenv(wire::kReportRingVariable));
    const char *classes = getenv(wire::kClassesVariable);
    g_config.classes_by_site = classes && strcmp(classes, "site") == 0;
    const char *stats = getenv(wire::kStatsVariable);
    g_config.stats = stats && strcmp(stats, "1") == 0;
    if (g_config.stats) heisen_set_lock_timing(1);
    const char *condition_waits = getenv(wire::kConditionWaitsVariable);
    g_config.condition_waits = condition_waits && strcmp(condition_waits, "1") == 0;
    const char *on_deadlock = getenv(wire::kOnDeadlockVariable);
    g_config.deadlock_report_only = on_deadlock && strcmp(on_deadlock, "report") == 0;
    const char *on_report = getenv(wire::kOnReportVariable);
    if (on_report && strcmp(on_report, "abort") == 0) heisen_set_on_report(HEISEN_ON_REPORT_ABORT);
    check_inherited_seccomp();
    locate_own_code();
    prepare_thread_tracking();
    install_last_words_handlers();
    // Registered before the program's own handlers: its prepare handlers (which may lock
    // mutexes) run before ours, its child handlers after ours.
    pthread_atfork(prepare_fork, after_fork_in_parent, after_fork_in_child);
    __atomic_store_n(&g_runtime_active, true, __ATOMIC_RELEASE);
}

// At normal exit (return from main, exit()) of every validated process, forked children
// included: they print their own, tagged with their pid. A process killed by a signal or
// leaving through _exit prints none.
__attribute__((destructor)) void print_statistics() {
    if (!g_config.stats || !runtime_active()) return;
    ThreadState &thread = this_thread();
    RuntimeScope scope(thread);
    heisen_dump_stats();
}

}  // namespace

bool g_runtime_active;

const RuntimeConfig &runtime_config() { return g_config; }
int32_t runtime_pid() { return g_pid; }

bool sharing_parent_memory() {
    return g_pid != 0 && raw_getpid() != g_pid;  // 0: before the constructor, nothing recorded yet
}

void runtime_after_fork_child() {
    g_pid = raw_getpid();
    release_vanished_thread_slots(this_thread());
    forget_all_blocking();  // only the forking thread survives, and it is not blocked
    process_facts_after_fork();
    report_channel_after_fork();
}

void runtime_note(const char *text) {
    char line[512];
    TextBuffer buffer(line, sizeof line);
    buffer.append("heisen: ").append(text).append_char('\n');
    heisen_port_write(buffer.data(), buffer.size());
}

}  // namespace heisen::posix
