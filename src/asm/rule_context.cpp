// rule_context.cpp — shared helpers of the rules: ownership, locations, suggested fixes.
#include "asm/rule_context.h"

namespace heisen::asmcheck {

namespace {

std::string quoted(const std::string &text) { return "\"" + text + "\""; }

std::string operand_text(const AsmOperand &op, const std::string &constraint) {
    std::string text;
    if (!op.symbolic_name.empty()) text += "[" + op.symbolic_name + "] ";
    return text + quoted(constraint) + " (" + op.expression + ")";
}

}  // namespace

const OperandBinding *RuleContext::register_owner(RegisterId id) const {
    if (id < 0 || static_cast<size_t>(id) >= bound.owner_of.size()) return nullptr;
    const int owner = bound.owner_of[static_cast<size_t>(id)];
    return owner < 0 ? nullptr : &bound.operands[static_cast<size_t>(owner)];
}

const OperandBinding *RuleContext::memory_owner(RegisterId base) const {
    if (base < 0 || static_cast<size_t>(base) >= bound.base_owner.size()) return nullptr;
    const int owner = bound.base_owner[static_cast<size_t>(base)];
    return owner < 0 ? nullptr : &bound.operands[static_cast<size_t>(owner)];
}

RegisterSet RuleContext::declared_writes() const {
    RegisterSet declared = bound.clobbered;
    for (const OperandBinding &b : bound.operands)
        if (b.is_output && b.kind == ConstraintKind::Register) {
            declared.add(b.reg);
            declared.add(b.pair_high);
        }
    return declared;
}

bool RuleContext::restores(const DecodedInstruction &instruction, RegisterId id) {
    if (instruction.restored == id) return true;
    const std::string &op = instruction.opcode;
    return op.rfind("XCHG", 0) == 0 && op.size() > 2 && op.compare(op.size() - 2, 2, "rr") == 0 &&
           instruction.writes.contains(id);
}

bool RuleContext::saved_and_restored(RegisterId id, size_t before, size_t after) const {
    bool saved = false, restored = false;
    for (size_t i = 0; i < instructions.size(); ++i) {
        if (i <= before && instructions[i].saved == id) saved = true;
        if (i >= after && restores(instructions[i], id)) restored = true;
    }
    return saved && restored;
}

SourceLocation RuleContext::location_of(const DecodedInstruction &instruction) const {
    if (statement.template_pieces.empty() || instruction.offset >= bound.origin.size()) return statement.location;
    size_t origin = bound.origin[instruction.offset];
    // Skip the whitespace the instruction starts after, so the piece holding its text is found.
    const std::string &t = statement.template_text;
    while (origin < t.size() && (t[origin] == ' ' || t[origin] == '\t' || t[origin] == '\n')) ++origin;
    const AsmStatement::Piece *best = nullptr;
    for (const AsmStatement::Piece &piece : statement.template_pieces)
        if (piece.offset <= origin && (!best || piece.offset >= best->offset)) best = &piece;
    return best ? best->location : statement.location;
}

Finding RuleContext::finding(const char *rule, Severity severity, const DecodedInstruction *at,
                             std::string message) const {
    Finding f;
    f.rule_id = rule;
    f.severity = severity;
    f.location = at ? location_of(*at) : statement.location;
    f.message = std::move(message);
    if (at) f.instruction = at->text;
    return f;
}

std::string RuleContext::fix_clobbers(const RegisterSet &missing, bool add_memory, bool add_cc) const {
    std::vector<std::string> list = statement.clobbers;
    auto present = [&](const std::string &name) {
        for (const std::string &c : list) {
            if (c == name) return true;
            if (c != "memory" && model.clobber_register(c) != kNoRegister &&
                model.clobber_register(c) == model.clobber_register(name))
                return true;
        }
        return false;
    };
    missing.for_each([&](RegisterId id) {
        const std::string name = id == model.flags ? "cc" : model.name(id);
        if (!present(name)) list.push_back(name);
    });
    if (add_cc && !present("cc")) list.push_back("cc");
    if (add_memory && !present("memory")) list.push_back("memory");
    std::string text = "clobbers: ";
    for (size_t i = 0; i < list.size(); ++i) text += (i ? ", " : "") + quoted(list[i]);
    return text;
}

std::string RuleContext::fix_outputs(int operand, const std::string &new_constraint) const {
    std::string text = "outputs: ";
    for (size_t i = 0; i < statement.outputs.size(); ++i) {
        const AsmOperand &op = statement.outputs[i];
        text += (i ? ", " : "") + operand_text(op, static_cast<int>(i) == operand ? new_constraint : op.constraint);
    }
    return text;
}

std::string RuleContext::fix_inputs_to_outputs(const std::vector<int> &inputs) const {
    std::string text = "outputs: ";
    bool first = true;
    for (const AsmOperand &op : statement.outputs) {
        text += (first ? "" : ", ") + operand_text(op, op.constraint);
        first = false;
    }
    for (int index : inputs) {
        const AsmOperand &op = *bound.operands[static_cast<size_t>(index)].source;
        text += (first ? "" : ", ") + operand_text(op, "+" + op.constraint);
        first = false;
    }
    return text + " (and drop them from the inputs)";
}

}  // namespace heisen::asmcheck
