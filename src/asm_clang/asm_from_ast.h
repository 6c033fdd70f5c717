// asm_from_ast.h — the asm statements of a program Clang has parsed, as heisen reads them.
//
// Everything comes from the compiler's view: the template after macro expansion and string
// concatenation (each literal piece located where it is written, so a finding points into the
// #define holding it), constraints, operand expressions with their C types and sizes, constant
// values, register asm variables (`register long r10 asm("r10")`), asm goto labels, and both the
// spelling location (the definition) and the expansion location (the use).
#pragma once

#include <string>
#include <vector>

#include "asm_clang/parsed_translation_unit.h"

namespace clang {
class ASTContext;
}

namespace heisen::asmcheck {

// Appends every GNU asm statement of the translation unit outside system headers: statements in
// function bodies (template instantiations included; an uninstantiated template's own statement
// only when no instantiation of it exists) and file-scope basic asm.
void collect_asm_statements(clang::ASTContext &context, std::vector<ParsedStatement> &out);

}  // namespace heisen::asmcheck
