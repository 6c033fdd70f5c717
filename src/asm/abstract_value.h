// abstract_value.h — the symbolic values the interpreter tracks through a template.
//
// A value is a small term, interned per statement so that equal terms have equal ids: "the
// value rbx held when the template started", "a constant", "the address of local label 1",
// "the stack pointer at entry minus 16", "the low 32 bits of …", "unknown". Equality of ids is
// what the rules ask: a register is preserved when, at an exit, it holds Entry(itself).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "asm/register_set.h"
#include "asm/semantics.h"

namespace heisen::asmcheck {

using ValueId = uint32_t;

enum class ValueKind : uint8_t {
    Unknown,        // any value: the result of a computation, or different values on joining paths
    Empty,          // an x87 stack slot that holds nothing (after emms, pop, fninit)
    EntryRegister,  // what register `a` held when the template started
    EntryMemory,    // what the memory at address `a` + `number` held at the start (`bits` wide)
    OperandAddress, // the address of memory operand `number` (the compiler's choice)
    StackAddress,   // the stack pointer: base `a` (0 own stack, 1 a stack switched to) + `number`;
                    // `b` = 1 when the offset is known
    Constant,       // the number `number`
    Label,          // the address of template instruction `number` (a local label)
    Stale,          // value `a` of the thread that ran before a stack switch, seen after it
    Low,            // the low `bits` bits of value `a`
    ZeroExtended,   // the low `bits` bits of `a`, the rest zero
    Merged,         // the low `bits` bits of `a` over the upper bits of `b`; `a` is Unknown only when
                    // the upper bits are lanes computed from `b` (a pack: pack_high)
    Involution,     // operation `number` (bswap, not, neg) applied to `a`; applied twice, `a` again
    FpState,        // the FP/SIMD state saved by instruction `number` (fxsave, fnsave, xsave)
};

struct AbstractValue {
    ValueKind kind = ValueKind::Unknown;
    uint16_t bits = 0;
    ValueId a = 0;
    ValueId b = 0;
    int64_t number = 0;
    bool operator==(const AbstractValue &o) const {
        return kind == o.kind && bits == o.bits && a == o.a && b == o.b && number == o.number;
    }
};

// Interns values for one statement. Id 0 is Unknown, id 1 is Empty.
class ValueTable {
public:
    static constexpr ValueId kUnknown = 0;
    static constexpr ValueId kEmpty = 1;
    static constexpr ValueId kOwnStack = 0;      // StackAddress bases
    static constexpr ValueId kForeignStack = 1;
    // A stack pointer realigned by instruction `i` (and $-16, %esp) is a base of its own, so the
    // template's pushes and pops after it stay exact; its root is the stack it was derived from.
    static ValueId derived_stack(size_t instruction, ValueId root) {
        return static_cast<ValueId>(2 + 2 * instruction + (root == kForeignStack ? 1 : 0));
    }
    static ValueId stack_root(ValueId base) { return base < 2 ? base : (base - 2) % 2; }

    ValueTable();
    void clear();

    const AbstractValue &operator[](ValueId id) const { return values_[id]; }

    ValueId entry_register(RegisterId reg) { return intern({ValueKind::EntryRegister, 0, static_cast<ValueId>(reg), 0, 0}); }
    ValueId entry_memory(ValueId base, int64_t offset, uint16_t bits) {
        return intern({ValueKind::EntryMemory, bits, base, 0, offset});
    }
    ValueId operand_address(int operand) { return intern({ValueKind::OperandAddress, 0, 0, 0, operand}); }
    ValueId stack_address(ValueId base, int64_t offset, bool exact) {
        return intern({ValueKind::StackAddress, 0, base, exact ? 1u : 0u, exact ? offset : 0});
    }
    ValueId constant(int64_t number) { return intern({ValueKind::Constant, 0, 0, 0, number}); }
    ValueId label(size_t instruction) { return intern({ValueKind::Label, 0, 0, 0, static_cast<int64_t>(instruction)}); }
    ValueId fp_state(size_t instruction) { return intern({ValueKind::FpState, 0, 0, 0, static_cast<int64_t>(instruction)}); }
    ValueId stale(ValueId v);
    ValueId unstale(ValueId v) const { return values_[v].kind == ValueKind::Stale ? values_[v].a : v; }

    // Width arithmetic. `full` is the width of the register or cell the value lives in.
    ValueId low(ValueId v, uint16_t bits, uint16_t full);
    ValueId zero_extended(ValueId v, uint16_t bits, uint16_t full);
    ValueId merged(ValueId v, uint16_t bits, ValueId rest, uint16_t full);
    ValueId involution(InvolutionOp op, ValueId v);
    // Computed low `bits` bits over upper lanes computed from `from` (pack instructions): reading
    // the low part uses nothing, reading the whole uses `from`.
    ValueId pack_high(ValueId from, uint16_t bits);
    // v + delta for stack addresses and constants; Unknown otherwise.
    ValueId plus(ValueId v, int64_t delta);

    // The register whose entry value `v` is (through Low/ZeroExtended/Merged/Involution), or
    // kNoRegister: used to tell which register a read depends on.
    RegisterId entry_register_of(ValueId v) const;
    bool is_stack(ValueId v) const { return values_[v].kind == ValueKind::StackAddress; }
    // On the stack the template started on (or one realigned from it).
    bool is_own_stack(ValueId v) const {
        const AbstractValue &x = values_[unstale(v)];
        return x.kind == ValueKind::StackAddress && stack_root(x.a) == kOwnStack;
    }

private:
    struct Hash {
        size_t operator()(const AbstractValue &v) const {
            return (static_cast<size_t>(v.kind) * 1000003u) ^ (static_cast<size_t>(v.bits) << 20) ^
                   (static_cast<size_t>(v.a) * 7919u) ^ (static_cast<size_t>(v.b) * 104729u) ^
                   static_cast<size_t>(v.number) * 2654435761u;
        }
    };
    ValueId intern(const AbstractValue &v);

    std::vector<AbstractValue> values_;
    std::unordered_map<AbstractValue, ValueId, Hash> index_;
};

}  // namespace heisen::asmcheck
