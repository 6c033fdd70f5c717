// rules_registers.cpp — undeclared-write, input-modified, output-not-written,
// write-only-output-read, unbound-read: what the template does to registers and operand memory
// compared with what the outputs, inputs and clobbers declare.
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

// Memory operands an instruction stores to (bit = operand index).
uint64_t memory_operands_stored(const RuleContext &c, const DecodedInstruction &in, bool loads) {
    uint64_t bits = 0;
    for (const MemoryReference &ref : in.memory) {
        if (loads ? !ref.load : !ref.store) continue;
        ref.address.for_each([&](RegisterId id) {
            if (const OperandBinding *owner = c.memory_owner(id)) bits |= uint64_t{1} << owner->index;
        });
    }
    return bits;
}

void check_writes(const RuleContext &c, std::vector<Finding> &findings) {
    const RegisterSet declared = c.declared_writes();
    RegisterSet undeclared;
    std::vector<std::pair<RegisterId, size_t>> first_write;
    std::set<int> modified_inputs;
    for (size_t i = 0; i < c.instructions.size(); ++i) {
        const DecodedInstruction &in = c.instructions[i];
        if (in.is_call) continue;  // a call's own effects are escapes-to-function's business
        in.writes.for_each([&](RegisterId id) {
            if (ignored_register(c.model, id) || declared.contains(id)) return;
            if (const OperandBinding *owner = c.register_owner(id)) {
                if (owner->is_input && modified_inputs.insert(owner->index).second) {
                    Finding f = c.finding("input-modified", Severity::Warning, &in,
                                          "input operand " + owner->display() + " (register '" + c.model.name(id) +
                                              "') is written, but the compiler assumes it still holds its value");
                    f.operand = owner->display();
                    f.notes.push_back({owner->source->location, "declared here as an input with constraint \"" +
                                                                    owner->source->constraint + "\""});
                    f.suggested_fix = c.fix_inputs_to_outputs({owner->index});
                    findings.push_back(std::move(f));
                }
                return;
            }
            if (c.memory_owner(id)) return;
            // Saved on the stack before this write and restored after it.
            if (c.saved_and_restored(id, i, RuleContext::restores(in, id) ? i : i + 1)) return;
            if (!undeclared.contains(id)) first_write.emplace_back(id, i);
            undeclared.add(id);
        });
        // Memory of an input-only "m" operand written.
        const uint64_t stored = memory_operands_stored(c, in, false);
        for (const OperandBinding &b : c.bound.operands) {
            if (!b.is_input || b.kind != ConstraintKind::Memory || !(stored >> b.index & 1)) continue;
            if (!modified_inputs.insert(b.index).second) continue;
            Finding f = c.finding("input-modified", Severity::Warning, &in,
                                  "the memory of input operand " + b.display() +
                                      " is written, but it is declared as an input only");
            f.operand = b.display();
            f.notes.push_back({b.source->location, "declared here with constraint \"" + b.source->constraint + "\""});
            f.suggested_fix = c.fix_inputs_to_outputs({b.index});
            findings.push_back(std::move(f));
        }
    }
    for (const auto &[id, index] : first_write) {
        const DecodedInstruction &in = c.instructions[index];
        Finding f = c.finding("undeclared-write", Severity::Warning, &in,
                              "register '" + std::string(c.model.name(id)) +
                                  "' is written but is neither an output nor a clobber");
        f.operand = c.model.name(id);
        f.suggested_fix = c.fix_clobbers(undeclared);
        findings.push_back(std::move(f));
    }
}

bool written_somewhere(const RuleContext &c, const OperandBinding &b) {
    for (const DecodedInstruction &in : c.instructions) {
        if (b.kind == ConstraintKind::Register && in.writes.contains(b.reg)) return true;
        if (b.kind == ConstraintKind::Memory && (memory_operands_stored(c, in, false) >> b.index & 1)) return true;
    }
    return false;
}

void check_outputs_written(const RuleContext &c, std::vector<Finding> &findings) {
    if (!c.flow.exit_reachable()) return;
    // Bit per operand: written on every path from the entry.
    std::function<uint64_t(size_t)> gen = [&](size_t i) {
        const DecodedInstruction &in = c.instructions[i];
        uint64_t bits = memory_operands_stored(c, in, false);
        in.writes.for_each([&](RegisterId id) {
            if (const OperandBinding *owner = c.register_owner(id)) bits |= uint64_t{1} << owner->index;
        });
        return bits;
    };
    const std::vector<uint64_t> written = c.flow.must_forward<uint64_t>(gen, ~uint64_t{0}, 0);
    const uint64_t at_exit = written[c.flow.exit()];
    for (const OperandBinding &b : c.bound.operands) {
        if (!b.is_output || b.constraint.read_write || (at_exit >> b.index & 1)) continue;
        // An early-clobber output is the scratch-register idiom (lr/sc loops leave it unwritten
        // on the path that gives up); only one never written at all is reported.
        if (b.constraint.earlyclobber && written_somewhere(c, b)) continue;
        bool tied = false;  // "=r" with a matching input holds the input's value when unwritten
        for (const OperandBinding &other : c.bound.operands) tied = tied || other.tied_to == b.index;
        if (tied) continue;
        Finding f = c.finding("output-not-written", Severity::Warning, nullptr,
                              "output operand " + b.display() + " is not written on every path through the template");
        f.location = b.source->location.line ? b.source->location : c.statement.location;
        f.operand = b.display();
        f.notes.push_back({c.statement.location, "the compiler will use whatever the register or memory held"});
        f.suggested_fix = c.fix_outputs(b.index, "+" + b.source->constraint.substr(1));
        findings.push_back(std::move(f));
    }
}

void check_reads(const RuleContext &c, std::vector<Finding> &findings) {
    std::function<RegisterSet(size_t)> gen = [&](size_t i) { return c.instructions[i].writes; };
    const std::vector<RegisterSet> written = c.flow.must_forward<RegisterSet>(gen, RegisterSet::all(), RegisterSet());
    std::function<uint64_t(size_t)> stored = [&](size_t i) { return memory_operands_stored(c, c.instructions[i], false); };
    const std::vector<uint64_t> memory_written = c.flow.must_forward<uint64_t>(stored, ~uint64_t{0}, 0);
    std::set<RegisterId> reported;
    std::set<int> reported_operands;
    for (size_t i = 0; i < c.instructions.size(); ++i) {
        const DecodedInstruction &in = c.instructions[i];
        in.reads.for_each([&](RegisterId id) {
            if (ignored_register(c.model, id) || written[i].contains(id)) return;
            if (in.saved == id && c.saved_and_restored(id, i, i + 1)) return;  // kept, not used
            if (c.bound.entry_values.contains(id)) return;  // an input's value (also "=a" with "a")
            const OperandBinding *owner = c.register_owner(id);
            if (owner && (owner->is_input || owner->constraint.read_write || owner->tied_to >= 0)) return;
            if (c.memory_owner(id)) return;
            if (owner) {  // a "=" output, read before written
                for (const OperandBinding &other : c.bound.operands)
                    if (other.tied_to == owner->index) return;
                if (!reported_operands.insert(owner->index).second) return;
                Finding f = c.finding("write-only-output-read", Severity::Warning, &in,
                                      "output operand " + owner->display() +
                                          " is read before the template writes it, but '=' tells the compiler its old value is not needed");
                f.operand = owner->display();
                f.suggested_fix = c.fix_outputs(owner->index, "+" + owner->source->constraint.substr(1));
                findings.push_back(std::move(f));
                return;
            }
            if (!reported.insert(id).second) return;
            Finding f = c.finding("unbound-read", Severity::Warning, &in,
                                  "register '" + std::string(c.model.name(id)) +
                                      "' is read before the template writes it, and no input is bound to it");
            f.operand = c.model.name(id);
            f.notes.push_back({c.statement.location, "its value is whatever the compiler left there; bind an input to it"});
            findings.push_back(std::move(f));
        });
        const uint64_t loaded = memory_operands_stored(c, in, true);
        for (const OperandBinding &b : c.bound.operands) {
            if (!b.is_output || b.constraint.read_write || b.kind != ConstraintKind::Memory) continue;
            if (!(loaded >> b.index & 1) || (memory_written[i] >> b.index & 1)) continue;
            if (!reported_operands.insert(b.index).second) continue;
            Finding f = c.finding("write-only-output-read", Severity::Warning, &in,
                                  "output operand " + b.display() +
                                      " is read, but '=' tells the compiler its old contents are not needed");
            f.operand = b.display();
            f.suggested_fix = c.fix_outputs(b.index, "+" + b.source->constraint.substr(1));
            findings.push_back(std::move(f));
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
