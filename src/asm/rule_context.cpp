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

}  // namespace

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

const OperandBinding *RuleContext::memory_operand_of(const MemoryReference &ref) const {
    const OperandBinding *owner = nullptr;
    ref.address.for_each([&](RegisterId id) {
        if (!owner) owner = memory_owner(id);
    });
    if (owner || ref.base == kNoRegister || ref.base != model.stack_pointer || ref.index != kNoRegister) return owner;
    for (const OperandBinding &b : bound.operands)
        if (b.kind == ConstraintKind::Memory && b.base == model.stack_pointer && ref.displacement >= b.displacement &&
            ref.displacement < b.displacement + kStackSlotBytes)
            return &b;
    return nullptr;
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

std::vector<const MachineState *> RuleContext::exits() const {
    std::vector<const MachineState *> out;
    if (values.at_exit.reached) out.push_back(&values.at_exit);
    if (values.at_goto_exit.reached) out.push_back(&values.at_goto_exit);
    return out;
}

int RuleContext::first_change(RegisterId id, bool skip_calls) const {
    for (size_t i = 0; i < instructions.size(); ++i) {
        if (!values.before[i].reached || !values.changed[i].contains(id)) continue;
        if (skip_calls && instructions[i].is_call && !instructions[i].convention) continue;
        return static_cast<int>(i);
    }
    return -1;
}

bool addressed_through_a_register(const OperandBinding &b) {
    const std::string &e = b.source->expression;
    const size_t first = e.find_first_not_of(" \t(");
    const bool dereference = first != std::string::npos && e[first] == '*';
    return dereference || e.find("->") != std::string::npos || e.find('[') != std::string::npos;
}

bool RuleContext::is_checked_register(RegisterId id) const {
    switch (model.kind(id)) {
    case RegisterKind::General:
    case RegisterKind::Vector:
    case RegisterKind::X87:
    case RegisterKind::Mmx:
    case RegisterKind::Mask: break;
    default: return false;
    }
    if (declared_writes().contains(id) || register_owner(id) || memory_owner(id)) return false;
    return true;
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
