// abstract_value.cpp — interning and the width arithmetic of symbolic values.
#include "asm/abstract_value.h"

namespace heisen::asmcheck {

namespace {

// The width of a value narrower than the place it came from (a Low part, an involution of one, a
// memory cell), 0 for values as wide as their place.
uint16_t narrow_bits(const AbstractValue &x) {
    const bool narrow = x.kind == ValueKind::Low || x.kind == ValueKind::Involution || x.kind == ValueKind::EntryMemory;
    return narrow ? x.bits : 0;
}

int64_t masked(int64_t value, uint16_t bits) {
    if (bits == 0 || bits >= 64) return value;
    return static_cast<int64_t>(static_cast<uint64_t>(value) & ((uint64_t{1} << bits) - 1));
}

}  // namespace

ValueTable::ValueTable() { clear(); }

void ValueTable::clear() {
    values_.clear();
    index_.clear();
    intern({ValueKind::Unknown, 0, 0, 0, 0});
    intern({ValueKind::Empty, 0, 0, 0, 0});
}

ValueId ValueTable::intern(const AbstractValue &v) {
    auto [it, added] = index_.emplace(v, static_cast<ValueId>(values_.size()));
    if (added) values_.push_back(v);
    return it->second;
}

ValueId ValueTable::stale(ValueId v) {
    const ValueKind kind = values_[v].kind;
    if (kind == ValueKind::Unknown || kind == ValueKind::Stale || kind == ValueKind::Constant ||
        kind == ValueKind::Label || kind == ValueKind::Empty)
        return v;  // the same for every thread
    return intern({ValueKind::Stale, 0, v, 0, 0});
}

ValueId ValueTable::low(ValueId v, uint16_t bits, uint16_t full) {
    if (bits == 0 || bits >= full) return v;
    const AbstractValue x = values_[v];
    if (narrow_bits(x) != 0 && narrow_bits(x) <= bits) return v;  // already that narrow
    switch (x.kind) {
    case ValueKind::Unknown:
    case ValueKind::Empty: return kUnknown;
    case ValueKind::Constant: return constant(masked(x.number, bits));
    case ValueKind::Low:
    case ValueKind::ZeroExtended:
    case ValueKind::Merged: return low(x.a, bits, full);
    default: return intern({ValueKind::Low, bits, v, 0, 0});
    }
}

ValueId ValueTable::zero_extended(ValueId v, uint16_t bits, uint16_t full) {
    if (bits == 0 || bits >= full) return v;
    const ValueId narrow = low(v, bits, full);
    const AbstractValue x = values_[narrow];
    if (x.kind == ValueKind::Unknown) return kUnknown;
    if (x.kind == ValueKind::Constant) return narrow;
    return intern({ValueKind::ZeroExtended, bits, x.kind == ValueKind::Low ? x.a : narrow, 0, 0});
}

ValueId ValueTable::merged(ValueId v, uint16_t bits, ValueId rest, uint16_t full) {
    if (bits == 0 || bits >= full) return v;
    const ValueId narrow = low(v, bits, full);
    if (narrow == low(rest, bits, full)) return rest;  // writes back what was there
    const AbstractValue x = values_[narrow];
    if (x.kind == ValueKind::Unknown) return kUnknown;
    ValueId below = rest;
    if (values_[rest].kind == ValueKind::Merged && values_[rest].bits <= bits) below = values_[rest].b;
    const ValueId part = x.kind == ValueKind::Low ? x.a : narrow;
    if (part == below) return below;
    return intern({ValueKind::Merged, bits, part, below, 0});
}

ValueId ValueTable::involution(InvolutionOp op, ValueId v) {
    const AbstractValue x = values_[v];
    if (x.kind == ValueKind::Unknown || x.kind == ValueKind::Empty) return kUnknown;
    if (x.kind == ValueKind::Involution && x.number == static_cast<int64_t>(op)) return x.a;
    return intern({ValueKind::Involution, narrow_bits(x), v, 0, static_cast<int64_t>(op)});
}

ValueId ValueTable::pack_high(ValueId from, uint16_t bits) {
    if (values_[from].kind == ValueKind::Unknown) return kUnknown;
    return intern({ValueKind::Merged, bits, kUnknown, from, 0});
}

ValueId ValueTable::plus(ValueId v, int64_t delta) {
    if (delta == 0) return v;
    const AbstractValue x = values_[v];
    if (x.kind == ValueKind::StackAddress) return stack_address(x.a, x.number + delta, x.b != 0);
    if (x.kind == ValueKind::Constant) return constant(x.number + delta);
    if (x.kind == ValueKind::Stale) return stale(plus(x.a, delta));
    return kUnknown;
}

RegisterId ValueTable::entry_register_of(ValueId v) const {
    for (int depth = 0; depth < 8; ++depth) {
        const AbstractValue &x = values_[v];
        switch (x.kind) {
        case ValueKind::EntryRegister: return static_cast<RegisterId>(x.a);
        case ValueKind::Merged: v = x.a == kUnknown ? x.b : x.a; continue;  // a pack's lanes come from b
        case ValueKind::Low:
        case ValueKind::ZeroExtended:
        case ValueKind::Involution: v = x.a; continue;
        default: return kNoRegister;
        }
    }
    return kNoRegister;
}

}  // namespace heisen::asmcheck
