// llvm_targets.cpp — target registration and MC object creation.
#include "llvm_mc/llvm_targets.h"

#include <mutex>

extern "C" {
void LLVMInitializeX86TargetInfo();
void LLVMInitializeX86TargetMC();
void LLVMInitializeX86AsmParser();
void LLVMInitializeX86Disassembler();
void LLVMInitializeRISCVTargetInfo();
void LLVMInitializeRISCVTargetMC();
void LLVMInitializeRISCVAsmParser();
void LLVMInitializeRISCVDisassembler();
}

namespace heisen::llvm_mc {

void initialise_targets() {
    static std::once_flag once;
    std::call_once(once, [] {
        LLVMInitializeX86TargetInfo();
        LLVMInitializeX86TargetMC();
        LLVMInitializeX86AsmParser();
        LLVMInitializeX86Disassembler();
        LLVMInitializeRISCVTargetInfo();
        LLVMInitializeRISCVTargetMC();
        LLVMInitializeRISCVAsmParser();
        LLVMInitializeRISCVDisassembler();
    });
}

bool create_mc_objects(const std::string &triple, const std::string &features, McObjects &out, std::string &error) {
    initialise_targets();
    std::string lookup_error;
    out.target = llvm::TargetRegistry::lookupTarget(triple, lookup_error);
    if (!out.target) {
        error = "LLVM has no target for " + triple + ": " + lookup_error;
        return false;
    }
    out.registers.reset(out.target->createMCRegInfo(triple));
    out.asm_info.reset(out.target->createMCAsmInfo(*out.registers, triple, out.options));
    out.subtarget.reset(out.target->createMCSubtargetInfo(triple, "", features));
    out.instructions.reset(out.target->createMCInstrInfo());
    if (!out.registers || !out.asm_info || !out.subtarget || !out.instructions) {
        error = "LLVM could not describe the target " + triple;
        return false;
    }
    return true;
}

}  // namespace heisen::llvm_mc
