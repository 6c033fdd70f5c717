// rules_registers.cpp — undeclared-write, input-modified, output-not-written,
// write-only-output-read, unbound-read: what the template leaves in registers and operand memory
// when it ends, and which values it uses, compared with what the outputs, inputs and clobbers
// declare. The values come from the interpreter: a register saved and restored (push/pop, xchg
// and back, a copy and back, bswap twice, fxsave/fxrstor) holds its own value at the end.
#include <algorithm>
#include <cstdint>
#include <set>

#include "asm/rule_context.h"

namespace heisen::asmcheck {

namespace {

// Registers whose writes and reads are judged by other rules or never matter.
bool ignored_register(const TargetModel &model, RegisterId id) {
    const RegisterKind kind = model.kind(id);
    return kind == RegisterKind::ProgramCounter || kind == RegisterKind::Fixed || kind == RegisterKind::Flags ||
           kind == RegisterKind::StackPointer;
}

// Memory operands an instruction stores to or loads from (bit = operand index).
uint64_t memory_operands_accessed(const RuleContext &c, const DecodedInstruction &in, bool loads) {
    uint64_t bits = 0;
    for (const MemoryReference &ref : in.memory) {
        if (!ref.access || (loads ? !ref.load : !ref.store)) continue;
        if (const OperandBinding *owner = c.memory_operand_of(ref)) bits |= uint64_t{1} << owner->index;
    }
    return bits;
}

// Exits at which the code after the statement is this thread's (a stack switch or a label
// entered from outside hands over to another thread: stack-switch's business).
std::vector<const MachineState *> own_exits(const RuleContext &c) {
    std::vector<const MachineState *> out;
    for (const MachineState *state : c.exits())
        if (!state->foreign) out.push_back(state);
    return out;
}

bool changed_at_some_exit(const RuleContext &c, const std::vector<const MachineState *> &exits, RegisterId id) {
    for (const MachineState *state : exits)
        if (!c.holds_entry_value(*state, id)) return true;
    return false;
}

// The operand a memory cell belongs to, or -1.
int cell_operand(const RuleContext &c, const MemoryCell &cell) {
    const AbstractValue &base = c.values.values[cell.base];
    if (base.kind == ValueKind::OperandAddress) return static_cast<int>(base.number);
    // An operand addressed off the stack pointer (every register taken) is its slot of the own stack.
    if (base.kind != ValueKind::StackAddress || base.a != ValueTable::kOwnStack) return -1;
    for (const OperandBinding &b : c.bound.operands)
        if (b.kind == ConstraintKind::Memory && b.base == c.model.stack_pointer && cell.offset >= b.displacement &&
            cell.offset < b.displacement + kStackSlotBytes)
            return b.index;
    return -1;
}

// The cell still holds what the memory held when the template started.
bool cell_unchanged(const RuleContext &c, const MemoryCell &cell) {
    const AbstractValue &v = c.values.values[cell.value];
    return v.kind == ValueKind::EntryMemory && v.a == cell.base && v.number == cell.offset;
}

int first_store_to_operand(const RuleContext &c, int operand) {  // -1: none
    for (size_t i = 0; i < c.instructions.size(); ++i)
        if (c.values.before[i].reached && (memory_operands_accessed(c, c.instructions[i], false) >> operand & 1))
            return static_cast<int>(i);
    return -1;
}

void report_input_modified(const RuleContext &c, const OperandBinding &b, size_t at, RegisterId reg,
                           std::vector<Finding> &findings) {
    const DecodedInstruction &in = c.instructions[at];
    const std::string what = reg != kNoRegister ? "input operand " + b.display() + " (register '" + c.model.name(reg) +
                                                      "') is written, but the compiler assumes it still holds its value"
                                                : "the memory of input operand " + b.display() +
                                                      " is written, but it is declared as an input only";
    Finding f = c.finding("input-modified", Severity::Warning, &in, what);
    f.operand = b.display();
    f.notes.push_back({b.source->location, reg != kNoRegister ? "declared here as an input with constraint \"" +
                                                                    b.source->constraint + "\""
                                                              : "declared here with constraint \"" + b.source->constraint + "\""});
    f.suggested_fix = c.fix_inputs_to_outputs({b.index});
    findings.push_back(std::move(f));
}

// The first instruction after a stack switch (or a label entered from outside) that writes the
// register: the code after the statement is another thread's there, and the write clobbers the
// value that thread relies on, whatever stack-switch says about the switch itself.
int first_write_after_switch(const RuleContext &c, RegisterId id) {
    for (size_t i = 0; i < c.instructions.size(); ++i) {
        const MachineState &before = c.values.before[i];
        if (before.reached && before.foreign && c.values.changed[i].contains(id) && !c.instructions[i].is_call &&
            c.instructions[i].writes.contains(id))
            return static_cast<int>(i);
    }
    return -1;
}

void check_writes(const RuleContext &c, std::vector<Finding> &findings) {
    const std::vector<const MachineState *> exits = own_exits(c);
    std::vector<const MachineState *> foreign;
    for (const MachineState *state : c.exits())
        if (state->foreign) foreign.push_back(state);
    if (exits.empty() && foreign.empty()) return;
    RegisterSet undeclared;
    std::vector<std::pair<int, RegisterId>> first_write;
    for (size_t r = 0; r < c.model.registers.size(); ++r) {
        const auto id = static_cast<RegisterId>(r);
        const RegisterKind kind = c.model.kind(id);
        if (kind == RegisterKind::X87 || kind == RegisterKind::Mmx) continue;  // the x87/MMX file: rules_x87.cpp
        if (!c.is_checked_register(id)) continue;
        int writer = -1;
        if (changed_at_some_exit(c, exits, id))
            writer = c.first_change(id, /*skip_calls=*/true);  // -1: changed by a call only (escapes-to-function)
        else if (changed_at_some_exit(c, foreign, id))
            writer = first_write_after_switch(c, id);
        if (writer < 0) continue;
        undeclared.add(id);
        first_write.emplace_back(writer, id);
    }
    std::sort(first_write.begin(), first_write.end());
    for (const auto &[index, id] : first_write) {
        const DecodedInstruction &in = c.instructions[static_cast<size_t>(index)];
        Finding f = c.finding("undeclared-write", Severity::Warning, &in,
                              "register '" + std::string(c.model.name(id)) +
                                  "' is written but is neither an output nor a clobber");
        f.operand = c.model.name(id);
        f.suggested_fix = c.fix_clobbers(undeclared);
        findings.push_back(std::move(f));
    }
    if (exits.empty()) return;
    for (const OperandBinding &b : c.bound.operands) {
        if (!b.is_input) continue;
        if (b.kind == ConstraintKind::Register) {
            for (RegisterId reg : {b.reg, b.pair_high}) {
                if (reg == kNoRegister || c.model.kind(reg) == RegisterKind::X87) continue;
                if (c.declared_writes().contains(reg)) continue;  // "=a" with "a": the output takes it over
                if (!changed_at_some_exit(c, exits, reg)) continue;
                const int writer = c.first_change(reg, /*skip_calls=*/true);
                if (writer < 0) continue;
                report_input_modified(c, b, static_cast<size_t>(writer), reg, findings);
                break;
            }
        } else if (b.kind == ConstraintKind::Memory) {
            bool modified = false;
            for (const MachineState *state : exits)
                for (const MemoryCell &cell : state->cells)
                    modified = modified || (cell_operand(c, cell) == b.index && !cell_unchanged(c, cell));
            const int writer = modified ? first_store_to_operand(c, b.index) : -1;
            if (writer >= 0) report_input_modified(c, b, static_cast<size_t>(writer), kNoRegister, findings);
        }
    }
}

// An "=m" output whose lvalue is also an "m" input ("=m"(*p) : "m"(*p), the idiom from before
// "+m"): both name the same memory, so the template reads the input's value there.
bool memory_also_an_input(const RuleContext &c, const OperandBinding &output) {
    if (output.kind != ConstraintKind::Memory) return false;
    for (const OperandBinding &b : c.bound.operands)
        if (b.is_input && b.kind == ConstraintKind::Memory && b.source->expression == output.source->expression)
            return true;
    return false;
}

bool written_somewhere(const RuleContext &c, const OperandBinding &b) {
    for (const DecodedInstruction &in : c.instructions) {
        if (b.kind == ConstraintKind::Register && in.writes.contains(b.reg)) return true;
        if (b.kind == ConstraintKind::Memory && (memory_operands_accessed(c, in, false) >> b.index & 1)) return true;
    }
    return false;
}

// Memory outputs a store through a pointer register may have written (the pointer may be the
// output's address: xstore through "D"(p) writes "=m"(*p)).
uint64_t memory_outputs_maybe_stored(const RuleContext &c, const DecodedInstruction &in) {
    bool through_pointer = false;
    for (const MemoryReference &ref : in.memory) {
        if (!ref.access || !ref.store) continue;
        bool operand_or_stack = false;
        ref.address.for_each([&](RegisterId id) {
            operand_or_stack = operand_or_stack || c.memory_owner(id) || c.model.kind(id) == RegisterKind::StackPointer;
        });
        through_pointer = through_pointer || !operand_or_stack;
    }
    uint64_t bits = 0;
    if (through_pointer)
        for (const OperandBinding &b : c.bound.operands)
            if (b.is_output && b.kind == ConstraintKind::Memory) bits |= uint64_t{1} << b.index;
    return bits;
}

void check_outputs_written(const RuleContext &c, std::vector<Finding> &findings) {
    if (!c.flow.exit_reachable()) return;
    // Bit per operand: written on every path from the entry.
    std::function<uint64_t(size_t)> gen = [&](size_t i) {
        const DecodedInstruction &in = c.instructions[i];
        uint64_t bits = memory_operands_accessed(c, in, false) | memory_outputs_maybe_stored(c, in);
        RegisterSet written = in.writes | c.values.changed[i];
        written.for_each([&](RegisterId id) {
            if (const OperandBinding *owner = c.register_owner(id)) bits |= uint64_t{1} << owner->index;
        });
        return bits;
    };
    const std::vector<uint64_t> written = c.flow.must_forward<uint64_t>(gen, ~uint64_t{0}, 0);
    const uint64_t at_exit = written[c.flow.exit()];
    for (const OperandBinding &b : c.bound.operands) {
        if (!b.is_output || b.constraint.read_write || (at_exit >> b.index & 1)) continue;
        if (b.kind == ConstraintKind::Register && c.model.kind(b.reg) == RegisterKind::X87) continue;  // rules_x87.cpp
        if (memory_also_an_input(c, b)) continue;  // unwritten, it keeps the input's value
        // An early-clobber output is the scratch-register idiom (lr/sc loops leave it unwritten
        // on the path that gives up); only one never written at all is reported.
        if (b.constraint.earlyclobber && written_somewhere(c, b)) continue;
        bool tied = false;  // "=r" with a matching input holds the input's value when unwritten
        for (const OperandBinding &other : c.bound.operands) tied = tied || other.tied_to == b.index;
        if (tied) continue;
        // A register variable as output reads that register: `register void *sp asm("rsp");
        // asm("" : "=r"(sp))` is how code takes the stack pointer.
        if (b.kind == ConstraintKind::Register && !b.source->register_variable.empty()) continue;
        Finding f = c.finding("output-not-written", Severity::Warning, nullptr,
                              "output operand " + b.display() + " is not written on every path through the template");
        f.location = b.source->location.line ? b.source->location : c.statement.location;
        f.operand = b.display();
        f.notes.push_back({c.statement.location, "the compiler will use whatever the register or memory held"});
        f.suggested_fix = c.fix_outputs(b.index, "+" + b.source->constraint.substr(1));
        findings.push_back(std::move(f));
    }
}

// Which rule a use of a value the register `id` held on entry breaks, if any.
class ReadChecker {
public:
    ReadChecker(const RuleContext &c, std::vector<Finding> &findings) : c_(c), findings_(findings) {}

    void register_value(size_t at, RegisterId id) {
        if (id == kNoRegister || ignored_register(c_.model, id)) return;
        if (c_.bound.entry_values.contains(id)) return;  // an input's value (also "=a" with "a")
        const OperandBinding *owner = c_.register_owner(id);
        if (owner && (owner->is_input || owner->constraint.read_write || owner->tied_to >= 0)) return;
        if (c_.memory_owner(id)) return;
        if (owner) {
            for (const OperandBinding &other : c_.bound.operands)
                if (other.tied_to == owner->index) return;
            write_only_read(at, *owner, " is read before the template writes it, but '=' tells the compiler its old value is not needed");
            return;
        }
        if (!reported_.insert(id).second) return;
        Finding f = c_.finding("unbound-read", Severity::Warning, &c_.instructions[at],
                               "register '" + std::string(c_.model.name(id)) +
                                   "' is read before the template writes it, and no input is bound to it");
        f.operand = c_.model.name(id);
        f.notes.push_back({c_.statement.location, "its value is whatever the compiler left there; bind an input to it"});
        findings_.push_back(std::move(f));
    }

    void memory_value(size_t at, const AbstractValue &v) {
        const AbstractValue &base = c_.values.values[v.a];
        if (v.kind != ValueKind::EntryMemory || base.kind != ValueKind::OperandAddress) return;
        const OperandBinding &b = c_.bound.operands[static_cast<size_t>(base.number)];
        if (!b.is_output || b.constraint.read_write || b.kind != ConstraintKind::Memory) return;
        if (memory_also_an_input(c_, b)) return;
        write_only_read(at, b, " is read, but '=' tells the compiler its old contents are not needed");
    }

private:
    void write_only_read(size_t at, const OperandBinding &b, const char *what) {
        if (!reported_operands_.insert(b.index).second) return;
        // With "memory" the compiler stores every object before the statement, so "=m" cannot
        // lose the old contents (musl's cmpxchg wrappers): true of the constraint, harmless.
        const bool stored_anyway = b.kind == ConstraintKind::Memory && c_.bound.clobbers_memory;
        Finding f = c_.finding("write-only-output-read", stored_anyway ? Severity::Note : Severity::Warning,
                               &c_.instructions[at], "output operand " + b.display() + what);
        f.operand = b.display();
        if (stored_anyway)
            f.notes.push_back({c_.statement.location, "harmless here: the \"memory\" clobber makes the compiler store "
                                                      "it before the statement; \"+m\" says what the template does"});
        f.suggested_fix = c_.fix_outputs(b.index, "+" + b.source->constraint.substr(1));
        findings_.push_back(std::move(f));
    }

    const RuleContext &c_;
    std::vector<Finding> &findings_;
    std::set<RegisterId> reported_;
    std::set<int> reported_operands_;
};

void check_reads(const RuleContext &c, std::vector<Finding> &findings) {
    ReadChecker check(c, findings);
    std::vector<ValueUse> uses = c.values.uses;
    std::stable_sort(uses.begin(), uses.end(), [](const ValueUse &a, const ValueUse &b) { return a.instruction < b.instruction; });
    for (const ValueUse &use : uses) {
        check.register_value(use.instruction, c.values.values.entry_register_of(use.value));
        check.memory_value(use.instruction, c.values.values[use.value]);
    }
    // A value left in an output is used by the code after the statement; the finding points at
    // the first instruction that read the register it came from.
    auto first_read = [&](RegisterId id) {
        for (size_t i = 0; i < c.instructions.size(); ++i)
            if (c.values.before[i].reached && c.instructions[i].reads.contains(id)) return static_cast<int>(i);
        return -1;
    };
    auto left_in_output = [&](ValueId value) {
        const RegisterId source = c.values.values.entry_register_of(value);
        const int reader = source == kNoRegister ? -1 : first_read(source);
        if (reader >= 0) check.register_value(static_cast<size_t>(reader), source);
    };
    for (const MachineState *state : own_exits(c))
        for (const OperandBinding &b : c.bound.operands) {
            if (!b.is_output) continue;
            if (b.kind == ConstraintKind::Register && b.reg != kNoRegister) {
                const ValueId value = state->registers[static_cast<size_t>(b.reg)];
                if (c.values.values.entry_register_of(value) != b.reg) left_in_output(value);
            } else if (b.kind == ConstraintKind::Memory) {
                for (const MemoryCell &cell : state->cells)
                    if (cell_operand(c, cell) == b.index) left_in_output(cell.value);
            }
        }
}

}  // namespace

void check_register_rules(const RuleContext &context, std::vector<Finding> &findings) {
    check_writes(context, findings);
    check_outputs_written(context, findings);
    check_reads(context, findings);
}

}  // namespace heisen::asmcheck
