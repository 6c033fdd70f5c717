// parse_isolated.h — parse_with_clang() in a child process, with a time limit.
//
// The child works in the compile command's directory (relative include paths are relative to
// it) on a thread with a large stack (deeply nested but legitimate code parses), and sends the
// result back as bytes. If Clang crashes, hangs or runs out of memory on the translation unit,
// the result says so in `failure`, and the scan goes on with the next one.
#pragma once

#include <string>
#include <vector>

#include "asm_clang/parsed_translation_unit.h"

namespace heisen::asmcheck {

ParsedTranslationUnit parse_isolated(const std::vector<std::string> &clang_arguments, const std::string &directory,
                                     int timeout_seconds);

}  // namespace heisen::asmcheck
