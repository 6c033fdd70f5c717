// instruction_finding.h — one reason one instruction cannot run unchanged out of line.
#pragma once

#include <cstdint>

#include "xol/instruction_class.h"
#include "xol/relocations.h"
#include "xol/slot.h"

namespace heisen::xol {

struct InstructionFinding {
    uint64_t address = 0;
    uint8_t size = 0;
    XolClass cls = XolClass::Undecodable;
    bool compressed = false;   // riscv64 16-bit form (its breakpoint must be c.ebreak)
    bool short_form = false;   // x86-64 rel8: no room to re-target in place

    // What the instruction reaches: a branch target, a RIP-relative operand's address, the
    // address an auipc pair computes.
    enum class Target : uint8_t { None, Address, Symbol, GotEntry } target_kind = Target::None;
    uint64_t target = 0;                          // Address (also set for Symbol when it is defined here)
    const CodeRelocation *relocation = nullptr;   // Symbol, GotEntry: in a relocatable object
    int64_t symbol_offset = 0;                    // Symbol: target = symbol + symbol_offset

    // riscv64: for an auipc, the instruction completing its address; for a jalr, the auipc
    // starting the pair; for an lr/sc window, the lr. x86-64: unused.
    bool has_partner = false;
    uint64_t partner = 0;

    SlotReach reach;  // x86-64 displacements from the slot (when one is given and the target known)
};

}  // namespace heisen::xol
