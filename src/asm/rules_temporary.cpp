// rules_temporary.cpp — registers the template changes and later restores. Saving and
// restoring a register keeps the compiler's value for after the statement, but nothing tells
// the compiler the register is busy in between: it may have formed a memory operand's address
// in it, placed an input there, or chosen it for an output (which the restore then overwrites).
// The fix is to declare the register (and drop the save and restore).
//
// address-base-clobbered for memory operands (the DragonOS switch: rax pushed, loaded with a
// label's address, stored through an "=m" operand, popped; i386 PIC code exchanging ebx around
// cmpxchg8b %0), undeclared-write for register operands.
#include <set>

#include "asm/rule_context.h"

namespace heisen::asmcheck {

namespace {

// The register holds, physically, the value it held on entry (after a stack switch too: the
// values it held are the same bits, only another thread's).
bool unchanged(const RuleContext &c, const MachineState &state, RegisterId id) {
    return c.values.values.unstale(state.registers[static_cast<size_t>(id)]) == c.values.entry_value(id);
}

// The register holds its entry value at every exit (else undeclared-write or stack-switch
// already reports it), and the compiler may use it for operands.
bool restored_everywhere(const RuleContext &c, RegisterId id) {
    const std::vector<const MachineState *> exits = c.exits();
    if (exits.empty()) return false;
    for (const MachineState *state : exits)
        if (!c.holds_entry_value(*state, id)) return false;
    return true;
}

// The first instruction that changes the register's bits (a stack switch changes none: it only
// makes the values another thread's), or -1.
int first_real_change(const RuleContext &c, RegisterId id) {
    for (size_t i = 0; i < c.instructions.size(); ++i) {
        if (!c.values.before[i].reached || !c.values.changed[i].contains(id)) continue;
        if (c.instructions[i].is_call && !c.instructions[i].convention) continue;
        for (size_t next : c.values.successors[i]) {
            const MachineState &after = next < c.instructions.size() ? c.values.before[next] : c.values.at_exit;
            if (after.reached && !unchanged(c, after, id)) return static_cast<int>(i);
        }
    }
    return c.first_change(id, true);
}

bool may_hold(const OperandBinding &b, RegisterId id) {
    if (b.fixed_register) return false;
    for (RegisterId candidate : b.constraint.candidates)
        if (candidate == id) return true;
    return false;
}

}  // namespace

void check_temporary_registers(const RuleContext &c, std::vector<Finding> &findings) {
    RegisterSet candidates, bases_only;
    const RegisterSet declared = c.declared_writes();
    for (size_t r = 0; r < c.model.registers.size(); ++r) {
        const auto id = static_cast<RegisterId>(r);
        if (c.model.kind(id) != RegisterKind::General) continue;
        // A memory operand's base counts too: with every other register taken, the compiler
        // may address an operand through one the template saves and changes (i386's tail-call
        // switch storing through prev->ip while eax holds a label).
        const OperandBinding *based = c.memory_owner(id);
        const bool checked = c.is_checked_register(id);
        const bool base_only = !checked && based && addressed_through_a_register(*based) && !c.register_owner(id) &&
                               !declared.contains(id);
        if ((checked || base_only) && c.first_change(id, true) >= 0 && restored_everywhere(c, id)) {
            candidates.add(id);
            if (base_only) bases_only.add(id);
        }
    }
    if (candidates.empty()) return;
    std::set<RegisterId> reported_memory, reported_registers;
    for (size_t i = 0; i < c.instructions.size(); ++i) {
        const MachineState &state = c.values.before[i];
        if (!state.reached) continue;
        const DecodedInstruction &in = c.instructions[i];
        RegisterSet changed;
        candidates.for_each([&](RegisterId id) {
            if (!unchanged(c, state, id)) changed.add(id);
        });
        if (changed.empty()) continue;
        const RegisterId id = [&] {
            RegisterId first = kNoRegister;
            changed.for_each([&](RegisterId r) {
                if (first == kNoRegister) first = r;
            });
            return first;
        }();
        const DecodedInstruction &change = c.instructions[static_cast<size_t>(first_real_change(c, id))];
        const std::string name = c.model.name(id);
        const std::string window = "register '" + name + "' is changed (line " + std::to_string(change.line + 1) +
                                   " of the template) and restored later, but ";
        // A memory operand used (or its address taken) while the register is changed.
        for (const MemoryReference &ref : in.memory) {
            const OperandBinding *operand = nullptr;
            ref.address.for_each([&](RegisterId r) {
                if (!operand) operand = c.memory_owner(r);
            });
            if (!operand || !reported_memory.insert(id).second) continue;
            Finding f = c.finding("address-base-clobbered", Severity::Warning, &in,
                                  window + "memory operand " + operand->display() +
                                      " is used in between; the statement does not declare '" + name +
                                      "', so the compiler may have formed that operand's address in it");
            f.operand = operand->display();
            f.notes.push_back({c.statement.location, "changed here: " + change.text});
            f.suggested_fix = c.fix_clobbers(changed) + " (and drop the save and restore of '" + name + "')";
            findings.push_back(std::move(f));
        }
        // A register operand the compiler could have placed in it (a base already holds an
        // operand's address: which one the compiler gives a register operand is not known).
        if (bases_only.contains(id)) continue;
        for (const OperandBinding &b : c.bound.operands) {
            if (b.kind != ConstraintKind::Register || !may_hold(b, id)) continue;
            // (An instruction that restores the register from the operand — xchg with the saved
            // copy — computes the same result when the operand is that register.)
            if (c.values.changed[i].contains(id)) continue;
            const bool read = (b.is_input || b.constraint.read_write) && in.reads.contains(b.reg);
            const bool written = b.is_output && (in.writes.contains(b.reg) || c.values.changed[i].contains(b.reg));
            if (!(read || written) || !reported_registers.insert(id).second) continue;
            Finding f = c.finding("undeclared-write", Severity::Warning, &in,
                                  window + (read ? "input operand " : "output operand ") + b.display() +
                                      (read ? " is read in between; the compiler may have placed it in '"
                                            : " is written in between; the compiler may have given it '") +
                                      name + "', since the statement does not declare that register" +
                                      (read ? "" : ", and the restore overwrites it"));
            f.operand = name;
            f.notes.push_back({c.statement.location, "changed here: " + change.text});
            f.suggested_fix = c.fix_clobbers(changed) + " (and drop the save and restore of '" + name + "')";
            findings.push_back(std::move(f));
        }
    }
}

}  // namespace heisen::asmcheck
