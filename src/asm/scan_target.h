// scan_target.h — the target a file is compiled for, read from its compiler command line.
#pragma once

#include <string>
#include <vector>

#include "asm/check_statement.h"

namespace heisen::asmcheck {

// Applies what the command line says to `options` (which holds the default, from --target):
//   the compiler's name      riscv64-unknown-elf-gcc, riscv64-linux-gnu-gcc → riscv64,
//                            i686-linux-gnu-gcc (i386/i486/i586/i686-*) → i386, x86_64-* → x86_64
//   --target=T, -target T    any triple parse_target() accepts
//   -m32 / -m64              i386 / x86_64 (on x86 only)
//   -march=rv64…             riscv64
//   -masm=intel / -masm=att  the syntax templates start in
//   -mno-red-zone / -mred-zone
// Returns false with `error` set when the command names a target heisen does not support
// (e.g. --target=aarch64-linux-gnu); `options` is then unspecified.
bool target_from_command(const std::vector<std::string> &arguments, CheckOptions &options, std::string &error);

// The index of the compiler in a command line: launchers that run the compiler given as their
// next argument (ccache, sccache, distcc, icecc) skipped. arguments.size() when there is none.
size_t compiler_index(const std::vector<std::string> &arguments);

}  // namespace heisen::asmcheck
