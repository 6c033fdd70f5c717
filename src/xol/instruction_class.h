// instruction_class.h — why an instruction cannot run unchanged out of line: the classes
// `heisen xol` reports (rule ids, documented in docs/xol.md) and what a probe must do for each.
#pragma once

#include <cstddef>
#include <cstdint>

namespace heisen::xol {

enum class XolClass : uint8_t {
    // Fix-ups: the probe can run or emulate the instruction if it does its part.
    RipRelative,        // x86-64 memory operand or lea relative to RIP (32-bit displacement)
    PcRelativeAddress,  // riscv64 auipc (and the instruction completing its address)
    RelativeJump,       // x86-64 jmp rel8/rel32; riscv64 jal x0, c.j
    ConditionalJump,    // x86-64 jcc rel8/rel32; riscv64 beq.., c.beqz, c.bnez
    RelativeCall,       // x86-64 call rel32; riscv64 jal with a link register, c.jal
    CounterJump,        // x86-64 loop, loope, loopne, jrcxz, jecxz (rel8 only)
    TransactionBegin,   // x86-64 xbegin
    IndirectCall,       // x86-64 call *reg/mem, lcall; riscv64 jalr/c.jalr with a link register
    FlagsPush,          // x86-64 pushf
    // Unsafe: must not be single-stepped out of line.
    InterruptFlag,      // x86-64 sti, cli, popf; riscv64 csr writes to sstatus/mstatus
    OwnTrap,            // int3, int n, int1, ud1, ud2; riscv64 ebreak, c.ebreak, unimp
    ControlLeaves,      // iret, sysret, sysexit, sysenter, vmlaunch, vmresume, rsm; mret, sret, dret
    InterruptShadow,    // x86-64 mov to %ss
    LrScWindow,         // riscv64 lr ... sc
    Undecodable,        // bytes LLVM does not decode
};
constexpr size_t kClassCount = static_cast<size_t>(XolClass::Undecodable) + 1;

// What the probe has to do about an instruction that needs a fix-up.
enum class FixUp : uint8_t {
    None,
    Displacement,   // re-encode the displacement for the slot (or rewrite to a scratch register)
    Emulation,      // compute the instruction's effect instead of running it
    ReturnAddress,  // after the step, replace the slot's return address with the original one
    TrapFlag,       // after the step, clear the trap flag in the pushed flags
};
constexpr size_t kFixUpCount = static_cast<size_t>(FixUp::TrapFlag) + 1;

struct ClassInfo {
    const char *id;       // rule id, e.g. "rip-relative"
    const char *summary;  // one sentence for rule catalogs
    FixUp fixup;
    bool unsafe;          // must not be single-stepped out of line at all
};

const ClassInfo &class_info(XolClass c);
const char *fixup_name(FixUp f);  // "displacement", "emulation", "return address", "trap flag"

}  // namespace heisen::xol
