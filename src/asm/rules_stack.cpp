// rules_stack.cpp — stack-switch, red-zone and stack-imbalance: what the template does to the
// stack pointer.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "asm/rule_context.h"

namespace heisen::asmcheck {

namespace {

// Every register the compiler may keep a value in across the statement: general, vector and
// floating-point registers, callee- or caller-saved alike. Condition flags are the flags
// rule's: x86 compilers treat every asm statement as clobbering them, and riscv has none.
RegisterSet allocatable_registers(const TargetModel &model) {
    RegisterSet set;
    for (size_t i = 0; i < model.registers.size(); ++i) {
        const auto id = static_cast<RegisterId>(i);
        const RegisterKind kind = model.kind(id);
        if ((kind == RegisterKind::General || kind == RegisterKind::Vector) && !model.optional_registers.contains(id))
            set.add(id);
    }
    return set;
}

// A register name split around its number: "r8" → {"r", 8, ""}, "st(3)" → {"st(", 3, ")"};
// number -1 when the name has none.
struct NumberedName {
    std::string prefix;
    int number = -1;
    std::string suffix;
    bool follows(const NumberedName &previous) const {
        return number >= 0 && prefix == previous.prefix && suffix == previous.suffix && number == previous.number + 1;
    }
};

NumberedName split_number(const std::string &name) {
    const size_t end = name.find_last_of("0123456789");
    if (end == std::string::npos) return {name, -1, ""};
    size_t begin = end;
    while (begin > 0 && name[begin - 1] >= '0' && name[begin - 1] <= '9') --begin;
    if (begin == 0) return {name, -1, ""};
    return {name.substr(0, begin), std::stoi(name.substr(begin, end + 1 - begin)), name.substr(end + 1)};
}

// "rax, rcx, r8–r11, xmm0–xmm15": runs of three or more consecutive numbered registers are
// written as a range so a message naming thirty registers stays readable.
std::string register_list(const TargetModel &model, const RegisterSet &set) {
    std::vector<std::string> names;
    set.for_each([&](RegisterId id) { names.emplace_back(model.name(id)); });
    std::string text;
    for (size_t i = 0; i < names.size();) {
        size_t j = i + 1;
        while (j < names.size() && split_number(names[j]).follows(split_number(names[j - 1]))) ++j;
        text += text.empty() ? "" : ", ";
        if (j - i >= 3) {
            text += names[i] + "–" + names[j - 1];
            i = j;
        } else {
            text += names[i++];
        }
    }
    return text;
}

// Registers the statement tells the compiler it changes: clobbers, and outputs the constraint
// pins to one register. A placeholder register of an "=r" output stands for a register the
// compiler picks; it protects no particular register, so it is not counted.
RegisterSet declared_registers(const RuleContext &c) {
    RegisterSet declared = c.bound.clobbered;
    for (const OperandBinding &b : c.bound.operands)
        if (b.is_output && b.kind == ConstraintKind::Register && b.fixed_register) {
            declared.add(b.reg);
            declared.add(b.pair_high);
        }
    return declared;
}

// "callee-saved rbx, r12–r15; caller-saved rax, …; vector and x87 xmm0–xmm15, …"
std::string describe_registers(const TargetModel &model, const RegisterSet &registers) {
    RegisterSet callee_saved = registers & model.callee_saved, caller_saved, vector;
    registers.minus(callee_saved).for_each([&](RegisterId id) {
        (model.kind(id) == RegisterKind::Vector ? vector : caller_saved).add(id);
    });
    std::string text;
    for (const auto &[kind, set] : {std::pair<const char *, const RegisterSet &>{"callee-saved", callee_saved},
                                    {"caller-saved", caller_saved},
                                    {model.vector_description, vector}})
        if (!set.empty()) text += (text.empty() ? "" : "; ") + std::string(kind) + " " + register_list(model, set);
    return text;
}

// After a stack switch the code after the statement runs with the registers the thread that
// ran before left behind. A register keeps the compiler's value only if the template saves it
// on the old stack and restores it from the new one; otherwise the statement must declare it,
// and the compiler saves what it needs around it. That holds for caller-saved registers too:
// the switch returns into callers of the function that holds it, and GCC's interprocedural
// register allocation (-fipa-ra, on from -O2) lets those callers keep values in every register
// the function is not seen to change.
void check_stack_switch(const RuleContext &c, std::vector<Finding> &findings) {
    const RegisterSet declared = declared_registers(c);
    for (size_t i = 0; i < c.instructions.size(); ++i) {
        const DecodedInstruction &in = c.instructions[i];
        if (in.stack != StackEffect::Switch || !c.flow.resumes_after(i)) continue;
        RegisterSet missing;
        allocatable_registers(c.model).for_each([&](RegisterId id) {
            if (!declared.contains(id) && !c.saved_and_restored(id, i, i + 1)) missing.add(id);
        });
        // An input fixed to a register cannot be a clobber: it has to become an output.
        std::vector<int> inputs;
        for (const OperandBinding &b : c.bound.operands)
            if (b.is_input && b.kind == ConstraintKind::Register && b.fixed_register && missing.contains(b.reg)) {
                inputs.push_back(b.index);
                missing.remove(b.reg);
            }
        if (missing.empty() && inputs.empty()) return;

        std::string message = "the stack pointer is loaded from a value not derived from itself and execution resumes "
                              "after the statement, but ";
        if (!missing.empty())
            message += "registers the code after it relies on are neither saved and restored around the switch nor "
                       "declared: " + describe_registers(c.model, missing);
        if (!inputs.empty())
            message += std::string(missing.empty() ? "" : "; and ") + std::to_string(inputs.size()) +
                       " register input(s) hold another thread's value after it but are not outputs";
        Finding f = c.finding("stack-switch", Severity::Warning, &in, std::move(message));
        f.operand = c.model.name(c.model.stack_pointer);
        f.notes.push_back({c.statement.location,
                           "code after the statement runs with the registers of whatever was running on the new stack"});
        if (!missing.minus(c.model.callee_saved).empty())
            f.notes.push_back({c.statement.location,
                               "caller-saved registers matter too: the switch returns into callers of the function "
                               "holding it, and GCC's interprocedural register allocation (-fipa-ra, on from -O2) lets "
                               "them keep values across the call in every register that function is not seen to change"});
        if (!c.model.optional_registers.minus(declared).empty())
            f.notes.push_back({c.statement.location, c.model.optional_registers_note});
        for (int index : inputs) {
            const OperandBinding &b = c.bound.operands[static_cast<size_t>(index)];
            f.notes.push_back({b.source->location, "input " + b.display() + " holds another thread's value after the "
                                                       "switch; make it \"+" + b.source->constraint + "\""});
        }
        f.suggested_fix = c.fix_clobbers(missing);
        if (!inputs.empty()) f.suggested_fix += "; " + c.fix_inputs_to_outputs(inputs);
        findings.push_back(std::move(f));
        return;
    }
}

void check_red_zone(const RuleContext &c, std::vector<Finding> &findings) {
    if (c.model.red_zone_bytes == 0 || !c.options.red_zone) return;
    int64_t depth = 0;  // sp moves in program order; stepping over the whole zone protects it
    for (const DecodedInstruction &in : c.instructions) {
        if (in.stack == StackEffect::Switch || in.stack == StackEffect::Derived) return;
        if ((in.pushes || in.pushes_return_address) && depth > -c.model.red_zone_bytes) {
            Finding f = c.finding("red-zone", Severity::Warning, &in,
                                  std::string(in.pushes_return_address ? "a call pushes its return address"
                                                                       : "a push writes") +
                                      " below the stack pointer, into the " + std::to_string(c.model.red_zone_bytes) +
                                      "-byte red zone where the compiler may keep local variables of a leaf function");
            f.operand = c.model.name(c.model.stack_pointer);
            f.suggested_fix = c.model.red_zone_fix;
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
