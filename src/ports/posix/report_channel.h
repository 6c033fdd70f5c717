// report_channel.h — the child side of the report channel to `heisen run`.
//
// Everything here is async-signal-safe: no allocation, no locks, raw system calls only, bounded
// stack use. A report made inside a signal handler, or while other threads hold every lock of
// the program, still gets out.
#pragma once

#include <stddef.h>

struct heisen_report;

namespace heisen::posix {

// Sends a finished report with the process's module map. Returns false when there is no channel
// (the program was not started by `heisen run`, or closed the channel): the engine then prints the
// report as text itself.
bool report_channel_send(const heisen_report *report);

// Sends the process's module map on its own, so that text sent after it (statistics printed at
// exit, when the parent can no longer read /proc/PID/maps) gets its locks and addresses named.
bool report_channel_send_module_map();

// Sends engine text (limit notes, held-lock dumps). Returns false when there is no channel.
bool report_channel_write_text(const char *text, size_t len);

// Sends a process fact (wire_format.h "P" records): `fact`, then optional words, then optional
// escaped text. Returns false when there is no channel.
bool report_channel_send_fact(const char *fact, const char *word, const char *text, size_t len);

// True while reports go to `heisen run` (the channel was given and no write to it has failed).
bool report_channel_open();

// In a fork child: report numbers restart for the new pid.
void report_channel_after_fork();

}  // namespace heisen::posix
