// source_lexer.h — just enough of C/C++ lexing to find asm statements without a compiler.
//
// A stream of the tokens of live code (comments dropped, groups whose condition is known false —
// `#if 0`, the `#else` of `#if 1`, another architecture's block — skipped), read one at a time so
// that memory follows the asm statements, not the size of the file. The #defines that can matter
// to an asm statement are kept as they are met. String literals carry their decoded contents; a
// literal that does not end on its line becomes a token with a problem, and lexing resumes on the
// next line, so one bad line never hides the rest of the file.
#pragma once

#include <cstddef>
#include <memory>
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

bool is_asm_keyword(const Token &token);

struct MacroDefinition {
    std::string name;
    size_t name_offset = 0;
    bool function_like = false;
    std::vector<std::string> parameters;  // "__VA_ARGS__" stands for "..."
    // The body, kept when it can matter to an asm statement: it holds an asm keyword, or it is
    // object-like and made of string literals, identifiers and commas only (a template piece
    // such as `#define LOCK "lock; "`, or a clobber list). Otherwise empty, and body_kept false.
    std::vector<Token> body;
    bool body_kept = true;
};

struct LexProblem {
    size_t offset = 0;
    std::string reason;
};

class TokenStream {
public:
    // `target_macros` decides conditionals on architecture macros (source_conditions.h);
    // without it only literal conditions such as `#if 0` are decided. `keep_macros` false
    // reads the same tokens without keeping #defines or problems (a quick first pass).
    TokenStream(const SourceText &source, const PredefinedMacros *target_macros, bool keep_macros = true);
    ~TokenStream();

    // The next token of live code outside preprocessor directives; false at the end.
    bool next(Token &token);

    // What the stream met so far: #defines (every object-like one, bodies as described above;
    // function-like ones only with an asm keyword in them), and what stopped or skipped part of
    // the file. At most kMaxProblems problems are kept; the last says how many more there were.
    const std::vector<MacroDefinition> &macros() const;
    std::vector<LexProblem> take_problems();

    static constexpr size_t kMaxProblems = 100;

private:
    class Lexer;
    std::unique_ptr<Lexer> lexer_;
};

}  // namespace heisen::asmcheck
