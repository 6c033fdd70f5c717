// target.cpp — the riscv64 target's identity (names, triple, predefined macros, -march=rv64…),
// its register file (x0–x31, f0–f31) and LP64D ABI register sets, and its constraint letters.
#include <string>

#include "asm/riscv64/riscv64_model.h"

extern "C" {
void LLVMInitializeRISCVTargetInfo();
void LLVMInitializeRISCVTargetMC();
void LLVMInitializeRISCVAsmParser();
void LLVMInitializeRISCVDisassembler();
}

namespace heisen::asmcheck {
namespace riscv64 {

namespace {

}  // namespace

Riscv64Model::Riscv64Model() {
    target = Target::RISCV64;
    target_label = "riscv64";
    target_family = "riscv";
    architectures = {"riscv64"};
    alias_prefixes = {"rv64"};
    predefined_macros = {"__riscv", "__riscv_xlen", "__LP64__", "_LP64", "__GNUC__", "__ELF__"};
    triple = "riscv64-unknown-elf";
    // No "+c": the parser would hand back compressed instructions (C_ADDI16SP …).
    features = "+m,+a,+f,+d,+zba,+zbb,+zbc,+zbs,+zicbom,+zicboz,+zicbop,+zihintpause";
    using K = RegisterKind;
    // {ABI name, kind, {ABI name, xN, other spelling}} for x0 … x31, then f0 … f31.
    static const char *const x_names[32] = {
        "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
        "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
        "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
    static const char *const x_numbers[32] = {
        "x0",  "x1",  "x2",  "x3",  "x4",  "x5",  "x6",  "x7",  "x8",  "x9",  "x10",
        "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21",
        "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "x30", "x31"};
    for (int i = 0; i < 32; ++i) {
        K kind = K::General;
        if (i == 0 || i == 3 || i == 4) kind = K::Fixed;  // zero, gp, tp
        if (i == 2) kind = K::StackPointer;
        registers.push_back({x_names[i], kind, {x_names[i], x_numbers[i], i == 8 ? "fp" : "", ""}, nullptr, {64, 64, 64, 0}});
    }
    static const char *const f_names[32] = {
        "ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",  "fs0",  "fs1", "fa0",
        "fa1", "fa2", "fa3",  "fa4",  "fa5", "fa6", "fa7",  "fs2",  "fs3",  "fs4", "fs5",
        "fs6", "fs7", "fs8",  "fs9",  "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
    static const char *const f_numbers[32] = {
        "f0",  "f1",  "f2",  "f3",  "f4",  "f5",  "f6",  "f7",  "f8",  "f9",  "f10",
        "f11", "f12", "f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21",
        "f22", "f23", "f24", "f25", "f26", "f27", "f28", "f29", "f30", "f31"};
    for (int i = 0; i < 32; ++i)
        registers.push_back({f_names[i], K::Vector, {f_names[i], f_numbers[i], "", ""}, nullptr, {64, 64, 0, 0}});
    finish_tables();

    const char *general = "a5 a4 a3 a2 a1 a0 a6 a7 t0 t1 t2 t3 t4 t5 t6 s1 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11";
    constraint_letters = {
        {"r", ConstraintKind::Register, general},
        {"cr", ConstraintKind::Register, "a5 a4 a3 a2 a1 a0 s1 s0"},
        {"f", ConstraintKind::Register, "fa5 fa4 fa3 fa2 fa1 fa0 fa6 fa7 ft0 ft1 ft2 ft3"},
        {"cf", ConstraintKind::Register, "fa5 fa4 fa3 fa2 fa1 fa0 fs1 fs0"},
        {"m", ConstraintKind::Memory, nullptr},
        {"o", ConstraintKind::Memory, nullptr},
        {"A", ConstraintKind::Memory, nullptr},
        {"p", ConstraintKind::Address, nullptr},
        {"g", ConstraintKind::General, nullptr},
        {"X", ConstraintKind::General, nullptr},
        {"i", ConstraintKind::Immediate, nullptr},
        {"n", ConstraintKind::Immediate, nullptr},
        {"s", ConstraintKind::Immediate, nullptr},
        {"I", ConstraintKind::Immediate, nullptr},
        {"J", ConstraintKind::Immediate, nullptr},
        {"K", ConstraintKind::Immediate, nullptr},
        {"S", ConstraintKind::Immediate, nullptr},
    };
    stack_pointer = find_register("sp");
    return_address = find_register("ra");
    zero_register = find_register("zero");
    // LP64D: s0–s11 and fs0–fs11 survive a call; ra must survive a stack switch.
    for (const char *reg : {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "ra",
                            "fs0", "fs1", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11"})
        callee_saved.add(find_register(reg));
    for (const char *reg : {"t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4",
                            "a5", "a6", "a7", "ra"})
        caller_saved.add(find_register(reg));
    // ra is clobbered by any call, and a stack switch must keep it: it sits in both sets.
    register_widths = {Width::W64};
    memory_bases = "s11 s10 s9 s8 s7 s6 s5 s4 s3 s2 a7 a6 t6 t5 t4 t3";
    symbol_immediate_letters = "sS";
    vector_description = "floating-point";
}

bool Riscv64Model::selected_by_flag(std::string_view flag, const TargetModel &) const {
    return starts_with(flag, "-march=rv64");
}

void Riscv64Model::initialise_llvm() const {
    LLVMInitializeRISCVTargetInfo();
    LLVMInitializeRISCVTargetMC();
    LLVMInitializeRISCVAsmParser();
    LLVMInitializeRISCVDisassembler();
}

}  // namespace riscv64

const TargetModel &riscv64_model() {
    static const riscv64::Riscv64Model model;
    return model;
}

}  // namespace heisen::asmcheck
