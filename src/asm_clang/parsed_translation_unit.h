// parsed_translation_unit.h — what one translation unit holds for `heisen asm`: its asm
// statements as the compiler sees them, and what went wrong reading it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "asm/asm_statement.h"
#include "findings/source_location.h"

namespace heisen::asmcheck {

// How a statement was read when Clang could not give it.
enum class StatementOrigin : unsigned char {
    Clang,         // Clang's parsed program: types, register variables, macro expansion
    Preprocessor,  // the build's preprocessor output, read by the lexer (Clang rejected the code)
    Lexer,         // the source file itself, read by the lexer (nothing else worked)
};

struct ParsedStatement {
    // Locations inside are where the statement is written (spelled): for a statement a macro
    // expands, the lines of the #define, which is where a fix goes.
    AsmStatement statement;
    // Where the code holding it is: the outermost macro use, or the statement itself.
    SourceLocation expansion;
    // What makes two statements one definition: where it is written ("/abs/file:line:col"),
    // and, when that place comes from #line or line markers (which can give different code the
    // same file and line: preprocessed files from different directories), its template too.
    std::string definition;
    StatementOrigin origin = StatementOrigin::Clang;
};

struct ParsedTranslationUnit {
    std::vector<ParsedStatement> statements;
    // Clang's error diagnostics ("file:line:col: message"), the first kMaxErrors of them; an
    // error may have cost the statements of the code it is in.
    std::vector<std::string> errors;
    size_t error_count = 0;
    std::vector<std::string> files;  // the user (not system) files the parse read
    std::string failure;             // non-empty: the parse did not finish (it crashed, timed out …)

    static constexpr size_t kMaxErrors = 20;
};

}  // namespace heisen::asmcheck
