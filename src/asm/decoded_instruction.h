// decoded_instruction.h — one instruction of a bound template, as the rules see it.
//
// Produced by the LLVM MC decoder (mc_decoder.cpp) from MCInstrDesc, then corrected by the
// documented override table of the target's folder (x86/, riscv64/: instruction_overrides.cpp).
// Nothing here depends on LLVM.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "asm/register_set.h"
#include "asm/semantics.h"

namespace heisen::asmcheck {

struct MemoryReference {
    RegisterSet address;  // registers the address is computed from (base, index)
    bool load = false;
    bool store = false;
    // The address as base + index + displacement, for the interpreter's memory cells.
    RegisterId base = kNoRegister;
    RegisterId index = kNoRegister;
    RegisterId segment = kNoRegister;  // x86 fs/gs overrides
    int64_t displacement = 0;
    int label = -1;       // the displacement is the address of a local label (lea 1f(%rip))
    bool access = true;   // false: only the address is used (lea, prefetch, clflush)
    unsigned bytes = 0;   // bytes accessed (an explicit operand of a sized instruction); 0 unknown
};

// Operands as decoded, target-neutral, for the override table and the stack classifier.
struct DecodedOperand {
    enum class Kind { Register, Immediate, Symbol, Memory } kind = Kind::Immediate;
    RegisterId reg = kNoRegister;  // Register; Memory: the base
    RegisterId index = kNoRegister;  // Memory: the index register
    RegisterId segment = kNoRegister;  // Memory: a segment override (x86)
    int64_t value = 0;             // Immediate; Memory: displacement
    std::string symbol;            // Symbol
    bool is_def = false;           // Register: an explicit definition
    uint16_t bits = 0;             // Register: the width of the spelling used (eax: 32)
    uint16_t shift = 0;            // Register: 8 for the x86 high bytes ah, bh, ch, dh
    int label = -1;                // Symbol: the template instruction a local label stands before
};

struct CallConvention;

struct DecodedInstruction {
    size_t offset = 0;        // in the bound text
    size_t line = 0;          // template line, 0-based
    std::string text;         // the instruction as bound, trimmed
    std::string opcode;       // LLVM opcode name, e.g. "MOV64rr", "ADDI"
    std::vector<DecodedOperand> operands;

    RegisterSet reads;
    RegisterSet writes;
    std::vector<MemoryReference> memory;
    bool may_load = false;
    bool may_store = false;
    bool memory_exact = false;  // the override table set load/store of each reference itself

    bool is_call = false;
    bool is_branch = false;
    bool is_conditional = false;
    bool is_indirect = false;
    bool is_return = false;
    bool ends_flow = false;   // no fall-through (jmp, ret, ud2 …)
    bool is_system_call = false;

    // Branch or call target: an instruction of the template (index; == count for "the end"),
    // or a symbol outside it (an asm goto label has kGotoLabelPrefix).
    int target = -1;
    std::string external_target;

    // Value semantics (semantics.h), from the target folder; `described` false: interpreted
    // from reads and writes.
    std::vector<MicroOp> effects;
    bool described = false;
    const CallConvention *convention = nullptr;  // a call that does not follow the C ABI
    bool pushes_return_address = false;      // x86 call: writes below sp
    bool pushes = false;                     // push, pushf: writes below sp
    // Whether this instruction pushes onto the x87 stack depends on status the template tests
    // afterwards (x86 fsincos, fptan: only for arguments in range).
    bool x87_depth_uncertain = false;
};

// Lookups the target folders' override tables and stack classifiers share.
inline bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// The register of operand `index`, or kNoRegister when that operand is not a register.
inline RegisterId operand_register(const DecodedInstruction &in, size_t index) {
    if (index >= in.operands.size() || in.operands[index].kind != DecodedOperand::Kind::Register) return kNoRegister;
    return in.operands[index].reg;
}

// The first register operand that is (defs) or is not (uses) a definition.
inline RegisterId first_register(const DecodedInstruction &in, bool defs) {
    for (const DecodedOperand &op : in.operands)
        if (op.kind == DecodedOperand::Kind::Register && op.is_def == defs) return op.reg;
    return kNoRegister;
}

inline const DecodedOperand *first_memory_operand(const DecodedInstruction &in) {
    for (const DecodedOperand &op : in.operands)
        if (op.kind == DecodedOperand::Kind::Memory) return &op;
    return nullptr;
}

struct DecodedTemplate {
    std::vector<DecodedInstruction> instructions;
    std::string error;         // the assembler's message when the template did not parse
    size_t error_offset = 0;   // in the bound text
    // Instructions heisen decoded itself (bytes LLVM's disassembler read, instructions LLVM 15
    // does not know): one note each, with where it is.
    struct Note {
        size_t offset;         // in the bound text
        std::string message;
    };
    std::vector<Note> notes;
};

}  // namespace heisen::asmcheck
