// process_facts.cpp — process facts on the report ring (process_facts.h).
#include "process_facts.h"

#include <errno.h>

#include "report_channel.h"
#include "runtime.h"
#include "text_format.h"
#include "wire_format.h"

namespace heisen::posix {
namespace {

bool g_threads_said, g_locks_seen, g_locks_said;

bool first_time(bool &flag) { return !__atomic_exchange_n(&flag, true, __ATOMIC_RELAXED); }

void say_locks() {
    if (first_time(g_locks_said)) report_channel_send_fact(wire::kFactLocks, nullptr, nullptr);
}

}  // namespace

void note_thread_started() {
    if (__atomic_load_n(&g_threads_said, __ATOMIC_RELAXED) || !first_time(g_threads_said)) return;
    report_channel_send_fact(wire::kFactThreads, program_invocation_short_name, nullptr);
    if (__atomic_load_n(&g_locks_seen, __ATOMIC_RELAXED)) say_locks();
}

void note_lock_seen() {
    if (__atomic_load_n(&g_locks_seen, __ATOMIC_RELAXED) || !first_time(g_locks_seen)) return;
    say_locks();
}

void note_unvalidated_program(const char *path, ProgramKind kind) {
    if (report_channel_send_fact(wire::kFactUnvalidated, program_kind_word(kind), path)) return;
    char line[512];  // no `heisen run`: said on the program's stderr
    TextBuffer text(line, sizeof line);
    text.append("not validated: ").append(path).append_char(' ').append(program_kind_phrase(kind));
    runtime_note(text.data());
}

void process_facts_after_fork() {
    __atomic_store_n(&g_threads_said, false, __ATOMIC_RELAXED);
    __atomic_store_n(&g_locks_said, false, __ATOMIC_RELAXED);  // g_locks_seen: the child has the parent's locks
}

}  // namespace heisen::posix
