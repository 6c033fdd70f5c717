// classify_riscv64.cpp — riscv64: auipc and the instructions completing its address, jal and
// branches (compressed forms too), link registers, lr/sc sequences, and the instructions a
// single step must not execute out of line.
//
// RISC-V has no single-step flag: a probe runs the copy followed by a breakpoint of its own,
// and emulates what depends on the pc (every Linux port of kprobes and uprobes does so for
// auipc, jal, jalr and branches).
#include <array>
#include <string>

#include "xol/target_rules.h"

namespace heisen::xol {

namespace {

enum Kind : uint8_t {
    Plain,
    Auipc,
    Jal,            // rd decides: jump (x0) or call
    CompressedJump, // c.j
    CompressedCall, // c.jal
    Branch,
    Jalr,           // rd decides: indirect jump (x0) or indirect call
    CompressedJalr, // c.jalr: links ra
    CompressedJr,   // c.jr
    LoadReserved,
    StoreConditional,
    Trap,
    Leaves,
    CsrAccess,
    Nop,
    CompressedUnimp,  // 0x0000: a trap, and what zero fill decodes as
};

constexpr uint64_t kSstatus = 0x100, kMstatus = 0x300, kCycle = 0xc00;
constexpr size_t kPairDistance = 16;  // instructions between auipc and its partner, at most
constexpr size_t kLrScWindow = 32;    // instructions from lr to sc, at most

bool starts_with(llvm::StringRef s, const char *prefix) { return s.startswith(prefix); }

// LLVM's opcode names, compared without copies: the table is made once for thousands of opcodes.
Kind kind_of(llvm::StringRef name) {
    if (name == "AUIPC") return Auipc;
    if (name == "JAL") return Jal;
    if (name == "C_J") return CompressedJump;
    if (name == "C_JAL") return CompressedCall;
    if (name == "BEQ" || name == "BNE" || name == "BLT" || name == "BGE" || name == "BLTU" || name == "BGEU" ||
        name == "C_BEQZ" || name == "C_BNEZ")
        return Branch;
    if (name == "JALR") return Jalr;
    if (name == "C_JALR") return CompressedJalr;
    if (name == "C_JR") return CompressedJr;
    if (starts_with(name, "LR_")) return LoadReserved;
    if (starts_with(name, "SC_")) return StoreConditional;
    if (name == "EBREAK" || name == "C_EBREAK" || name == "UNIMP") return Trap;
    if (name == "C_UNIMP") return CompressedUnimp;
    if (name == "MRET" || name == "SRET" || name == "URET" || name == "DRET") return Leaves;
    if (starts_with(name, "CSRR")) return CsrAccess;
    if (name == "C_NOP") return Nop;
    return Plain;
}

class RiscvRules final : public TargetRules {
public:
    RiscvRules(const Disassembler &disassembler, const CodeRelocations &relocations)
        : disassembler_(disassembler), relocations_(relocations) {
        static const std::vector<uint8_t> kinds = [&] {  // by LLVM opcode, once per process
            const llvm::MCInstrInfo &info = disassembler.instructions();
            std::vector<uint8_t> table(info.getNumOpcodes());
            for (unsigned opcode = 0; opcode < info.getNumOpcodes(); ++opcode)
                table[opcode] = kind_of(info.getName(opcode));
            return table;
        }();
        kinds_ = &kinds;
        const llvm::MCRegisterInfo &registers = disassembler.registers();
        x_index_.assign(registers.getNumRegs(), -1);
        for (int x = 0; x < 32; ++x) {
            const unsigned reg = disassembler.register_named(("X" + std::to_string(x)).c_str());
            if (reg) x_index_[reg] = x;
        }
        addi_ = opcode_named("ADDI");
    }

    void begin_function() override {
        pending_.fill(Pending{});
        window_.clear();
        window_open_ = false;
    }

    InstructionFacts classify(const llvm::MCInst &inst, uint64_t address, uint64_t size,
                              std::vector<InstructionFinding> &out) override {
        InstructionFacts facts;
        const unsigned opcode = inst.getOpcode();
        const Kind kind = opcode < kinds_->size() ? static_cast<Kind>((*kinds_)[opcode]) : Plain;
        const size_t first_new = out.size();
        ++instruction_count_;

        if (kind == Plain || kind == Jalr) complete_pair(inst, address, out);
        track_window(kind, address, size, out);

        switch (kind) {
        case Plain:
            if (opcode == addi_ && x(inst, 0) == 0 && x(inst, 1) == 0 && imm(inst, 2) == 0) facts.padding = true;
            break;
        case Nop: facts.padding = true; break;
        case Auipc: {
            if (x(inst, 0) == 0) break;  // auipc x0: a hint, it writes nothing
            InstructionFinding f = finding(XolClass::PcRelativeAddress, address, size);
            const int64_t upper = static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(imm(inst, 1)) << 12));
            set_target(f, address, size, address + static_cast<uint64_t>(upper), true);
            const int rd = x(inst, 0);
            out.push_back(f);
            if (rd > 0 && rd < 32) pending_[rd] = {out.size() - 1, address, instruction_count_, true};
            break;
        }
        case Jal: case CompressedJump: case CompressedCall: {
            const bool links = kind == CompressedCall || (kind == Jal && x(inst, 0) != 0);
            InstructionFinding f = finding(links ? XolClass::RelativeCall : XolClass::RelativeJump, address, size);
            branch(inst, address, size, f, facts);
            out.push_back(f);
            facts.ends_flow = !links;
            break;
        }
        case Branch: {
            InstructionFinding f = finding(XolClass::ConditionalJump, address, size);
            branch(inst, address, size, f, facts);
            out.push_back(f);
            break;
        }
        case Jalr:
            if (x(inst, 0) == 0) {
                facts.ends_flow = true;
                break;
            }
            out.push_back(finding(XolClass::IndirectCall, address, size));
            link_pair(inst, 1, out);
            break;
        case CompressedJalr: out.push_back(finding(XolClass::IndirectCall, address, size)); break;
        case CompressedJr: facts.ends_flow = true; break;
        case Trap: out.push_back(finding(XolClass::OwnTrap, address, size)); break;
        case CompressedUnimp:
            out.push_back(finding(XolClass::OwnTrap, address, size));
            facts.padding = true;
            break;
        case Leaves:
            out.push_back(finding(XolClass::ControlLeaves, address, size));
            facts.ends_flow = true;
            break;
        case CsrAccess: classify_csr(inst, opcode, address, size, out); break;
        case LoadReserved: case StoreConditional: break;
        }

        // A register written here no longer holds an auipc's upper part.
        if (const llvm::MCInstrDesc &desc = disassembler_.instructions().get(opcode);
            kind != Auipc && desc.getNumDefs() > 0 && inst.getNumOperands() > 0) {
            const int rd = x(inst, 0);
            if (rd > 0 && rd < 32) pending_[rd].active = false;
        }
        if (facts.ends_flow)
            for (Pending &p : pending_) p.active = false;
        if (size == 2)
            for (size_t k = first_new; k < out.size(); ++k) out[k].compressed = true;
        return facts;
    }

    void end_function(std::vector<InstructionFinding> &) override {
        window_.clear();
        window_open_ = false;
    }

private:
    struct Pending {
        size_t finding = 0;        // index of the auipc's finding
        uint64_t address = 0;
        uint64_t instruction = 0;  // its position in the instruction stream
        bool active = false;
    };
    struct WindowEntry {
        uint64_t address;
        uint64_t size;
    };

    static InstructionFinding finding(XolClass cls, uint64_t address, uint64_t size) {
        InstructionFinding f;
        f.address = address;
        f.size = static_cast<uint8_t>(size);
        f.cls = cls;
        return f;
    }

    int x(const llvm::MCInst &inst, unsigned i) const {
        if (i >= inst.getNumOperands() || !inst.getOperand(i).isReg()) return -1;
        const unsigned reg = inst.getOperand(i).getReg();
        return reg < x_index_.size() ? x_index_[reg] : -1;
    }
    static int64_t imm(const llvm::MCInst &inst, unsigned i) {
        return i < inst.getNumOperands() && inst.getOperand(i).isImm() ? inst.getOperand(i).getImm() : 0;
    }
    unsigned opcode_named(const char *name) const {
        const llvm::MCInstrInfo &info = disassembler_.instructions();
        for (unsigned opcode = 0; opcode < info.getNumOpcodes(); ++opcode)
            if (info.getName(opcode) == name) return opcode;
        return ~0u;
    }

    void branch(const llvm::MCInst &inst, uint64_t address, uint64_t size, InstructionFinding &f, InstructionFacts &facts) {
        uint64_t target = 0;
        if (disassembler_.branch_target(inst, address, size, target)) {
            facts.has_branch_target = true;
            facts.branch_target = target;
        }
        set_target(f, address, size, target, facts.has_branch_target);
    }

    // The target as decoded, unless a relocation at the instruction says what it really is.
    void set_target(InstructionFinding &f, uint64_t address, uint64_t size, uint64_t decoded, bool known) {
        if (!relocations_.empty()) {
            if (const CodeRelocation *r = relocations_.find(address, size, RelocationMeaning::PcRelative)) {
                f.target_kind = InstructionFinding::Target::Symbol;
                f.relocation = r;
                f.symbol_offset = r->addend;
                if (r->defined) f.target = r->symbol_address + static_cast<uint64_t>(r->addend);
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

    // An instruction taking a pending auipc's register as its base with a 12-bit offset
    // completes the address: addi, loads, stores, jalr.
    void complete_pair(const llvm::MCInst &inst, uint64_t address, std::vector<InstructionFinding> &out) {
        const unsigned opcode = inst.getOpcode();
        const llvm::MCInstrDesc &desc = disassembler_.instructions().get(opcode);
        for (unsigned i = desc.getNumDefs(); i + 1 < inst.getNumOperands(); ++i) {
            const int reg = x(inst, i);
            if (reg <= 0 || !pending_[reg].active || !inst.getOperand(i + 1).isImm()) continue;
            Pending &p = pending_[reg];
            if (instruction_count_ - p.instruction > kPairDistance) {
                p.active = false;
                continue;
            }
            InstructionFinding &auipc = out[p.finding];
            if (auipc.has_partner) continue;  // one partner is enough to name the address
            auipc.has_partner = true;
            auipc.partner = address;
            if (auipc.target_kind == InstructionFinding::Target::Address)
                auipc.target += static_cast<uint64_t>(inst.getOperand(i + 1).getImm());
            return;
        }
    }

    // jalr rd, off(rs): if rs holds an auipc's upper part, the pair is a call to a known place.
    void link_pair(const llvm::MCInst &inst, unsigned base, std::vector<InstructionFinding> &out) {
        const int reg = x(inst, base);
        if (reg <= 0) return;
        const Pending &p = pending_[reg];
        if (!p.active || p.finding >= out.size()) return;
        InstructionFinding &call = out.back();
        const InstructionFinding &auipc = out[p.finding];
        call.has_partner = true;
        call.partner = p.address;
        call.target_kind = auipc.target_kind;
        call.target = auipc.target;
        call.relocation = auipc.relocation;
        call.symbol_offset = auipc.symbol_offset;
    }

    void classify_csr(const llvm::MCInst &inst, unsigned opcode, uint64_t address, uint64_t size,
                      std::vector<InstructionFinding> &out) {
        // csrrw/csrrs/csrrc rd, csr, rs1 (or a 5-bit immediate): csrrs and csrrc with x0 or 0 only read.
        const llvm::StringRef name = disassembler_.instructions().getName(opcode);
        const uint64_t csr = static_cast<uint64_t>(imm(inst, 1));
        const bool immediate = name.back() == 'I';
        const bool writes = name.startswith("CSRRW") || (immediate ? imm(inst, 2) != 0 : x(inst, 2) != 0);
        if (name == "CSRRW" && csr == kCycle && x(inst, 0) == 0 && x(inst, 2) == 0) {
            out.push_back(finding(XolClass::OwnTrap, address, size));  // unimp
            return;
        }
        if (writes && (csr == kSstatus || csr == kMstatus)) out.push_back(finding(XolClass::InterruptFlag, address, size));
    }

    // lr starts a window that ends at the next sc; every instruction from one to the other,
    // both included, is inside it.
    void track_window(Kind kind, uint64_t address, uint64_t size, std::vector<InstructionFinding> &out) {
        if (kind == LoadReserved) {
            window_.clear();
            window_open_ = true;
        }
        if (!window_open_) return;
        window_.push_back({address, size});
        if (kind == StoreConditional) {
            const uint64_t lr = window_.front().address;
            for (const WindowEntry &e : window_) {
                InstructionFinding f = finding(XolClass::LrScWindow, e.address, e.size);
                f.has_partner = true;
                f.partner = lr;
                f.compressed = e.size == 2;
                out.push_back(f);
            }
            window_.clear();
            window_open_ = false;
        } else if (window_.size() > kLrScWindow) {
            window_.clear();
            window_open_ = false;
        }
    }

    const Disassembler &disassembler_;
    const CodeRelocations &relocations_;
    const std::vector<uint8_t> *kinds_ = nullptr;
    std::vector<int> x_index_;  // MC register → x0..x31, or -1
    unsigned addi_ = ~0u;
    std::array<Pending, 32> pending_{};
    std::vector<WindowEntry> window_;
    bool window_open_ = false;
    uint64_t instruction_count_ = 0;
};

}  // namespace

std::unique_ptr<TargetRules> make_riscv64_rules(const Disassembler &disassembler, const CodeRelocations &relocations) {
    return std::make_unique<RiscvRules>(disassembler, relocations);
}

}  // namespace heisen::xol
