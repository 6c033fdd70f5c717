// parse_with_clang.h — one translation unit through Clang's parser, in this process.
//
// Clang reads the file as the compile command says (include paths, macros, target, language),
// through a file system that opens only regular files of at most kMaxSourceFileBytes: an
// #include of a FIFO or of /dev/zero is an error in that translation unit, not a hang. Clang
// recovers from errors and keeps parsing; they are returned with the statements, because code
// holding an error may have lost its statements.
//
// Clang's preprocessor recurses without a bound on some inputs (an #if of 300,000 '!'), so this
// is not safe against every input: parse_isolated() runs it in a child process.
#pragma once

#include <string>
#include <vector>

#include "asm_clang/parsed_translation_unit.h"

namespace heisen::asmcheck {

// The reason in Clang's error when an #include names a FIFO, a device or a socket.
inline constexpr const char *kRefusedNotRegular = "not a regular file; not read";

// `arguments` as clang_arguments() makes them, run in the compile command's directory.
ParsedTranslationUnit parse_with_clang(const std::vector<std::string> &arguments);

}  // namespace heisen::asmcheck
