// interpreter.h — abstract interpretation of a template along its control flow.
//
// Every register, every memory cell the template writes (its own stack slots, a memory
// operand, memory through a pointer it was given) and every x87 stack slot holds a symbolic
// value (abstract_value.h). The interpreter runs each instruction's micro-operations
// (semantics.h) from the entry until nothing changes, joining the states where paths meet, and
// resolves what the template's own values decide: where a `ret` or `jmp *%rax` goes (a label
// whose address was pushed or loaded), whether a tail call comes back, where the stack pointer
// points (the entry stack, or a stack switched to), and which local labels are entered from
// outside (a label whose address is stored to memory: a context switch's resume point).
//
// The rules read the result: the state before each instruction and at each exit, the edges,
// the resume entries, every use of a value a register held on entry, and what each instruction
// did to the stack pointer.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "asm/abstract_value.h"
#include "asm/decoded_instruction.h"
#include "asm/operand_binder.h"
#include "asm/target_model.h"

namespace heisen::asmcheck {

struct MemoryCell {
    ValueId base;     // stack base, operand address or pointer value
    int64_t offset;   // bytes from the base
    uint16_t bits;
    ValueId value;
};

struct MachineState {
    bool reached = false;
    std::vector<ValueId> registers;  // per tracked register (x87 slots at model.x87_first …)
    std::vector<MemoryCell> cells;   // memory the template wrote (or a switch's new stack holds)
    bool memory_clobbered = false;   // a store through an address not tracked: pointer cells unknown
    std::vector<ValueId> x87_below;  // x87 values pushed out past st(7), back on a pop
    // Running on a stack switched to, or from a label entered from outside: the code after the
    // statement is another thread's, and sees only what this path restores.
    bool foreign = false;
    // The own stack at the last store of the stack pointer (what a thread switched back to this
    // stack finds on it): the offset, and the cells on it.
    bool has_snapshot = false;
    bool snapshot_conflict = false;
    int64_t snapshot_offset = 0;
    std::vector<MemoryCell> snapshot;

    bool operator==(const MachineState &o) const;
};

// What an instruction did to the stack pointer (red-zone, stack-imbalance).
enum class StackEffect {
    None,
    Adjust,   // moved by a known amount derived from sp (push, pop, add/sub, lea)
    Derived,  // recomputed from itself by an unknown amount (and $-16, %rsp)
    Switch,   // loaded from a value not derived from itself
};

// A value some register (or memory operand) held on entry, used by an instruction: computed
// with, compared, used as an address, stored where the compiler does not look — or left in an
// output at an exit.
struct ValueUse {
    size_t instruction;
    ValueId value;
};

struct Interpretation {
    ValueTable values;
    std::vector<MachineState> before;       // per instruction: the state when it starts
    MachineState at_exit;                   // falling off the end of the template
    MachineState at_goto_exit;              // leaving to an asm goto label (joined)
    std::vector<std::vector<size_t>> successors;  // per instruction; size() = the normal exit
    std::vector<bool> goto_exit;            // per instruction: may leave to an asm goto label
    std::vector<bool> leaves;               // per instruction: may leave the template for good
    std::vector<size_t> resume_entries;     // labels entered from outside the template
    std::map<size_t, size_t> resume_stored_at;  // resume label → the instruction storing its address
    std::vector<bool> comes_back;           // per call or tail call: execution returns into the template
    std::vector<RegisterSet> changed;       // per instruction: registers whose value it changed
    std::vector<StackEffect> stack;         // per instruction
    std::vector<int64_t> stack_delta;       // per instruction, for Adjust
    std::vector<ValueUse> uses;
    bool gave_up = false;                   // the fixpoint did not settle in its budget (never seen)

    RegisterId x87(const TargetModel &model, int position) const {
        return static_cast<RegisterId>(model.x87_first + position);
    }
    // The value a register holds at entry (its own Entry value, or an input's constant).
    ValueId entry_value(RegisterId id) const { return entry_.registers[static_cast<size_t>(id)]; }
    const MachineState &entry_state() const { return entry_; }

    MachineState entry_;
};

Interpretation interpret(const std::vector<DecodedInstruction> &instructions, const BoundTemplate &bound,
                         const TargetModel &model);

}  // namespace heisen::asmcheck
