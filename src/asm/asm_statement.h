// asm_statement.h — one GNU extended asm statement as written in the source.
//
// The extractor (or the Clang front end, src/asm_clang) produces these; the binder, decoder and
// rules consume them.
// Everything is kept as the user wrote it (after string-literal concatenation and escape
// decoding) so findings can quote it back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "findings/source_location.h"

namespace heisen::asmcheck {

struct AsmOperand {
    std::string symbolic_name;  // "[name]" without brackets, or empty
    std::string constraint;     // decoded constraint string, e.g. "=&r", "+m", "0"
    std::string expression;     // the C expression in parentheses, verbatim
    SourceLocation location;    // of the constraint string
    // The register named in the operand variable's asm("…") label exactly as written there,
    // without a leading '%'; empty when the expression is not such a variable.
    std::string register_variable;
    // What only a compiler front end knows (src/asm_clang); the lexer leaves them empty:
    std::string c_type;          // the expression's C type as the compiler sees it, e.g. "int8_t"
    uint64_t type_size = 0;      // its size in bytes; 0 when unknown (incomplete, dependent, no front end)
    std::string constant_value;  // decimal, when the expression is an integer constant expression
};

struct AsmStatement {
    SourceLocation location;        // of the asm keyword
    std::string keyword;            // "asm", "__asm", "__asm__"
    bool is_volatile = false;
    bool is_inline = false;
    bool is_goto = false;
    bool is_basic = false;          // no colon: basic asm, out of scope for the rules
    // True when the statement can be emitted more than once: it sits in a macro body or in an
    // inline / static inline function, or a header (global-label rule).
    bool may_be_duplicated = false;
    std::string enclosing_macro;    // name of the #define it came from, if any

    std::string template_text;      // concatenated literal contents, escapes decoded
    // Source location of each template line (split on '\n' and ';' is the binder's job; this
    // maps the start of every string literal piece: offset in template_text -> location).
    struct Piece {
        size_t offset;
        SourceLocation location;
    };
    std::vector<Piece> template_pieces;

    std::vector<AsmOperand> outputs;  // GCC numbering: outputs first ...
    std::vector<AsmOperand> inputs;   // ... then inputs
    std::vector<std::string> clobbers;
    std::vector<std::string> goto_labels;

    // Pieces that could not be resolved (e.g. a stringized macro argument, a template built
    // from a macro that is not a string literal). When non-empty the statement is reported as
    // "could not analyse" with these reasons instead of being checked.
    std::vector<std::string> unresolved;
};

}  // namespace heisen::asmcheck
