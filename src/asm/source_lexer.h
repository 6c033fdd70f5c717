// source_lexer.h — just enough of C/C++ lexing to find asm statements without a compiler.
//
// Produces the tokens of live code (comments dropped, groups whose condition is known false —
// `#if 0`, the `#else` of `#if 1`, another architecture's block — skipped) and, separately, the body of every #define. String literals carry their decoded
// contents; a literal that does not end on its line becomes a token with a problem, and lexing
// resumes on the next line, so one bad line never hides the rest of the file.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "asm/source_conditions.h"
#include "asm/source_text.h"

namespace heisen::asmcheck {

enum class TokenKind { Identifier, Number, String, Character, Punctuator };

struct Token {
    TokenKind kind = TokenKind::Punctuator;
    size_t begin = 0;  // logical offsets into SourceText::text()
    size_t end = 0;
    // Identifier/Number/Punctuator: the spelling. String/Character: the contents with escapes
    // decoded (UTF-8 for \u and \U), without prefix and quotes.
    std::string value;
    std::string prefix;   // String/Character: "", "L", "u", "U", "u8", with "R" for raw strings
    std::string problem;  // non-empty: the literal is broken (e.g. "unterminated string literal")
};

struct MacroDefinition {
    std::string name;
    size_t name_offset = 0;
    bool function_like = false;
    std::vector<std::string> parameters;  // "__VA_ARGS__" stands for "..."
    std::vector<Token> body;
};

struct LexProblem {
    size_t offset = 0;
    std::string reason;
};

struct LexedSource {
    std::vector<Token> tokens;  // live code outside preprocessor directives
    std::vector<MacroDefinition> macros;
    std::vector<LexProblem> problems;  // what stopped or skipped part of the file
};

// `target_macros` decides conditionals on architecture macros (source_conditions.h); without
// it only literal conditions such as `#if 0` are decided.
LexedSource lex_source(const SourceText &source, const PredefinedMacros *target_macros = nullptr);

}  // namespace heisen::asmcheck
