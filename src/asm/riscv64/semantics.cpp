// semantics.cpp — what riscv64 instructions do to values (semantics.h): loads and stores at
// their widths (sd/ld save and restore a register, sw/lw only its low half), mv and fmv copies,
// addi arithmetic on the stack pointer, la (auipc + addi) of a local label, and zeroing idioms.
// Calls, returns and jumps are the interpreter's (jal/jalr through ra).
#include <string>

#include "asm/riscv64/riscv64_model.h"

namespace heisen::asmcheck::riscv64 {

namespace {

// Loads and stores: the access width of each opcode.
struct Access {
    const char *opcode;
    uint16_t bits;
    bool store;
};

constexpr Access kAccesses[] = {
    {"LD", 64, false},  {"LW", 32, false},  {"LWU", 32, false}, {"LH", 16, false},  {"LHU", 16, false},
    {"LB", 8, false},   {"LBU", 8, false},  {"FLD", 64, false}, {"FLW", 32, false}, {"SD", 64, true},
    {"SW", 32, true},   {"SH", 16, true},   {"SB", 8, true},    {"FSD", 64, true},  {"FSW", 32, true},
};

}  // namespace

void Riscv64Model::describe_semantics(DecodedInstruction &in) const {
    const std::string &op = in.opcode;
    auto effect = [&](MicroOpKind kind, Place dst, Place src = {}, int64_t amount = 0) {
        in.effects.push_back({kind, dst, src, Extension::Merge, amount});
        in.described = true;
    };
    const RegisterId rd = operand_register(in, 0), rs1 = operand_register(in, 1), rs2 = operand_register(in, 2);
    if (in.is_call || in.is_branch || in.is_return) return;  // the interpreter's
    for (const Access &access : kAccesses) {
        if (op != access.opcode || in.memory.empty()) continue;
        const Place memory = Place::memory_of(0, access.bits);
        if (access.store)
            effect(MicroOpKind::Move, memory, Place::reg_of(rd, access.bits == 64 ? 0 : access.bits));
        else
            effect(MicroOpKind::Move, Place::reg_of(rd), memory);
        return;
    }
    const bool zero_rs2 = rs2 == zero_register, zero_rs1 = rs1 == zero_register;
    if (op == "ADDI" && in.operands.size() == 3) {
        const DecodedOperand &immediate = in.operands[2];
        if (immediate.kind == DecodedOperand::Kind::Symbol) {  // addi rd, rd, %pcrel_lo(…): the la of a label
            effect(MicroOpKind::Move, Place::reg_of(rd), Place::reg_of(rs1));
            return;
        }
        if (immediate.value == 0) {  // mv
            effect(MicroOpKind::Move, Place::reg_of(rd), Place::reg_of(rs1));
            return;
        }
        effect(MicroOpKind::AddImmediate, Place::reg_of(rd), Place::reg_of(rs1), immediate.value);
        return;
    }
    if (op == "AUIPC" && in.operands.size() == 2 && in.operands[1].label >= 0) {
        Place label;
        label.kind = Place::Kind::Label;
        label.label = in.operands[1].label;
        effect(MicroOpKind::Move, Place::reg_of(rd), label);
        return;
    }
    if ((op == "ADD" || op == "OR" || op == "XOR") && (zero_rs1 || zero_rs2)) {  // mv spelled another way
        effect(MicroOpKind::Move, Place::reg_of(rd), Place::reg_of(zero_rs1 ? rs2 : rs1));
        return;
    }
    if ((op == "XOR" || op == "SUB") && rs1 == rs2 && rs1 != kNoRegister) {
        effect(MicroOpKind::Constant, Place::reg_of(rd), {}, 0);
        return;
    }
    if ((op == "FSGNJ_D" || op == "FSGNJ_S") && rs1 == rs2) {  // fmv.d, fmv.s
        effect(MicroOpKind::Move, Place::reg_of(rd), Place::reg_of(rs1));
        return;
    }
    if (op == "FMV_X_D" || op == "FMV_D_X") {
        effect(MicroOpKind::Move, Place::reg_of(rd), Place::reg_of(rs1));
        return;
    }
    if ((op == "ANDI" || op == "AND") && rd == stack_pointer && rs1 == stack_pointer) {  // stack alignment
        effect(MicroOpKind::DeriveStack, Place::reg_of(rd), Place::reg_of(rs1));
        return;
    }
}

}  // namespace heisen::asmcheck::riscv64
