// rules_stack.cpp — stack-switch, red-zone and stack-imbalance: what the template does to the
// stack pointer.
#include <optional>

#include "asm/rule_context.h"

namespace heisen::asmcheck {

namespace {

std::string register_list(const TargetModel &model, const RegisterSet &set) {
    std::string text;
    set.for_each([&](RegisterId id) { text += (text.empty() ? "" : ", ") + std::string(model.name(id)); });
    return text;
}

void check_stack_switch(const RuleContext &c, std::vector<Finding> &findings) {
    const RegisterSet declared = c.declared_writes();
    for (size_t i = 0; i < c.instructions.size(); ++i) {
        const DecodedInstruction &in = c.instructions[i];
        if (in.stack != StackEffect::Switch || !c.flow.resumes_after(i)) continue;
        RegisterSet missing;
        c.model.callee_saved.for_each([&](RegisterId id) {
            if (declared.contains(id) || c.saved_and_restored(id, i, i + 1)) return;
            missing.add(id);
        });
        if (missing.empty()) return;
        Finding f = c.finding("stack-switch", Severity::Warning, &in,
                              "the stack pointer is loaded from a value not derived from itself and execution resumes "
                              "after the statement, but callee-saved registers " + register_list(c.model, missing) +
                                  " are neither saved and restored around the switch nor declared");
        f.operand = c.model.name(c.model.stack_pointer);
        f.notes.push_back({c.statement.location,
                           "code after the statement runs with the registers of whatever was running on the new stack"});
        f.suggested_fix = c.fix_clobbers(missing);
        findings.push_back(std::move(f));
        return;
    }
}

void check_red_zone(const RuleContext &c, std::vector<Finding> &findings) {
    if (c.model.target != Target::X86_64 || !c.options.red_zone) return;
    int64_t depth = 0;  // sp moves in program order; 128 bytes below the entry sp protect the zone
    for (const DecodedInstruction &in : c.instructions) {
        if (in.stack == StackEffect::Switch || in.stack == StackEffect::Derived) return;
        if ((in.pushes || in.pushes_return_address) && depth > -128) {
            Finding f = c.finding("red-zone", Severity::Warning, &in,
                                  std::string(in.pushes_return_address ? "a call pushes its return address"
                                                                       : "a push writes") +
                                      " below the stack pointer, into the 128-byte red zone where the compiler may keep "
                                      "local variables of a leaf function");
            f.operand = c.model.name(c.model.stack_pointer);
            f.suggested_fix = "move the stack pointer past the red zone first (lea -128(%rsp), %rsp … lea 128(%rsp), "
                              "%rsp) or build with -mno-red-zone";
            findings.push_back(std::move(f));
            return;
        }
        if (in.stack == StackEffect::Adjust && !in.pushes) depth += in.stack_delta;
    }
}

void check_stack_balance(const RuleContext &c, std::vector<Finding> &findings) {
    // Forward propagation of the sp offset from the entry; nullopt = unknown (switched/derived).
    const size_t n = c.instructions.size();
    std::vector<std::optional<int64_t>> at(n + 1);
    std::vector<bool> reached(n + 1, false), conflict(n + 1, false);
    if (n == 0) return;
    at[0] = 0;
    reached[0] = true;
    std::vector<size_t> work{0};
    while (!work.empty()) {
        const size_t i = work.back();
        work.pop_back();
        const DecodedInstruction &in = c.instructions[i];
        std::optional<int64_t> out = at[i];
        if (in.stack == StackEffect::Switch || in.stack == StackEffect::Derived) out.reset();
        else if (out && in.stack == StackEffect::Adjust) *out += in.stack_delta;
        if (!at[i]) out.reset();
        for (size_t s : c.flow.successors(i)) {
            if (!reached[s]) {
                reached[s] = true;
                at[s] = out;
                if (s < n) work.push_back(s);
            } else if (at[s] && out && *at[s] != *out && !conflict[s]) {
                conflict[s] = true;
                if (s < n) work.push_back(s);
            }
        }
    }
    const size_t exit = c.flow.exit();
    if (!reached[exit] || !at[exit]) return;
    if (*at[exit] == 0 && !conflict[exit]) return;
    Finding f = c.finding("stack-imbalance", Severity::Warning, &c.instructions.back(),
                          conflict[exit] ? "the stack pointer differs between the paths that leave the template"
                                         : "the stack pointer is " + std::to_string(*at[exit] < 0 ? -*at[exit] : *at[exit]) +
                                               " bytes " + (*at[exit] < 0 ? "lower" : "higher") +
                                               " at the end of the template than at its start");
    f.operand = c.model.name(c.model.stack_pointer);
    f.notes.push_back({c.statement.location, "the compiler addresses locals and spills relative to the stack pointer it expects"});
    f.suggested_fix = "pop or add back every byte pushed or subtracted before the template ends";
    findings.push_back(std::move(f));
}

}  // namespace

void check_stack_rules(const RuleContext &context, std::vector<Finding> &findings) {
    check_stack_switch(context, findings);
    check_red_zone(context, findings);
    check_stack_balance(context, findings);
}

}  // namespace heisen::asmcheck
