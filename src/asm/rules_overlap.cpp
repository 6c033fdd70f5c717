// rules_overlap.cpp — missing-earlyclobber and address-base-clobbered: an output written while
// the compiler may still need the register it gave the output for an input or an address.
//
// Without '&' the compiler assumes every input is consumed before any output is written, so it
// may give an output the same register as an input, or as the base of a memory operand.
#include <set>

#include "asm/rule_context.h"

namespace heisen::asmcheck {

namespace {

bool reads_operand(const DecodedInstruction &in, const OperandBinding &b) {
    if (b.kind == ConstraintKind::Register) return in.reads.contains(b.reg) || in.reads.contains(b.pair_high);
    return false;
}

bool accesses_memory_operand(const DecodedInstruction &in, const OperandBinding &b) {
    if (b.kind != ConstraintKind::Memory) return false;
    for (const MemoryReference &ref : in.memory)
        if (ref.address.contains(b.base)) return true;
    return false;
}

// Both registers are fixed by their constraints: sharing is by design or impossible.
bool cannot_share(const OperandBinding &output, const OperandBinding &input) {
    return output.fixed_register && input.fixed_register;
}

}  // namespace

void check_overlap_rules(const RuleContext &c, std::vector<Finding> &findings) {
    std::set<std::pair<int, int>> reported;
    for (const OperandBinding &out : c.bound.operands) {
        if (!out.is_output || out.constraint.earlyclobber || out.constraint.read_write ||
            out.kind != ConstraintKind::Register)
            continue;
        // An output tied to an input ("=a" with "0") holds that input in its register when the
        // template starts: no other operand can have been given that register.
        bool tied = false;
        for (const OperandBinding &other : c.bound.operands) tied = tied || other.tied_to == out.index;
        if (tied) continue;
        for (size_t i = 0; i < c.instructions.size(); ++i) {
            const DecodedInstruction &writer = c.instructions[i];
            if (!writer.writes.contains(out.reg) && !writer.writes.contains(out.pair_high)) continue;
            const std::vector<bool> later = c.flow.reachable_after(i);
            for (const OperandBinding &in : c.bound.operands) {
                if (in.index == out.index || in.tied_to == out.index || (in.is_output && in.kind != ConstraintKind::Memory))
                    continue;
                const bool memory = in.kind == ConstraintKind::Memory;
                if (!memory && (!in.is_input || cannot_share(out, in))) continue;
                // Only an operand the compiler reaches through a register can share one with the
                // output; a named object is addressed off the stack or frame pointer, or by symbol.
                if (memory && !addressed_through_a_register(in)) continue;
                for (size_t j = 0; j < c.instructions.size(); ++j) {
                    if (!later[j]) continue;
                    const DecodedInstruction &user = c.instructions[j];
                    const bool uses = memory ? accesses_memory_operand(user, in) : reads_operand(user, in);
                    if (!uses || !reported.insert({out.index, in.index}).second) continue;
                    Finding f;
                    if (memory) {
                        f = c.finding("address-base-clobbered", Severity::Warning, &writer,
                                      "output operand " + out.display() + " is written before memory operand " +
                                          in.display() + " is used (line " + std::to_string(user.line + 1) +
                                          " of the template); the compiler may have formed that address from the output's register");
                    } else {
                        f = c.finding("missing-earlyclobber", Severity::Warning, &writer,
                                      "output operand " + out.display() + " is written before input operand " +
                                          in.display() + " is read for the last time (line " +
                                          std::to_string(user.line + 1) +
                                          " of the template); without '&' the compiler may give both the same register");
                    }
                    f.operand = out.display();
                    f.notes.push_back({in.source->location, "the " + std::string(memory ? "memory operand" : "input") +
                                                                 " still used afterwards: " + user.text});
                    std::string constraint = out.source->constraint;
                    constraint.insert(constraint.find_first_not_of("=+"), "&");
                    f.suggested_fix = c.fix_outputs(out.index, constraint);
                    findings.push_back(std::move(f));
                    break;
                }
            }
        }
    }
}

}  // namespace heisen::asmcheck
