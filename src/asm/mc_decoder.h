// mc_decoder.h — turns a bound template into DecodedInstructions with LLVM 15 MC.
//
// The template is parsed by LLVM's target asm parser into a streamer that only collects MCInsts
// and labels; the MC objects that do not depend on the text (register info, instruction info,
// subtarget, asm info) are created once per target and thread.
#pragma once

#include <string>

#include "asm/decoded_instruction.h"
#include "asm/target_model.h"

namespace heisen::asmcheck {

DecodedTemplate decode_template(const std::string &bound_text, const TargetModel &model, bool intel_syntax);

}  // namespace heisen::asmcheck
