// parse_isolated.h — parse_with_clang() in a child process, with a time limit.
//
// The child works in the compile command's directory (relative include paths are relative to
// it) on a thread with a large stack (deeply nested but legitimate code parses), and sends the
// result back as bytes. If Clang crashes, hangs or runs out of memory on the translation unit,
// the result says so in `failure`, and the scan goes on with the next one.
//
// One child parses unit after unit: starting a process of this size costs far more than
// parsing a typical unit (copy-on-write faults on every page the parser touches), so the child
// is kept until a unit kills it or runs out of time, and the next unit starts a fresh one.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "asm_clang/parsed_translation_unit.h"

namespace heisen::asmcheck {

class IsolatedParser {
public:
    IsolatedParser() = default;
    IsolatedParser(const IsolatedParser &) = delete;
    IsolatedParser &operator=(const IsolatedParser &) = delete;
    ~IsolatedParser();

    ParsedTranslationUnit parse(const std::vector<std::string> &clang_arguments, const std::string &directory,
                                int timeout_seconds);
    // How many child processes were started (one, unless a unit crashed or timed out).
    unsigned children_started() const { return children_started_; }

private:
    bool start();
    void stop(bool kill_it);
    // Why the child stopped answering: "crashed (SIGSEGV)", "exited with status 1" …
    std::string reap_reason();

    pid_t child_ = -1;
    int socket_ = -1;
    unsigned children_started_ = 0;
    std::string start_error_;
};

// One unit in a child of its own.
ParsedTranslationUnit parse_isolated(const std::vector<std::string> &clang_arguments, const std::string &directory,
                                     int timeout_seconds);

}  // namespace heisen::asmcheck
