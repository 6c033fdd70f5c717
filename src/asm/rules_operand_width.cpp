// rules_operand_width.cpp — operand-width: the template uses an operand at another size than its
// C type has. Needs the operands' types, which only a compiler front end gives (heisen asm -p);
// without them the rule is silent.
//
//   memory   an access through an "m" operand that reaches past the C object it names: an 8-byte
//            `lock decq` on an int8_t writes 7 bytes the compiler knows nothing about.
//   register a modifier that widens an input (%q0 on an int: the register's upper half is not
//            defined), or narrows the only write of an "=" output (setz %b0 on an int: the
//            compiler takes all 4 bytes as the result); narrowing an input is noted.
#include <algorithm>

#include "asm/rule_context.h"

namespace heisen::asmcheck {

namespace {

std::string bytes_text(uint64_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); }

// "%0 (l->held), a 1-byte int8_t"
std::string typed(const OperandBinding &b) {
    const uint64_t n = b.source->type_size;
    const bool an = n == 8 || n == 11 || n == 18 || (n >= 80 && n < 90);  // "an 8-byte", "an 80-byte"
    return b.display() + (an ? ", an " : ", a ") + std::to_string(n) + "-byte " + b.source->c_type;
}

void check_memory_widths(const RuleContext &c, std::vector<Finding> &findings) {
    for (const DecodedInstruction &in : c.instructions) {
        for (const MemoryReference &ref : in.memory) {
            if (!ref.bytes) continue;
            const OperandBinding *owner = c.memory_operand_of(ref);
            if (!owner || !owner->source || owner->source->type_size == 0) continue;
            const uint64_t object = owner->source->type_size;
            const int64_t start = ref.displacement - owner->displacement;  // the template's own offset: "8+%0"
            if (start < 0 || static_cast<uint64_t>(start) + ref.bytes <= object) continue;
            const bool store = ref.store;
            Finding f = c.finding("operand-width", store ? Severity::Warning : Severity::Note, &in,
                                  std::string(store ? "writes " : "reads ") + bytes_text(ref.bytes) + " at " +
                                      typed(*owner) +
                                      ": " + bytes_text(static_cast<uint64_t>(start) + ref.bytes - object) +
                                      " past the object the compiler knows of");
            f.operand = owner->display();
            f.notes.push_back({owner->source->location,
                               store ? "the compiler keeps whatever it placed next to the object there, and may "
                                       "have it in registers: those bytes are corrupted"
                                     : "the compiler may not have stored those bytes yet, nor does it know they are read"});
            f.suggested_fix = "use the instruction of the object's size (" + bytes_text(object) +
                              "), or name the whole memory the template touches in the operand";
            findings.push_back(std::move(f));
        }
    }
}

// An "=" output some input is tied to ("0"(x)) starts with that input's value: bytes the
// template does not write keep it.
bool has_tied_input(const RuleContext &c, const OperandBinding &output) {
    return std::any_of(c.bound.operands.begin(), c.bound.operands.end(),
                       [&](const OperandBinding &b) { return b.tied_to == output.index; });
}

const DecodedInstruction *instruction_at(const RuleContext &c, size_t offset) {
    const DecodedInstruction *found = nullptr;
    for (const DecodedInstruction &in : c.instructions)
        if (in.offset <= offset) found = &in;
    return found;
}

void check_register_widths(const RuleContext &c, std::vector<Finding> &findings) {
    for (const RegisterUse &use : c.bound.register_uses) {
        const OperandBinding &b = c.bound.operands[static_cast<size_t>(use.operand)];
        if (!b.source || b.source->type_size == 0 || !use.modifier || b.kind != ConstraintKind::Register) continue;
        const uint64_t type = b.source->type_size;
        const DecodedInstruction *in = instruction_at(c, use.offset);
        if (!in) continue;
        const bool holds_input = b.is_input || b.constraint.read_write || b.tied_to >= 0;
        const bool reads = in->reads.contains(b.reg);
        const bool writes = in->writes.contains(b.reg);
        const std::string spelled = "%" + std::string(1, use.modifier) + std::to_string(use.operand);
        // Once the template has written the register (movzbl …, %0 zero-extends to 64 bits), its
        // upper bytes are the template's own: only a read of the compiler's value can widen it.
        const size_t at = static_cast<size_t>(in - c.instructions.data());
        const bool compilers_value = at < c.values.before.size() && c.holds_entry_value(c.values.before[at], b.reg);
        if (use.bytes > type && reads && holds_input && compilers_value) {
            Finding f = c.finding("operand-width", Severity::Warning, in,
                                  "reads " + spelled + " (" + bytes_text(use.bytes) + ") of " + typed(b) + ": the " +
                                      bytes_text(use.bytes - type) + " above it are whatever the register held");
            f.operand = b.display();
            f.notes.push_back({b.source->location, "the compiler defines only the operand's own " + bytes_text(type) +
                                                       " of the register"});
            f.suggested_fix = "widen the operand in C (e.g. \"r\"((unsigned long)x)) or use the register at " +
                              bytes_text(type);
            findings.push_back(std::move(f));
        } else if (use.bytes < type && writes && b.is_output && !b.constraint.read_write && !has_tied_input(c, b)) {
            // A write of the 32-bit register defines all 64 bits on x86-64; another write of the
            // operand at its full width (xorl %k0, %k0 first, movzbl after) defines it too.
            const unsigned widest = width_bytes(*std::max_element(
                c.model.register_widths.begin(), c.model.register_widths.end(),
                [](Width a, Width w) { return width_bytes(a) < width_bytes(w); }));
            if (use.bytes == 4 && widest == 8) continue;
            const bool full_write_elsewhere =
                std::any_of(c.bound.register_uses.begin(), c.bound.register_uses.end(), [&](const RegisterUse &other) {
                    if (other.operand != use.operand || other.bytes < std::min<uint64_t>(type, widest)) return false;
                    const DecodedInstruction *writer = instruction_at(c, other.offset);
                    return writer && writer->writes.contains(b.reg);
                });
            if (full_write_elsewhere) continue;
            Finding f = c.finding("operand-width", Severity::Warning, in,
                                  "writes only " + spelled + " (" + bytes_text(use.bytes) + ") of the output " + typed(b) +
                                      ": the compiler takes all " + bytes_text(type) + " as the result");
            f.operand = b.display();
            f.notes.push_back({b.source->location, "the register's other bytes keep whatever they held before"});
            f.suggested_fix = "zero the register first (xorl " + std::string("%k") + std::to_string(use.operand) + ", %k" +
                              std::to_string(use.operand) + "), or extend the result (movzbl), or give the operand a " +
                              bytes_text(use.bytes) + " type";
            findings.push_back(std::move(f));
        } else if (use.bytes < type && reads && holds_input) {
            Finding f = c.finding("operand-width", Severity::Note, in,
                                  "reads only " + spelled + " (" + bytes_text(use.bytes) + ") of " + typed(b));
            f.operand = b.display();
            f.suggested_fix = "if the truncation is meant, cast the operand in C to say so";
            findings.push_back(std::move(f));
        }
    }
}

}  // namespace

void check_operand_width_rule(const RuleContext &context, std::vector<Finding> &findings) {
    check_memory_widths(context, findings);
    check_register_widths(context, findings);
}

}  // namespace heisen::asmcheck
