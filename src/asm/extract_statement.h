// extract_statement.h — parsing one asm statement from its tokens (used by extract.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "asm/asm_statement.h"
#include "asm/source_lexer.h"
#include "asm/source_text.h"

namespace heisen::asmcheck {

// Object-like macros of the file by name: a template such as `asm(SAVE_REGS "ret" : …)` is
// resolved when SAVE_REGS is defined in the same file as string literals.
using ObjectMacros = std::unordered_map<std::string, const MacroDefinition *>;

struct StatementTokens {
    const SourceText &source;
    const std::vector<Token> &tokens;  // the file's live tokens or one #define body
    const MacroDefinition *macro;      // the #define these tokens belong to, or null
    const ObjectMacros &object_macros;
    // closing[i]: index of the ')' that closes the '(' at tokens[i], or tokens.size() when none
    // does (match_parentheses). Computed once per token list, so a file full of unclosed
    // statements stays linear.
    const std::vector<size_t> &closing;
};

std::vector<size_t> match_parentheses(const std::vector<Token> &tokens);

// volatile, inline, goto (and their __ spellings) between the asm keyword and '('.
bool is_asm_qualifier(const Token &token);

// Parses the statement whose keyword is tokens[keyword]. Returns the index just past it, or
// `keyword` itself when the keyword does not start a statement (no '(' after the qualifiers).
// A statement with no closing parenthesis is returned with a reason in `unresolved` and the
// index just past its keyword, so the caller keeps looking for statements after it.
size_t parse_asm_statement(const StatementTokens &in, size_t keyword, AsmStatement &out);

}  // namespace heisen::asmcheck
