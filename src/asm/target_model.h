// target_model.h — what the checker knows about one target (LLVM MC style: the core is
// target-independent; everything particular to a target lives in its folder, x86/ for x86-64
// and i386, riscv64/ for riscv64, and reaches the core only through this interface).
//
// A model names the target (and the spellings that select it), the tracked registers
// (register_set.h), the ABI's callee- and caller-saved sets, the operand constraint letters, how
// the binder spells placeholders in the template, the architecture macros its compiler
// predefines, and what LLVM's instruction descriptions leave out (the override table).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asm/check_statement.h"
#include "asm/decoded_instruction.h"
#include "asm/register_set.h"
#include "asm/source_conditions.h"

namespace heisen::asmcheck {

enum class RegisterKind {
    General,         // allocatable integer register
    Vector,          // xmm/ymm/zmm, riscv f registers
    X87,             // x87 stack slots st(0)–st(7), tracked as a stack
    Mmx,             // x86 mm0–mm7: the x87 slots' bits seen as MMX registers
    Mask,            // x86 AVX-512 k0–k7
    Flags,           // x86 eflags
    StackPointer,
    ProgramCounter,  // rip/eip: never a finding
    Fixed,           // riscv zero/gp/tp, x86 segment registers: not allocatable, never a finding
};

struct TrackedRegister {
    const char *name;       // canonical, as users write clobbers: "rax", "a0", "xmm3"
    RegisterKind kind;
    // Spellings by access width, widest first: x86 {64, 32, 16, 8-bit}, {xmm, ymm, zmm}; one
    // entry elsewhere. Empty strings where a width does not exist (e.g. 64-bit on i386).
    const char *by_width[4];
    const char *high_byte;  // x86 "ah"/"bh"/"ch"/"dh", else nullptr
    uint16_t bits[4];       // access width of each spelling, in bits
};

// A calling convention other than the C ABI's, for calls the target knows by name or shape
// (x86/calling_conventions.cpp): what the callee reads and what it changes.
struct CallConvention {
    const char *name;       // "i386 vsyscall (call *%gs:16)", …
    RegisterSet reads;
    RegisterSet writes;     // everything else is preserved
    const char *why;
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

// Where an x86-style MC memory reference keeps its parts among the MCInst's operands; `parts` is
// 0 where addresses are plain register operands (riscv "imm(reg)").
struct McMemoryLayout {
    unsigned parts = 0;     // MC operands one memory reference takes
    unsigned base = 0;      // offsets inside those parts
    unsigned index = 0;
    unsigned displacement = 0;
    unsigned segment = 0;
};

// An instruction LLVM 15 cannot parse, stood in for by one it can: the line rewritten (to the
// same length, so offsets into the template hold) with the same operands, what the original
// does beyond the stand-in, and the note the user sees.
struct StandIn {
    std::string line;
    bool reads_destination = false;  // the original also reads its first (destination) operand
    std::string note;
};

class TargetModel {
public:
    virtual ~TargetModel() = default;

    Target target;
    const char *target_label = "";    // "x86_64", "i386", "riscv64": how heisen names the target
    const char *target_family = "";   // targets of one family share flags such as -m32/-m64
    // Spellings that select the target: `architectures` are the first field of a triple or of
    // a cross compiler's name ("x86_64-linux-gnu-gcc"), `aliases` further --target names,
    // `alias_prefixes` name prefixes ("rv64" for rv64gc, rv64imac).
    std::vector<const char *> architectures;
    std::vector<const char *> aliases;
    std::vector<const char *> alias_prefixes;
    std::vector<std::string> predefined_macros;  // architecture macros its compiler defines
    // Other names GCC takes for a register in a clobber list ({"rdx", "edx"} on i386, where GCC
    // accepts the 64-bit names of the registers that exist), to the register's own spelling.
    std::vector<std::pair<std::string, std::string>> clobber_aliases;
    const char *triple;               // for LLVM: "x86_64-unknown-linux-gnu", …
    const char *features;             // LLVM subtarget features, e.g. "+m,+a,+f,+d,+c"
    McMemoryLayout mc_memory;         // how LLVM's MCInst spells a memory operand
    std::vector<TrackedRegister> registers;
    std::vector<ConstraintLetter> constraint_letters;
    RegisterId stack_pointer = kNoRegister;
    RegisterId flags = kNoRegister;   // kNoRegister when the target has no condition flags
    RegisterId return_address = kNoRegister;  // riscv ra; x86 keeps it on the stack
    RegisterId zero_register = kNoRegister;   // riscv zero: reads 0, ignores writes
    RegisterId x87_first = kNoRegister;       // x86 st(0); st(1) … st(7) follow it
    RegisterSet callee_saved;         // must survive a call (and a stack switch)
    RegisterSet caller_saved;         // a call may change these (general registers and flags)
    std::vector<Width> register_widths;  // widths a general register operand may take, default first
    const char *memory_bases = "";    // base registers for memory placeholders, preferred first
    RegisterId register_pair_high = kNoRegister;  // x86 "A": the dx half of the ax:dx pair
    bool dialect_alternatives = false;  // x86 "{att|intel}" in templates
    // Constraint letters that let an immediate operand be a symbol; nullptr: every immediate
    // constraint does (riscv needs "s" or "S", a plain "i" there is a number).
    const char *symbol_immediate_letters = nullptr;
    // Registers that exist only with a compiler option (i386 xmm0–xmm7 need -msse), and the note
    // that says so where a finding leaves them out.
    RegisterSet optional_registers;
    const char *optional_registers_note = "";
    const char *vector_description = "";  // how findings group the vector/FP registers: "vector and x87"
    int red_zone_bytes = 0;           // below the stack pointer, usable by leaf functions (x86-64: 128)
    const char *red_zone_fix = "";    // how a template steps over it
    int return_address_bytes = 0;     // what a call pushes (x86); 0 where calls link through ra
    std::vector<CallConvention> conventions;  // calls that do not follow the C ABI

    RegisterId find_register(std::string_view spelling) const;
    const char *name(RegisterId id) const { return registers[static_cast<size_t>(id)].name; }
    RegisterKind kind(RegisterId id) const { return registers[static_cast<size_t>(id)].kind; }
    // The width of the whole register, in bits.
    uint16_t full_bits(RegisterId id) const;
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

    // A compiler flag that selects this target when `current` was selected so far (-m32, -m64,
    // -march=rv64gc).
    virtual bool selected_by_flag(std::string_view flag, const TargetModel &current) const = 0;
    // Registers the target's LLVM components (target info, MC, asm parser); idempotent.
    virtual void initialise_llvm() const = 0;

    // The override table (docs/asm-rules.md): adds the registers, memory references and control
    // flow the MCInstrDesc does not state.
    virtual void apply_overrides(DecodedInstruction &instruction) const = 0;
    // Effects that depend on the neighbouring instruction (x86: a separate "rep;" prefix).
    virtual void apply_sequence_overrides(std::vector<DecodedInstruction> &) const {}
    // The instruction's value semantics (semantics.h): fills `effects` for the instructions the
    // target describes, sets `pushes`/`pushes_return_address`, and `convention` for calls that
    // do not follow the C ABI. Instructions left undescribed are interpreted from their reads
    // and writes.
    virtual void describe_semantics(DecodedInstruction &instruction) const = 0;
    // For a line the assembler rejects: an instruction of the target LLVM 15 does not know,
    // stood in for by one it does. False when the target cannot.
    virtual bool stand_in(const std::string &, StandIn &) const { return false; }
    // For a SelectedUse micro-operation: whether the instruction reads its operand when the
    // selector holds `selector` (x86 cpuid: whether leaf `selector` has sub-leaves).
    virtual bool selector_reads(const DecodedInstruction &, int64_t) const { return true; }
    // Rewrites, in place and keeping every offset, spellings gas accepts and LLVM 15 rejects
    // (x86: the one-operand port forms "inb (%dx)", "outl (%dx)").
    virtual void respell_for_llvm(std::string &) const {}

protected:
    void finish_tables();  // builds the spelling index; called by each target's constructor

private:
    std::vector<std::pair<std::string, RegisterId>> spellings_;  // sorted
};

const TargetModel &target_model(Target target);
// Every target heisen models, for lookups by name.
const std::vector<const TargetModel *> &all_target_models();
// The model whose `architectures` holds `architecture`, or nullptr.
const TargetModel *model_for_architecture(std::string_view architecture);
// The architecture macros the target's compiler defines, and those it certainly does not (the
// other targets' and the architectures heisen does not model).
const PredefinedMacros &predefined_macros(Target target);

// Defined in the target folders.
const TargetModel &x86_64_model();
const TargetModel &i386_model();
const TargetModel &riscv64_model();

}  // namespace heisen::asmcheck
