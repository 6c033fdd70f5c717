// wire_format.h — the line protocol between the preload runtime and `heisen run`.
//
// The validated program (and every child it forks or execs) writes records to one Unix
// SOCK_SEQPACKET socket. Each record is one line of at most kMaxRecord bytes sent as one message,
// so records of concurrent reporters never interleave, and MSG_NOSIGNAL means a program whose
// `heisen run` has died gets an error instead of SIGPIPE. Lines
// are tagged with the writer's pid and a per-process report number, so the reader can reassemble
// reports that arrive interleaved with other processes' and threads' records.
//
//   T <pid> <text>               text the engine printed (reports, limit notes, held-lock dumps)
//   R <pid> <seq> begin          report <seq> of process <pid> was made
//   R <pid> <seq> map <line>     one file-backed line of the process's /proc/self/maps at that time
//   R <pid> <seq> out <text>     a piece of the rendered report, when the port renders it itself
//   R <pid> <seq> end
//   M <pid> <seq> begin          the process's module map on its own (sent before statistics at
//   M <pid> <seq> map <line>     exit, when the parent can no longer read /proc/<pid>/maps)
//   M <pid> <seq> end
//   P <pid> threads <name>       process <pid> (program <name>) started a second thread
//   P <pid> locks                heisen saw a lock operation in process <pid>
//   P <pid> unvalidated <why> <path>  it executes <path>, which heisen cannot validate; <why> is
//                                program_kind_word() of the reason (program_kind.h)
//
// The runtime cannot symbolize (no allocation, no file access in a signal handler), so rendered
// text carries placeholders that `heisen run` replaces once it has the module map:
//   @@pc:<hex>@@                          a code address (a return address of a stack)
//   @@lock:<kind>:<hex addr>:<hex site>@@ a lock: its address and where it was initialised
//   @@class:<kind>:<hex addr>:<hex site>@@ the same for a class of locks (--classes=site): named
//                                         by its init site, the address is the first instance's
// Text fields are escaped: '%', whitespace and control bytes become %XX.
#pragma once

#include <stddef.h>

namespace heisen::wire {

inline constexpr size_t kMaxRecord = 4096;

// Environment variables `heisen run` sets for the program.
inline constexpr const char kReportFdVariable[] = "HEISEN_REPORT_FD";
inline constexpr const char kClassesVariable[] = "HEISEN_CLASSES";
inline constexpr const char kOnReportVariable[] = "HEISEN_ON_REPORT";
inline constexpr const char kFormatVariable[] = "HEISEN_FORMAT";
inline constexpr const char kStatsVariable[] = "HEISEN_STATS";

inline constexpr const char kPlaceholderOpen[] = "@@";
inline constexpr const char kPlaceholderClose[] = "@@";
inline constexpr const char kPcPlaceholder[] = "@@pc:";
inline constexpr const char kLockPlaceholder[] = "@@lock:";
inline constexpr const char kClassPlaceholder[] = "@@class:";

// Process facts ("P" records): what `heisen run` needs to say about a process as a whole.
inline constexpr const char kFactThreads[] = "threads";
inline constexpr const char kFactLocks[] = "locks";
inline constexpr const char kFactUnvalidated[] = "unvalidated";

inline bool needs_escape(unsigned char c) { return c <= ' ' || c == '%' || c == 0x7f; }

}  // namespace heisen::wire
