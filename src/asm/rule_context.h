// rule_context.h — everything a rule reads about one statement, and helpers to phrase findings.
#pragma once

#include <string>
#include <vector>

#include "asm/check_statement.h"
#include "asm/control_flow.h"
#include "asm/decoded_instruction.h"
#include "asm/interpreter.h"
#include "asm/operand_binder.h"
#include "asm/target_model.h"

namespace heisen::asmcheck {

struct RuleContext {
    const AsmStatement &statement;
    const CheckOptions &options;
    const TargetModel &model;
    const BoundTemplate &bound;
    const std::vector<DecodedInstruction> &instructions;
    const Interpretation &values;
    const ControlFlow &flow;

    // The operand a placeholder register stands for, or nullptr.
    const OperandBinding *register_owner(RegisterId id) const;
    const OperandBinding *memory_owner(RegisterId base) const;
    // The memory operand an access goes to: the operand whose placeholder register the address
    // is formed from, or the one at the stack slot it reaches; nullptr for other memory.
    const OperandBinding *memory_operand_of(const MemoryReference &ref) const;
    // Registers the statement declares it changes: clobbers and output registers.
    RegisterSet declared_writes() const;
    // The states the template can end in and resume the code after the statement from: falling
    // off its end, leaving to an asm goto label.
    std::vector<const MachineState *> exits() const;
    // The register holds, in `state`, the value it held when the template started.
    bool holds_entry_value(const MachineState &state, RegisterId id) const {
        return state.registers[static_cast<size_t>(id)] == values.entry_value(id);
    }
    // The first instruction (in template order) that changes the register; calls are left out
    // when `skip_calls` (their effects are escapes-to-function's). -1 if none does.
    int first_change(RegisterId id, bool skip_calls) const;
    // Registers the template may not change without saying so: allocatable (general, vector,
    // x87, MMX, mask) and neither declared nor an operand's placeholder.
    bool is_checked_register(RegisterId id) const;

    SourceLocation location_of(const DecodedInstruction &instruction) const;
    Finding finding(const char *rule, Severity severity, const DecodedInstruction *at, std::string message) const;
    // "clobbers: "rax", "rbx", "memory"" — the current list plus what is missing.
    std::string fix_clobbers(const RegisterSet &missing, bool add_memory = false, bool add_cc = false) const;
    // "outputs: [x] "=&r" (x)" — the current outputs with one constraint replaced or one added.
    std::string fix_outputs(int operand, const std::string &new_constraint) const;
    std::string fix_inputs_to_outputs(const std::vector<int> &inputs) const;
};

// A memory operand whose address the compiler computes into a register: through a pointer
// (`*p`, `p->x`) or with an index (`a[i]`). A named object (`size`, `saved_ebx`) is addressed off
// the stack or frame pointer, or by its symbol, never through an operand's register.
bool addressed_through_a_register(const OperandBinding &memory_operand);

// "rax, rcx, r8–r11, xmm0–xmm15": runs of three or more consecutive numbered registers are
// written as a range so a message naming thirty registers stays readable.
std::string register_list(const TargetModel &model, const RegisterSet &set);

// Each rule family appends its findings (docs/asm-rules.md describes every rule id).
void check_register_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_overlap_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_memory_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_stack_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_call_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_label_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_flags_rule(const RuleContext &context, std::vector<Finding> &findings);
void check_temporary_registers(const RuleContext &context, std::vector<Finding> &findings);
void check_x87_rules(const RuleContext &context, std::vector<Finding> &findings);
void check_operand_width_rule(const RuleContext &context, std::vector<Finding> &findings);

}  // namespace heisen::asmcheck
