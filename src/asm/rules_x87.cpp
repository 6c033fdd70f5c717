// rules_x87.cpp — the x87 register stack and the MMX registers that share its bits, checked as
// one file: undeclared-write when the stack the template leaves differs from the one its
// operands describe, output-not-written for "=t"/"=u" outputs it does not produce.
//
// GCC's rules for x87 operands: inputs in "t" (st(0)) and "u" (st(1)) are on top of the stack
// when the template starts; outputs "=t"/"=u" are pushed by it and are st(0)/st(1) when it ends;
// an input the template pops must be tied to an output or declared as a clobber. Everything
// below those must be the compiler's values, in place. An MMX instruction overwrites the x87
// slots (and marks them in use), emms and fninit empty them: either changes the whole stack.
#include <algorithm>

#include "asm/rule_context.h"

namespace heisen::asmcheck {

namespace {

int x87_position(const TargetModel &model, RegisterId id) {
    return id != kNoRegister && model.kind(id) == RegisterKind::X87 ? id - model.x87_first : -1;
}

}  // namespace

void check_x87_rules(const RuleContext &c, std::vector<Finding> &findings) {
    const TargetModel &m = c.model;
    if (m.x87_first == kNoRegister) return;
    std::vector<const MachineState *> exits;
    for (const MachineState *state : c.exits())
        if (!state->foreign) exits.push_back(state);
    if (exits.empty()) return;
    // Outputs the template leaves on top, inputs it consumes (tied to an output, or clobbered),
    // inputs on the stack at all.
    int outputs = 0, consumed = 0, inputs = 0;
    for (const OperandBinding &b : c.bound.operands) {
        if (b.kind != ConstraintKind::Register) continue;
        const int position = x87_position(m, b.reg);
        if (position < 0) continue;
        if (b.is_output) outputs = std::max(outputs, position + 1);
        if (b.is_input || b.constraint.read_write || b.tied_to >= 0) inputs = std::max(inputs, position + 1);
        // ("+t" is an input tied to its output: consumed and produced in place.)
        const bool popped = b.tied_to >= 0 || c.bound.clobbered.contains(b.reg) || b.constraint.read_write;
        if ((!b.is_output || b.constraint.read_write) && popped) consumed = std::max(consumed, position + 1);
    }
    // A clobbered slot an input occupies is popped by the template; one below the inputs only
    // reserves scratch room (GCC's "extra stack space" idiom) and shifts nothing.
    for (int p = 0; p < inputs; ++p)
        if (c.bound.clobbered.contains(static_cast<RegisterId>(m.x87_first + p))) consumed = std::max(consumed, p + 1);
    // A template whose x87 depth depends on status it tests (fsincos pushes only when the
    // argument is in range) handles both depths; the slots below its outputs are not checked.
    bool depth_uncertain = false;
    for (const DecodedInstruction &in : c.instructions) depth_uncertain = depth_uncertain || in.x87_depth_uncertain;
    // The slots that differ from what the operands describe when the top `popped` entries are
    // consumed.
    const auto slots_changed = [&](int popped) {
        RegisterSet slots;
        for (int q = outputs; q < 8 && !depth_uncertain; ++q) {
            const int entry = q - outputs + popped;
            if (entry >= 8) continue;
            const auto slot = static_cast<RegisterId>(m.x87_first + q);
            const ValueId expected = c.values.entry_value(static_cast<RegisterId>(m.x87_first + entry));
            for (const MachineState *state : exits)
                if (state->registers[static_cast<size_t>(slot)] != expected) slots.add(slot);
        }
        return slots;
    };
    RegisterSet changed = slots_changed(consumed);
    // An input the template pops without saying so: declaring it is the whole fix.
    RegisterSet fix;
    for (int popped = consumed + 1; popped <= inputs && !changed.empty(); ++popped)
        if (slots_changed(popped).empty()) {
            for (int p = consumed; p < popped; ++p) fix.add(static_cast<RegisterId>(m.x87_first + p));
            break;
        }
    for (size_t r = 0; r < m.registers.size(); ++r) {
        const auto id = static_cast<RegisterId>(r);
        if (m.kind(id) != RegisterKind::Mmx || !c.is_checked_register(id)) continue;
        for (const MachineState *state : exits)
            if (!c.holds_entry_value(*state, id) && c.first_change(id, true) >= 0) {
                changed.add(id);
                if (!fix.empty()) fix.add(id);
            }
    }
    // Outputs on the stack that still hold a value the compiler put there (the stack below is
    // then off by that output, which is the same mistake: one finding).
    bool output_missing = false;
    for (const OperandBinding &b : c.bound.operands) {
        const int position = b.kind == ConstraintKind::Register && b.is_output ? x87_position(m, b.reg) : -1;
        if (position < 0 || b.constraint.read_write) continue;
        bool tied = false;
        for (const OperandBinding &other : c.bound.operands) tied = tied || other.tied_to == b.index;
        if (tied) continue;
        bool unwritten = false;
        for (const MachineState *state : exits) {
            const AbstractValue &v = c.values.values[state->registers[static_cast<size_t>(b.reg)]];
            unwritten = unwritten || v.kind == ValueKind::Empty ||
                        (v.kind == ValueKind::EntryRegister && x87_position(m, static_cast<RegisterId>(v.a)) >= 0);
        }
        if (!unwritten) continue;
        output_missing = true;
        Finding f = c.finding("output-not-written", Severity::Warning, nullptr,
                              "output operand " + b.display() + " is not left in st(" + std::to_string(position) +
                                  ") by the template");
        f.location = b.source->location.line ? b.source->location : c.statement.location;
        f.operand = b.display();
        f.notes.push_back({c.statement.location, "an x87 output is what the template pushes: the compiler takes st(0) "
                                                 "(\"=t\") and st(1) (\"=u\") as the results"});
        findings.push_back(std::move(f));
    }
    changed = changed.minus(c.bound.clobbered);
    if (changed.empty() || output_missing) return;
    int first = -1;
    changed.for_each([&](RegisterId id) {
        const int at = c.first_change(id, true);
        if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    const std::string names = register_list(m, changed);
    Finding f = c.finding("undeclared-write", Severity::Warning, first >= 0 ? &c.instructions[static_cast<size_t>(first)] : nullptr,
                          "the x87/MMX register file is changed but not declared: " + names);
    f.operand = names;
    f.notes.push_back({c.statement.location, "the MMX registers are the x87 stack's slots: MMX instructions overwrite "
                                             "it, emms and fninit empty it, and values pushed or popped shift it"});
    f.suggested_fix = c.fix_clobbers(fix.empty() ? changed : fix);
    findings.push_back(std::move(f));
}

}  // namespace heisen::asmcheck
