// scan_rule_catalog.cpp — one line per rule (ids are stable: docs/asm-rules.md).
#include "asm/scan_rule_catalog.h"

namespace heisen::asmcheck {

// The project publishes no web address yet: SARIF's informationUri and helpUri are optional and
// left out while this is empty. Rule documentation: docs/asm-rules.md in the source tree.
const char *const kHeisenHomepage = "";

namespace {

RuleDescription rule(const char *id, const char *summary, Severity severity = Severity::Warning) {
    std::string help = *kHeisenHomepage ? std::string(kHeisenHomepage) + "/blob/main/docs/asm-rules.md#" + id : "";
    return {id, summary, help, severity};
}

}  // namespace

const std::vector<RuleDescription> &asm_rule_catalog() {
    static const std::vector<RuleDescription> rules = {
        rule("undeclared-write", "A register is written that is neither an output nor a clobber."),
        rule("input-modified", "An input-only operand (register, or memory of an input \"m\") is written."),
        rule("output-not-written", "An \"=\" output is not written on some path through the template."),
        rule("write-only-output-read", "A write-only \"=\" output is read by the template (should be \"+\")."),
        rule("unbound-read", "A register is read before the template writes it and is not bound to an input."),
        rule("missing-earlyclobber", "An output is written before the last read of an input, without \"&\"."),
        rule("address-base-clobbered", "A register is written while a later memory operand may still address through it."),
        rule("missing-memory-clobber", "Memory reached through a pointer in a register is not declared (\"m\" or \"memory\")."),
        rule("flags", "Condition flags are written without a \"cc\" clobber.", Severity::Note),
        rule("stack-switch", "The stack pointer is switched without saving every callee-saved register."),
        rule("escapes-to-function", "A call or jump leaves the template without declaring caller-saved registers."),
        rule("red-zone", "push, pushf or call in x86-64 code that may use the red zone."),
        rule("stack-imbalance", "The stack pointer changes across the statement."),
        rule("global-label", "A named label in a template that can be emitted twice."),
        rule("memory-operands", "Two operands of one instruction can only be memory: the assembler rejects it.",
             Severity::Error),
        rule("operand-width", "An operand is used at another size than its C type (needs -p: the Clang front end)."),
    };
    return rules;
}

}  // namespace heisen::asmcheck
