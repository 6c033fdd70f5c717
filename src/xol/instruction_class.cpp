// instruction_class.cpp — the table behind class_info().
#include "xol/instruction_class.h"

namespace heisen::xol {

namespace {

constexpr ClassInfo kClasses[kClassCount] = {
    {"rip-relative", "A RIP-relative operand reaches its target through a 32-bit displacement from the instruction's own address.",
     FixUp::Displacement, false},
    {"pc-relative-address", "auipc computes an address from its own pc; the instructions after it complete that address.",
     FixUp::Emulation, false},
    {"relative-jump", "A jump whose target is relative to its own address.", FixUp::Emulation, false},
    {"conditional-jump", "A conditional branch whose target is relative to its own address.", FixUp::Emulation, false},
    {"relative-call", "A call whose target is relative to its own address and whose return address is the slot's.",
     FixUp::Emulation, false},
    {"counter-jump", "loop/jrcxz-style jumps: relative, with only an 8-bit displacement.", FixUp::Emulation, false},
    {"transaction-begin", "xbegin: its fallback address is relative and a single step aborts the transaction.",
     FixUp::Emulation, false},
    {"indirect-call", "An indirect call saves the slot's return address instead of the original one.",
     FixUp::ReturnAddress, false},
    {"flags-push", "pushf pushes the trap flag the single step set.", FixUp::TrapFlag, false},
    {"interrupt-flag", "The instruction changes the interrupt-enable flag the probe manages around the step.",
     FixUp::None, true},
    {"own-trap", "The instruction raises a trap of its own.", FixUp::None, true},
    {"control-leaves", "Control leaves to another context and never returns to the slot.", FixUp::None, true},
    {"interrupt-shadow", "mov to %ss holds off the single-step trap past the next instruction.", FixUp::None, true},
    {"lr-sc-window", "Inside an lr/sc sequence: the probe's trap clears the reservation, so the sc always fails.",
     FixUp::None, true},
    {"undecodable", "LLVM cannot decode the bytes; nothing is known about them.", FixUp::None, true},
};

}  // namespace

const ClassInfo &class_info(XolClass c) { return kClasses[static_cast<size_t>(c)]; }

const char *fixup_name(FixUp f) {
    switch (f) {
    case FixUp::None: return "none";
    case FixUp::Displacement: return "displacement";
    case FixUp::Emulation: return "emulation";
    case FixUp::ReturnAddress: return "return address";
    case FixUp::TrapFlag: return "trap flag";
    }
    return "none";
}

}  // namespace heisen::xol
