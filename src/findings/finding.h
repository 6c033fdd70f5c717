// finding.h — one problem found by a static checker (`heisen asm`, `heisen xol`).
//
// The writers beside it (write_text.h, write_json.h, write_sarif.h) put findings out as GCC-style
// text, JSON or SARIF 2.1.0.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "findings/source_location.h"

namespace heisen {

enum class Severity { Note, Warning, Error };

struct FindingNote {
    SourceLocation location;
    std::string message;
};

struct Finding {
    std::string rule_id;        // stable id, e.g. "undeclared-write" (docs/asm-rules.md)
    Severity severity = Severity::Warning;
    SourceLocation location;    // the asm statement (or the template line) it is about
    std::string message;        // one line, e.g. "register 'rax' is written but not declared"
    std::string instruction;    // the offending instruction as bound, e.g. "movq $1, %rax"
    std::string operand;        // the operand or register concerned, e.g. "%0", "rax"
    std::vector<FindingNote> notes;
    std::string suggested_fix;  // e.g. the corrected clobber list: : "rax", "memory"
    // Findings about machine code (`heisen xol`): the instruction's address and its function.
    bool has_address = false;
    uint64_t address = 0;
    std::string function;
};

}  // namespace heisen
