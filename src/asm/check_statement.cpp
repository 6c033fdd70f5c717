// check_statement.cpp — the pipeline for one statement: bind → decode → flow → rules.
#include "asm/check_statement.h"

#include <algorithm>

#include "asm/control_flow.h"
#include "asm/interpreter.h"
#include "asm/mc_decoder.h"
#include "asm/operand_binder.h"
#include "asm/rule_context.h"
#include "asm/target_model.h"

namespace heisen::asmcheck {

namespace {

std::string line_text(const std::string &text, size_t line) {
    size_t start = 0;
    for (size_t l = 0; l < line && start != std::string::npos; ++l) {
        start = text.find('\n', start);
        if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos) return {};
    const size_t end = text.find('\n', start);
    std::string out = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const size_t first = out.find_first_not_of(" \t");
    return first == std::string::npos ? std::string() : out.substr(first);
}

struct Attempt {
    BoundTemplate bound;
    DecodedTemplate decoded;
};

Attempt bind_and_decode(const AsmStatement &s, const TargetModel &model, const BindRequest &request) {
    Attempt a;
    a.bound = bind_operands(s, model, request);
    if (a.bound.error.empty()) a.decoded = decode_template(a.bound.text, model, request.intel_syntax);
    return a;
}

// x86 register operands are spelled at the default width; when a line does not assemble, try
// the other widths for the operand references on that line (the C types are not visible).
Attempt decode_with_widths(const AsmStatement &s, const TargetModel &model, BindRequest &request) {
    Attempt attempt = bind_and_decode(s, model, request);
    std::vector<size_t> adjusted_lines;
    const size_t choices = model.register_widths.size();
    while (attempt.bound.error.empty() && !attempt.decoded.error.empty() && choices > 1) {
        const size_t line = line_of(attempt.bound.text, attempt.decoded.error_offset);
        if (std::find(adjusted_lines.begin(), adjusted_lines.end(), line) != adjusted_lines.end()) break;
        adjusted_lines.push_back(line);
        std::vector<size_t> slots;
        for (size_t k = 0; k < attempt.bound.width_slots.size(); ++k)
            if (attempt.bound.width_slots[k].line == line) slots.push_back(k);
        if (slots.empty() || slots.size() > 3) break;
        request.widths.clear();  // keep every other line's widths as they were spelled
        for (const WidthSlot &slot : attempt.bound.width_slots) request.widths.push_back(slot.width);
        size_t combinations = 1;
        for (size_t k = 0; k < slots.size(); ++k) combinations *= choices;
        bool moved_on = false;
        const Attempt original = attempt;
        // Uniform widths first (movl %1, %0), then mixed ones (movzbl %b1, %0 without %b).
        std::vector<size_t> order;
        for (size_t w = 0; w < choices; ++w) {
            size_t code = 0;
            for (size_t k = 0; k < slots.size(); ++k) code = code * choices + w;
            order.push_back(code);
        }
        for (size_t code = 0; code < combinations; ++code)
            if (std::find(order.begin(), order.end(), code) == order.end()) order.push_back(code);
        for (size_t code : order) {
            size_t rest = code;
            for (size_t k = slots.size(); k-- > 0;) {
                request.widths[slots[k]] = model.register_widths[rest % choices];
                rest /= choices;
            }
            Attempt next = bind_and_decode(s, model, request);
            if (!next.bound.error.empty()) continue;
            if (next.decoded.error.empty() || line_of(next.bound.text, next.decoded.error_offset) != line) {
                attempt = std::move(next);
                moved_on = true;
                break;
            }
        }
        if (!moved_on) {
            attempt = original;
            break;
        }
    }
    return attempt;
}

// Registers instructions use implicitly (cpuid's ebx, rep's rcx …) that a placeholder chose
// although its constraint allowed a register no instruction uses implicitly.
RegisterSet implicit_collisions(const Attempt &a) {
    RegisterSet implicit;
    for (const DecodedInstruction &in : a.decoded.instructions) {
        RegisterSet explicit_registers;
        for (const DecodedOperand &op : in.operands) {
            explicit_registers.add(op.reg);
            explicit_registers.add(op.index);
        }
        RegisterSet used = in.reads | in.writes;
        for (const MemoryReference &ref : in.memory) used |= ref.address;
        implicit |= used.minus(explicit_registers);
    }
    RegisterSet collisions;
    for (const OperandBinding &b : a.bound.operands) {
        if (b.kind == ConstraintKind::Memory && implicit.contains(b.base)) collisions.add(b.base);
        if (b.kind != ConstraintKind::Register || b.fixed_register || b.tied_to >= 0 || !implicit.contains(b.reg))
            continue;
        for (RegisterId candidate : b.constraint.candidates)
            if (!implicit.contains(candidate)) collisions.add(b.reg);
    }
    return collisions;
}

// The operands on a rejected template line that its constraints allow only in memory, when there
// are two or more: no instruction takes two explicit memory operands, so the assembler rejects the
// statement whatever the compiler chooses (`lock addq %1, %0` with "=m"(ato->value) and "m"(val)).
std::vector<const OperandBinding *> memory_only_operands(const BoundTemplate &bound, const TargetModel &model,
                                                         const std::string &line) {
    std::vector<const OperandBinding *> found;
    for (const OperandBinding &b : bound.operands) {
        const Constraint &c = b.constraint;
        if (b.kind != ConstraintKind::Memory || b.base == kNoRegister || b.base == model.stack_pointer ||
            c.allows_register || c.allows_immediate || c.allows_address)
            continue;
        const std::string base = model.name(b.base);
        for (const char *open : {"(%", "(", "["})
            if (line.find(open + base) != std::string::npos) {
                found.push_back(&b);
                break;
            }
    }
    if (found.size() < 2) found.clear();
    return found;
}

Finding two_memory_operands(const AsmStatement &statement, const std::vector<const OperandBinding *> &operands,
                            size_t line, const std::string &quoted, const std::string &error) {
    Finding f;
    f.rule_id = "memory-operands";
    f.severity = Severity::Error;
    f.location = statement.location;
    std::string names;
    for (const OperandBinding *b : operands) names += (names.empty() ? "" : " and ") + b->display();
    f.message = "template line " + std::to_string(line + 1) + " takes " + names +
                " from memory, and no instruction takes two memory operands: the assembler rejects the statement "
                "whenever the function is compiled";
    f.instruction = quoted;
    f.operand = operands.front()->display();
    f.notes.push_back({statement.location, "the assembler says: " + error});
    f.suggested_fix = "let one of them be a register: \"r\" (or \"ir\" for an input, \"+r\" for an output)";
    return f;
}

}  // namespace

StatementResult check_statement(const AsmStatement &statement, const CheckOptions &options) {
    StatementResult result;
    if (statement.is_basic) {
        result.out_of_scope = true;
        return result;
    }
    if (!statement.unresolved.empty()) {
        for (const std::string &reason : statement.unresolved)
            result.could_not_analyse += (result.could_not_analyse.empty() ? "" : "; ") + reason;
        return result;
    }
    const TargetModel &model = target_model(options.target);
    BindRequest request;
    request.intel_syntax = options.intel_syntax;
    Attempt attempt = decode_with_widths(statement, model, request);
    if (attempt.bound.error.empty() && attempt.decoded.error.empty()) {
        const RegisterSet collisions = implicit_collisions(attempt);
        if (!collisions.empty()) {
            request.excluded |= collisions;
            Attempt again = decode_with_widths(statement, model, request);
            if (again.bound.error.empty() && again.decoded.error.empty()) attempt = std::move(again);
        }
    }
    if (!attempt.bound.error.empty()) {
        result.could_not_analyse = attempt.bound.error;
        return result;
    }
    if (!attempt.decoded.error.empty()) {
        const size_t line = line_of(attempt.bound.text, attempt.decoded.error_offset);
        std::string quoted = line_text(attempt.bound.text, line);
        if (quoted.size() > 120) quoted = quoted.substr(0, 117) + "...";
        const std::vector<const OperandBinding *> memory = memory_only_operands(attempt.bound, model, quoted);
        if (!memory.empty()) {
            result.findings.push_back(two_memory_operands(statement, memory, line, quoted, attempt.decoded.error));
            return result;
        }
        result.could_not_analyse = "the assembler rejects template line " + std::to_string(line + 1) + " (\"" + quoted +
                                   "\"): " + attempt.decoded.error;
        return result;
    }
    for (DecodedInstruction &in : attempt.decoded.instructions) in.line = line_of(attempt.bound.text, in.offset);

    const Interpretation values = interpret(attempt.decoded.instructions, attempt.bound, model);
    const ControlFlow flow(values);
    const RuleContext context{statement, options, model, attempt.bound, attempt.decoded.instructions, values, flow};
    for (const DecodedTemplate::Note &note : attempt.decoded.notes) {
        DecodedInstruction at;
        at.offset = note.offset;
        result.partial.push_back({context.location_of(at), note.message});
    }
    check_register_rules(context, result.findings);
    check_x87_rules(context, result.findings);
    check_temporary_registers(context, result.findings);
    check_overlap_rules(context, result.findings);
    check_memory_rules(context, result.findings);
    check_stack_rules(context, result.findings);
    check_call_rules(context, result.findings);
    check_label_rules(context, result.findings);
    check_flags_rule(context, result.findings);
    check_operand_width_rule(context, result.findings);
    return result;
}

}  // namespace heisen::asmcheck
