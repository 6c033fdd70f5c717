// riscv64_model.h — the riscv64 target model (rv64gc, LP64D ABI). Its parts live beside it: the
// target's identity and register file (target.cpp), placeholder spellings and operand modifiers
// (operand_spelling.cpp), the override table (instruction_overrides.cpp) and value semantics
// (semantics.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "asm/target_model.h"

namespace heisen::asmcheck::riscv64 {

class Riscv64Model final : public TargetModel {
public:
    Riscv64Model();

    std::string register_operand(RegisterId id, Width width, bool intel) const override;
    std::string memory_operand(RegisterId base, bool intel, char constraint_letter) const override;
    std::string immediate_operand(const std::string &value, bool intel) const override;
    bool apply_modifier(char modifier, const BoundView &operand, Width width, bool intel,
                        std::string &out) const override;

    bool selected_by_flag(std::string_view flag, const TargetModel &current) const override;
    void initialise_llvm() const override;
    void apply_overrides(DecodedInstruction &instruction) const override;
    void describe_semantics(DecodedInstruction &instruction) const override;
    bool stand_in(const std::string &line, StandIn &out) const override;  // unknown_instructions.cpp

private:
    // The address register of a load, store, lr/sc or AMO: "imm(reg)" and "(reg)" operands are
    // plain register operands in MC, so it is read from the instruction's text.
    RegisterId address_register(const DecodedInstruction &in) const;
};

}  // namespace heisen::asmcheck::riscv64
