// stack_effects.cpp — what an x86 instruction does to the stack pointer: push/pop, add/sub of an
// immediate and lea off(%rsp) move it by a known amount; and $-16 keeps it derived from itself; a
// mov, xchg, load or pop into it is a switch. Also which registers it saves and restores.
#include <string>

#include "asm/x86/x86_model.h"

namespace heisen::asmcheck::x86 {

namespace {

int64_t push_size(const std::string &opcode, bool is64) {
    if (opcode.find("16") != std::string::npos) return 2;
    if (opcode.find("32") != std::string::npos) return 4;
    if (opcode.find("64") != std::string::npos) return 8;
    return is64 ? 8 : 4;
}

}  // namespace

void X86Model::classify_stack_effect(DecodedInstruction &in) const {
    const RegisterId sp = stack_pointer;
    const std::string &op = in.opcode;
    if (in.is_call) {
        in.pushes_return_address = true;
        return;
    }
    if (starts_with(op, "PUSH")) {
        in.pushes = true;
        in.stack = StackEffect::Adjust;
        in.stack_delta = -push_size(op, is64_);
        if (op.find('r') != std::string::npos && op.find("PUSHF") == std::string::npos)
            in.saved = first_register(in, false);
        return;
    }
    if (starts_with(op, "POP")) {
        const RegisterId dest = first_register(in, true);
        if (dest == sp) {
            in.stack = StackEffect::Switch;
            return;
        }
        in.stack = StackEffect::Adjust;
        in.stack_delta = push_size(op, is64_);
        if (op.find("POPF") == std::string::npos) in.restored = dest;
        return;
    }
    const DecodedOperand *mem = first_memory_operand(in);
    // A register kept in another register for the duration (movl %ebx, %1 … xchgl %ebx, %1,
    // the i386 PIC cpuid idiom) is saved and restored as surely as on the stack.
    // (The xchg side is RuleContext::restores: it writes both of its registers.)
    if (starts_with(op, "MOV") && op.size() > 2 && op.compare(op.size() - 2, 2, "rr") == 0)
        in.saved = first_register(in, false);
    if (starts_with(op, "MOV") && mem && mem->reg == sp && mem->index == kNoRegister) {
        if (in.may_store) in.saved = first_register(in, false);
        if (in.may_load) in.restored = first_register(in, true);
    }
    if (!in.writes.contains(sp) || in.is_return) return;
    if (in.restored == sp) in.restored = kNoRegister;
    if (starts_with(op, "MOV") || starts_with(op, "XCHG") || starts_with(op, "CMOV")) {
        in.stack = StackEffect::Switch;
        return;
    }
    if ((starts_with(op, "ADD") || starts_with(op, "SUB")) && !in.operands.empty() &&
        in.operands.back().kind == DecodedOperand::Kind::Immediate) {
        in.stack = StackEffect::Adjust;
        in.stack_delta = starts_with(op, "ADD") ? in.operands.back().value : -in.operands.back().value;
        return;
    }
    if (starts_with(op, "LEA") && mem) {
        if (mem->reg == sp && mem->index == kNoRegister) {
            in.stack = StackEffect::Adjust;
            in.stack_delta = mem->value;
        } else {
            in.stack = mem->reg == sp || mem->index == sp ? StackEffect::Derived : StackEffect::Switch;
        }
        return;
    }
    in.stack = in.reads.contains(sp) ? StackEffect::Derived : StackEffect::Switch;
}

}  // namespace heisen::asmcheck::x86
