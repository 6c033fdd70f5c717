// program_check.h — can this program be run with the validator preloaded?
//
// Checked before launching so the user gets a clear message instead of a silent, unvalidated
// run: a statically linked program ignores LD_PRELOAD entirely, a 32-bit one cannot load the
// 64-bit library, and the loader drops LD_PRELOAD for one that gains privileges.
#pragma once

#include <string>

namespace heisen::run {

struct ProgramCheck {
    int exit_status = 0;  // 0: runnable; 127: not found; 126: not executable; 2: cannot be preloaded
    std::string path;     // the resolved path (PATH search as execvp does)
    std::string message;  // why not, for the user
};

ProgramCheck check_program(const std::string &program);

}  // namespace heisen::run
