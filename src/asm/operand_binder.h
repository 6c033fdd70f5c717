// operand_binder.h — replaces every operand reference in a template by a placeholder the
// assembler accepts, and remembers which operand each placeholder register stands for.
//
// Registers: a distinct physical register of the operand's class that the template does not
// name, is not clobbered and is not in `excluded`. Memory: a distinct base register, "(%r10)"
// or "0(a5)". Immediates: the literal value or symbol, else 1. asm goto labels: local symbols
// ".Lheisen_goto_<label>". Register widths on x86 are not visible from the source (no C
// types), so each unmodified register reference is a "width slot" the caller may re-choose.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "asm/asm_statement.h"
#include "asm/constraint.h"
#include "asm/target_model.h"

namespace heisen::asmcheck {

inline constexpr const char *kGotoLabelPrefix = ".Lheisen_goto_";

// Memory operands the binder addresses off the stack pointer (every register taken) lie this
// far apart, each at a slot of its own: 64(%esp), 128(%esp) …
inline constexpr int64_t kStackSlotBytes = 64;

struct OperandBinding {
    int index = 0;                 // GCC number: outputs, then inputs
    const AsmOperand *source = nullptr;
    Constraint constraint;
    bool is_output = false;
    bool is_input = false;         // input-only (not '+', not tied to an output)
    int tied_to = -1;              // input with a matching constraint: the output it shares
    ConstraintKind kind = ConstraintKind::Register;  // Register, Memory or Immediate
    RegisterId reg = kNoRegister;        // Register: the placeholder register
    RegisterId pair_high = kNoRegister;  // x86 'A': the dx half of the pair
    RegisterId base = kNoRegister;       // Memory: the placeholder base register
    int64_t displacement = 0;            // Memory: off the stack pointer when no base register was left
    bool fixed_register = false;         // the constraint (or a register variable) names one register
    std::string immediate;               // Immediate: value or symbol
    std::optional<int64_t> constant;     // an input whose expression is an integer literal

    // How findings name it: "%0" or "%[name]", with its expression.
    std::string display() const;
};

// Bytes of a register width.
inline unsigned width_bytes(Width w) {
    return w == Width::W64 ? 8u : w == Width::W32 ? 4u : w == Width::W16 ? 2u : 1u;
}

// A reference to a general-register operand (%0, %b0, %k1 …) and the width it spells: the
// operand-width rule compares it with the operand's C type.
struct RegisterUse {
    int operand = 0;
    char modifier = 0;   // 0 for none
    unsigned bytes = 0;  // the width of the register name in the bound text
    size_t offset = 0;   // in BoundTemplate::text
};

struct WidthSlot {
    int operand = 0;
    size_t line = 0;  // template line (0-based)
    Width width = Width::W64;  // the width it was spelled with
};

struct BoundTemplate {
    std::string text;                 // the template as the assembler will read it
    std::vector<size_t> origin;       // per character of `text`: offset in template_text
    std::vector<OperandBinding> operands;
    std::vector<WidthSlot> width_slots;
    std::vector<RegisterUse> register_uses;
    std::vector<RegisterId> owner_of;  // per tracked register: operand index bound to it, or -1
    std::vector<int> base_owner;       // per tracked register: memory operand whose base it is, or -1
    std::vector<bool> unique_label_lines;  // per line: the line used %= (labels there are unique)
    RegisterSet entry_values;          // registers holding an input's value when the template starts
    RegisterSet named;                 // registers the template names itself
    RegisterSet clobbered;             // registers in the clobber list (and "cc" → flags)
    bool clobbers_memory = false;
    std::string error;                 // non-empty: could not bind (reason)
};

struct BindRequest {
    bool intel_syntax = false;
    std::vector<Width> widths;         // per width slot; missing entries are guessed (AT&T suffix)
    RegisterSet excluded;              // registers placeholders must avoid
};

BoundTemplate bind_operands(const AsmStatement &statement, const TargetModel &model,
                            const BindRequest &request);

// Line index (0-based) of an offset into a text.
size_t line_of(const std::string &text, size_t offset);

}  // namespace heisen::asmcheck
