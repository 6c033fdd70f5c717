// classify_x86_64.cpp — x86-64: RIP-relative operands, relative branches and calls, and the
// instructions a single step must not execute out of line.
//
// Opcodes are sorted into kinds once, by LLVM's names for them; each instruction is then one
// table look-up plus a scan of its operands for RIP as a base register.
#include <cstring>
#include <string>

#include "xol/target_rules.h"

namespace heisen::xol {

namespace {

enum Kind : uint8_t {
    Plain,
    Jump,
    JumpShort,
    Conditional,
    ConditionalShort,
    Call,
    Counter,
    TransactionStart,
    CallIndirect,
    PushFlags,
    InterruptEnable,
    Trap,
    Breakpoint,  // int3: a trap, and also what compilers pad with after a ret or jmp
    Leaves,
    SegmentLoad,  // mov to a segment register: only %ss matters
    Nop,
};

bool starts_with(llvm::StringRef s, const char *prefix) { return s.startswith(prefix); }

// LLVM's opcode names, compared without copies: the table is made once for thousands of opcodes.
Kind kind_of(llvm::StringRef name) {
    if (name == "JCC_1") return ConditionalShort;
    if (name == "JCC_2" || name == "JCC_4") return Conditional;
    if (name == "JMP_1") return JumpShort;
    if (name == "JMP_2" || name == "JMP_4") return Jump;
    if (name == "CALL64pcrel32" || name == "CALLpcrel32" || name == "CALLpcrel16") return Call;
    if (name == "LOOP" || name == "LOOPE" || name == "LOOPNE" || name == "JRCXZ" || name == "JECXZ" || name == "JCXZ")
        return Counter;
    if (starts_with(name, "XBEGIN")) return TransactionStart;
    if (starts_with(name, "CALL") || starts_with(name, "FARCALL")) return CallIndirect;
    if (name == "PUSHF16" || name == "PUSHF32" || name == "PUSHF64") return PushFlags;
    if (name == "POPF16" || name == "POPF32" || name == "POPF64" || name == "STI" || name == "CLI") return InterruptEnable;
    if (name == "INT3") return Breakpoint;
    if (name == "INT" || name == "INTO" || name == "INT1" || name == "TRAP" || starts_with(name, "UD1") || name == "UD2B")
        return Trap;
    if (starts_with(name, "IRET") || starts_with(name, "SYSRET") || starts_with(name, "SYSEXIT") || name == "SYSENTER" ||
        name == "VMLAUNCH" || name == "VMRESUME" || name == "RSM" || name == "UIRET")
        return Leaves;
    if (name == "MOV16sr" || name == "MOV32sr" || name == "MOV64sr" || name == "MOV16sm" || starts_with(name, "POPSS"))
        return SegmentLoad;
    if (starts_with(name, "NOOP")) return Nop;
    return Plain;
}

class X86Rules final : public TargetRules {
public:
    X86Rules(const Disassembler &disassembler, const CodeRelocations &relocations)
        : disassembler_(disassembler), relocations_(relocations), opcodes_(opcode_table(disassembler)) {
        rip_ = disassembler.register_named("RIP");
        ss_ = disassembler.register_named("SS");
    }

    void begin_function() override {}

    InstructionFacts classify(const llvm::MCInst &inst, uint64_t address, uint64_t size,
                              std::vector<InstructionFinding> &out) override {
        InstructionFacts facts;
        const unsigned opcode = inst.getOpcode();
        if (opcode >= opcodes_.size()) return facts;
        const Opcode &o = opcodes_[opcode];
        const Kind kind = o.kind;
        facts.ends_flow = o.ends_flow;

        // A memory operand is base, scale, index, displacement, segment: RIP can only be a base.
        const unsigned memory_operands = o.memory ? inst.getNumOperands() : 0;
        for (unsigned i = 0; i + 3 < memory_operands; ++i) {
            const llvm::MCOperand &op = inst.getOperand(i);
            if (!op.isReg() || op.getReg() != rip_ || !inst.getOperand(i + 3).isImm()) continue;
            InstructionFinding f = finding(XolClass::RipRelative, address, size);
            set_target(f, address, size, address + size + static_cast<uint64_t>(inst.getOperand(i + 3).getImm()), true);
            out.push_back(f);
            break;
        }

        XolClass cls = XolClass::Undecodable;
        bool relative = false;
        switch (kind) {
        case Plain: return facts;
        case Nop: facts.padding = true; return facts;
        case Jump: case JumpShort: cls = XolClass::RelativeJump; relative = true; facts.ends_flow = true; break;
        case Conditional: case ConditionalShort: cls = XolClass::ConditionalJump; relative = true; break;
        case Call: cls = XolClass::RelativeCall; relative = true; break;
        case Counter: cls = XolClass::CounterJump; relative = true; break;
        case TransactionStart: cls = XolClass::TransactionBegin; relative = true; break;
        case CallIndirect: cls = XolClass::IndirectCall; break;
        case PushFlags: cls = XolClass::FlagsPush; break;
        case InterruptEnable: cls = XolClass::InterruptFlag; break;
        case Trap: cls = XolClass::OwnTrap; break;
        case Breakpoint: cls = XolClass::OwnTrap; facts.padding = true; break;
        case Leaves: cls = XolClass::ControlLeaves; facts.ends_flow = true; break;
        case SegmentLoad:
            if (inst.getNumOperands() == 0 || !inst.getOperand(0).isReg() || inst.getOperand(0).getReg() != ss_) return facts;
            cls = XolClass::InterruptShadow;
            break;
        }
        InstructionFinding f = finding(cls, address, size);
        f.short_form = kind == JumpShort || kind == ConditionalShort || kind == Counter;
        if (relative) {
            uint64_t target = 0;
            if (disassembler_.branch_target(inst, address, size, target)) {
                facts.has_branch_target = true;
                facts.branch_target = target;
            }
            set_target(f, address, size, target, facts.has_branch_target);
        }
        out.push_back(f);
        return facts;
    }

    InstructionFacts classify_undecodable(const uint8_t *bytes, uint64_t available, uint64_t address, uint64_t &size,
                                          std::vector<InstructionFinding> &out) override {
        // int1 (icebp, 0xf1) is a trap of its own that LLVM 15 does not decode.
        if (available >= 1 && bytes[0] == 0xf1) {
            size = 1;
            out.push_back(finding(XolClass::OwnTrap, address, 1));
            return {};
        }
        return TargetRules::classify_undecodable(bytes, available, address, size, out);
    }

private:
    static InstructionFinding finding(XolClass cls, uint64_t address, uint64_t size) {
        InstructionFinding f;
        f.address = address;
        f.size = static_cast<uint8_t>(size);
        f.cls = cls;
        return f;
    }

    // The target as decoded, unless a relocation in the instruction says what it really is.
    void set_target(InstructionFinding &f, uint64_t address, uint64_t size, uint64_t decoded, bool known) {
        if (!relocations_.empty()) {
            if (const CodeRelocation *r = relocations_.find(address, size, RelocationMeaning::PcRelative)) {
                f.target_kind = InstructionFinding::Target::Symbol;
                f.relocation = r;
                // The field gets S + A - P; the instruction adds the address of its end.
                f.symbol_offset = r->addend + static_cast<int64_t>(address + size - r->address);
                if (r->defined) f.target = r->symbol_address + static_cast<uint64_t>(f.symbol_offset);
                return;
            }
            if (const CodeRelocation *r = relocations_.find(address, size, RelocationMeaning::GotPcRelative)) {
                f.target_kind = InstructionFinding::Target::GotEntry;
                f.relocation = r;
                return;
            }
        }
        if (!known) return;
        f.target_kind = InstructionFinding::Target::Address;
        f.target = decoded;
    }

    struct Opcode {
        Kind kind = Plain;
        bool ends_flow = false;  // ret, jmp, ud2: execution does not fall through
        bool memory = false;     // has a memory operand
    };

    // By LLVM opcode; made once per process (LLVM's opcode numbers do not change).
    static const std::vector<Opcode> &opcode_table(const Disassembler &disassembler) {
        static const std::vector<Opcode> table = [&] {
            const llvm::MCInstrInfo &info = disassembler.instructions();
            std::vector<Opcode> opcodes(info.getNumOpcodes());
            for (unsigned opcode = 0; opcode < info.getNumOpcodes(); ++opcode) {
                const llvm::StringRef name = info.getName(opcode);
                const llvm::MCInstrDesc &desc = info.get(opcode);
                Opcode &o = opcodes[opcode];
                o.kind = kind_of(name);
                o.ends_flow = desc.isBarrier() || desc.isReturn();
                // Only memory operands (and lea's address) can have RIP as their base.
                o.memory = starts_with(name, "LEA");
                for (unsigned i = 0; i < desc.getNumOperands(); ++i)
                    o.memory = o.memory || desc.OpInfo[i].OperandType == llvm::MCOI::OPERAND_MEMORY;
            }
            return opcodes;
        }();
        return table;
    }

    const Disassembler &disassembler_;
    const CodeRelocations &relocations_;
    const std::vector<Opcode> &opcodes_;
    unsigned rip_ = 0;
    unsigned ss_ = 0;
};

}  // namespace

std::unique_ptr<TargetRules> make_x86_64_rules(const Disassembler &disassembler, const CodeRelocations &relocations) {
    return std::make_unique<X86Rules>(disassembler, relocations);
}

}  // namespace heisen::xol
