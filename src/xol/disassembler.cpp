// disassembler.cpp — MCDisassembler set-up over the shared LLVM MC objects.
#include "xol/disassembler.h"

#include <cstring>

#include <llvm/ADT/Triple.h>
#include <llvm/Support/raw_ostream.h>

namespace heisen::xol {

namespace {

const char *triple_of(Machine machine) {
    return machine == Machine::X86_64 ? "x86_64-unknown-linux-gnu" : "riscv64-unknown-linux-gnu";
}

// RV64GC and the extensions Debian's and the kernel's toolchains emit: whatever the file's
// flags say, every instruction LLVM 15 knows is decoded.
const char *features_of(Machine machine) {
    return machine == Machine::X86_64 ? "" : "+m,+a,+f,+d,+c,+v,+zba,+zbb,+zbc,+zbs,+zicbom,+zicboz,+zicbop";
}

}  // namespace

const Disassembler *Disassembler::for_machine(Machine machine, std::string &error) {
    thread_local std::unique_ptr<Disassembler> made[2];
    std::unique_ptr<Disassembler> &slot = made[machine == Machine::X86_64 ? 0 : 1];
    if (slot) return slot.get();
    std::unique_ptr<Disassembler> d(new Disassembler());
    d->machine_ = machine;
    const std::string triple = triple_of(machine);
    if (!llvm_mc::create_mc_objects(triple, features_of(machine), d->mc_, error)) return nullptr;
    d->context_ = std::make_unique<llvm::MCContext>(llvm::Triple(triple), d->mc_.asm_info.get(), d->mc_.registers.get(),
                                                    d->mc_.subtarget.get());
    d->disassembler_.reset(d->mc_.target->createMCDisassembler(*d->mc_.subtarget, *d->context_));
    d->printer_.reset(d->mc_.target->createMCInstPrinter(llvm::Triple(triple), 0, *d->mc_.asm_info,
                                                         *d->mc_.instructions, *d->mc_.registers));
    d->analysis_.reset(d->mc_.target->createMCInstrAnalysis(d->mc_.instructions.get()));
    for (unsigned opcode = 0; opcode < d->mc_.instructions->getNumOpcodes(); ++opcode)
        if (d->mc_.instructions->getName(opcode) == "LOCK_PREFIX") d->lock_prefix_ = opcode;
    if (!d->disassembler_ || !d->printer_ || !d->analysis_) {
        error = std::string("LLVM has no disassembler for ") + triple;
        return nullptr;
    }
    d->printer_->setPrintImmHex(true);
    d->printer_->setPrintBranchImmAsAddress(true);
    slot = std::move(d);
    return slot.get();
}

bool Disassembler::decode(const uint8_t *bytes, uint64_t available, uint64_t address, llvm::MCInst &inst,
                          uint64_t &size) const {
    inst.clear();
    size = 0;
    if (available == 0) return false;
    const auto status = disassembler_->getInstruction(inst, size, llvm::ArrayRef<uint8_t>(bytes, available), address,
                                                      llvm::nulls());
    if (status == llvm::MCDisassembler::Success && size > 0 && size <= available) {
        // LLVM 15 returns x86's lock prefix as an instruction of its own; the CPU (and a probe
        // copying the instruction) sees one instruction with the prefix.
        if (inst.getOpcode() != lock_prefix_ || size >= available) return true;
        uint64_t rest = 0;
        if (disassembler_->getInstruction(inst, rest, llvm::ArrayRef<uint8_t>(bytes + size, available - size),
                                          address + size, llvm::nulls()) == llvm::MCDisassembler::Success &&
            rest > 0 && rest <= available - size && inst.getOpcode() != lock_prefix_) {
            size += rest;
            return true;
        }
        inst.clear();
        disassembler_->getInstruction(inst, size, llvm::ArrayRef<uint8_t>(bytes, available), address, llvm::nulls());
        return true;  // a lock before no instruction: the prefix alone
    }
    // Skip what cannot be an instruction: one byte on x86-64; on riscv64 the length the low
    // bits encode (2 or 4), so decoding stays in step with the instruction stream.
    if (machine_ == Machine::RISCV64) size = (bytes[0] & 3) != 3 ? 2 : 4;
    else size = 1;
    if (size > available) size = available;
    return false;
}

std::string Disassembler::text(const llvm::MCInst &inst, uint64_t address, uint64_t size, bool locked) const {
    std::string out;
    llvm::raw_string_ostream stream(out);
    // LLVM's x86 printer adds a branch's displacement to the address it is given: the end of
    // the instruction, where the CPU adds it too. RISC-V's adds it to the instruction's own.
    printer_->printInst(&inst, machine_ == Machine::X86_64 ? address + size : address, "", *mc_.subtarget, stream);
    stream.flush();
    // The printer indents with a tab and separates mnemonic and operands with one.
    size_t begin = out.find_first_not_of(" \t");
    out = begin == std::string::npos ? std::string() : out.substr(begin);
    for (char &c : out)
        if (c == '\t') c = ' ';
    return locked && out.rfind("lock", 0) != 0 ? "lock " + out : out;
}

std::string Disassembler::register_text(unsigned reg) const {
    std::string out;
    llvm::raw_string_ostream stream(out);
    printer_->printRegName(stream, reg);
    stream.flush();
    return out;
}

bool Disassembler::branch_target(const llvm::MCInst &inst, uint64_t address, uint64_t size, uint64_t &target) const {
    return analysis_->evaluateBranch(inst, address, size, target);
}

unsigned Disassembler::register_named(const char *name) const {
    for (unsigned reg = 1; reg < mc_.registers->getNumRegs(); ++reg)
        if (std::strcmp(mc_.registers->getName(reg), name) == 0) return reg;
    return 0;
}

}  // namespace heisen::xol
