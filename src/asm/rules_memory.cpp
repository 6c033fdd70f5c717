// rules_memory.cpp — missing-memory-clobber: the template reads or writes memory through a
// pointer held in a register, and nothing tells the compiler which memory that is.
#include "asm/rule_context.h"

namespace heisen::asmcheck {

void check_memory_rules(const RuleContext &c, std::vector<Finding> &findings) {
    if (c.bound.clobbers_memory) return;
    bool has_memory_output = false, has_memory_operand = false;
    for (const OperandBinding &b : c.bound.operands) {
        if (b.kind != ConstraintKind::Memory) continue;
        has_memory_operand = true;
        has_memory_output = has_memory_output || b.is_output;
    }
    bool reported_store = false, reported_load = false;
    for (size_t i = 0; i < c.instructions.size(); ++i) {
        const DecodedInstruction &in = c.instructions[i];
        if (!c.values.before[i].reached) continue;
        for (const MemoryReference &ref : in.memory) {
            if (!ref.access) continue;
            // Through a register that is not an "m" operand's own address, nor the stack (or a
            // copy of the stack pointer), nor the template's own code.
            const auto is_pointer = [&](RegisterId id) {
                const RegisterKind kind = c.model.kind(id);
                if (kind == RegisterKind::StackPointer || kind == RegisterKind::ProgramCounter) return false;
                if (c.memory_owner(id)) return false;
                const ValueKind value = c.values.values[c.values.values.unstale(
                    c.values.before[i].registers[static_cast<size_t>(id)])].kind;
                return value != ValueKind::StackAddress && value != ValueKind::Label &&
                       value != ValueKind::OperandAddress;
            };
            // The base register is the pointer; an index only when the base is none.
            RegisterId pointer = ref.base != kNoRegister && is_pointer(ref.base) ? ref.base : kNoRegister;
            ref.address.for_each([&](RegisterId id) {
                if (pointer == kNoRegister && is_pointer(id)) pointer = id;
            });
            if (pointer == kNoRegister || ref.address.contains(c.model.stack_pointer)) continue;
            const bool store = ref.store && !has_memory_output && !reported_store;
            const bool load = ref.load && !ref.store && !has_memory_operand && !reported_load;
            if (!store && !load) continue;
            (store ? reported_store : reported_load) = true;
            const OperandBinding *owner = c.register_owner(pointer);
            const std::string via = owner ? "operand " + owner->display() : "register '" + std::string(c.model.name(pointer)) + "'";
            Finding f = c.finding("missing-memory-clobber", Severity::Warning, &in,
                                  std::string("memory is ") + (store ? "written" : "read") + " through the pointer in " +
                                      via + ", but no \"m\" operand and no \"memory\" clobber tells the compiler");
            f.operand = owner ? owner->display() : c.model.name(pointer);
            f.notes.push_back({c.statement.location,
                               store ? "the compiler may keep stale copies of that memory in registers after the statement"
                                     : "the compiler may not have stored pending writes to that memory before the statement"});
            f.suggested_fix = c.fix_clobbers(RegisterSet(), /*add_memory=*/true);
            findings.push_back(std::move(f));
        }
    }
}

}  // namespace heisen::asmcheck
