// rules_flags.cpp — flags: condition flags written without "cc". On x86 GCC and Clang treat
// "cc" as always clobbered, so this is a note that the declaration documents the effect.
#include "asm/rule_context.h"

namespace heisen::asmcheck {

void check_flags_rule(const RuleContext &c, std::vector<Finding> &findings) {
    if (c.model.flags == kNoRegister || c.bound.clobbered.contains(c.model.flags)) return;
    for (const DecodedInstruction &in : c.instructions) {
        if (!in.writes.contains(c.model.flags) || in.is_call) continue;
        Finding f = c.finding("flags", Severity::Note, &in,
                              "the condition flags are written but \"cc\" is not declared; on " +
                                  std::string(target_name(c.model.target)) +
                                  " the compiler assumes \"cc\" anyway, declaring it says so");
        f.operand = "cc";
        f.suggested_fix = c.fix_clobbers(RegisterSet(), false, /*add_cc=*/true);
        findings.push_back(std::move(f));
        return;
    }
}

}  // namespace heisen::asmcheck
