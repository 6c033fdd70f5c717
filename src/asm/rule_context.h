// rule_context.h — everything a rule reads about one statement, and helpers to phrase findings.
#pragma once

#include <string>
#include <vector>

#include "asm/check_statement.h"
#include "asm/control_flow.h"
#include "asm/decoded_instruction.h"
#include "asm/operand_binder.h"
#include "asm/target_model.h"

namespace heisen::asmcheck {

struct RuleContext {
    const AsmStatement &statement;
    const CheckOptions &options;
    const TargetModel &model;
    const BoundTemplate &bound;
    const std::vector<DecodedInstruction> &instructions;
    const ControlFlow &flow;

    // The operand a placeholder register stands for, or nullptr.
    const OperandBinding *register_owner(RegisterId id) const;
    const OperandBinding *memory_owner(RegisterId base) const;
    // Registers the statement declares it changes: clobbers and output registers.
    RegisterSet declared_writes() const;
    // The instruction puts back a saved copy of the register: pop, load from an sp slot, or an
    // xchg with the register holding the copy.
    static bool restores(const DecodedInstruction &instruction, RegisterId id);
    // The register is saved (pushed, stored to an sp slot, copied to another register) at or
    // before `before` and restored at or after `after`.
    bool saved_and_restored(RegisterId id, size_t before, size_t after) const;

    SourceLocation location_of(const DecodedInstruction &instruction) const;
    Finding finding(const char *rule, Severity severity, const DecodedInstruction *at, std::string message) const;
    // "clobbers: "rax", "rbx", "memory"" — the current list plus what is missing.
    std::string fix_clobbers(const RegisterSet &missing, bool add_memory = false, bool add_cc = false) const;
    // "outputs: [x] "=&r" (x)" — the current outputs with one constraint replaced or one added.
    std::string fix_outputs(int operand, const std::string &new_constraint) const;
    std::string fix_inputs_to_outputs(const std::vector<int> &inputs) const;
};

// Each rule family appends its findings (docs/asm-rules.md describes every rule id).
void check_register_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_overlap_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_memory_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_stack_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_call_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_label_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_flags_rule(const RuleContext &context, std::vector<Finding> &findings);

}  // namespace heisen::asmcheck
