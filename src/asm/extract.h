// extract.h — every GNU asm statement of one C/C++ file, found without a compiler front end.
//
// A hand-written lexer (source_lexer.h) drops comments and `#if 0` groups; the extractor then
// recognises `asm`/`__asm`/`__asm__` statements in live code and in #define bodies, splits them
// into template, outputs, inputs, clobbers and goto labels, and records where every piece came
// from. What it cannot resolve from the file alone (a stringized macro argument, a template
// built from a macro defined elsewhere) is listed in AsmStatement::unresolved, never guessed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "asm/asm_statement.h"
#include "asm/source_conditions.h"
#include "findings/source_location.h"

namespace heisen::asmcheck {

struct ExtractOptions {
    // Headers are included by many translation units: their statements may be emitted twice.
    bool is_header = false;
    // The target's architecture macros: `#if defined(__riscv)` blocks are skipped on x86 and so
    // on (source_conditions.h). Null: only literal conditions (`#if 0`) are decided.
    const PredefinedMacros *target_macros = nullptr;
};

// A part of the file the extractor could not read (reported as "could not analyse: REASON").
struct ExtractProblem {
    SourceLocation location;
    std::string reason;
};

struct ExtractedFile {
    std::vector<AsmStatement> statements;  // in source order; #define bodies where defined
    std::vector<ExtractProblem> problems;
};

ExtractedFile extract_asm_statements(std::string_view contents, const std::string &file_name,
                                     const ExtractOptions &options = {});

// True for the file names `heisen asm` treats as headers (.h .hh .hpp .hxx .inc …).
bool is_header_file_name(std::string_view file_name);

}  // namespace heisen::asmcheck
