// target_model.h — what the checker knows about one target, as tables (LLVM MC style: the core
// is target-independent; target_x86.cpp and target_riscv64.cpp fill these tables).
//
// A model names the tracked registers (register_set.h), the ABI's callee- and caller-saved sets,
// the operand constraint letters, and how the binder spells placeholders in the template.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "asm/check_statement.h"
#include "asm/register_set.h"

namespace heisen::asmcheck {

enum class RegisterKind {
    General,         // allocatable integer register
    Vector,          // xmm/ymm/zmm, riscv f registers
    Flags,           // x86 eflags
    StackPointer,
    ProgramCounter,  // rip/eip: never a finding
    Fixed,           // riscv zero/gp/tp: not allocatable, never a finding
};

struct TrackedRegister {
    const char *name;       // canonical, as users write clobbers: "rax", "a0", "xmm3"
    RegisterKind kind;
    // Spellings by access width, widest first: x86 {64, 32, 16, 8-bit}; one entry elsewhere.
    // Empty strings where a width does not exist (e.g. 64-bit on i386).
    const char *by_width[4];
    const char *high_byte;  // x86 "ah"/"bh"/"ch"/"dh", else nullptr
};

// What one constraint letter (or letter pair) allows.
enum class ConstraintKind { Register, Memory, Immediate, General, Address };

struct ConstraintLetter {
    const char *letters;            // "r", "a", "Yz", "cr", …
    ConstraintKind kind;
    const char *registers;          // Register kind: space-separated candidates, preferred first
    bool register_pair = false;     // x86 "A": the value lives in the ax/dx pair
};

// Operand widths the binder tries for a register operand whose C type it cannot see.
enum class Width : unsigned char { W64 = 0, W32 = 1, W16 = 2, W8 = 3 };

class TargetModel {
public:
    virtual ~TargetModel() = default;

    Target target;
    const char *triple;               // for LLVM: "x86_64-unknown-linux-gnu", …
    const char *features;             // LLVM subtarget features, e.g. "+m,+a,+f,+d,+c"
    std::vector<TrackedRegister> registers;
    std::vector<ConstraintLetter> constraint_letters;
    RegisterId stack_pointer = kNoRegister;
    RegisterId flags = kNoRegister;   // kNoRegister when the target has no condition flags
    RegisterId return_address = kNoRegister;  // riscv ra; x86 keeps it on the stack
    RegisterSet callee_saved;         // must survive a call (and a stack switch)
    RegisterSet caller_saved;         // a call may change these (general registers and flags)
    std::vector<Width> register_widths;  // widths a general register operand may take, default first
    const char *memory_bases = "";    // base registers for memory placeholders, preferred first

    RegisterId find_register(std::string_view spelling) const;
    const char *name(RegisterId id) const { return registers[static_cast<size_t>(id)].name; }
    RegisterKind kind(RegisterId id) const { return registers[static_cast<size_t>(id)].kind; }
    const ConstraintLetter *find_constraint(std::string_view text, size_t &length) const;

    // Placeholder spellings. `intel` is the syntax in force at that point of the template.
    virtual std::string register_operand(RegisterId id, Width width, bool intel) const = 0;
    virtual std::string memory_operand(RegisterId base, bool intel, char constraint_letter) const = 0;
    virtual std::string immediate_operand(const std::string &value, bool intel) const = 0;
    // Applies a template operand modifier (%b0, %z0 …) to a bound operand; false if the
    // modifier is unknown for this target (the caller reports it).
    struct BoundView {
        ConstraintKind kind;
        RegisterId reg;          // Register
        RegisterId base;         // Memory
        std::string immediate;   // Immediate: the value or symbol
        char constraint_letter;  // the letter that chose the binding
    };
    virtual bool apply_modifier(char modifier, const BoundView &operand, Width width, bool intel,
                                std::string &out) const = 0;
    // Canonical clobber spelling ("%rax" → "rax", "cc", "memory"); kNoRegister for non-registers.
    RegisterId clobber_register(std::string_view clobber) const;

protected:
    void finish_tables();  // builds the spelling index; called by each target's constructor

private:
    std::vector<std::pair<std::string, RegisterId>> spellings_;  // sorted
};

const TargetModel &target_model(Target target);

// Shared by the target files.
const TargetModel &x86_64_model();
const TargetModel &i386_model();
const TargetModel &riscv64_model();

}  // namespace heisen::asmcheck
