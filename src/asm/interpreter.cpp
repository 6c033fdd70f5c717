// interpreter.cpp — runs a template's micro-operations over abstract values (interpreter.h).
#include "asm/interpreter.h"

#include <algorithm>
#include <functional>

namespace heisen::asmcheck {

namespace {

bool same_cells(const std::vector<MemoryCell> &a, const std::vector<MemoryCell> &b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].base != b[i].base || a[i].offset != b[i].offset || a[i].bits != b[i].bits || a[i].value != b[i].value)
            return false;
    return true;
}

}  // namespace

bool MachineState::operator==(const MachineState &o) const {
    return reached == o.reached && registers == o.registers && same_cells(cells, o.cells) && x87_below == o.x87_below &&
           memory_clobbered == o.memory_clobbered && foreign == o.foreign && has_snapshot == o.has_snapshot &&
           snapshot_conflict == o.snapshot_conflict && snapshot_offset == o.snapshot_offset &&
           same_cells(snapshot, o.snapshot);
}

namespace {

// Where a memory place is, as far as the template's own values tell.
struct Address {
    enum class Kind { Unknown, Global, Stack, Operand, Pointer } kind = Kind::Unknown;
    ValueId base = ValueTable::kUnknown;  // cell base: a stack base, an operand address, a pointer
    int64_t offset = 0;
    bool exact = true;                    // Stack: the offset is known
    bool own_stack = false;               // Stack: the stack the template started on
};

bool overlaps(const MemoryCell &cell, ValueId base, int64_t offset, uint16_t bits) {
    if (cell.base != base) return false;
    const int64_t a_end = cell.offset + std::max<int64_t>(1, cell.bits / 8);
    const int64_t b_end = offset + std::max<int64_t>(1, bits / 8);
    return cell.offset < b_end && offset < a_end;
}

class Interpreter {
public:
    Interpreter(const std::vector<DecodedInstruction> &instructions, const BoundTemplate &bound,
                const TargetModel &model, Interpretation &out)
        : in_(instructions), bound_(bound), model_(model), out_(out), values_(out.values), n_(instructions.size()) {}

    void run() {
        out_.before.assign(n_, MachineState());
        out_.successors.assign(n_, {});
        out_.goto_exit.assign(n_, false);
        out_.leaves.assign(n_, false);
        out_.comes_back.assign(n_, false);
        out_.changed.assign(n_, RegisterSet());
        out_.stack.assign(n_, StackEffect::None);
        out_.stack_delta.assign(n_, 0);
        make_entry_state();
        if (n_ == 0) {
            out_.at_exit = out_.entry_;
            return;
        }
        out_.before[0] = out_.entry_;
        std::vector<size_t> work{0};
        std::vector<bool> queued(n_, false);
        queued[0] = true;
        size_t budget = 64 * (n_ + 8);
        while (!work.empty()) {
            if (budget-- == 0) {
                out_.gave_up = true;
                break;
            }
            const size_t i = work.back();
            work.pop_back();
            queued[i] = false;
            step(i, out_.before[i], [&](size_t to, const MachineState &state) {
                if (to >= n_) return;
                if (join_into(out_.before[to], state) && !queued[to]) {
                    queued[to] = true;
                    work.push_back(to);
                }
            });
            for (size_t label : pending_roots_) {
                if (join_into(out_.before[label], resume_state_[label]) && !queued[label]) {
                    queued[label] = true;
                    work.push_back(label);
                }
            }
            pending_roots_.clear();
        }
        // One more pass over the settled states records what the rules read.
        recording_ = true;
        for (size_t i = 0; i < n_; ++i) {
            if (!out_.before[i].reached) continue;
            step(i, out_.before[i], [&](size_t to, const MachineState &state) {
                if (std::find(out_.successors[i].begin(), out_.successors[i].end(), to) == out_.successors[i].end())
                    out_.successors[i].push_back(to);
                if (to == n_) join_into(out_.at_exit, state);
            });
        }
        // Resume entries are also reached from the instructions that leave (the old view of a
        // switch: a return or jump lands on a label whose address the template took).
        for (size_t i = 0; i < n_; ++i)
            if (out_.leaves[i])
                for (size_t label : out_.resume_entries)
                    if (std::find(out_.successors[i].begin(), out_.successors[i].end(), label) == out_.successors[i].end())
                        out_.successors[i].push_back(label);
    }

private:
    using Emit = std::function<void(size_t, const MachineState &)>;

    // ---- entry -----------------------------------------------------------------------------

    void make_entry_state() {
        MachineState &s = out_.entry_;
        s.reached = true;
        s.registers.resize(model_.registers.size());
        for (size_t r = 0; r < s.registers.size(); ++r) s.registers[r] = values_.entry_register(static_cast<RegisterId>(r));
        if (model_.zero_register != kNoRegister) s.registers[static_cast<size_t>(model_.zero_register)] = values_.constant(0);
        s.registers[static_cast<size_t>(model_.stack_pointer)] = values_.stack_address(ValueTable::kOwnStack, 0, true);
        for (const OperandBinding &b : bound_.operands) {
            // An operand addressed off the stack pointer (every register taken) leaves it as it is.
            if (b.kind == ConstraintKind::Memory && b.base != kNoRegister && b.base != model_.stack_pointer)
                s.registers[static_cast<size_t>(b.base)] = values_.operand_address(b.index);
            if (b.kind == ConstraintKind::Register && b.reg != kNoRegister && b.constant && b.pair_high == kNoRegister)
                s.registers[static_cast<size_t>(b.reg)] = values_.constant(*b.constant);
        }
    }

    MachineState resume_state(const MachineState &at_store) {
        MachineState s;
        s.reached = true;
        s.foreign = true;
        s.registers.assign(model_.registers.size(), ValueTable::kUnknown);
        for (size_t r = 0; r < s.registers.size(); ++r)
            if (model_.kind(static_cast<RegisterId>(r)) == RegisterKind::Fixed ||
                model_.kind(static_cast<RegisterId>(r)) == RegisterKind::ProgramCounter)
                s.registers[r] = out_.entry_.registers[r];
        const int64_t offset = at_store.has_snapshot ? at_store.snapshot_offset : 0;
        s.registers[static_cast<size_t>(model_.stack_pointer)] = values_.stack_address(ValueTable::kForeignStack, offset, true);
        install_mirror(s, at_store);
        return s;
    }

    // A thread resumed on this stack finds what the template left on its own stack when it
    // stored the stack pointer: the same code ran there before.
    void install_mirror(MachineState &s, const MachineState &from) {
        const ValueId foreign = values_.stack_address(ValueTable::kForeignStack, 0, true);
        s.cells.erase(std::remove_if(s.cells.begin(), s.cells.end(), [&](const MemoryCell &c) { return c.base == foreign; }),
                      s.cells.end());
        if (!from.has_snapshot) return;
        for (const MemoryCell &c : from.snapshot) s.cells.push_back({foreign, c.offset, c.bits, c.value});
        sort_cells(s.cells);
    }

    static void sort_cells(std::vector<MemoryCell> &cells) {
        std::sort(cells.begin(), cells.end(), [](const MemoryCell &a, const MemoryCell &b) {
            return a.base != b.base ? a.base < b.base : a.offset < b.offset;
        });
    }

    // ---- joins -------------------------------------------------------------------------------

    ValueId join_value(ValueId a, ValueId b) {
        if (a == b) return a;
        const AbstractValue &x = values_[a], &y = values_[b];
        if (x.kind == ValueKind::StackAddress && y.kind == ValueKind::StackAddress) {
            if (x.a == y.a) return values_.stack_address(x.a, 0, false);
            if (ValueTable::stack_root(x.a) == ValueTable::stack_root(y.a))
                return values_.stack_address(ValueTable::stack_root(x.a), 0, false);
        }
        return ValueTable::kUnknown;
    }

    bool join_into(MachineState &to, const MachineState &from) {
        if (!from.reached) return false;
        if (!to.reached) {
            to = from;
            return true;
        }
        MachineState joined = to;
        for (size_t r = 0; r < joined.registers.size(); ++r)
            joined.registers[r] = join_value(to.registers[r], from.registers[r]);
        std::vector<MemoryCell> cells;
        for (const MemoryCell &c : to.cells) {
            ValueId v = ValueTable::kUnknown;
            for (const MemoryCell &d : from.cells)
                if (d.base == c.base && d.offset == c.offset && d.bits == c.bits) v = join_value(c.value, d.value);
            cells.push_back({c.base, c.offset, c.bits, v});
        }
        for (const MemoryCell &d : from.cells) {
            bool present = false;
            for (const MemoryCell &c : to.cells) present = present || (c.base == d.base && c.offset == d.offset && c.bits == d.bits);
            if (!present) cells.push_back({d.base, d.offset, d.bits, ValueTable::kUnknown});
        }
        sort_cells(cells);
        joined.cells = std::move(cells);
        joined.memory_clobbered = to.memory_clobbered || from.memory_clobbered;
        if (to.x87_below != from.x87_below) {
            joined.x87_below.assign(std::max(to.x87_below.size(), from.x87_below.size()), ValueTable::kUnknown);
            for (size_t k = 0; k < std::min(to.x87_below.size(), from.x87_below.size()); ++k)
                joined.x87_below[k] = join_value(to.x87_below[k], from.x87_below[k]);
        }
        joined.foreign = to.foreign || from.foreign;
        const bool same_snapshot = to.has_snapshot == from.has_snapshot && to.snapshot_offset == from.snapshot_offset &&
                                   same_cells(to.snapshot, from.snapshot);
        if (!same_snapshot || to.snapshot_conflict || from.snapshot_conflict) {
            joined.has_snapshot = false;
            joined.snapshot_conflict = true;
            joined.snapshot.clear();
        }
        if (joined == to) return false;
        to = std::move(joined);
        return true;
    }

    // ---- places --------------------------------------------------------------------------------

    bool valid(RegisterId id) const { return id >= 0 && static_cast<size_t>(id) < model_.registers.size(); }

    void use(size_t i, ValueId v) {
        if (recording_ && v != ValueTable::kUnknown) out_.uses.push_back({i, v});
    }

    ValueId read_register(MachineState &s, size_t i, const Place &p, bool count_use) {
        if (!valid(p.reg)) return ValueTable::kUnknown;
        const ValueId whole = s.registers[static_cast<size_t>(p.reg)];
        ValueId v;
        if (p.shift) {
            v = whole == ValueTable::kUnknown ? whole : values_.low(values_.involution(InvolutionOp::ByteSwap, whole), 8, 16);
        } else {
            v = values_.low(whole, p.bits, model_.full_bits(p.reg));
        }
        if (count_use) use(i, v);
        return v;
    }

    void write_register(MachineState &s, const Place &p, ValueId v, Extension extension) {
        if (!valid(p.reg) || p.reg == model_.zero_register) return;
        ValueId &slot = s.registers[static_cast<size_t>(p.reg)];
        const uint16_t full = model_.full_bits(p.reg);
        if (p.shift) {  // a high byte: unchanged only if it writes back what was there
            const ValueId current = values_.low(values_.involution(InvolutionOp::ByteSwap, slot), 8, 16);
            if (v != current) slot = ValueTable::kUnknown;
            return;
        }
        slot = extension == Extension::ZeroExtend ? values_.zero_extended(v, p.bits, full)
                                                  : values_.merged(v, p.bits, slot, full);
        note_output_snapshot(s, p.reg, v);
    }

    Address address_of(MachineState &s, size_t i, int memory_index) {
        Address a;
        const DecodedInstruction &in = in_[i];
        if (memory_index < 0 || static_cast<size_t>(memory_index) >= in.memory.size()) return a;
        const MemoryReference &m = in.memory[static_cast<size_t>(memory_index)];
        auto value_of = [&](RegisterId r) {
            if (!valid(r)) return ValueTable::kUnknown;
            const ValueId v = s.registers[static_cast<size_t>(r)];
            const ValueKind kind = values_[values_.unstale(v)].kind;
            if (kind != ValueKind::OperandAddress && kind != ValueKind::StackAddress) use(i, v);  // an address
            return v;
        };
        const ValueId base = valid(m.base) ? value_of(m.base) : ValueTable::kUnknown;
        const bool has_index = valid(m.index) && (value_of(m.index), true);
        if (valid(m.segment) && model_.kind(m.segment) == RegisterKind::Fixed && m.segment != model_.zero_register &&
            std::string(model_.name(m.segment)) != "ds" && std::string(model_.name(m.segment)) != "ss") {
            a.kind = Address::Kind::Global;  // fs:/gs: thread or CPU data
            return a;
        }
        if (m.label >= 0) {
            a.kind = Address::Kind::Pointer;
            a.base = values_.label(static_cast<size_t>(m.label));
            return a;
        }
        if (!valid(m.base)) {
            a.kind = has_index ? Address::Kind::Unknown : Address::Kind::Global;
            return a;
        }
        const AbstractValue &bv = values_[values_.unstale(base)];
        if (bv.kind == ValueKind::StackAddress) {
            a.kind = Address::Kind::Stack;
            a.base = values_.stack_address(bv.a, 0, true);
            a.offset = bv.number + m.displacement;
            a.exact = bv.b != 0 && !has_index;
            a.own_stack = ValueTable::stack_root(bv.a) == ValueTable::kOwnStack;
            return a;
        }
        if (has_index) return a;
        if (bv.kind == ValueKind::OperandAddress) {
            a.kind = Address::Kind::Operand;
            a.base = values_.unstale(base);
            a.offset = m.displacement;
            return a;
        }
        if (bv.kind == ValueKind::Unknown) return a;
        a.kind = Address::Kind::Pointer;
        a.base = base;
        a.offset = m.displacement;
        return a;
    }

    ValueId load(MachineState &s, const Address &a, uint16_t bits) {
        if (a.kind == Address::Kind::Unknown || a.kind == Address::Kind::Global) return ValueTable::kUnknown;
        if (a.kind == Address::Kind::Stack && !a.exact) return ValueTable::kUnknown;
        for (const MemoryCell &c : s.cells) {
            if (!overlaps(c, a.base, a.offset, bits)) continue;
            if (c.offset != a.offset) return ValueTable::kUnknown;
            if (bits == 0 || bits == c.bits) return c.value;
            if (bits < c.bits) return values_.low(c.value, bits, c.bits);
            return ValueTable::kUnknown;
        }
        if (a.kind == Address::Kind::Stack && !a.own_stack) return ValueTable::kUnknown;
        if (a.kind == Address::Kind::Pointer && s.memory_clobbered) return ValueTable::kUnknown;
        return values_.entry_memory(a.base, a.offset, bits);
    }

    void store(MachineState &s, size_t i, const Address &a, uint16_t bits, ValueId v) {
        const AbstractValue &x = values_[values_.unstale(v)];
        const bool escapes = !(a.kind == Address::Kind::Stack && a.own_stack);
        if (escapes && x.kind == ValueKind::Label) note_resume_entry(s, i, static_cast<size_t>(x.number));
        if (escapes && x.kind == ValueKind::StackAddress && x.a == ValueTable::kOwnStack && x.b) take_snapshot(s, x.number);
        switch (a.kind) {
        case Address::Kind::Global: return;
        case Address::Kind::Unknown:
            s.memory_clobbered = true;
            for (MemoryCell &c : s.cells)
                if (values_[c.base].kind != ValueKind::StackAddress && values_[c.base].kind != ValueKind::OperandAddress)
                    c.value = ValueTable::kUnknown;
            return;
        case Address::Kind::Stack:
            if (!a.exact) return;  // below what the template tracks: aligned stacks grow down
            break;
        default: break;
        }
        s.cells.erase(std::remove_if(s.cells.begin(), s.cells.end(),
                                     [&](const MemoryCell &c) { return overlaps(c, a.base, a.offset, bits); }),
                      s.cells.end());
        s.cells.push_back({a.base, a.offset, bits, v});
        sort_cells(s.cells);
    }

    // The template published the stack pointer (stored it, or handed it out in an output).
    void take_snapshot(MachineState &s, int64_t offset) {
        s.has_snapshot = true;
        s.snapshot_conflict = false;
        s.snapshot_offset = offset;
        s.snapshot.clear();
        const ValueId own = values_.stack_address(ValueTable::kOwnStack, 0, true);
        for (const MemoryCell &c : s.cells)
            if (c.base == own) s.snapshot.push_back(c);
    }

    void note_output_snapshot(MachineState &s, RegisterId reg, ValueId v) {
        const int owner = static_cast<size_t>(reg) < bound_.owner_of.size() ? bound_.owner_of[static_cast<size_t>(reg)] : -1;
        if (owner < 0 || !bound_.operands[static_cast<size_t>(owner)].is_output) return;
        const AbstractValue &x = values_[values_.unstale(v)];
        if (x.kind == ValueKind::StackAddress && x.a == ValueTable::kOwnStack && x.b) take_snapshot(s, x.number);
    }

    void note_resume_entry(const MachineState &s, size_t i, size_t label) {
        if (label >= n_) return;
        if (std::find(out_.resume_entries.begin(), out_.resume_entries.end(), label) == out_.resume_entries.end()) {
            out_.resume_entries.push_back(label);
            out_.resume_stored_at[label] = i;
        }
        MachineState state = resume_state(s);
        auto it = resume_state_.find(label);
        if (it == resume_state_.end()) {
            resume_state_[label] = state;
            pending_roots_.push_back(label);
        } else if (join_into(it->second, state)) {
            pending_roots_.push_back(label);
        }
    }

    ValueId read(MachineState &s, size_t i, const Place &p, bool count_use) {
        switch (p.kind) {
        case Place::Kind::Register: return read_register(s, i, p, count_use);
        case Place::Kind::Immediate: return values_.constant(p.value);
        case Place::Kind::Label: return p.label >= 0 ? values_.label(static_cast<size_t>(p.label)) : ValueTable::kUnknown;
        case Place::Kind::X87: {
            const ValueId v = s.registers[static_cast<size_t>(model_.x87_first + p.value)];
            if (count_use) use(i, v);
            return v;
        }
        case Place::Kind::Memory: {
            const Address a = address_of(s, i, p.memory);
            const ValueId v = load(s, a, p.bits);
            // Loading what a memory operand held on entry is a read of it, wherever it goes.
            if (count_use || a.kind == Address::Kind::Operand) use(i, v);
            return v;
        }
        default: return ValueTable::kUnknown;
        }
    }

    void write(MachineState &s, size_t i, const Place &p, ValueId v, Extension extension = Extension::Merge) {
        switch (p.kind) {
        case Place::Kind::Register: write_register(s, p, v, extension); return;
        case Place::Kind::X87: s.registers[static_cast<size_t>(model_.x87_first + p.value)] = v; return;
        case Place::Kind::Memory: store(s, i, address_of(s, i, p.memory), p.bits, v); return;
        default: return;
        }
    }

    // ---- the stack -----------------------------------------------------------------------------

    ValueId &sp(MachineState &s) const { return s.registers[static_cast<size_t>(model_.stack_pointer)]; }

    Address stack_top(MachineState &s) {
        Address a;
        const AbstractValue &x = values_[values_.unstale(sp(s))];
        if (x.kind != ValueKind::StackAddress) return a;
        a.kind = Address::Kind::Stack;
        a.base = values_.stack_address(x.a, 0, true);
        a.offset = x.number;
        a.exact = x.b != 0;
        a.own_stack = ValueTable::stack_root(x.a) == ValueTable::kOwnStack;
        return a;
    }

    void push(MachineState &s, size_t i, ValueId v, int64_t bytes) {
        sp(s) = values_.plus(sp(s), -bytes);
        store(s, i, stack_top(s), static_cast<uint16_t>(bytes * 8), v);
    }

    ValueId pop(MachineState &s, int64_t bytes) {
        const ValueId v = load(s, stack_top(s), static_cast<uint16_t>(bytes * 8));
        sp(s) = values_.plus(sp(s), bytes);
        return v;
    }

    // After an instruction: a stack pointer that no longer points into a known stack has been
    // switched (the code after the statement is then another thread's); one pointing back into
    // the entry stack has been switched back.
    void settle_stack(MachineState &s) {
        ValueId &value = sp(s);
        const AbstractValue &x = values_[value];
        if (x.kind == ValueKind::Stale && values_.is_own_stack(value)) {
            for (ValueId &r : s.registers) r = values_.unstale(r);
            s.foreign = false;
            return;
        }
        if (x.kind == ValueKind::StackAddress) return;
        if (!s.foreign)
            for (size_t r = 0; r < s.registers.size(); ++r) s.registers[r] = values_.stale(s.registers[r]);
        s.foreign = true;
        value = values_.stack_address(ValueTable::kForeignStack, s.has_snapshot ? s.snapshot_offset : 0, true);
        install_mirror(s, s);
    }

    // ---- micro-operations ----------------------------------------------------------------------

    void execute(MachineState &s, size_t i, const MicroOp &op) {
        switch (op.kind) {
        case MicroOpKind::Use: read(s, i, op.src, true); break;
        case MicroOpKind::SelectedUse: {
            const AbstractValue &selector = values_[read(s, i, op.dst, false)];
            if (selector.kind != ValueKind::Constant || model_.selector_reads(in_[i], selector.number))
                read(s, i, op.src, true);
            break;
        }
        case MicroOpKind::Write: write(s, i, op.dst, ValueTable::kUnknown, op.extension); break;
        case MicroOpKind::Move: write(s, i, op.dst, read(s, i, op.src, false), op.extension); break;
        case MicroOpKind::Constant: write(s, i, op.dst, values_.constant(op.amount), op.extension); break;
        case MicroOpKind::Exchange: {
            const ValueId a = read(s, i, op.dst, false), b = read(s, i, op.src, false);
            write(s, i, op.dst, b, op.extension);
            write(s, i, op.src, a, op.extension);
            break;
        }
        case MicroOpKind::Involution:
            write(s, i, op.dst, values_.involution(static_cast<InvolutionOp>(op.amount), read(s, i, op.src, false)),
                  op.extension);
            break;
        case MicroOpKind::AddImmediate: {
            const ValueId v = read(s, i, op.src, true);
            write(s, i, op.dst, values_.plus(v, op.amount), op.extension);
            break;
        }
        case MicroOpKind::DeriveStack: {
            const ValueId v = read(s, i, op.src, true);
            const AbstractValue &x = values_[values_.unstale(v)];
            ValueId result = x.kind == ValueKind::StackAddress
                                 ? values_.stack_address(ValueTable::derived_stack(i, ValueTable::stack_root(x.a)), 0, true)
                                 : ValueTable::kUnknown;
            if (values_[v].kind == ValueKind::Stale) result = values_.stale(result);
            write(s, i, op.dst, result, op.extension);
            break;
        }
        case MicroOpKind::LoadAddress: {
            const Address a = address_of(s, i, op.src.memory);
            ValueId v = ValueTable::kUnknown;
            if (a.kind == Address::Kind::Stack)
                v = values_.stack_address(values_[a.base].a, a.offset, a.exact);
            else if (a.kind == Address::Kind::Pointer && values_[a.base].kind == ValueKind::Label && a.offset == 0)
                v = a.base;
            write(s, i, op.dst, v, op.extension);
            break;
        }
        case MicroOpKind::PackHigh: {
            const ValueId from = read(s, i, op.src, false);
            write(s, i, op.dst, values_.pack_high(from, static_cast<uint16_t>(op.amount)), op.extension);
            break;
        }
        case MicroOpKind::Push: push(s, i, read(s, i, op.src, false), op.amount); break;
        case MicroOpKind::Pop: write(s, i, op.dst, pop(s, op.amount), op.extension); break;
        case MicroOpKind::X87Push: {
            const ValueId v = read(s, i, op.src, false);
            if (s.x87_below.size() < 8) s.x87_below.push_back(x87(s, 7));
            for (int p = 7; p > 0; --p) x87(s, p) = x87(s, p - 1);
            x87(s, 0) = v;
            break;
        }
        case MicroOpKind::X87Pop:
            for (int64_t k = 0; k < op.amount; ++k) {
                for (int p = 0; p < 7; ++p) x87(s, p) = x87(s, p + 1);
                x87(s, 7) = s.x87_below.empty() ? ValueTable::kEmpty : s.x87_below.back();
                if (!s.x87_below.empty()) s.x87_below.pop_back();
            }
            break;
        case MicroOpKind::X87Clear:
            for (int p = 0; p < 8; ++p) x87(s, p) = ValueTable::kEmpty;
            s.x87_below.clear();
            break;
        case MicroOpKind::X87Unknown:
            for (int p = 0; p < 8; ++p) x87(s, p) = ValueTable::kUnknown;
            s.x87_below.clear();
            break;
        case MicroOpKind::SaveFp: {
            std::vector<std::pair<RegisterId, ValueId>> &saved = fp_saves_[i];
            saved.clear();
            for (size_t r = 0; r < s.registers.size(); ++r)
                if (in_fp_files(static_cast<RegisterId>(r), op.amount)) saved.emplace_back(static_cast<RegisterId>(r), s.registers[r]);
            store(s, i, address_of(s, i, op.src.memory), 0, values_.fp_state(i));
            break;
        }
        case MicroOpKind::RestoreFp: {
            const ValueId v = load(s, address_of(s, i, op.src.memory), 0);
            const AbstractValue &x = values_[v];
            const auto saved = x.kind == ValueKind::FpState ? fp_saves_.find(static_cast<size_t>(x.number)) : fp_saves_.end();
            for (size_t r = 0; r < s.registers.size(); ++r)
                if (in_fp_files(static_cast<RegisterId>(r), op.amount)) s.registers[r] = ValueTable::kUnknown;
            if (saved != fp_saves_.end())
                for (const auto &[reg, value] : saved->second)
                    if (in_fp_files(reg, op.amount)) s.registers[static_cast<size_t>(reg)] = value;
            break;
        }
        }
    }

    ValueId &x87(MachineState &s, int position) const {
        return s.registers[static_cast<size_t>(model_.x87_first + position)];
    }

    bool in_fp_files(RegisterId r, int64_t files) const {
        const RegisterKind kind = model_.kind(r);
        if (kind == RegisterKind::X87 || kind == RegisterKind::Mmx) return files & kFpX87;
        if (kind == RegisterKind::Vector || kind == RegisterKind::Mask) return files & kFpVector;
        return false;
    }

    // An instruction the target did not describe: each read is a use, each written register
    // and stored memory gets an unknown value. The stack pointer written from itself stays on
    // its stack (by an unknown amount); written from anything else, it is switched.
    void execute_generic(MachineState &s, size_t i) {
        const DecodedInstruction &in = in_[i];
        const RegisterId sp_id = model_.stack_pointer;
        in.reads.for_each([&](RegisterId r) {
            if (r == sp_id || model_.kind(r) == RegisterKind::Flags) return;
            read_register(s, i, Place::reg_of(r), true);
        });
        for (size_t m = 0; m < in.memory.size(); ++m) {
            const MemoryReference &ref = in.memory[m];
            if (!ref.access) {
                address_of(s, i, static_cast<int>(m));
                continue;
            }
            if (ref.load) read(s, i, Place::memory_of(static_cast<int>(m)), true);
            if (ref.store) write(s, i, Place::memory_of(static_cast<int>(m)), ValueTable::kUnknown);
        }
        if (in.is_call || in.is_return || in.is_branch) return;  // control is the interpreter's
        in.writes.for_each([&](RegisterId r) {
            if (r == sp_id) {
                const ValueId old = sp(s);
                sp(s) = in.reads.contains(sp_id) && values_.is_stack(values_.unstale(old))
                            ? values_.stack_address(values_[values_.unstale(old)].a, 0, false)
                            : ValueTable::kUnknown;
                if (values_[old].kind == ValueKind::Stale) sp(s) = values_.stale(sp(s));
                return;
            }
            if (valid(r) && r != model_.zero_register) s.registers[static_cast<size_t>(r)] = ValueTable::kUnknown;
        });
    }

    // ---- control ---------------------------------------------------------------------------------

    // A callee following the C ABI (or the convention the target knows it by) changes the
    // caller-saved registers and keeps the rest.
    void call_effects(MachineState &s, size_t i) {
        const DecodedInstruction &in = in_[i];
        const RegisterSet clobbered = in.convention ? in.convention->writes : model_.caller_saved;
        if (in.convention) in.convention->reads.for_each([&](RegisterId r) { read_register(s, i, Place::reg_of(r), true); });
        clobbered.for_each([&](RegisterId r) {
            if (r != model_.stack_pointer && valid(r)) s.registers[static_cast<size_t>(r)] = ValueTable::kUnknown;
        });
    }

    // The address a return, indirect jump or indirect call goes to, from the state before it.
    ValueId control_target(MachineState &s, size_t i) {
        const DecodedInstruction &in = in_[i];
        if (in.is_return && model_.return_address_bytes > 0) return load(s, stack_top(s), static_cast<uint16_t>(model_.return_address_bytes * 8));
        for (size_t k = 0; k < in.operands.size(); ++k) {
            const DecodedOperand &op = in.operands[k];
            if (op.kind == DecodedOperand::Kind::Register && !op.is_def && valid(op.reg))
                return values_.plus(s.registers[static_cast<size_t>(op.reg)], 0);
            if (op.kind == DecodedOperand::Kind::Memory) {
                for (size_t m = 0; m < in.memory.size(); ++m)
                    if (in.memory[m].base == op.reg && in.memory[m].index == op.index)
                        return load(s, address_of(s, i, static_cast<int>(m)), 0);
            }
        }
        return ValueTable::kUnknown;
    }

    int label_of(ValueId v) const {
        const AbstractValue &x = values_[values_.unstale(v)];
        return x.kind == ValueKind::Label ? static_cast<int>(x.number) : -1;
    }

    void record_stack_effect(size_t i, const MachineState &before, const MachineState &after) {
        const AbstractValue &a = values_[values_.unstale(before.registers[static_cast<size_t>(model_.stack_pointer)])];
        const AbstractValue &b = values_[values_.unstale(after.registers[static_cast<size_t>(model_.stack_pointer)])];
        if (a == b && before.foreign == after.foreign) return;
        const bool same_root = a.kind == ValueKind::StackAddress && b.kind == ValueKind::StackAddress &&
                               ValueTable::stack_root(a.a) == ValueTable::stack_root(b.a);
        if (same_root && before.foreign == after.foreign) {
            if (a.a == b.a && a.b && b.b) {
                out_.stack[i] = StackEffect::Adjust;
                out_.stack_delta[i] = b.number - a.number;
            } else {
                out_.stack[i] = StackEffect::Derived;
            }
            return;
        }
        out_.stack[i] = StackEffect::Switch;
    }

    void step(size_t i, const MachineState &start, const Emit &emit) {
        const DecodedInstruction &in = in_[i];
        MachineState s = start;
        const ValueId target = (in.is_return || in.is_indirect || (in.is_call && in.target < 0))
                                   ? control_target(s, i) : ValueTable::kUnknown;
        // What a tail call or return finds on top of the stack: where the callee returns to.
        const ValueId top_before = model_.return_address_bytes > 0
                                       ? load(s, stack_top(s), static_cast<uint16_t>(model_.return_address_bytes * 8))
                                       : (valid(model_.return_address) ? s.registers[static_cast<size_t>(model_.return_address)]
                                                                       : ValueTable::kUnknown);
        if (in.described) {
            for (const MicroOp &op : in.effects) execute(s, i, op);
        } else {
            execute_generic(s, i);
        }
        auto finish = [&](MachineState &state, size_t to) {
            settle_stack(state);
            if (recording_ && (to == i + 1 || to == n_ || !in.is_branch)) {
                record_stack_effect(i, start, state);
                // Changed by this instruction: a different value than before it, or (in a loop,
                // where the value before it may already be the one it writes) written with a value
                // the register did not hold on entry.
                for (size_t r = 0; r < state.registers.size(); ++r) {
                    const auto id = static_cast<RegisterId>(r);
                    if (state.registers[r] != start.registers[r] ||
                        (in.writes.contains(id) && state.registers[r] != out_.entry_.registers[r]))
                        out_.changed[i].add(id);
                }
            }
            emit(to, state);
        };
        const size_t next = i + 1;  // == n_: the normal exit
        const bool goto_jump = in.is_branch && in.external_target.rfind(kGotoLabelPrefix, 0) == 0;
        if (in.is_call) {
            const int internal = in.target >= 0 ? in.target : label_of(target);
            if (internal >= 0) {  // call 1f: a jump that leaves a return address
                if (model_.return_address_bytes > 0)
                    push(s, i, values_.label(next), model_.return_address_bytes);
                else if (valid(model_.return_address))
                    s.registers[static_cast<size_t>(model_.return_address)] = values_.label(next);
                finish(s, static_cast<size_t>(internal));
                return;
            }
            call_effects(s, i);
            if (recording_) out_.comes_back[i] = true;
            finish(s, next);
            return;
        }
        if (in.is_return) {
            if (model_.return_address_bytes > 0) {
                int64_t extra = 0;
                for (const DecodedOperand &op : in.operands)
                    if (op.kind == DecodedOperand::Kind::Immediate) extra = op.value;
                sp(s) = values_.plus(sp(s), model_.return_address_bytes + extra);
            }
            const int label = label_of(target);
            if (label >= 0) {
                finish(s, static_cast<size_t>(label));
            } else {
                if (recording_) out_.leaves[i] = true;
                settle_stack(s);
            }
            return;
        }
        if (in.is_branch) {
            if (goto_jump) {
                if (recording_) out_.goto_exit[i] = true;
                MachineState at_goto = s;
                settle_stack(at_goto);
                if (recording_) join_into(out_.at_goto_exit, at_goto);
            } else if (in.target >= 0) {
                MachineState taken = s;
                finish(taken, static_cast<size_t>(in.target));
            } else if (in.is_indirect) {
                const int label = label_of(target);
                if (label >= 0) {
                    MachineState taken = s;
                    finish(taken, static_cast<size_t>(label));
                } else if (recording_) {
                    out_.leaves[i] = true;
                }
            } else {
                // A jump to a function: a tail call. The callee returns to what is on top of the
                // stack (x86) or in ra (riscv): back into the template when that is a label.
                const int label = label_of(top_before);
                if (label >= 0) {
                    MachineState back = s;
                    call_effects(back, i);
                    if (model_.return_address_bytes > 0) sp(back) = values_.plus(sp(back), model_.return_address_bytes);
                    if (recording_) out_.comes_back[i] = true;
                    finish(back, static_cast<size_t>(label));
                } else if (recording_) {
                    out_.leaves[i] = true;
                    if (!out_.resume_entries.empty()) out_.comes_back[i] = true;
                }
            }
            if (in.is_conditional || !in.ends_flow) finish(s, next);
            return;
        }
        if (in.ends_flow) {
            if (recording_) out_.leaves[i] = true;
            return;
        }
        finish(s, next);
    }

    const std::vector<DecodedInstruction> &in_;
    const BoundTemplate &bound_;
    const TargetModel &model_;
    Interpretation &out_;
    ValueTable &values_;
    const size_t n_;
    bool recording_ = false;
    std::map<size_t, MachineState> resume_state_;
    std::vector<size_t> pending_roots_;
    std::map<size_t, std::vector<std::pair<RegisterId, ValueId>>> fp_saves_;
};

}  // namespace

Interpretation interpret(const std::vector<DecodedInstruction> &instructions, const BoundTemplate &bound,
                         const TargetModel &model) {
    Interpretation out;
    Interpreter(instructions, bound, model, out).run();
    return out;
}

}  // namespace heisen::asmcheck
