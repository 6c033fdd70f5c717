// target.cpp — the x86 targets' identity (names, triples, predefined macros, -m32/-m64), their
// register files and ABI register sets, and their constraint letters.
#include <string>

#include "asm/x86/x86_model.h"

extern "C" {
void LLVMInitializeX86TargetInfo();
void LLVMInitializeX86TargetMC();
void LLVMInitializeX86AsmParser();
void LLVMInitializeX86Disassembler();
}

namespace heisen::asmcheck {
namespace x86 {

namespace {

// Constraint letters shared by both x86 targets; the candidate lists name registers of the
// 64-bit model and are translated for i386 by the i386 constructor. Candidates are ordered so
// that placeholders avoid registers instructions use implicitly (ax/dx/cx/si/di) where possible.
std::vector<ConstraintLetter> x86_letters(bool is64) {
    const char *general = is64 ? "r8 r9 r10 r11 r12 r13 r14 r15 rbx rsi rdi rcx rdx rax"
                               : "ebx esi edi ecx edx eax";
    const char *byte_addressable = is64 ? general : "ebx ecx edx eax";
    const char *legacy = is64 ? "rbx rsi rdi rcx rdx rax" : "ebx esi edi ecx edx eax";
    const char *abcd = is64 ? "rbx rcx rdx rax" : "ebx ecx edx eax";
    const char *caller_saved = is64 ? "r8 r9 r10 r11 rsi rdi rcx rdx rax" : "ecx edx eax";
    const char *vectors = is64 ? "xmm15 xmm14 xmm13 xmm12 xmm11 xmm10 xmm9 xmm8 xmm7 xmm6"
                               : "xmm7 xmm6 xmm5 xmm4 xmm3 xmm2 xmm1";
    return {
        {"r", ConstraintKind::Register, general},
        {"q", ConstraintKind::Register, byte_addressable},
        {"Q", ConstraintKind::Register, abcd},
        {"R", ConstraintKind::Register, legacy},
        {"l", ConstraintKind::Register, general},
        {"U", ConstraintKind::Register, caller_saved},
        {"a", ConstraintKind::Register, is64 ? "rax" : "eax"},
        {"b", ConstraintKind::Register, is64 ? "rbx" : "ebx"},
        {"c", ConstraintKind::Register, is64 ? "rcx" : "ecx"},
        {"d", ConstraintKind::Register, is64 ? "rdx" : "edx"},
        {"S", ConstraintKind::Register, is64 ? "rsi" : "esi"},
        {"D", ConstraintKind::Register, is64 ? "rdi" : "edi"},
        // "A": a double-word value in the dx:ax pair. On x86-64 a 64-bit value is a single
        // word and lives in rax *or* rdx (the classic rdtsc/rdmsr "=A" bug), so no pair there.
        {"A", ConstraintKind::Register, is64 ? "rax rdx" : "eax", /*register_pair=*/!is64},
        {"x", ConstraintKind::Register, vectors},
        {"v", ConstraintKind::Register, vectors},
        {"Yz", ConstraintKind::Register, "xmm0"},
        {"y", ConstraintKind::Register, "mm7 mm6 mm5 mm4 mm3 mm2 mm1 mm0"},
        {"k", ConstraintKind::Register, "k7 k6 k5 k4 k3 k2 k1"},
        {"Yk", ConstraintKind::Register, "k7 k6 k5 k4 k3 k2 k1"},
        {"t", ConstraintKind::Register, "st0"},
        {"u", ConstraintKind::Register, "st1"},
        {"f", ConstraintKind::Register, "st7 st6 st5 st4 st3 st2"},
        {"m", ConstraintKind::Memory, nullptr},
        {"o", ConstraintKind::Memory, nullptr},
        {"V", ConstraintKind::Memory, nullptr},
        {"p", ConstraintKind::Address, nullptr},
        {"g", ConstraintKind::General, nullptr},
        {"X", ConstraintKind::General, nullptr},
        {"i", ConstraintKind::Immediate, nullptr},
        {"n", ConstraintKind::Immediate, nullptr},
        {"s", ConstraintKind::Immediate, nullptr},
        {"e", ConstraintKind::Immediate, nullptr},
        {"Z", ConstraintKind::Immediate, nullptr},
        {"E", ConstraintKind::Immediate, nullptr},
        {"F", ConstraintKind::Immediate, nullptr},
        {"I", ConstraintKind::Immediate, nullptr},
        {"J", ConstraintKind::Immediate, nullptr},
        {"K", ConstraintKind::Immediate, nullptr},
        {"L", ConstraintKind::Immediate, nullptr},
        {"M", ConstraintKind::Immediate, nullptr},
        {"N", ConstraintKind::Immediate, nullptr},
        {"O", ConstraintKind::Immediate, nullptr},
        {"G", ConstraintKind::Immediate, nullptr},
        {"C", ConstraintKind::Immediate, nullptr},
    };
}

}  // namespace

X86Model::X86Model(bool is64) : is64_(is64) {
    target = is64 ? Target::X86_64 : Target::I386;
    target_label = is64 ? "x86_64" : "i386";
    target_family = "x86";
    if (is64) {
        architectures = {"x86_64", "amd64"};
        aliases = {"x86-64", "x64"};
        predefined_macros = {"__x86_64__", "__x86_64", "__amd64__", "__amd64", "__LP64__", "_LP64", "__GNUC__", "__ELF__"};
    } else {
        architectures = {"i386", "i486", "i586", "i686"};
        aliases = {"x86", "ia32"};
        predefined_macros = {"__i386__", "__i386", "i386", "__GNUC__", "__ELF__"};
    }
    triple = is64 ? "x86_64-unknown-linux-gnu" : "i386-unknown-linux-gnu";
    features = "";
    mc_memory = {5, 0, 2, 3, 4};  // base, scale, index, displacement, segment
    using K = RegisterKind;
    auto gpr = [&](const char *r64, const char *r32, const char *r16, const char *r8,
                   const char *high, K kind = K::General) {
        if (is64_)
            registers.push_back({r64, kind, {r64, r32, r16, r8}, high, {64, 32, 16, 8}});
        else if (r32[0] != 'r') {  // r8d … r15d do not exist on i386
            registers.push_back({r32, kind, {"", r32, r16, high ? r8 : ""}, high, {0, 32, 16, 8}});
            clobber_aliases.emplace_back(r64, r32);
        }
    };
    gpr("rax", "eax", "ax", "al", "ah");
    gpr("rbx", "ebx", "bx", "bl", "bh");
    gpr("rcx", "ecx", "cx", "cl", "ch");
    gpr("rdx", "edx", "dx", "dl", "dh");
    gpr("rsi", "esi", "si", "sil", nullptr);
    gpr("rdi", "edi", "di", "dil", nullptr);
    gpr("rbp", "ebp", "bp", "bpl", nullptr);
    gpr("rsp", "esp", "sp", "spl", nullptr, K::StackPointer);
    gpr("r8", "r8d", "r8w", "r8b", nullptr);
    gpr("r9", "r9d", "r9w", "r9b", nullptr);
    gpr("r10", "r10d", "r10w", "r10b", nullptr);
    gpr("r11", "r11d", "r11w", "r11b", nullptr);
    gpr("r12", "r12d", "r12w", "r12b", nullptr);
    gpr("r13", "r13d", "r13w", "r13b", nullptr);
    gpr("r14", "r14d", "r14w", "r14b", nullptr);
    gpr("r15", "r15d", "r15w", "r15b", nullptr);
    registers.push_back({is64 ? "rip" : "eip", K::ProgramCounter, {"rip", "eip", "ip", ""}, nullptr, {64, 32, 16, 0}});
    registers.push_back({"flags", K::Flags, {"eflags", "rflags", "", ""}, nullptr, {32, 64, 0, 0}});
    // xmm, ymm and zmm are one register at three widths; xmm16–xmm31 exist with AVX-512 only.
    static const char *const vector_names[32][3] = {
        {"xmm0", "ymm0", "zmm0"},
        {"xmm1", "ymm1", "zmm1"},
        {"xmm2", "ymm2", "zmm2"},
        {"xmm3", "ymm3", "zmm3"},
        {"xmm4", "ymm4", "zmm4"},
        {"xmm5", "ymm5", "zmm5"},
        {"xmm6", "ymm6", "zmm6"},
        {"xmm7", "ymm7", "zmm7"},
        {"xmm8", "ymm8", "zmm8"},
        {"xmm9", "ymm9", "zmm9"},
        {"xmm10", "ymm10", "zmm10"},
        {"xmm11", "ymm11", "zmm11"},
        {"xmm12", "ymm12", "zmm12"},
        {"xmm13", "ymm13", "zmm13"},
        {"xmm14", "ymm14", "zmm14"},
        {"xmm15", "ymm15", "zmm15"},
        {"xmm16", "ymm16", "zmm16"},
        {"xmm17", "ymm17", "zmm17"},
        {"xmm18", "ymm18", "zmm18"},
        {"xmm19", "ymm19", "zmm19"},
        {"xmm20", "ymm20", "zmm20"},
        {"xmm21", "ymm21", "zmm21"},
        {"xmm22", "ymm22", "zmm22"},
        {"xmm23", "ymm23", "zmm23"},
        {"xmm24", "ymm24", "zmm24"},
        {"xmm25", "ymm25", "zmm25"},
        {"xmm26", "ymm26", "zmm26"},
        {"xmm27", "ymm27", "zmm27"},
        {"xmm28", "ymm28", "zmm28"},
        {"xmm29", "ymm29", "zmm29"},
        {"xmm30", "ymm30", "zmm30"},
        {"xmm31", "ymm31", "zmm31"}};
    for (int i = 0; i < (is64 ? 32 : 8); ++i)
        registers.push_back({vector_names[i][0], K::Vector,
                             {vector_names[i][0], vector_names[i][1], vector_names[i][2], ""},
                             nullptr, {128, 256, 512, 0}});
    // x87 stack slots: "st" and "st(1)" are how clobbers name them. They are tracked as a stack
    // (x87_first + k is st(k) at the time), and the MMX registers are the same bits.
    static const char *const x87[8][2] = {{"st", "st0"},    {"st(1)", "st1"}, {"st(2)", "st2"},
                                           {"st(3)", "st3"}, {"st(4)", "st4"}, {"st(5)", "st5"},
                                           {"st(6)", "st6"}, {"st(7)", "st7"}};
    for (const auto &slot : x87) registers.push_back({slot[0], K::X87, {slot[1], "", "", ""}, nullptr, {80, 0, 0, 0}});
    static const char *const mmx[8] = {"mm0", "mm1", "mm2", "mm3", "mm4", "mm5", "mm6", "mm7"};
    for (const char *mm : mmx) registers.push_back({mm, K::Mmx, {mm, "", "", ""}, nullptr, {64, 0, 0, 0}});
    static const char *const masks[8] = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"};
    for (const char *k : masks) registers.push_back({k, K::Mask, {k, "", "", ""}, nullptr, {64, 0, 0, 0}});
    // Segment registers: system state a template may load on purpose; the compiler allocates
    // none of them and no clobber names them.
    static const char *const segments[6] = {"es", "cs", "ss", "ds", "fs", "gs"};
    for (const char *seg : segments) registers.push_back({seg, K::Fixed, {seg, "", "", ""}, nullptr, {16, 0, 0, 0}});
    finish_tables();

    constraint_letters = x86_letters(is64);
    stack_pointer = find_register("rsp") != kNoRegister ? find_register("rsp") : find_register("esp");
    flags = find_register("flags");
    for (const char *reg : is64 ? std::vector<const char *>{"rbx", "rbp", "r12", "r13", "r14", "r15"}
                                 : std::vector<const char *>{"ebx", "esi", "edi", "ebp"})
        callee_saved.add(find_register(reg));
    for (const char *reg : is64 ? std::vector<const char *>{"rax", "rcx", "rdx", "rsi", "rdi", "r8",
                                                             "r9", "r10", "r11", "flags"}
                                 : std::vector<const char *>{"eax", "ecx", "edx", "flags"})
        caller_saved.add(find_register(reg));
    memory_bases = is64 ? "r15 r14 r13 r12 r11 r10 r9 r8 rbx rsi rdi rcx rdx rax" : "edi esi ebx ecx edx eax";
    register_widths = is64 ? std::vector<Width>{Width::W64, Width::W32, Width::W16, Width::W8}
                           : std::vector<Width>{Width::W32, Width::W16, Width::W8};
    register_pair_high = find_register(is64 ? "rdx" : "edx");
    x87_first = find_register("st");
    return_address_bytes = is64 ? 8 : 4;
    dialect_alternatives = true;
    // i386's base ABI has no SSE: xmm registers exist only with -msse, and GCC refuses to let
    // a statement clobber them otherwise. xmm16–xmm31 and the mask registers k0–k7 exist only
    // with AVX-512.
    for (size_t i = 0; i < registers.size(); ++i) {
        const TrackedRegister &reg = registers[i];
        const bool avx512 = reg.kind == RegisterKind::Mask ||
                            (reg.kind == RegisterKind::Vector && std::string(reg.name).size() == 5 &&
                             std::string(reg.name) >= "xmm16");
        if (is64 ? avx512 : reg.kind == RegisterKind::Vector) optional_registers.add(static_cast<RegisterId>(i));
    }
    optional_registers_note = is64 ? "built with AVX-512, the compiler also keeps values in xmm16–xmm31 and k0–k7: "
                                     "declare them too"
                                   : "built with -msse, the compiler also keeps values in xmm0–xmm7: declare them too";
    vector_description = is64 ? "vector and x87" : "x87";
    red_zone_bytes = is64 ? 128 : 0;
    red_zone_fix = "move the stack pointer past the red zone first (lea -128(%rsp), %rsp … lea 128(%rsp), %rsp) "
                   "or build with -mno-red-zone";
    add_conventions();
}

RegisterId X86Model::family(std::string_view name64) const {
    if (!is64_ && name64.size() == 3 && name64[0] == 'r') return find_register("e" + std::string(name64.substr(1)));
    return find_register(name64);
}

void X86Model::add_names(RegisterSet &set, const char *names) const {
    std::string_view rest(names);
    while (!rest.empty()) {
        const size_t space = rest.find(' ');
        const std::string_view one = rest.substr(0, space);
        if (!one.empty()) set.add(family(one));
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space + 1);
    }
}

bool X86Model::selected_by_flag(std::string_view flag, const TargetModel &current) const {
    return std::string_view(current.target_family) == target_family && flag == (is64_ ? "-m64" : "-m32");
}

void X86Model::initialise_llvm() const {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmParser();
    LLVMInitializeX86Disassembler();
}

}  // namespace x86

const TargetModel &x86_64_model() {
    static const x86::X86Model model(true);
    return model;
}

const TargetModel &i386_model() {
    static const x86::X86Model model(false);
    return model;
}

}  // namespace heisen::asmcheck
