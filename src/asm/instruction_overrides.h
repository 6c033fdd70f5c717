// instruction_overrides.h — what LLVM's instruction descriptions leave out, as a documented
// table (docs/asm-rules.md, "Override table"), and the stack-pointer classifier.
#pragma once

#include <vector>

#include "asm/decoded_instruction.h"
#include "asm/target_model.h"

namespace heisen::asmcheck {

// Adds the registers, memory references and control flow the MCInstrDesc does not state.
void apply_overrides(DecodedInstruction &instruction, const TargetModel &model);

// Effects that depend on the neighbouring instruction (a separate "rep;" prefix).
void apply_sequence_overrides(std::vector<DecodedInstruction> &instructions, const TargetModel &model);

// Sets stack, stack_delta, saved, restored, pushes for one instruction.
void classify_stack_effect(DecodedInstruction &instruction, const TargetModel &model);

}  // namespace heisen::asmcheck
