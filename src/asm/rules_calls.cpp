// rules_calls.cpp — escapes-to-function: a call, or a jump to a function that comes back, to code
// outside the template. The callee follows the ABI (or a convention the target knows it by,
// which is not reported), so it may change every caller-saved register and any input register
// the template does not restore after it.
#include "asm/rule_context.h"

namespace heisen::asmcheck {

void check_call_rules(const RuleContext &c, std::vector<Finding> &findings) {
    const RegisterSet declared = c.declared_writes();
    for (size_t i = 0; i < c.instructions.size(); ++i) {
        const DecodedInstruction &in = c.instructions[i];
        if (!c.values.before[i].reached || !c.values.comes_back[i] || in.is_system_call || in.convention) continue;
        // A call comes back into the template; so does a jump to a function (a tail call) that
        // returns to a label the template pushed, or to a label it stored for a thread switched
        // to. A jump that never comes back leaves for good: nothing after it runs with what the
        // callee changed.
        const bool external_jump = in.is_branch && in.target < 0 && in.external_target.rfind(kGotoLabelPrefix, 0) != 0;
        if (!(in.is_call || external_jump)) continue;
        RegisterSet input_registers;
        for (const OperandBinding &b : c.bound.operands)
            if (b.is_input && b.kind == ConstraintKind::Register) input_registers.add(b.reg);
        RegisterSet missing;
        c.model.caller_saved.for_each([&](RegisterId id) {
            if (id == c.model.flags) return;  // "cc" is implied on x86 (see the flags rule)
            if (input_registers.contains(id)) return;  // reported as an input to make an output
            if (declared.contains(id)) return;
            for (const MachineState *state : c.exits())
                if (!c.holds_entry_value(*state, id)) missing.add(id);
        });
        std::vector<int> inputs;
        for (const OperandBinding &b : c.bound.operands)
            if (b.is_input && b.kind == ConstraintKind::Register &&
                !(b.fixed_register && c.model.callee_saved.contains(b.reg)))
                inputs.push_back(b.index);
        if (missing.empty() && inputs.empty()) continue;
        const std::string target = in.external_target.empty() ? "a register-held address" : "'" + in.external_target + "'";
        std::string problem;
        if (!missing.empty()) {
            std::string names;
            missing.for_each([&](RegisterId id) { names += (names.empty() ? "" : ", ") + std::string(c.model.name(id)); });
            problem = "caller-saved registers " + names + " are not declared";
        }
        if (!inputs.empty())
            problem += std::string(problem.empty() ? "" : "; ") + std::to_string(inputs.size()) +
                       " register input(s) may be changed by the callee but are not outputs";
        Finding f = c.finding("escapes-to-function", Severity::Warning, &in,
                              std::string(in.is_call ? "calls " : "jumps to ") + target + " outside the template: " + problem);
        f.operand = in.external_target;
        for (int index : inputs) {
            const OperandBinding &b = c.bound.operands[static_cast<size_t>(index)];
            f.notes.push_back({b.source->location, "input " + b.display() + " may be changed by the callee; make it \"+" +
                                                       b.source->constraint + "\""});
        }
        f.notes.push_back({c.statement.location,
                           "vector and floating-point registers are caller-saved too unless the code is built without them"});
        f.suggested_fix = c.fix_clobbers(missing, /*add_memory=*/true);
        if (!inputs.empty()) f.suggested_fix += "; " + c.fix_inputs_to_outputs(inputs);
        findings.push_back(std::move(f));
        return;
    }
}

}  // namespace heisen::asmcheck
