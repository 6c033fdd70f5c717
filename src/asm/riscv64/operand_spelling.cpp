// operand_spelling.cpp — how riscv64 placeholders are spelled ("a5", "0(s11)", "(s11)" for "A")
// and the template operand modifiers %z and %i.
#include <string>

#include "asm/riscv64/riscv64_model.h"

namespace heisen::asmcheck::riscv64 {

std::string Riscv64Model::register_operand(RegisterId id, Width, bool) const { return name(id); }

std::string Riscv64Model::memory_operand(RegisterId base, bool, char letter) const {
    // GCC prints "A" (atomic) operands as "(a5)" and offsettable "m" as "0(a5)".
    return (letter == 'A' ? "(" : "0(") + std::string(name(base)) + ")";
}

std::string Riscv64Model::immediate_operand(const std::string &value, bool) const { return value; }

bool Riscv64Model::apply_modifier(char modifier, const BoundView &op, Width, bool, std::string &out) const {
    switch (modifier) {
    case 'z':  // zero register for a constant 0
        if (op.kind == ConstraintKind::Immediate) {
            out = op.immediate == "0" ? "zero" : op.immediate;
            return true;
        }
        if (op.kind != ConstraintKind::Register) return false;
        out = name(op.reg);
        return true;
    case 'i':  // "i" suffix when the operand is an immediate (add%i2 → addi)
        out = op.kind == ConstraintKind::Immediate ? "i" : "";
        return true;
    default: return false;
    }
}

}  // namespace heisen::asmcheck::riscv64
