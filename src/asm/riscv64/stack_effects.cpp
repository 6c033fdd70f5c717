// stack_effects.cpp — what a riscv64 instruction does to the stack pointer: addi sp, sp, imm moves
// it by a known amount, add/sub/and with sp keep it derived from itself, anything else loading
// sp is a switch. Stores to and loads from sp slots save and restore registers.
#include <string>

#include "asm/riscv64/riscv64_model.h"

namespace heisen::asmcheck::riscv64 {

void Riscv64Model::classify_stack_effect(DecodedInstruction &in) const {
    const RegisterId sp = stack_pointer;
    const std::string &op = in.opcode;
    const bool sp_based = !in.memory.empty() && in.memory.front().address.contains(sp);
    if (sp_based && in.may_store && !in.may_load) in.saved = operand_register(in, 0);
    if (sp_based && in.may_load && !in.may_store) in.restored = operand_register(in, 0);
    if (!in.writes.contains(sp)) return;
    if (in.restored == sp) in.restored = kNoRegister;
    const RegisterId rs1 = operand_register(in, 1);
    if (op == "ADDI" && rs1 == sp && in.operands.size() > 2 &&
        in.operands[2].kind == DecodedOperand::Kind::Immediate) {
        in.stack = StackEffect::Adjust;
        in.stack_delta = in.operands[2].value;
        return;
    }
    if ((op == "ADD" || op == "SUB" || op == "ANDI" || op == "AND" || op == "ADDI") && rs1 == sp) {
        in.stack = StackEffect::Derived;
        return;
    }
    in.stack = StackEffect::Switch;
}

}  // namespace heisen::asmcheck::riscv64
