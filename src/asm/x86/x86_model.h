// x86_model.h — the x86 target model, one class for x86-64 and i386 (System V ABIs), AT&T and
// Intel spellings. Its parts live beside it: the target's identity and register file
// (target.cpp), placeholder spellings and operand modifiers (operand_spelling.cpp), the override
// table (instruction_overrides.cpp), value semantics (semantics.cpp, x87_stack.cpp) and calls
// with their own conventions (calling_conventions.cpp).
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
    void describe_semantics(DecodedInstruction &instruction) const override;
    bool selector_reads(const DecodedInstruction &instruction, int64_t selector) const override;
    void respell_for_llvm(std::string &text) const override;

private:
    Place place_of(const DecodedOperand &op) const;
    // How a write to this register operand treats the bits it does not cover.
    Extension extension_of(const DecodedInstruction &in, const DecodedOperand &op) const;
    // The x87 stack (x87_stack.cpp); false when the instruction is no x87 instruction.
    bool describe_x87(DecodedInstruction &in) const;
    // Calls the target knows by name or shape (calling_conventions.cpp).
    void describe_call_convention(DecodedInstruction &in) const;
    void describe_generic_with(DecodedInstruction &in) const;
    void add_conventions();

    bool is64_;
};

}  // namespace heisen::asmcheck::x86
