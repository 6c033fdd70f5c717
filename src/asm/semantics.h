// semantics.h — what one instruction does to values, as a short list of micro-operations the
// interpreter (interpreter.cpp) executes over abstract values (abstract_value.h).
//
// The target folders describe the instructions whose value flow matters to the rules: moves,
// exchanges, pushes and pops, stack arithmetic, zero idioms, the x87 stack, FP state saves.
// Every other instruction is described generically from its reads and writes (each read is a
// use, each written register gets an unknown value), which is always safe for "preserved".
#pragma once

#include <cstdint>
#include <vector>

#include "asm/register_set.h"

namespace heisen::asmcheck {

// A place a micro-operation reads or writes.
struct Place {
    enum class Kind : uint8_t { None, Register, Memory, Immediate, Label, X87 };
    Kind kind = Kind::None;
    RegisterId reg = kNoRegister;  // Register
    uint16_t bits = 0;             // access width in bits; 0 = the whole register or cell
    uint16_t shift = 0;            // Register: bit offset of the access (x86 ah, bh … : 8)
    int memory = -1;               // Memory: index into DecodedInstruction::memory
    int64_t value = 0;             // Immediate: the number; X87: the stack position st(value)
    int label = -1;                // Label: the instruction the label stands before

    static Place reg_of(RegisterId id, uint16_t bits = 0, uint16_t shift = 0) {
        Place p;
        p.kind = Kind::Register;
        p.reg = id;
        p.bits = bits;
        p.shift = shift;
        return p;
    }
    static Place memory_of(int index, uint16_t bits = 0) {
        Place p;
        p.kind = Kind::Memory;
        p.memory = index;
        p.bits = bits;
        return p;
    }
    static Place immediate(int64_t number) {
        Place p;
        p.kind = Kind::Immediate;
        p.value = number;
        return p;
    }
    static Place x87(int position) {
        Place p;
        p.kind = Kind::X87;
        p.value = position;
        return p;
    }
};

// How a write narrower than its register treats the rest of it.
enum class Extension : uint8_t {
    Merge,       // the other bits keep their value (x86 8/16-bit writes, legacy SSE xmm writes)
    ZeroExtend,  // the other bits become zero (x86-64 32-bit writes, VEX-encoded writes)
};

enum class MicroOpKind : uint8_t {
    Use,           // the value of `src` is used: computed with, compared, used as an address
    SelectedUse,   // `src` is used unless `dst` holds a constant the target says does not need it
                   // (cpuid's sub-leaf in ecx, for leaves without sub-leaves)
    Write,         // `dst` gets a value computed by the instruction (unknown)
    Move,          // dst := src
    Constant,      // dst := amount (zero idioms: xor %eax, %eax; pcmpeqd %xmm1, %xmm1 = -1)
    Exchange,      // dst <-> src
    Involution,    // dst := op(src), op = InvolutionOp(amount): bswap, not, neg
    AddImmediate,  // dst := src + amount (stack and constant arithmetic)
    DeriveStack,   // dst := a value derived from src by an unknown amount (and $-16, %rsp)
    LoadAddress,   // dst := the address of memory place src (lea, riscv addi of a label)
    PackHigh,      // dst's low half := computed from dst, its high half := lanes of src (amount: the
                   // half's width); src counts as used only where the high half is (pack instructions)
    Push,          // sp -= amount bytes; the new top of the stack := src
    Pop,           // dst := the top of the stack; sp += amount bytes
    X87Push,       // every x87 value moves one slot down; st(0) := src
    X87Pop,        // `amount` values popped off the x87 stack
    X87Clear,      // every x87 slot empty (emms, femms, fninit)
    X87Unknown,    // every x87 slot unknown (an MMX instruction: the MMX registers are the x87 slots)
    SaveFp,        // the memory at src := the FP/SIMD state; amount: FpFiles saved
    RestoreFp,     // the FP/SIMD registers := the state saved in the memory at src
};

// Operations that undo themselves when applied twice.
enum class InvolutionOp : uint8_t { ByteSwap, Not, Negate };

// Which register files an FP state save covers (a bit set).
enum FpFiles : int64_t { kFpX87 = 1, kFpVector = 2 };

struct MicroOp {
    MicroOpKind kind = MicroOpKind::Use;
    Place dst;
    Place src;
    Extension extension = Extension::Merge;
    int64_t amount = 0;
};

}  // namespace heisen::asmcheck
