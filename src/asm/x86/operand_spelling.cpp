// operand_spelling.cpp — how x86 placeholders are spelled (AT&T and Intel) and what the template
// operand modifiers (%b0, %h0, %k0, %a0, %z0 …) make of them.
#include <string>

#include "asm/x86/x86_model.h"

namespace heisen::asmcheck::x86 {

std::string X86Model::register_operand(RegisterId id, Width width, bool intel) const {
    const TrackedRegister &reg = registers[static_cast<size_t>(id)];
    const char *spelling = reg.kind == RegisterKind::General ? reg.by_width[static_cast<int>(width)] : reg.by_width[0];
    if (reg.kind == RegisterKind::X87) spelling = reg.name;  // st, st(1)
    if (!spelling || !*spelling) return {};
    return intel ? std::string(spelling) : "%" + std::string(spelling);
}

std::string X86Model::memory_operand(RegisterId base, bool intel, char) const {
    const std::string reg = register_operand(base, is64_ ? Width::W64 : Width::W32, intel);
    return intel ? "[" + reg + "]" : "(" + reg + ")";
}

std::string X86Model::immediate_operand(const std::string &value, bool intel) const {
    return intel ? value : "$" + value;
}

bool X86Model::apply_modifier(char modifier, const BoundView &op, Width width, bool intel,
                              std::string &out) const {
    const bool is_register = op.kind == ConstraintKind::Register;
    auto sized = [&](Width w) {
        if (!is_register) return false;
        out = register_operand(op.reg, w, intel);
        return !out.empty();
    };
    switch (modifier) {
    case 'b': return sized(Width::W8);
    case 'w': return sized(Width::W16);
    case 'k': return sized(Width::W32);
    case 'q': return is64_ && sized(Width::W64);
    case 'h': {
        if (!is_register || !registers[static_cast<size_t>(op.reg)].high_byte) return false;
        out = (intel ? "" : "%") + std::string(registers[static_cast<size_t>(op.reg)].high_byte);
        return true;
    }
    case 'x': case 't': case 'g': {
        if (!is_register || kind(op.reg) != RegisterKind::Vector) return false;
        const int index = modifier == 'x' ? 0 : modifier == 't' ? 1 : 2;
        out = (intel ? "" : "%") + std::string(registers[static_cast<size_t>(op.reg)].by_width[index]);
        return true;
    }
    case 'c': case 'P': case 'p':
        if (is_register) return sized(width);
        if (op.kind == ConstraintKind::Memory) {
            out = memory_operand(op.base, intel, op.constraint_letter);
            return true;
        }
        out = op.immediate;
        return true;
    case 'n':
        if (op.kind != ConstraintKind::Immediate) return false;
        out = op.immediate.rfind('-', 0) == 0 ? op.immediate.substr(1) : "-" + op.immediate;
        return true;
    case 'a':
        if (is_register) {
            out = memory_operand(op.reg, intel, 'm');
        } else if (op.kind == ConstraintKind::Memory) {
            out = memory_operand(op.base, intel, op.constraint_letter);
        } else {
            out = op.immediate;
        }
        return true;
    case 'H': {  // the memory word 8 bytes further on
        if (op.kind != ConstraintKind::Memory) return false;
        const std::string reg = register_operand(op.base, is64_ ? Width::W64 : Width::W32, intel);
        out = intel ? "[" + reg + "+8]" : "8(" + reg + ")";
        return true;
    }
    case 'z': {
        static const char suffix[] = {'q', 'l', 'w', 'b'};
        out = std::string(1, suffix[static_cast<int>(width)]);
        return true;
    }
    case 'V':
        if (!is_register) return false;
        out = register_operand(op.reg, width, /*intel=*/true);
        return true;
    default: return false;
    }
}

}  // namespace heisen::asmcheck::x86
