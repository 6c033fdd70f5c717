// operand_spelling.cpp — how x86 placeholders are spelled (AT&T and Intel) and what the template
// operand modifiers (%b0, %h0, %k0, %a0, %z0 …) make of them.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>

#include "asm/x86/x86_model.h"

namespace heisen::asmcheck::x86 {

std::string X86Model::register_operand(RegisterId id, Width width, bool intel) const {
    const TrackedRegister &reg = registers[static_cast<size_t>(id)];
    const bool sized = reg.kind == RegisterKind::General || reg.kind == RegisterKind::StackPointer;  // rsp/esp/sp too
    const char *spelling = sized ? reg.by_width[static_cast<int>(width)] : reg.by_width[0];
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
    // A size modifier on a memory or constant operand prints it as it is (GCC's print_operand
    // sizes only registers; Intel syntax would add a "BYTE PTR", which AT&T has no need of).
    auto sized = [&](Width w) {
        if (op.kind == ConstraintKind::Memory) {
            out = memory_operand(op.base, intel, op.constraint_letter);
            return true;
        }
        if (op.kind == ConstraintKind::Immediate) {
            out = immediate_operand(op.immediate, intel);
            return true;
        }
        out = register_operand(op.reg, w, intel);
        return !out.empty();
    };
    switch (modifier) {
    // The opcode suffix of a size, whatever the operand (GCC: "print the opcode suffix for the
    // size of the operand" — b, w, l, q, and x87's s and t); nothing in Intel syntax.
    case 'B': out = intel ? "" : "b"; return true;
    case 'W': out = intel ? "" : "w"; return true;
    case 'L': out = intel ? "" : "l"; return true;
    case 'Q': out = intel ? "" : "q"; return true;
    case 'S': out = intel ? "" : "s"; return true;
    case 'T': out = intel ? "" : "t"; return true;
    case 'b': return sized(Width::W8);
    case 'w': return sized(Width::W16);
    case 'k': return sized(Width::W32);
    case 'q': return (is64_ || !is_register) && sized(Width::W64);
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
    case 'V':  // the full register's name without '%' (retpoline thunks: __x86_indirect_thunk_%V0)
        if (!is_register) return false;
        out = register_operand(op.reg, register_widths.front(), /*intel=*/true);
        return !out.empty();
    default: return false;
    }
}

}  // namespace heisen::asmcheck::x86

namespace heisen::asmcheck::x86 {

// gas reads the one-operand port forms "inb (%dx)" and "outl (%dx)" (GCC's "in%B0 (%1)" idiom)
// as "inb %dx, %al"; LLVM 15 knows "inb %dx" and "inb (%dx), %al" but not this one. The
// parentheses become blanks, so every offset stays where it was.
void X86Model::respell_for_llvm(std::string &text) const {
    static const char *const kPortMnemonics[] = {"in", "inb", "inw", "inl", "out", "outb", "outw", "outl"};
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    for (size_t at = text.find("(%dx)"); at != std::string::npos; at = text.find("(%dx)", at + 1)) {
        size_t end = at;
        while (end > 0 && blank(text[end - 1])) --end;
        size_t begin = end;
        while (begin > 0 && std::isalpha(static_cast<unsigned char>(text[begin - 1]))) --begin;
        const std::string mnemonic = text.substr(begin, end - begin);
        if (std::none_of(std::begin(kPortMnemonics), std::end(kPortMnemonics),
                         [&](const char *m) { return mnemonic == m; }))
            continue;
        size_t after = at + 5;
        while (after < text.size() && blank(text[after])) ++after;
        if (after < text.size() && text[after] != '\n' && text[after] != ';' && text[after] != '#') continue;
        text[at] = ' ';
        text[at + 4] = ' ';
    }
}

}  // namespace heisen::asmcheck::x86
