// clang_arguments.h — a compile command as Clang's parser and as the build's own preprocessor
// should run it.
//
// The command of a compilation database is usually GCC's. Clang reads it through its own driver
// with the compiler's name turned into a target and a driver mode (riscv64-unknown-elf-gcc →
// --target=riscv64-unknown-elf; g++ → C++), flags Clang does not know dropped (GCC-only code
// generation flags change nothing a parser sees), and the outputs (-c, -o, dependency files)
// replaced by a syntax-only parse of the one file. A GCC command also tells Clang to present
// itself as GCC (__GNUC__, kGccVersion), so version tests in headers take GCC's branches.
#pragma once

#include <string>
#include <vector>

namespace heisen::asmcheck {

// The GCC a GCC command makes Clang present itself as: the newest whose branches in Debian 12's
// glibc headers Clang 15 parses (from GCC 7 on, glibc leaves _Float32 … to the compiler, which
// Clang 15 does not define in C; from GCC 11, it writes __malloc__(deallocator), which Clang 15
// rejects). Those version tests are the common ones in real code: GCC 5's asm goto, flag outputs.
inline constexpr const char *kGccVersion = "-fgnuc-version=6.5.0";

// GCC (from GCC 10) accepts C23's [[attribute]] syntax in every C mode, and code built with
// -std=gnu11 writes [[fallthrough]] (glibc); Clang 15 accepts it before C2x only with this flag.
// It comes before the command's own options, so an explicit -fno-… in the command wins.
inline constexpr const char *kGccAttributeSyntax = "-fdouble-square-bracket-attributes";

struct ClangArguments {
    std::vector<std::string> arguments;  // argv for Clang's driver, the compiler path first
    std::vector<std::string> dropped;    // flags Clang does not know, left out
};

ClangArguments clang_arguments(const std::vector<std::string> &command, const std::string &file);

// The command with -E instead of -c and without outputs: what the build's own compiler
// preprocesses the file into, on standard output. Empty when the command names no compiler.
std::vector<std::string> preprocessor_arguments(const std::vector<std::string> &command);

// The compiler a command runs, launchers (ccache, distcc …) skipped; empty if none.
std::string compiler_of(const std::vector<std::string> &command);

}  // namespace heisen::asmcheck
