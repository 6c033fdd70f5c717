// x87_stack.cpp — the x87 register stack as a stack: fld pushes, fstp pops, fsincos pushes a
// second result, fyl2x pops one, fxch exchanges, fninit empties it. LLVM's MC descriptions say
// little about the x87 (fsqrt reads and writes nothing there), so every x87 instruction is
// described from this table.
#include <cstring>
#include <string>

#include "asm/x86/x86_model.h"

namespace heisen::asmcheck::x86 {

namespace {

enum class X87Action {
    PushMemory,     // fld mem, fild mem: push the loaded value
    PushRegister,   // fld st(i): push a copy
    PushConstant,   // fldz, fld1, fldpi …
    StoreMemory,    // fst/fist mem (and the popping forms)
    StoreRegister,  // fst st(i), fstp st(i)
    ArithmeticTop,  // st(0) op= memory or st(i) (fadd mem, fadd st(i), st; fcmov)
    ArithmeticInto, // st(i) op= st(0) (fadd st, st(i); faddp pops)
    Unary,          // st(0) := f(st(0)) (fsqrt, fchs …), or f(st(0), st(1)) (fscale, fprem)
    PushResult,     // st(0) := f(st(0)), then push a second result (fsincos, fptan, fxtract)
    PopResult,      // st(1) := f(st(0), st(1)), then pop (fyl2x, fpatan)
    Compare,        // reads st(0) and st(i) or memory; pops `pops` times
    Exchange,       // fxch st(i)
    Free,           // ffree st(i)
    Initialise,     // fninit: empty
    Rotate,         // fincstp, fdecstp: the slots move without a push or pop
};

struct X87Entry {
    const char *opcode;  // exact LLVM opcode name, or a prefix ending in '*'
    X87Action action;
    int pops;
};

constexpr X87Entry kX87[] = {
    {"LD_F32m", X87Action::PushMemory, 0},     {"LD_F64m", X87Action::PushMemory, 0},
    {"LD_F80m", X87Action::PushMemory, 0},     {"ILD_F*m", X87Action::PushMemory, 0},
    {"FBLDm", X87Action::PushMemory, 0},       {"LD_Frr", X87Action::PushRegister, 0},
    {"LD_F0", X87Action::PushConstant, 0},     {"LD_F1", X87Action::PushConstant, 0},
    {"FLDPI", X87Action::PushConstant, 0},     {"FLDL2E", X87Action::PushConstant, 0},
    {"FLDL2T", X87Action::PushConstant, 0},    {"FLDLG2", X87Action::PushConstant, 0},
    {"FLDLN2", X87Action::PushConstant, 0},    {"ST_F32m", X87Action::StoreMemory, 0},
    {"ST_F64m", X87Action::StoreMemory, 0},    {"IST_F16m", X87Action::StoreMemory, 0},
    {"IST_F32m", X87Action::StoreMemory, 0},   {"ST_FP*m", X87Action::StoreMemory, 1},
    {"IST_FP*m", X87Action::StoreMemory, 1},   {"ISTT_FP*m", X87Action::StoreMemory, 1},
    {"FBSTPm", X87Action::StoreMemory, 1},     {"ST_Frr", X87Action::StoreRegister, 0},
    {"ST_FPrr", X87Action::StoreRegister, 1},
    {"CHS_F", X87Action::Unary, 0},            {"ABS_F", X87Action::Unary, 0},
    {"SQRT_F", X87Action::Unary, 0},           {"FRNDINT", X87Action::Unary, 0},
    {"FSIN", X87Action::Unary, 0},             {"FCOS", X87Action::Unary, 0},
    {"F2XM1", X87Action::Unary, 0},            {"FSCALE", X87Action::Unary, 0},
    {"FPREM", X87Action::Unary, 0},            {"FPREM1", X87Action::Unary, 0},
    {"FSINCOS", X87Action::PushResult, 0},     {"FPTAN", X87Action::PushResult, 0},
    {"FXTRACT", X87Action::PushResult, 0},     {"FYL2X", X87Action::PopResult, 1},
    {"FYL2XP1", X87Action::PopResult, 1},      {"FPATAN", X87Action::PopResult, 1},
    {"COM_FST0r", X87Action::Compare, 0},      {"UCOM_Fr", X87Action::Compare, 0},
    {"COM_FIr", X87Action::Compare, 0},        {"UCOM_FIr", X87Action::Compare, 0},
    {"TST_F", X87Action::Compare, 0},          {"XAM_F", X87Action::Compare, 0},
    {"FCOM32m", X87Action::Compare, 0},        {"FCOM64m", X87Action::Compare, 0},
    {"FICOM16m", X87Action::Compare, 0},       {"FICOM32m", X87Action::Compare, 0},
    {"COMP_FST0r", X87Action::Compare, 1},     {"UCOM_FPr", X87Action::Compare, 1},
    {"COM_FIPr", X87Action::Compare, 1},       {"UCOM_FIPr", X87Action::Compare, 1},
    {"FCOMP32m", X87Action::Compare, 1},       {"FCOMP64m", X87Action::Compare, 1},
    {"FICOMP16m", X87Action::Compare, 1},      {"FICOMP32m", X87Action::Compare, 1},
    {"FCOMPP", X87Action::Compare, 2},         {"UCOM_FPPr", X87Action::Compare, 2},
    {"XCH_F", X87Action::Exchange, 0},         {"FFREE", X87Action::Free, 0},
    {"FFREEP", X87Action::Free, 1},            {"FNINIT", X87Action::Initialise, 0},
    {"FINCSTP", X87Action::Rotate, 0},         {"FDECSTP", X87Action::Rotate, 0},
    {"CMOV*_F", X87Action::ArithmeticTop, 0},
};

const char *const kArithmetic[] = {"ADD", "SUB", "SUBR", "MUL", "DIV", "DIVR"};

bool matches(const std::string &opcode, const char *pattern) {
    const char *star = std::strchr(pattern, '*');
    if (!star) return opcode == pattern;
    const std::string prefix(pattern, static_cast<size_t>(star - pattern)), suffix(star + 1);
    return opcode.size() >= prefix.size() + suffix.size() && opcode.compare(0, prefix.size(), prefix) == 0 &&
           opcode.compare(opcode.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool find_action(const std::string &opcode, X87Action &action, int &pops) {
    for (const X87Entry &entry : kX87)
        if (matches(opcode, entry.opcode)) {
            action = entry.action;
            pops = entry.pops;
            return true;
        }
    // fadd and friends: _F32m/_F64m/_FI16m/_FI32m (st(0) op= memory), _FST0r (st(0) op= st(i)),
    // _FrST0 (st(i) op= st(0)), _FPrST0 (the same, then pop).
    for (const char *name : kArithmetic) {
        const std::string base = std::string(name) + "_F";
        if (opcode.rfind(base, 0) != 0) continue;
        const std::string rest = opcode.substr(base.size());
        pops = 0;
        if (rest == "32m" || rest == "64m" || rest == "I16m" || rest == "I32m" || rest == "ST0r") {
            action = X87Action::ArithmeticTop;
            return true;
        }
        if (rest == "rST0" || rest == "PrST0") {
            action = X87Action::ArithmeticInto;
            pops = rest[0] == 'P' ? 1 : 0;
            return true;
        }
    }
    return false;
}

int memory_bits(const std::string &opcode) {
    if (opcode.find("80") != std::string::npos) return 80;
    if (opcode.find("64") != std::string::npos) return 64;
    if (opcode.find("16") != std::string::npos) return 16;
    return 32;
}

}  // namespace

bool X86Model::describe_x87(DecodedInstruction &in) const {
    X87Action action;
    int pops = 0;
    if (!find_action(in.opcode, action, pops)) return false;
    in.described = true;
    // The st(i) operand, if the instruction names one.
    int position = -1;
    for (const DecodedOperand &op : in.operands)
        if (op.kind == DecodedOperand::Kind::Register && op.reg != kNoRegister && kind(op.reg) == RegisterKind::X87)
            position = op.reg - x87_first;
    const bool has_memory = !in.memory.empty();
    const Place memory = Place::memory_of(0, static_cast<uint16_t>(memory_bits(in.opcode)));
    auto effect = [&](MicroOpKind kind, Place dst = {}, Place src = {}, int64_t amount = 0) {
        in.effects.push_back({kind, dst, src, Extension::Merge, amount});
    };
    auto use = [&](Place p) { effect(MicroOpKind::Use, {}, p); };
    switch (action) {
    case X87Action::PushMemory:
        if (memory.bits == 80 && !in.opcode.empty() && in.opcode[0] == 'L') {
            effect(MicroOpKind::X87Push, {}, memory);  // 80 bits: exactly what fstpt stored
        } else {
            use(memory);
            effect(MicroOpKind::X87Push, {}, {});
        }
        break;
    case X87Action::PushRegister: effect(MicroOpKind::X87Push, {}, Place::x87(position < 0 ? 0 : position)); break;
    case X87Action::PushConstant: effect(MicroOpKind::X87Push, {}, {}); break;
    case X87Action::StoreMemory:
        if (memory.bits == 80 && in.opcode.rfind("ST_", 0) == 0) {
            effect(MicroOpKind::Move, memory, Place::x87(0));
        } else {
            use(Place::x87(0));
            effect(MicroOpKind::Write, memory);
        }
        if (pops) effect(MicroOpKind::X87Pop, {}, {}, pops);
        break;
    case X87Action::StoreRegister:
        effect(MicroOpKind::Move, Place::x87(position < 0 ? 1 : position), Place::x87(0));
        if (pops) effect(MicroOpKind::X87Pop, {}, {}, pops);
        break;
    case X87Action::ArithmeticTop:
        use(Place::x87(0));
        if (has_memory) use(memory);
        if (position >= 0) use(Place::x87(position));
        effect(MicroOpKind::Write, Place::x87(0));
        break;
    case X87Action::ArithmeticInto:
        use(Place::x87(0));
        use(Place::x87(position < 0 ? 1 : position));
        effect(MicroOpKind::Write, Place::x87(position < 0 ? 1 : position));
        if (pops) effect(MicroOpKind::X87Pop, {}, {}, pops);
        break;
    case X87Action::Unary:
        use(Place::x87(0));
        effect(MicroOpKind::Write, Place::x87(0));
        break;
    case X87Action::PushResult:
        use(Place::x87(0));
        effect(MicroOpKind::Write, Place::x87(0));
        effect(MicroOpKind::X87Push, {}, {});
        break;
    case X87Action::PopResult:
        use(Place::x87(0));
        use(Place::x87(1));
        effect(MicroOpKind::Write, Place::x87(1));
        effect(MicroOpKind::X87Pop, {}, {}, 1);
        break;
    case X87Action::Compare:
        use(Place::x87(0));
        if (has_memory) use(memory);
        if (position > 0) use(Place::x87(position));
        if (pops) effect(MicroOpKind::X87Pop, {}, {}, pops);
        break;
    case X87Action::Exchange:
        effect(MicroOpKind::Exchange, Place::x87(0), Place::x87(position < 0 ? 1 : position));
        break;
    case X87Action::Free:
        effect(MicroOpKind::Write, Place::x87(position < 0 ? 0 : position));
        if (pops) effect(MicroOpKind::X87Pop, {}, {}, pops);
        break;
    case X87Action::Initialise: effect(MicroOpKind::X87Clear); break;
    case X87Action::Rotate: effect(MicroOpKind::X87Unknown); break;
    }
    return true;
}

}  // namespace heisen::asmcheck::x86
