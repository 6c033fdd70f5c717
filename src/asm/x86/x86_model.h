// x86_model.h — the x86 target model, one class for x86-64 and i386 (System V ABIs), AT&T and
// Intel spellings. Its parts live beside it: the target's identity and register file
// (target.cpp), placeholder spellings and operand modifiers (operand_spelling.cpp), the override
// table (instruction_overrides.cpp) and stack-pointer effects (stack_effects.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "asm/target_model.h"

namespace heisen::asmcheck::x86 {

class X86Model final : public TargetModel {
public:
    explicit X86Model(bool is64);

    bool is64() const { return is64_; }
    // The register of this model for an x86-64 family name: "rax" is eax on i386.
    RegisterId family(std::string_view name64) const;
    // Adds the space-separated x86-64 family names to `set`.
    void add_names(RegisterSet &set, const char *names) const;

    std::string register_operand(RegisterId id, Width width, bool intel) const override;
    std::string memory_operand(RegisterId base, bool intel, char constraint_letter) const override;
    std::string immediate_operand(const std::string &value, bool intel) const override;
    bool apply_modifier(char modifier, const BoundView &operand, Width width, bool intel,
                        std::string &out) const override;

    bool selected_by_flag(std::string_view flag, const TargetModel &current) const override;
    void initialise_llvm() const override;
    void apply_overrides(DecodedInstruction &instruction) const override;
    void apply_sequence_overrides(std::vector<DecodedInstruction> &instructions) const override;
    void classify_stack_effect(DecodedInstruction &instruction) const override;

private:
    bool is64_;
};

}  // namespace heisen::asmcheck::x86
