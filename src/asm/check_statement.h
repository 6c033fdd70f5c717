// check_statement.h — checks one extended asm statement against the interface it declares.
//
// The pipeline behind it: bind operands to placeholders (per-target constraints) → decode with
// LLVM MC → dataflow over the template's control flow → rules (docs/asm-rules.md).
#pragma once

#include <string>
#include <vector>

#include "asm/asm_statement.h"
#include "findings/finding.h"

namespace heisen::asmcheck {

enum class Target { X86_64, I386, RISCV64 };

struct CheckOptions {
    Target target = Target::X86_64;
    bool intel_syntax = false;  // -masm=intel: templates start in Intel syntax
    bool red_zone = true;       // false when built with -mno-red-zone (kernels)
};

struct StatementResult {
    std::vector<Finding> findings;
    // Non-empty when the statement could not be analysed; the text says why (it is printed as
    // "could not analyse: WHY"). Findings are empty then.
    std::string could_not_analyse;
    bool out_of_scope = false;  // basic asm: reported once as out of scope, not analysed
    // Parts of an analysed statement heisen could not read (bytes that do not decode, an
    // instruction LLVM does not know): where, and why. Printed as "could not analyse" notes; the
    // rest of the statement is checked.
    struct Gap {
        SourceLocation location;
        std::string reason;
    };
    std::vector<Gap> partial;
};

StatementResult check_statement(const AsmStatement &statement, const CheckOptions &options);

// "x86_64", "i386", "riscv64" (also accepts common triples and aliases); false if unknown.
bool parse_target(const std::string &text, Target &out);
const char *target_name(Target target);

}  // namespace heisen::asmcheck
