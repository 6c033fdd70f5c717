// scan_database.h — `heisen asm` with a compilation database: every translation unit parsed as
// its compile command says, every asm statement checked once per definition.
//
// A statement written once (in a #define, a header's inline function, a template) is reached
// from many places and translation units, each time with the operand types of that place. Each
// distinct form is checked; a finding is reported once, at the definition, with the expansion
// sites where it holds listed as notes.
//
// Where Clang could not parse part of a translation unit (a GCC-only construct, a missing
// generated header), the statements it lost are read from the build's own preprocessor output
// (the compile command with -E), or, if that fails too, from the source file by the lexer; one
// note at the file says so.
#pragma once

#include <string>
#include <vector>

#include "asm/check_statement.h"
#include "asm/compilation_database.h"
#include "asm/scan_progress.h"
#include "findings/scan_report.h"

namespace heisen::asmcheck {

struct FrontEndOptions {
    CheckOptions defaults;           // for PATH files no translation unit reads (--target …)
    std::vector<std::string> paths;  // report only statements written under these; empty: all
    int timeout_seconds = 120;       // per translation unit and step (Clang, the preprocessor)
};

// The translation units of `database` to parse: all of them, or those whose file is under one of
// `paths`. The count is what the progress line counts.
std::vector<const CompileCommand *> translation_units_to_parse(const std::vector<CompileCommand> &database,
                                                              const std::vector<std::string> &paths);

// Parses and checks; fills `report` (summary, findings, gaps, mode). PATH files that no parse
// read are checked by the lexer. Paths that cannot be read are appended to `errors`.
void scan_with_front_end(const std::vector<CompileCommand> &database, const FrontEndOptions &options,
                         ScanReport &report, std::vector<std::string> &errors, ScanProgress &progress);

}  // namespace heisen::asmcheck
