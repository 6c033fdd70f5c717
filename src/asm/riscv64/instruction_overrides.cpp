// instruction_overrides.cpp — the riscv64 override table. Every entry says why LLVM's description
// is not enough for an interface check; docs/asm-rules.md lists the same table for users.
#include <string>

#include "asm/riscv64/riscv64_model.h"

namespace heisen::asmcheck::riscv64 {

RegisterId Riscv64Model::address_register(const DecodedInstruction &in) const {
    const size_t open = in.text.rfind('(');
    const size_t close = in.text.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) return kNoRegister;
    std::string spelled = in.text.substr(open + 1, close - open - 1);
    while (!spelled.empty() && spelled.back() == ' ') spelled.pop_back();
    while (!spelled.empty() && spelled.front() == ' ') spelled.erase(spelled.begin());
    return find_register(spelled);
}

void Riscv64Model::apply_overrides(DecodedInstruction &in) const {
    const RegisterId zero = find_register("zero"), ra = find_register("ra");
    const bool memory_op = in.may_load || in.may_store || starts_with(in.opcode, "LR_") ||
                           starts_with(in.opcode, "SC_") || starts_with(in.opcode, "AMO");
    if (memory_op) {
        MemoryReference ref;
        ref.base = address_register(in);
        ref.address.add(ref.base);
        // loads and stores: rd/rs2, rs1, imm; lr/sc/AMOs take no offset
        if (!in.operands.empty() && in.operands.back().kind == DecodedOperand::Kind::Immediate &&
            !starts_with(in.opcode, "AMO") && !starts_with(in.opcode, "LR_") && !starts_with(in.opcode, "SC_"))
            ref.displacement = in.operands.back().value;
        if (!ref.address.empty()) in.memory.push_back(ref);
    }
    if (in.opcode == "JAL") {
        // jal zero, L is 'j L' (a jump); jal ra, f is a call. LLVM marks both as calls.
        const bool link = operand_register(in, 0) != zero;
        in.is_call = link;
        in.is_branch = !link;
        in.ends_flow = !link;
    } else if (in.opcode == "JALR") {
        const bool link = operand_register(in, 0) != zero;
        in.is_call = link;
        in.is_indirect = true;
        in.is_return = !link && operand_register(in, 1) == ra;
        in.is_branch = !link && !in.is_return;
        in.ends_flow = !link;
    } else if (in.opcode == "PseudoTAIL") {
        in.is_call = false;  // a tail call leaves the template for good
        in.is_branch = true;
        in.ends_flow = true;
    } else if (in.opcode == "ECALL") {
        // Linux system calls and SBI calls take arguments in a0…a7 and return in a0. (SBI also
        // returns a value in a1; a wrapper that uses it declares it as an output anyway.)
        in.is_system_call = true;
        in.reads.add(find_register("a7"));
        in.writes.add(find_register("a0"));
    } else if (in.opcode == "MRET" || in.opcode == "SRET") {
        in.is_return = true;  // returns from a trap handler: execution does not come back here
        in.ends_flow = true;
    }
    in.writes.remove(zero);
    in.reads.remove(zero);
}

}  // namespace heisen::asmcheck::riscv64
