// llvm_targets.h — the LLVM 15 MC targets heisen reads and writes machine code for (x86 and
// RISC-V), registered once per process, and the MC objects one target needs whatever the text
// or bytes are: register, instruction and subtarget descriptions and the assembly dialect.
#pragma once

#include <memory>
#include <string>

#include <llvm/MC/MCAsmInfo.h>
#include <llvm/MC/MCInstrInfo.h>
#include <llvm/MC/MCRegisterInfo.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/MCTargetOptions.h>
#include <llvm/MC/TargetRegistry.h>

namespace heisen::llvm_mc {

// Registers target info, MC layer, assembly parser and disassembler of X86 and RISCV (once;
// thread-safe). The other functions here call it themselves.
void initialise_targets();

struct McObjects {
    const llvm::Target *target = nullptr;
    std::unique_ptr<llvm::MCRegisterInfo> registers;
    std::unique_ptr<llvm::MCAsmInfo> asm_info;
    std::unique_ptr<llvm::MCSubtargetInfo> subtarget;
    std::unique_ptr<llvm::MCInstrInfo> instructions;
    llvm::MCTargetOptions options;
};

// The MC objects of `triple` with subtarget `features` (e.g. "+m,+a,+c"). False, with `error`
// naming the reason, when LLVM has no such target.
bool create_mc_objects(const std::string &triple, const std::string &features, McObjects &out, std::string &error);

}  // namespace heisen::llvm_mc
