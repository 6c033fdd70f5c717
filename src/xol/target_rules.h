// target_rules.h — the per-machine part of `heisen xol`: which instructions cannot run
// unchanged out of line and why (classify_x86_64.cpp, classify_riscv64.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <llvm/MC/MCInst.h>

#include "xol/disassembler.h"
#include "xol/instruction_finding.h"
#include "xol/relocations.h"

namespace heisen::xol {

// What the analysis needs to know about an instruction besides its findings.
struct InstructionFacts {
    bool padding = false;        // a nop or int3 alignment fill may consist of
    bool ends_flow = false;      // execution never falls through (ret, jmp, ud2)
    bool has_branch_target = false;
    uint64_t branch_target = 0;  // direct branches: where they go (for padding decisions)
};

class TargetRules {
public:
    virtual ~TargetRules() = default;
    virtual void begin_function() = 0;
    // Appends the findings of the decoded instruction at `address` to `out`.
    virtual InstructionFacts classify(const llvm::MCInst &inst, uint64_t address, uint64_t size,
                                      std::vector<InstructionFinding> &out) = 0;
    // Bytes the disassembler rejected: a finding of their own (int1 on x86-64) or undecodable.
    virtual InstructionFacts classify_undecodable(const uint8_t *bytes, uint64_t available, uint64_t address,
                                                  uint64_t &size, std::vector<InstructionFinding> &out);
    // Findings that need the whole function (riscv64 lr/sc windows).
    virtual void end_function(std::vector<InstructionFinding> &out) { (void)out; }
};

std::unique_ptr<TargetRules> make_x86_64_rules(const Disassembler &disassembler, const CodeRelocations &relocations);
std::unique_ptr<TargetRules> make_riscv64_rules(const Disassembler &disassembler, const CodeRelocations &relocations);

}  // namespace heisen::xol
