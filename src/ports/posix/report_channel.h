// report_channel.h — the program's side of the report ring to `heisen run` (wire_format.h).
//
// Everything here is async-signal-safe and makes no system call once the ring is mapped: no
// allocation, no locks, bounded stack use, nothing formatted. A report made inside a signal
// handler, while other threads hold every lock of the program, after the program closed every
// descriptor or entered seccomp, still gets out.
#pragma once

#include <stddef.h>
#include <stdint.h>

struct heisen_report;

namespace heisen::posix {

// Maps the ring `path` names (HEISEN_REPORT_RING) and enters this process in its process table.
// Called once by the library constructor; without a ring, reports go to stderr as text.
void report_channel_open(const char *path);

// True while reports go to `heisen run`.
bool report_channel_is_open();

// Sends a finished report, with the modules its code addresses lie in. Returns false when there
// is no ring: the engine then prints the report as text itself.
bool report_channel_send(const heisen_report *report);

// Sends engine text (limit notes, held-lock dumps, statistics). Returns false when there is no
// ring.
bool report_channel_write_text(const char *text, size_t len);

// Sends a process fact (wire_format.h kFact): `fact`, then `word` and `text` when not null.
// Returns false when there is no ring.
bool report_channel_send_fact(const char *fact, const char *word, const char *text);

// Makes sure the runner knows the module `address` (code or data) lies in before any later record
// of this process names the address.
void report_channel_note_address(uintptr_t address);

// In a fork child: a process of its own in the ring (its pid entered, its own area, its modules
// sent again).
void report_channel_after_fork();

// In the parent, right after it made `child` (fork, _Fork, posix_spawn): the child's pid entered
// now, so that the runner waits for it even when the parent ends before the child first runs.
// Atomics only: no system call, errno untouched.
void report_channel_child_started(int32_t child);

}  // namespace heisen::posix
