// process_watch.h — whether a process of the program can still send reports.
#pragma once

#include <cstdint>

namespace heisen::run {

// The process exists and has not ended (a zombie has ended: it runs no code any more).
bool process_running(int32_t pid);

// The process is running and still has the report ring mapped: it has not replaced itself by a
// program heisen does not validate (a statically linked or setuid one). Reading its map may be
// refused (another user's process): then it is taken to be able to.
bool process_can_report(int32_t pid);

}  // namespace heisen::run
