// describe.cpp — the words for each class (docs/xol.md explains them at length).
#include "xol/describe.h"

#include <cstdio>

namespace heisen::xol {

using Target = InstructionFinding::Target;

std::string hex_address(uint64_t value) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::string signed_hex(int64_t value) {
    const uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
    return (value < 0 ? "-" : "+") + hex_address(magnitude);
}

Describer::Describer(const Analysis &analysis, const AddressNames &names, SourceLines &lines)
    : analysis_(analysis), names_(names), lines_(lines) {}

std::string Describer::where(uint64_t address) const {
    const std::string name = names_.name(address);
    return name.empty() ? hex_address(address) : name;
}

std::string Describer::slot_text() const {
    const SlotSpec &slot = analysis_.slot();
    switch (slot.kind) {
    case SlotSpec::Kind::None: return "no slot given";
    case SlotSpec::Kind::Address: return "slot " + hex_address(slot.first);
    case SlotSpec::Kind::Range: return "slots " + hex_address(slot.first) + "-" + hex_address(slot.last + 1);
    }
    return {};
}

std::string Describer::target_text(const InstructionFinding &f) const {
    switch (f.target_kind) {
    case Target::None: return {};
    case Target::Address: {
        const std::string name = names_.name(f.target);
        return hex_address(f.target) + (name.empty() ? "" : " <" + name + ">");
    }
    case Target::Symbol: {
        if (f.relocation->defined && f.relocation->local_label()) {
            const std::string name = names_.name(f.target);
            return hex_address(f.target) + (name.empty() ? "" : " <" + name + ">");
        }
        std::string text = symbol_plus(f.relocation->symbol, f.symbol_offset);
        if (f.relocation->defined) text += " (" + hex_address(f.target) + ")";
        else text += " (outside this object)";
        return text;
    }
    case Target::GotEntry: return "the GOT entry of " + f.relocation->symbol + " (made by the linker)";
    }
    return {};
}

std::string Describer::reach_text(const InstructionFinding &f) const {
    const SlotSpec &slot = analysis_.slot();
    const bool rip = f.cls == XolClass::RipRelative;
    const bool unknown = f.target_kind == Target::GotEntry ||
                         (f.target_kind == Target::Symbol && f.relocation && !f.relocation->defined);
    if (slot.kind == SlotSpec::Kind::None) {
        if (!rip || f.target_kind == Target::None || unknown) return {};
        const Window w = reach_window(f.target, f.size);
        return "; reachable from slots " + hex_address(w.first) + "-" + hex_address(w.last);
    }
    if (unknown)
        return "; whether the " + slot_text() + " reaches it depends on where the linker or loader puts " +
               f.relocation->symbol;
    const SlotReach &r = f.reach;
    switch (r.reach) {
    case Reach::NotEvaluated: return {};
    case Reach::All:
        if (slot.kind == SlotSpec::Kind::Address)
            return "; at " + slot_text() + " the displacement becomes " + signed_hex(r.displacement) + " (" +
                   human_distance(r.displacement) + (rip ? "): re-encode it" : "): a rel32 copy can be re-targeted");
        return "; every slot of " + slot_text() + " reaches it";
    case Reach::Some:
        return "; only slots " + hex_address(r.reachable.first) + "-" + hex_address(r.reachable.last) + " of " +
               slot_text() + " reach it" + (rip ? ": the others cannot run it" : ": from the others emulate it");
    case Reach::None:
        if (slot.kind == SlotSpec::Kind::Address)
            return "; at " + slot_text() + " the displacement would be " + signed_hex(r.displacement) + " (" +
                   human_distance(r.displacement) + "), beyond the ±2 GiB a 32-bit displacement reaches" +
                   (rip ? ": it cannot run there; use a slot within ±2 GiB of the target or rewrite the operand "
                          "to a scratch register"
                        : ": emulate it");
        return "; no slot of " + slot_text() + " reaches it" +
               (rip ? ": it cannot run there; use slots within ±2 GiB of the target or rewrite the operand to a "
                      "scratch register"
                    : ": emulate it");
    }
    return {};
}

FindingText Describer::describe(const InstructionFinding &f) {
    FindingText out;
    out.source = lines_.at(f.address);
    out.target = target_text(f);
    const Disassembler &d = analysis_.disassembler();
    const Section *section = analysis_.file().executable_section_at(f.address);
    llvm::MCInst inst;
    uint64_t size = 0;
    bool decoded = false;
    std::string name;
    if (section) {
        const uint8_t *bytes = section->bytes + (f.address - section->address);
        const uint64_t available = section->address + section->size - f.address;
        decoded = d.decode(bytes, available, f.address, inst, size);
        if (decoded) {
            // decode() merges a lock prefix LLVM reads as an instruction of its own.
            const bool locked = analysis_.file().machine() == Machine::X86_64 && bytes[0] == 0xf0 && size > 1;
            out.instruction = d.text(inst, f.address, size, locked);
            name = d.instructions().getName(inst.getOpcode()).str();
        } else {
            out.instruction = ".byte";
            for (uint64_t k = 0; k < f.size && k < available; ++k) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "%s0x%02x", k ? ", " : " ", bytes[k]);
                out.instruction += buffer;
            }
        }
    }
    const bool x86 = analysis_.file().machine() == Machine::X86_64;
    const std::string next = hex_address(f.address + f.size);
    const std::string target = out.target.empty() ? std::string("its target") : out.target;
    std::string m;
    switch (f.cls) {
    case XolClass::RipRelative:
        m = std::string(name.rfind("LEA", 0) == 0 ? "RIP-relative address " : "RIP-relative operand ") + target +
            ": a copy in a slot must have its 32-bit displacement re-encoded for the slot";
        break;
    case XolClass::PcRelativeAddress: {
        std::string rd = decoded && inst.getNumOperands() > 0 && inst.getOperand(0).isReg()
                             ? d.register_text(inst.getOperand(0).getReg())
                             : std::string("rd");
        m = "auipc builds an address from its own pc";
        if (f.has_partner)
            m += ", completed by the instruction at " + hex_address(f.partner) + ": " + target;
        else
            m += ": upper part " + target;
        m += "; from a slot it would build a slot-relative one: emulate it (" + rd + " = its value here)";
        break;
    }
    case XolClass::RelativeJump:
        m = "jump to " + target + " relative to its own address: emulate it (go to " + target + ")" +
            (x86 ? " or re-target the copy" : "");
        if (f.short_form) m += "; rel8: a copy must be re-encoded as jmp rel32 or emulated";
        break;
    case XolClass::ConditionalJump:
        m = "conditional jump to " + target + " relative to its own address: emulate it (evaluate the condition, go to " +
            target + " or fall through to " + next + ")" + (x86 ? " or re-target the copy" : "");
        if (f.short_form) m += "; rel8: a copy must be re-encoded as jcc rel32 or emulated";
        break;
    case XolClass::RelativeCall:
        m = x86 ? "call to " + target + " pushes the slot's return address and is relative to the slot: emulate it (push " +
                      next + ", go to " + target + ")"
                : "jal to " + target + " links the slot's return address and is pc-relative: emulate it (link " + next +
                      ", go to " + target + ")";
        break;
    case XolClass::CounterJump:
        m = "jump to " + target + " with only an 8-bit displacement and no 32-bit form: emulate it (update or test "
            "rcx/ecx, go to " + target + " or fall through to " + next + ")";
        break;
    case XolClass::TransactionBegin:
        m = "xbegin's fallback " + target + " is relative, and the single step's trap aborts the transaction anyway: "
            "emulate it as an immediate abort (eax = abort status, go to " + target + ")";
        break;
    case XolClass::IndirectCall:
        m = x86 ? "indirect call pushes the slot's return address: after the step replace it with " + next +
                      " (or emulate the call)"
                : "jalr links the slot's return address: after the step set the link register to " + next +
                      " (or emulate it)";
        if (f.has_partner) m += "; call pair with the auipc at " + hex_address(f.partner) + ": " + target;
        break;
    case XolClass::FlagsPush:
        m = "pushf pushes the flags with the single step's trap flag set: clear TF in the pushed copy after the step";
        break;
    case XolClass::InterruptFlag:
        m = x86 ? "changes the interrupt flag, which the probe holds off during its single step and restores after it: "
                  "the instruction's own change is undone; emulate it, never single-step it"
                : "writes the status register's interrupt enable, which the probe manages around its step: the "
                  "instruction's own change is undone; emulate it, never single-step it";
        break;
    case XolClass::OwnTrap:
        m = "raises a trap of its own: out of line its handler sees the slot's address, not this one (breakpoints, "
            "BUG/WARN tables), and the probe's trap handling collides with it; never single-step it";
        break;
    case XolClass::ControlLeaves:
        m = "leaves to another context and never comes back to the slot: the probe loses its step; never single-step it";
        break;
    case XolClass::InterruptShadow:
        m = "mov to %ss holds off the single-step trap until after the next instruction, which out of line is the "
            "probe's, not the original's; never single-step it";
        break;
    case XolClass::LrScWindow:
        m = "inside the lr/sc sequence from " + hex_address(f.partner) + ": the probe's trap clears the reservation, "
            "so the sc fails every time the probe fires and the loop never completes; probe before the lr or after the sc";
        break;
    case XolClass::Undecodable:
        m = "LLVM cannot decode these bytes: nothing is known about them; refuse probes here";
        break;
    }
    m += reach_text(f);
    if (f.compressed) m += " (compressed, 2 bytes: the probe's breakpoint here must be c.ebreak)";
    out.message = m;
    return out;
}

std::string Describer::verdict(const FunctionResult &r) const {
    std::string text = verdict_name(r.verdict);
    if (r.verdict == Verdict::ProbeSafe) return text;
    if (r.verdict == Verdict::NeedsFixUp) {
        std::string kinds;
        for (size_t k = 1; k < kFixUpCount; ++k)
            if (r.fixups[k]) kinds += (kinds.empty() ? "" : ", ") + std::string(fixup_name(static_cast<FixUp>(k)));
        text += " (" + kinds + ")";
    }
    std::string classes;
    for (size_t c = 0; c < kClassCount; ++c) {
        if (!r.counts[c]) continue;
        classes += (classes.empty() ? "" : ", ") + std::to_string(r.counts[c]) + " " + class_info(static_cast<XolClass>(c)).id;
        if (static_cast<XolClass>(c) == XolClass::RipRelative && r.out_of_reach)
            classes += " (" + std::to_string(r.out_of_reach) + " out of the slot's reach)";
    }
    text += ": " + classes;
    return text;
}

}  // namespace heisen::xol
