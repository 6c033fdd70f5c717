// semantics.cpp — what x86 instructions do to values (semantics.h): moves and exchanges at
// their widths, pushes and pops, stack arithmetic, lea, bswap/not/neg, and the idioms whose
// result does not depend on their inputs (xor %eax, %eax; pcmpeqd %xmm1, %xmm1; sbb %eax, %eax),
// cpuid leaves that ignore ecx, and instructions that merge into their destination without
// reading it where it matters (sqrtsd keeps the upper half of %xmm0). The x87 stack is in
// x87_stack.cpp, calls with their own conventions in calling_conventions.cpp.
#include <cstdlib>
#include <cstring>
#include <string>

#include "asm/x86/x86_model.h"

namespace heisen::asmcheck::x86 {

namespace {

bool ends_with(const std::string &text, const char *suffix) {
    const size_t n = std::strlen(suffix);
    return text.size() >= n && text.compare(text.size() - n, n, suffix) == 0;
}

// The operand size an opcode name states after its mnemonic ("MOV32mi" → 32, "PUSH64r" → 64).
int opcode_bits(const std::string &opcode, size_t from) {
    const char *digits = opcode.c_str() + from;
    const int bits = std::atoi(digits);
    return bits == 8 || bits == 16 || bits == 32 || bits == 64 ? bits : 0;
}

// The memory reference the instruction's memory operand became (x86 has at most one).
int memory_index(const DecodedInstruction &in) { return in.memory.empty() ? -1 : 0; }

struct Operands {
    std::vector<const DecodedOperand *> defs, uses;
    const DecodedOperand *memory = nullptr;
    const DecodedOperand *immediate = nullptr;  // an immediate or a symbol
};

Operands split(const DecodedInstruction &in) {
    Operands o;
    for (const DecodedOperand &op : in.operands) {
        switch (op.kind) {
        case DecodedOperand::Kind::Register: (op.is_def ? o.defs : o.uses).push_back(&op); break;
        case DecodedOperand::Kind::Memory: o.memory = &op; break;
        default: o.immediate = &op; break;
        }
    }
    return o;
}

// Opcodes whose last letter is not a size: vector moves of whole registers.
const char *const kVectorMoves[] = {"MOVAPS", "MOVUPS", "MOVAPD", "MOVUPD", "MOVDQA", "MOVDQU"};

// Scalar SSE operations that write the low part of their destination and keep the rest: the
// old low part is not read, and the rest only matters when the register's whole value does.
const char *const kMergeScalar[] = {"SQRTSS", "SQRTSD", "CVTSI2SS", "CVTSI2SD", "CVTSI642SS", "CVTSI642SD",
                                    "CVTSS2SD", "CVTSD2SS", "RCPSS", "RSQRTSS", "ROUNDSS", "ROUNDSD"};

// cpuid leaves whose results do not depend on ecx (the sub-leaf).
bool leaf_ignores_ecx(int64_t leaf) {
    static const int64_t kSubLeafLeaves[] = {4, 7, 0xb, 0xd, 0xf, 0x10, 0x12, 0x14, 0x17, 0x18, 0x1a, 0x1b,
                                             0x1d, 0x1e, 0x1f, 0x20, 0x23, 0x24, 0x8000001d, 0x80000020, 0x80000026};
    for (int64_t l : kSubLeafLeaves)
        if (leaf == l) return false;
    return true;
}

// The width of the lane a VEX-encoded scalar SSE instruction computes (32 for …SS, 64 for …SD),
// register forms only; 0 for every other instruction (EVEX forms, with masking, included).
int vex_scalar_lane_bits(std::string op) {
    if (ends_with(op, "_Int")) op.resize(op.size() - 4);
    if (ends_with(op, "rr")) op.resize(op.size() - 2);
    else if (ends_with(op, "r")) op.resize(op.size() - 1);
    else return 0;
    if (op.find('Z') != std::string::npos) return 0;
    bool known = false;
    for (const char *family : {"VADDS", "VSUBS", "VMULS", "VDIVS", "VMINS", "VMAXS", "VSQRTS", "VROUNDS", "VRCPS",
                               "VRSQRTS", "VMOVS", "VCVTSD2", "VCVTSS2", "VCVTSI2", "VCVTSI642"})
        known = known || starts_with(op, family);
    if (!known) return 0;
    return ends_with(op, "SD") ? 64 : ends_with(op, "SS") ? 32 : 0;
}

}  // namespace

Place X86Model::place_of(const DecodedOperand &op) const { return Place::reg_of(op.reg, op.bits, op.shift); }

Extension X86Model::extension_of(const DecodedInstruction &in, const DecodedOperand &op) const {
    if (!is64_ || op.reg == kNoRegister) return Extension::Merge;
    const RegisterKind kind = this->kind(op.reg);
    if (kind == RegisterKind::General) return op.bits == 32 ? Extension::ZeroExtend : Extension::Merge;
    if (kind == RegisterKind::Vector) return in.opcode[0] == 'V' ? Extension::ZeroExtend : Extension::Merge;
    return Extension::Merge;
}

void X86Model::describe_semantics(DecodedInstruction &in) const {
    const std::string &op = in.opcode;
    const Operands o = split(in);
    auto effect = [&](MicroOpKind kind, Place dst, Place src = {}, int64_t amount = 0,
                      Extension extension = Extension::Merge) {
        in.effects.push_back({kind, dst, src, extension, amount});
        in.described = true;
    };
    auto source_of = [&](const DecodedOperand *operand, int bits) {
        if (!operand) return Place();
        if (operand->kind == DecodedOperand::Kind::Register) return place_of(*operand);
        if (operand->kind == DecodedOperand::Kind::Memory) return Place::memory_of(memory_index(in), static_cast<uint16_t>(bits));
        if (operand->kind == DecodedOperand::Kind::Immediate) return Place::immediate(operand->value);
        Place label;
        label.kind = Place::Kind::Label;
        label.label = operand->label;
        return label;
    };
    const RegisterId sp = stack_pointer;
    const int word = is64_ ? 64 : 32;

    if (in.is_call) in.pushes_return_address = true;
    if (in.is_call || in.is_return || in.is_branch) {
        describe_call_convention(in);
        return;  // control is the interpreter's; their reads are uses (generic)
    }
    if (describe_x87(in)) return;

    // mov: register, memory, immediate or label address, at the width of its register side.
    if (starts_with(op, "MOV") && opcode_bits(op, 3) && !starts_with(op, "MOVSX") && !starts_with(op, "MOVZX")) {
        const int bits = opcode_bits(op, 3);
        const bool to_memory = !o.defs.empty() ? false : o.memory != nullptr;
        if (to_memory) {
            const DecodedOperand *src = !o.uses.empty() ? o.uses.front() : o.immediate;
            effect(MicroOpKind::Move, Place::memory_of(memory_index(in), static_cast<uint16_t>(bits)), source_of(src, bits));
        } else if (!o.defs.empty()) {
            const DecodedOperand *src = o.memory ? o.memory : !o.uses.empty() ? o.uses.front() : o.immediate;
            effect(MicroOpKind::Move, place_of(*o.defs.front()), source_of(src, bits), 0, extension_of(in, *o.defs.front()));
        }
        return;
    }
    for (const char *move : kVectorMoves) {
        const std::string name = move;
        const bool named = starts_with(op, name) || starts_with(op, "V" + name);
        const bool plain_form = ends_with(op, "rr") || ends_with(op, "rm") || ends_with(op, "mr") ||
                                ends_with(op, "Yrr") || ends_with(op, "Yrm") || ends_with(op, "Ymr");
        if (!named || !plain_form || op.find('Z') != std::string::npos) continue;  // not AVX-512 (masking)
        const DecodedOperand *reg = !o.defs.empty() ? o.defs.front() : !o.uses.empty() ? o.uses.front() : nullptr;
        if (!reg) break;
        const int bits = reg->bits;
        if (!o.defs.empty()) {
            const DecodedOperand *src = o.memory ? o.memory : !o.uses.empty() ? o.uses.front() : nullptr;
            effect(MicroOpKind::Move, place_of(*o.defs.front()), source_of(src, bits), 0, extension_of(in, *o.defs.front()));
        } else if (o.memory) {
            effect(MicroOpKind::Move, Place::memory_of(memory_index(in), static_cast<uint16_t>(bits)), place_of(*reg));
        }
        return;
    }
    // Idioms whose result does not depend on the register's old value.
    const bool same_registers = o.defs.size() == 1 && o.uses.size() == 2 && o.uses[0]->reg == o.uses[1]->reg &&
                                o.uses[0]->reg == o.defs[0]->reg && !o.memory;
    if (same_registers && ends_with(op, "rr")) {
        for (const char *zero : {"XOR", "SUB", "PXOR", "XORPS", "XORPD", "VPXOR", "VXORPS", "VXORPD", "PSUB", "VPSUB", "MMX_PXOR", "MMX_PSUB"})
            if (starts_with(op, zero)) {
                effect(MicroOpKind::Constant, place_of(*o.defs.front()), {}, 0, extension_of(in, *o.defs.front()));
                if (in.writes.contains(flags)) effect(MicroOpKind::Write, Place::reg_of(flags));
                if (starts_with(op, "MMX_")) effect(MicroOpKind::X87Unknown, {});
                return;
            }
        for (const char *ones : {"PCMPEQ", "VPCMPEQ", "MMX_PCMPEQ"})
            if (starts_with(op, ones)) {
                effect(MicroOpKind::Constant, place_of(*o.defs.front()), {}, -1, extension_of(in, *o.defs.front()));
                if (starts_with(op, "MMX_")) effect(MicroOpKind::X87Unknown, {});
                return;
            }
        if (starts_with(op, "SBB")) {  // 0 or -1 from the carry flag alone
            effect(MicroOpKind::Write, place_of(*o.defs.front()), {}, 0, extension_of(in, *o.defs.front()));
            effect(MicroOpKind::Write, Place::reg_of(flags));
            return;
        }
    }
    if (starts_with(op, "MMX_MOVQ64")) {
        if (!o.defs.empty())
            effect(MicroOpKind::Move, place_of(*o.defs.front()), o.memory ? Place::memory_of(memory_index(in), 64) : source_of(o.uses.front(), 64));
        else if (o.memory && !o.uses.empty())
            effect(MicroOpKind::Move, Place::memory_of(memory_index(in), 64), place_of(*o.uses.front()));
        effect(MicroOpKind::X87Unknown, {});
        return;
    }
    // Packs: the destination's lanes narrow into its low half, the source's into its high half; a
    // source read only matters if the high half is (movd of the low half is the common use).
    for (const char *pack : {"MMX_PACKSSDW", "MMX_PACKSSWB", "MMX_PACKUSWB", "PACKSSDW", "PACKSSWB", "PACKUSWB", "PACKUSDW"}) {
        if (op != std::string(pack) + "rr" || o.defs.size() != 1 || o.uses.size() != 2) continue;
        const DecodedOperand &dst = *o.defs.front();
        effect(MicroOpKind::Use, {}, place_of(dst));
        effect(MicroOpKind::PackHigh, place_of(dst), place_of(*o.uses[1]), dst.bits / 2);
        if (starts_with(op, "MMX_")) effect(MicroOpKind::X87Unknown, {});
        return;
    }
    // VEX scalar arithmetic (vaddsd, vsqrtss, vroundsd, vcvtsi2sd, vmovsd …, register forms): the
    // low lane is computed from the last source, the upper lanes are copied from the first. That
    // first source only matters where the upper lanes are read, which a scalar float or double
    // never does: `vroundsd $11, %1, %0, %0` on a "=x" double does not read its output's value.
    if (const int lane = vex_scalar_lane_bits(op); lane && o.defs.size() == 1 && o.uses.size() >= 2 && !o.memory) {
        const DecodedOperand &dst = *o.defs.front();
        for (size_t k = 1; k < o.uses.size(); ++k) effect(MicroOpKind::Use, {}, place_of(*o.uses[k]));
        effect(MicroOpKind::PackHigh, place_of(dst), place_of(*o.uses.front()), lane);
        return;
    }
    // movd of an MMX or XMM register to a 32-bit register reads only its low 32 bits.
    if ((op == "MMX_MOVD64grr" || op == "MOVPDI2DIrr" || op == "VMOVPDI2DIrr") && o.defs.size() == 1 && o.uses.size() == 1) {
        effect(MicroOpKind::Move, place_of(*o.defs.front()), Place::reg_of(o.uses.front()->reg, 32), 0,
               extension_of(in, *o.defs.front()));
        if (starts_with(op, "MMX_")) effect(MicroOpKind::X87Unknown, {});
        return;
    }
    if (starts_with(op, "MMX_EMMS") || op == "FEMMS") {
        effect(MicroOpKind::X87Clear, {});
        return;
    }
    if (starts_with(op, "MMX_")) {  // the MMX registers are the x87 slots
        describe_generic_with(in);
        effect(MicroOpKind::X87Unknown, {});
        return;
    }

    // push and pop, of registers, memory, immediates and label addresses.
    if (starts_with(op, "PUSH") || starts_with(op, "POP")) {
        const bool is_push = starts_with(op, "PUSH");
        in.pushes = is_push;
        int bits = opcode_bits(op, is_push ? 4 : 3);
        if (!bits) bits = op.find("16") != std::string::npos ? 16 : word;
        if (op == "PUSHA32" || op == "PUSHA16" || op == "POPA32" || op == "POPA16") {
            const int size = op.back() == '2' ? 32 : 16;
            static const char *const order[] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"};
            const std::string stack = "rsp";
            if (is_push) {
                for (const char *name : order)  // the pushed stack pointer is not popped back
                    effect(MicroOpKind::Push, {}, name == stack ? Place() : Place::reg_of(family(name), static_cast<uint16_t>(size)),
                           size / 8);
            } else {
                for (int k = 7; k >= 0; --k)
                    effect(MicroOpKind::Pop, order[k] == stack ? Place() : Place::reg_of(family(order[k]), static_cast<uint16_t>(size)),
                           {}, size / 8);
            }
            return;
        }
        Place place;  // flags and segment pushes name no operand
        if (!o.uses.empty() && is_push) place = place_of(*o.uses.front());
        if (!o.defs.empty() && !is_push) place = place_of(*o.defs.front());
        if (o.memory) place = Place::memory_of(memory_index(in), static_cast<uint16_t>(bits));
        if (o.immediate && is_push) place = source_of(o.immediate, bits);
        for (const char *segment : {"FS", "GS", "DS", "ES", "SS", "CS"})
            if (op.find(segment, is_push ? 4 : 3) == (is_push ? 4u : 3u)) {
                std::string name(segment);
                for (char &c : name) c = static_cast<char>(c - 'A' + 'a');
                place = Place::reg_of(find_register(name));
            }
        if (is_push)
            effect(MicroOpKind::Push, {}, place, bits / 8);
        else
            effect(MicroOpKind::Pop, place, {}, bits / 8, o.defs.empty() ? Extension::Merge : extension_of(in, *o.defs.front()));
        return;
    }
    if (op == "LEAVE" || op == "LEAVE64") {
        effect(MicroOpKind::Move, Place::reg_of(sp), Place::reg_of(family("rbp")));
        effect(MicroOpKind::Pop, Place::reg_of(family("rbp")), {}, word / 8);
        return;
    }
    if (starts_with(op, "LEA") && !o.defs.empty() && o.memory) {
        effect(MicroOpKind::LoadAddress, place_of(*o.defs.front()), Place::memory_of(memory_index(in)), 0,
               extension_of(in, *o.defs.front()));
        return;
    }
    // xchg: registers (one of them rax/eax in the short form) or a register and memory.
    if (starts_with(op, "XCHG")) {
        const int bits = opcode_bits(op, 4);
        const Place first = o.defs.empty() ? Place() : place_of(*o.defs.front());
        Place second;
        if (o.memory)
            second = Place::memory_of(memory_index(in), static_cast<uint16_t>(bits));
        else if (o.defs.size() >= 2)
            second = place_of(*o.defs[1]);
        else
            second = Place::reg_of(family("rax"), static_cast<uint16_t>(bits));
        effect(MicroOpKind::Exchange, first, second, 0, o.defs.empty() ? Extension::Merge : extension_of(in, *o.defs.front()));
        return;
    }
    if (starts_with(op, "BSWAP") || starts_with(op, "NOT") || starts_with(op, "NEG")) {
        if (o.defs.empty() || o.memory) return describe_generic_with(in);
        const InvolutionOp kind = op[0] == 'B' ? InvolutionOp::ByteSwap : op[1] == 'O' ? InvolutionOp::Not : InvolutionOp::Negate;
        effect(MicroOpKind::Involution, place_of(*o.defs.front()), place_of(*o.defs.front()), static_cast<int64_t>(kind),
               extension_of(in, *o.defs.front()));
        if (kind == InvolutionOp::Negate) effect(MicroOpKind::Write, Place::reg_of(flags));
        return;
    }
    for (const char *merge : kMergeScalar) {
        if (!starts_with(op, merge) || o.defs.empty()) continue;
        for (const DecodedOperand *use : o.uses)
            if (use->reg != o.defs.front()->reg) effect(MicroOpKind::Use, {}, place_of(*use));
        if (o.memory) effect(MicroOpKind::Use, {}, Place::memory_of(memory_index(in)));
        effect(MicroOpKind::Write, place_of(*o.defs.front()));
        return;
    }
    // Stack-pointer arithmetic: add/sub of an immediate moves it by a known amount; and-ing it
    // (alignment) keeps it on its stack by an unknown amount.
    if ((starts_with(op, "ADD") || starts_with(op, "SUB")) && o.defs.size() == 1 && o.immediate &&
        o.immediate->kind == DecodedOperand::Kind::Immediate && !o.memory && o.uses.size() == 1) {
        const int64_t amount = op[0] == 'A' ? o.immediate->value : -o.immediate->value;
        effect(MicroOpKind::AddImmediate, place_of(*o.defs.front()), place_of(*o.uses.front()), amount,
               extension_of(in, *o.defs.front()));
        effect(MicroOpKind::Write, Place::reg_of(flags));
        return;
    }
    if (starts_with(op, "AND") && o.defs.size() == 1 && o.defs.front()->reg == sp && !o.memory) {
        effect(MicroOpKind::DeriveStack, place_of(*o.defs.front()), place_of(*o.uses.front()));
        effect(MicroOpKind::Write, Place::reg_of(flags));
        return;
    }
    if (op == "CPUID") {  // ecx (the sub-leaf) is read only for leaves that have sub-leaves
        effect(MicroOpKind::Use, {}, Place::reg_of(family("rax"), 32));
        effect(MicroOpKind::SelectedUse, Place::reg_of(family("rax"), 32), Place::reg_of(family("rcx"), 32));
        for (const char *name : {"rax", "rbx", "rcx", "rdx"})
            effect(MicroOpKind::Write, Place::reg_of(family(name), 32), {}, 0, is64_ ? Extension::ZeroExtend : Extension::Merge);
        return;
    }
    // FP/SIMD state saves and restores (the whole x87/MMX/SSE/AVX state, or the x87 part).
    struct StateInstruction {
        const char *prefix;
        bool save;
        int64_t files;
    };
    static const StateInstruction kStates[] = {
        {"FXSAVE", true, kFpX87 | kFpVector}, {"FXRSTOR", false, kFpX87 | kFpVector},
        {"XSAVE", true, kFpX87 | kFpVector},  {"XRSTOR", false, kFpX87 | kFpVector},
        {"FSAVE", true, kFpX87},              {"FRSTOR", false, kFpX87},
    };
    for (const StateInstruction &state : kStates) {
        if (!starts_with(op, state.prefix) || !o.memory) continue;
        effect(state.save ? MicroOpKind::SaveFp : MicroOpKind::RestoreFp, {}, Place::memory_of(memory_index(in)), state.files);
        if (starts_with(op, "FSAVE")) effect(MicroOpKind::X87Clear, {});  // fnsave also initialises the x87 unit
        return;
    }
}

bool X86Model::selector_reads(const DecodedInstruction &in, int64_t selector) const {
    return in.opcode != "CPUID" || !leaf_ignores_ecx(selector);
}

// Reads are uses, writes get unknown values: what the interpreter does for undescribed
// instructions, spelled out so a description can add to it.
void X86Model::describe_generic_with(DecodedInstruction &in) const {
    in.described = true;
    in.reads.for_each([&](RegisterId r) {
        if (r != stack_pointer && kind(r) != RegisterKind::Flags)
            in.effects.push_back({MicroOpKind::Use, {}, Place::reg_of(r), Extension::Merge, 0});
    });
    for (size_t m = 0; m < in.memory.size(); ++m) {
        if (in.memory[m].access && in.memory[m].load)
            in.effects.push_back({MicroOpKind::Use, {}, Place::memory_of(static_cast<int>(m)), Extension::Merge, 0});
        if (in.memory[m].access && in.memory[m].store)
            in.effects.push_back({MicroOpKind::Write, Place::memory_of(static_cast<int>(m)), {}, Extension::Merge, 0});
    }
    in.writes.for_each([&](RegisterId r) {
        if (r != stack_pointer) in.effects.push_back({MicroOpKind::Write, Place::reg_of(r), {}, Extension::Merge, 0});
    });
}

}  // namespace heisen::asmcheck::x86
