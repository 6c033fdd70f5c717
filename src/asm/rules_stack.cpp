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
        const bool allocatable = kind == RegisterKind::General || kind == RegisterKind::Vector || kind == RegisterKind::X87;
        if (allocatable && !model.optional_registers.contains(id))
            set.add(id);
    }
    return set;
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
    RegisterSet callee_saved, caller_saved, vector;
    registers.for_each([&](RegisterId id) {
        if (model.kind(id) != RegisterKind::General)
            vector.add(id);
        else
            (model.callee_saved.contains(id) ? callee_saved : caller_saved).add(id);
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
// the function is not seen to change. The same holds after a label entered from outside (its
// address stored for another thread to jump to): whatever ran before left its registers there.
//
// The interpreter marks those exits `foreign`; a register is kept when it holds, there, the
// value it held on entry — restored from the new stack, which holds what this code pushed
// before it stored the stack pointer (the other thread ran the same code).
void check_stack_switch(const RuleContext &c, std::vector<Finding> &findings) {
    std::vector<const MachineState *> foreign;
    for (const MachineState *state : c.exits())
        if (state->foreign) foreign.push_back(state);
    if (foreign.empty()) return;
    const RegisterSet declared = declared_registers(c);
    RegisterSet missing;
    allocatable_registers(c.model).for_each([&](RegisterId id) {
        if (declared.contains(id)) return;
        for (const MachineState *state : foreign)
            if (!c.holds_entry_value(*state, id)) missing.add(id);
    });
    // An input fixed to a register cannot be a clobber: it has to become an output.
    std::vector<int> inputs;
    for (const OperandBinding &b : c.bound.operands)
        if (b.is_input && b.kind == ConstraintKind::Register && b.fixed_register && missing.contains(b.reg)) {
            inputs.push_back(b.index);
            missing.remove(b.reg);
        }
    if (missing.empty() && inputs.empty()) return;

    // Where: the instruction that loads the stack pointer, else the one storing the label.
    const DecodedInstruction *at = nullptr;
    for (size_t i = 0; i < c.instructions.size() && !at; ++i)
        if (c.values.before[i].reached && c.values.stack[i] == StackEffect::Switch) at = &c.instructions[i];
    std::string message;
    if (at) {
        message = "the stack pointer is loaded from a value not derived from itself and execution resumes after the "
                  "statement, but ";
    } else {
        const auto stored = c.values.resume_stored_at.begin();
        if (stored != c.values.resume_stored_at.end()) at = &c.instructions[stored->second];
        message = "execution resumes at a label of the template from outside it (its address is stored";
        if (at) message += " at line " + std::to_string(at->line + 1) + " of the template";
        message += "), but ";
    }
    if (!missing.empty())
        message += "registers the code after it relies on are neither saved and restored around the switch nor "
                   "declared: " + describe_registers(c.model, missing);
    if (!inputs.empty())
        message += std::string(missing.empty() ? "" : "; and ") + std::to_string(inputs.size()) +
                   " register input(s) hold another thread's value after it but are not outputs";
    Finding f = c.finding("stack-switch", Severity::Warning, at, std::move(message));
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
}

// x86-64 code that may use the red zone: a push or call writes below the stack pointer, into
// the bytes a leaf function may keep locals in without moving it.
void check_red_zone(const RuleContext &c, std::vector<Finding> &findings) {
    if (c.model.red_zone_bytes == 0 || !c.options.red_zone) return;
    for (size_t i = 0; i < c.instructions.size(); ++i) {
        const DecodedInstruction &in = c.instructions[i];
        if (!(in.pushes || in.pushes_return_address) || !c.values.before[i].reached) continue;
        const AbstractValue &sp = c.values.values[c.values.before[i].registers[static_cast<size_t>(c.model.stack_pointer)]];
        const bool on_entry_stack = sp.kind == ValueKind::StackAddress && sp.a == ValueTable::kOwnStack && sp.b;
        if (!on_entry_stack || sp.number <= -c.model.red_zone_bytes) continue;
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
        std::optional<int64_t> out = at[i];
        const StackEffect effect = c.values.stack[i];
        if (effect == StackEffect::Switch || effect == StackEffect::Derived) out.reset();
        else if (out && effect == StackEffect::Adjust) *out += c.values.stack_delta[i];
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
