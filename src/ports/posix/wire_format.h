// wire_format.h — the line protocol between the preload runtime and `heisen run`.
//
// The validated program (and every child it forks or execs) writes records to one pipe. Each
// record is one line of at most kMaxRecord bytes written with a single write(2), which POSIX makes
// atomic for pipes (PIPE_BUF ≥ 4096), so records of concurrent reporters never interleave. Lines
// are tagged with the writer's pid and a per-process report number, so the reader can reassemble
// reports that arrive interleaved with other processes' and threads' records.
//
//   T <pid> <text>                          text the engine printed (limits, notes, dumps)
//   R <pid> <seq> <tag> <fields…>           one piece of report <seq> of process <pid>
//
// Report tags, in order: "begin", the report's own fields (report_wire.h), "map" lines (the
// process's file-backed mappings at the time of the report, /proc/self/maps syntax, so the parent
// can symbolize after the process has gone), and "end". Strings are escaped: '%', whitespace and
// control bytes become %XX.
#pragma once

#include <stddef.h>

namespace heisen::wire {

inline constexpr size_t kMaxRecord = 4096;

// Environment variables `heisen run` sets for the program.
inline constexpr const char kReportFdVariable[] = "HEISEN_REPORT_FD";
inline constexpr const char kClassesVariable[] = "HEISEN_CLASSES";
inline constexpr const char kOnReportVariable[] = "HEISEN_ON_REPORT";

inline bool needs_escape(unsigned char c) { return c <= ' ' || c == '%' || c == 0x7f; }

}  // namespace heisen::wire
