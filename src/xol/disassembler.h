// disassembler.h — LLVM's disassembler for one machine, and the printer for findings.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <llvm/MC/MCContext.h>
#include <llvm/MC/MCDisassembler/MCDisassembler.h>
#include <llvm/MC/MCInst.h>
#include <llvm/MC/MCInstPrinter.h>
#include <llvm/MC/MCInstrAnalysis.h>

#include "llvm_mc/llvm_targets.h"
#include "xol/elf_file.h"

namespace heisen::xol {

class Disassembler {
public:
    // The disassembler of `machine` for this thread, made on first use (the LLVM objects cost
    // millions of instructions to make). Null, with `error` set, if LLVM lacks the machine.
    static const Disassembler *for_machine(Machine machine, std::string &error);

    // Decodes the instruction at `bytes` (at most `available` bytes) that runs at `address`.
    // False when the bytes are no instruction; `size` is then how far to skip.
    bool decode(const uint8_t *bytes, uint64_t available, uint64_t address, llvm::MCInst &inst, uint64_t &size) const;
    // AT&T syntax on x86-64, as objdump prints it; branch targets as absolute addresses.
    // `locked`: decode() merged a lock prefix into the instruction.
    std::string text(const llvm::MCInst &inst, uint64_t address, uint64_t size, bool locked) const;
    // A register as the printer writes it: "%rax", "a0".
    std::string register_text(unsigned reg) const;
    // The target of a direct branch, call or jump (absolute), if `inst` has one.
    bool branch_target(const llvm::MCInst &inst, uint64_t address, uint64_t size, uint64_t &target) const;

    Machine machine() const { return machine_; }
    const llvm::MCInstrInfo &instructions() const { return *mc_.instructions; }
    const llvm::MCRegisterInfo &registers() const { return *mc_.registers; }
    // The MC number of the register LLVM names `name` ("RIP", "X1"); 0 if none.
    unsigned register_named(const char *name) const;

private:
    Disassembler() = default;

    Machine machine_ = Machine::X86_64;
    llvm_mc::McObjects mc_;
    std::unique_ptr<llvm::MCContext> context_;
    std::unique_ptr<llvm::MCDisassembler> disassembler_;
    std::unique_ptr<llvm::MCInstPrinter> printer_;
    std::unique_ptr<llvm::MCInstrAnalysis> analysis_;
    unsigned lock_prefix_ = ~0u;  // x86-64: LLVM's opcode for a lone lock prefix
};

}  // namespace heisen::xol
