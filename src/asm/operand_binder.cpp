// operand_binder.cpp — binds asm operands to placeholders (see operand_binder.h).
#include "asm/operand_binder.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <sstream>

namespace heisen::asmcheck {

namespace {

bool is_identifier_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$';
}

std::string trim(const std::string &text) {
    size_t begin = 0, end = text.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    return text.substr(begin, end - begin);
}

// "42", "-1", "0x10UL" → the number as the assembler reads it; empty if not a literal.
std::string integer_literal(const std::string &expression) {
    std::string e = trim(expression);
    while (e.size() >= 2 && e.front() == '(' && e.back() == ')') e = trim(e.substr(1, e.size() - 2));
    std::string sign;
    if (!e.empty() && (e[0] == '-' || e[0] == '+')) {
        if (e[0] == '-') sign = "-";
        e = trim(e.substr(1));
    }
    if (e.empty() || !std::isdigit(static_cast<unsigned char>(e[0]))) return {};
    size_t end = 0;
    const bool hex = e.size() > 2 && e[0] == '0' && (e[1] == 'x' || e[1] == 'X');
    end = hex ? 2 : 0;
    while (end < e.size() && (hex ? std::isxdigit(static_cast<unsigned char>(e[end]))
                                  : std::isdigit(static_cast<unsigned char>(e[end]))))
        ++end;
    for (size_t i = end; i < e.size(); ++i)
        if (!std::strchr("uUlL", e[i])) return {};
    return sign + e.substr(0, end);
}

// "func" or "&var" → the symbol; empty otherwise.
std::string symbol_of(const std::string &expression) {
    std::string e = trim(expression);
    if (!e.empty() && e[0] == '&') e = trim(e.substr(1));
    if (e.empty() || std::isdigit(static_cast<unsigned char>(e[0]))) return {};
    for (char c : e)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return {};
    return e;
}

// The operand size an AT&T mnemonic suffix states ("addl" → 32 bits), as a first guess for
// register operands; the caller retries other widths when the guess does not assemble.
std::optional<Width> suffix_width(const std::string &t, size_t position, bool intel) {
    if (intel) return std::nullopt;
    size_t start = position;
    while (start > 0 && t[start - 1] != '\n' && t[start - 1] != ';') --start;
    // Inside "(…)" the operand is an address register: the suffix sizes the memory, not it.
    const std::string before = t.substr(start, position - start);
    if (std::count(before.begin(), before.end(), '(') > std::count(before.begin(), before.end(), ')')) return std::nullopt;
    std::istringstream words(t.substr(start, position - start));
    std::string mnemonic;
    while (words >> mnemonic) {
        const bool prefix = mnemonic == "lock" || mnemonic.rfind("rep", 0) == 0 || mnemonic.back() == ':';
        if (!prefix) break;
    }
    // Mnemonics whose last letter is not a size suffix.
    static const char *const kWhole[] = {"shl", "sal", "rol", "rcl", "imul", "mul", "sub", "sbb", "setb", "call",
                                         "setl", "cmovb", "cmovl", "cmovnb", "cmovnl", "bswap"};
    for (const char *whole : kWhole)
        if (mnemonic == whole) return std::nullopt;
    if (mnemonic.size() < 3 || mnemonic.rfind("%", 0) == 0) return std::nullopt;
    switch (mnemonic.back()) {
    case 'q': return Width::W64;
    case 'l': return Width::W32;
    case 'w': return Width::W16;
    case 'b': return Width::W8;
    default: return std::nullopt;
    }
}

// The register width a compiler spells an operand of `bytes` bytes with: the smallest of the
// target's widths that holds it (a 3-byte struct takes 4), the widest for larger ones (an i386
// long long is a register pair, %0 its low half). Empty when the size is not known.
std::optional<Width> type_width_of(uint64_t bytes, const std::vector<Width> &widths) {
    if (bytes == 0 || widths.empty()) return std::nullopt;
    std::optional<Width> fits, widest;
    for (Width w : widths) {
        if (!widest || width_bytes(w) > width_bytes(*widest)) widest = w;
        if (width_bytes(w) >= bytes && (!fits || width_bytes(w) < width_bytes(*fits))) fits = w;
    }
    return fits ? fits : widest;
}

class Binder {
public:
    Binder(const AsmStatement &s, const TargetModel &m, const BindRequest &r)
        : statement_(s), model_(m), request_(r) {}

    BoundTemplate run() {
        out_.owner_of.assign(model_.registers.size(), -1);
        out_.base_owner.assign(model_.registers.size(), -1);
        read_clobbers();
        find_named_registers();
        // Each step records its error in out_.error; a failed step stops the next ones.
        if (make_operands() && allocate()) substitute();
        return std::move(out_);
    }

private:
    void read_clobbers() {
        for (const std::string &clobber : statement_.clobbers) {
            if (clobber == "memory") {
                out_.clobbers_memory = true;
                continue;
            }
            const RegisterId id = model_.clobber_register(clobber);
            out_.clobbered.add(id);
        }
    }

    // Registers the template spells out itself ("%%rax", "a0"): placeholders must differ.
    void find_named_registers() {
        const std::string &t = statement_.template_text;
        for (size_t i = 0; i < t.size();) {
            if (!is_identifier_char(t[i])) {
                ++i;
                continue;
            }
            size_t end = i;
            while (end < t.size() && is_identifier_char(t[end])) ++end;
            const bool operand_ref = i > 0 && t[i - 1] == '%' && !(i > 1 && t[i - 2] == '%');
            if (!operand_ref) out_.named.add(model_.find_register(std::string_view(t).substr(i, end - i)));
            i = end;
        }
    }

    bool fail(std::string message) {
        out_.error = std::move(message);
        return false;
    }

    bool make_operands() {
        const size_t n_out = statement_.outputs.size();
        for (size_t i = 0; i < n_out + statement_.inputs.size(); ++i) {
            const bool output = i < n_out;
            const AsmOperand &op = output ? statement_.outputs[i] : statement_.inputs[i - n_out];
            OperandBinding b;
            b.index = static_cast<int>(i);
            b.source = &op;
            b.constraint = parse_constraint(op.constraint, model_);
            if (!b.constraint.error.empty()) return fail(b.display() + ": " + b.constraint.error);
            if (output && !b.constraint.is_output)
                return fail(b.display() + ": output constraint \"" + op.constraint + "\" lacks '=' or '+'");
            if (!output && b.constraint.is_output)
                return fail(b.display() + ": input constraint \"" + op.constraint + "\" has '" +
                            (b.constraint.read_write ? "+" : "=") + "'");
            b.is_output = output;
            if (!output) {
                int tied = b.constraint.matches;
                if (!b.constraint.matches_name.empty()) {
                    for (size_t k = 0; k < n_out; ++k)
                        if (statement_.outputs[k].symbolic_name == b.constraint.matches_name) tied = static_cast<int>(k);
                    if (tied < 0) return fail(b.display() + ": no output named [" + b.constraint.matches_name + "]");
                }
                if (tied >= static_cast<int>(n_out))
                    return fail(b.display() + ": matching constraint \"" + op.constraint +
                                "\" does not name an output");
                b.tied_to = tied;
                b.is_input = tied < 0;
            }
            out_.operands.push_back(std::move(b));
        }
        return true;
    }

    bool register_free(RegisterId id, bool strict) const {
        if (out_.owner_of[static_cast<size_t>(id)] >= 0 || out_.base_owner[static_cast<size_t>(id)] >= 0) return false;
        if (out_.clobbered.contains(id)) return false;
        if (strict && (out_.named.contains(id) || request_.excluded.contains(id))) return false;
        return true;
    }

    RegisterId pick(const std::vector<RegisterId> &candidates) const {
        for (bool strict : {true, false})
            for (RegisterId id : candidates)
                if (register_free(id, strict)) return id;
        return kNoRegister;
    }

    bool allocate() {
        // Kinds first, then registers named by the constraint itself (a, b, S …), then classes.
        for (OperandBinding &b : out_.operands) {
            const Constraint &c = b.constraint;
            if (b.tied_to >= 0) continue;
            // The compiler's value of a constant expression, else a literal as written.
            const std::string literal =
                b.source->constant_value.empty() ? integer_literal(b.source->expression) : b.source->constant_value;
            if (literal.size() > kMaxIntegerDigits)
                return fail(b.display() + ": an integer of " + std::to_string(literal.size()) + " digits; heisen reads " +
                            std::to_string(kMaxIntegerDigits) + " at most");
            if (c.allows_immediate && !b.is_output && (!literal.empty() || (!c.allows_register && !c.allows_memory && !c.allows_address))) {
                b.kind = ConstraintKind::Immediate;
                const std::string symbol = symbol_of(b.source->expression);
                const char *letters = model_.symbol_immediate_letters;
                const bool symbols_allowed = !letters || b.source->constraint.find_first_of(letters) != std::string::npos;
                b.immediate = !literal.empty() ? literal : (symbols_allowed && !symbol.empty() ? symbol : "1");
            } else if (c.allows_register || c.allows_address) {
                b.kind = ConstraintKind::Register;
                b.fixed_register = c.candidates.size() == 1;
                // `register long a0 asm("a0")` passed as "r"(a0): the variable's register is the
                // operand's (a C variable merely named like a register is no such binding).
                std::string_view spelled = b.source->register_variable;
                if (!spelled.empty() && spelled.front() == '%') spelled.remove_prefix(1);
                const RegisterId variable = model_.find_register(spelled);
                if (!b.fixed_register && variable != kNoRegister &&
                    std::find(c.candidates.begin(), c.candidates.end(), variable) != c.candidates.end()) {
                    b.constraint.candidates = {variable};
                    b.fixed_register = true;
                }
            } else if (c.allows_memory) {
                b.kind = ConstraintKind::Memory;
            } else {
                return fail(b.display() + ": constraint \"" + b.source->constraint + "\" cannot be bound");
            }
        }
        auto own = [&](RegisterId id, int index) { out_.owner_of[static_cast<size_t>(id)] = index; };
        for (OperandBinding &b : out_.operands) {
            if (b.tied_to >= 0 || b.kind != ConstraintKind::Register || !b.fixed_register) continue;
            b.reg = b.constraint.candidates.front();
            if (b.constraint.register_pair) b.pair_high = model_.register_pair_high;
            if (out_.owner_of[static_cast<size_t>(b.reg)] >= 0) {
                // Two operands fixed to one register: legal only if one is an input and the other an output.
                const OperandBinding &other = out_.operands[static_cast<size_t>(out_.owner_of[static_cast<size_t>(b.reg)])];
                if (b.constraint.flag_output && other.constraint.flag_output) continue;  // conditions of one register
                if (other.is_output == b.is_output)
                    return fail(b.display() + " and " + other.display() + " both require register '" +
                                model_.name(b.reg) + "'");
                // ("=a" with "A": the input's dx half is its own)
                if (b.pair_high != kNoRegister && out_.owner_of[static_cast<size_t>(b.pair_high)] < 0) own(b.pair_high, b.index);
                continue;
            }
            own(b.reg, b.index);
            if (b.constraint.register_pair) own(b.pair_high, b.index);
        }
        // Registers before memory: a compiler addresses an "m" operand without a register of
        // its own when it can (a local off the stack pointer), never at a register operand's cost.
        for (OperandBinding &b : out_.operands) {
            if (b.tied_to >= 0) continue;
            if (b.kind == ConstraintKind::Register && !b.fixed_register) {
                std::vector<RegisterId> candidates = b.constraint.candidates;
                if (candidates.empty()) {  // 'p': any general register
                    size_t length = 0;
                    const ConstraintLetter *r = model_.find_constraint("r", length);
                    Constraint general = parse_constraint(r->letters, model_);
                    candidates = general.candidates;
                }
                b.reg = pick(candidates);
                // Without '&' an output may share an input's register (the input is consumed
                // first): GCC does so when the class has nothing else left (cmpxchg8b's "=q").
                if (b.reg == kNoRegister && b.is_output && !b.constraint.earlyclobber)
                    for (RegisterId id : candidates) {
                        const int owner = out_.owner_of[static_cast<size_t>(id)];
                        if (owner >= 0 && out_.operands[static_cast<size_t>(owner)].is_input) {
                            b.reg = id;
                            break;
                        }
                    }
                if (b.reg == kNoRegister && b.constraint.allows_memory) {  // "g", "rm": memory then
                    b.kind = ConstraintKind::Memory;
                    continue;
                }
                if (b.reg == kNoRegister) return fail(b.display() + ": no register left for constraint \"" + b.source->constraint + "\"");
                own(b.reg, b.index);
            }
        }
        for (OperandBinding &b : out_.operands) {
            if (b.tied_to >= 0) continue;
            if (b.kind == ConstraintKind::Memory) {
                // The same lvalue twice ("=m"(*p) and "m"(*p)) is the same memory: one address.
                const OperandBinding *same = nullptr;
                for (const OperandBinding &other : out_.operands)
                    if (&other != &b && other.kind == ConstraintKind::Memory && other.base != kNoRegister &&
                        !trim(other.source->expression).empty() &&
                        trim(other.source->expression) == trim(b.source->expression))
                        same = &other;
                if (same) {
                    b.base = same->base;
                    b.displacement = same->displacement;
                    continue;
                }
                std::vector<RegisterId> bases;
                std::istringstream names(model_.memory_bases);
                for (std::string name; names >> name;) bases.push_back(model_.find_register(name));
                b.base = pick(bases);
                if (b.base == kNoRegister && model_.stack_pointer != kNoRegister) {
                    // Every register is taken: a compiler addresses such an operand (a local, a
                    // spilled value) off the stack pointer, each at its own slot.
                    b.base = model_.stack_pointer;
                    b.displacement = kStackSlotBytes * static_cast<int64_t>(++stack_slots_);
                    continue;
                }
                if (b.base == kNoRegister) return fail(b.display() + ": no register left for a memory address");
                out_.base_owner[static_cast<size_t>(b.base)] = b.index;
            }
        }
        for (OperandBinding &b : out_.operands) {
            const bool holds_input = b.is_input || b.constraint.read_write || b.tied_to >= 0;
            if (holds_input && b.kind == ConstraintKind::Register) {
                out_.entry_values.add(b.reg);
                out_.entry_values.add(b.pair_high);
            }
            const std::string literal =
                b.source->constant_value.empty() ? integer_literal(b.source->expression) : b.source->constant_value;
            if (!b.is_output && !literal.empty()) b.constant = std::strtoll(literal.c_str(), nullptr, 0);
            if (b.tied_to < 0) continue;
            const OperandBinding &output = out_.operands[static_cast<size_t>(b.tied_to)];
            if (output.kind != ConstraintKind::Register)
                return fail(b.display() + ": matching constraint names " + output.display() + ", which is not a register");
            b.kind = ConstraintKind::Register;
            b.reg = output.reg;
            b.pair_high = output.pair_high;
            out_.entry_values.add(b.reg);
            out_.entry_values.add(b.pair_high);
        }
        return true;
    }

    // Resolves "0", "12", "[name]" after '%' (and its modifier) at `pos`; advances `pos`.
    // Returns the operand index (labels follow operands), or -1 with an error set.
    int operand_reference(const std::string &t, size_t &pos) {
        const size_t n_ops = out_.operands.size();
        if (pos < t.size() && t[pos] == '[') {
            const size_t end = t.find(']', pos);
            if (end == std::string::npos) return fail("unterminated '%[' in the template"), -1;
            const std::string name = t.substr(pos + 1, end - pos - 1);
            pos = end + 1;
            for (const OperandBinding &b : out_.operands)
                if (b.source->symbolic_name == name) return b.index;
            for (size_t k = 0; k < statement_.goto_labels.size(); ++k)
                if (statement_.goto_labels[k] == name) return static_cast<int>(n_ops + k);
            return fail("the template names %[" + name + "], which is no operand"), -1;
        }
        // The digits as written: a number past any operand is named as the user wrote it (and
        // never overflows on its way there).
        const size_t start = pos;
        size_t value = 0;
        while (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos]))) {
            if (value < 1000000) value = value * 10 + static_cast<size_t>(t[pos] - '0');
            ++pos;
        }
        if (value >= n_ops + statement_.goto_labels.size())
            return fail("the template names %" + t.substr(start, pos - start) + " but the statement has only " +
                        std::to_string(n_ops + statement_.goto_labels.size()) + " operands"),
                   -1;
        return static_cast<int>(value);
    }

    void emit(const std::string &text, size_t origin) {
        out_.text += text;
        out_.origin.insert(out_.origin.end(), text.size(), origin);
    }

    bool substitute() {
        const std::string &t = statement_.template_text;
        const bool x86 = model_.dialect_alternatives;
        bool intel = request_.intel_syntax;
        size_t line = 0;
        size_t slot = 0;
        int dialect_depth = -1;  // inside {att|intel}: which alternative we are in (0 or 1)
        out_.unique_label_lines.assign(1, false);
        for (size_t i = 0; i < t.size();) {
            const char c = t[i];
            if (c == '\n') {
                ++line;
                out_.unique_label_lines.push_back(false);
            }
            if (c == '.' && t.compare(i, 13, ".intel_syntax") == 0) intel = true;
            if (c == '.' && t.compare(i, 11, ".att_syntax") == 0) intel = false;
            if (x86 && c == '{') { dialect_depth = 0; ++i; continue; }
            if (x86 && dialect_depth >= 0 && c == '|') { dialect_depth = 1; ++i; continue; }
            if (x86 && dialect_depth >= 0 && c == '}') { dialect_depth = -1; ++i; continue; }
            const bool skipping = dialect_depth >= 0 && (dialect_depth == 1) != request_.intel_syntax;
            if (c != '%') {
                if (!skipping) emit(std::string(1, c), i);
                ++i;
                continue;
            }
            const size_t start = i++;
            if (i >= t.size()) return fail("the template ends with a lone '%'");
            const char next = t[i];
            if (next == '%' || next == '{' || next == '|' || next == '}') {
                if (!skipping) emit(std::string(1, next), start);
                ++i;
                continue;
            }
            if (next == '=') {
                out_.unique_label_lines[line] = true;
                if (!skipping) emit("1", start);
                ++i;
                continue;
            }
            char modifier = 0;
            if (std::isalpha(static_cast<unsigned char>(next)) && i + 1 < t.size() &&
                (std::isdigit(static_cast<unsigned char>(t[i + 1])) || t[i + 1] == '[')) {
                modifier = next;
                ++i;
            } else if (!std::isdigit(static_cast<unsigned char>(next)) && next != '[') {
                // "%rax" in extended asm: GCC rejects it, but the assembler reads it; keep it.
                if (!skipping) emit("%", start);
                continue;
            }
            const int index = operand_reference(t, i);
            if (index < 0) return false;
            if (skipping) continue;
            std::string placeholder;
            if (static_cast<size_t>(index) >= out_.operands.size()) {
                placeholder = kGotoLabelPrefix + statement_.goto_labels[static_cast<size_t>(index) - out_.operands.size()];
            } else {
                const OperandBinding &b = out_.operands[static_cast<size_t>(index)];
                if (modifier == 'l') return fail("%l" + std::to_string(index) + " names " + b.display() + ", which is no asm goto label");
                if (b.constraint.flag_output)
                    return fail("the template names " + b.display() + ", a flag output (\"" + b.source->constraint +
                                "\"), which has no spelling");
                Width width = model_.register_widths.front();
                const bool general = b.kind == ConstraintKind::Register && model_.kind(b.reg) == RegisterKind::General;
                if (general && (!modifier || modifier == 'z' || modifier == 'c' || modifier == 'P')) {
                    if (const std::optional<Width> typed = type_width(b.source->type_size)) {
                        width = *typed;  // the compiler spells the register by the operand's type
                    } else {
                        const std::optional<Width> guess = suffix_width(t, start, intel);
                        const auto &widths = model_.register_widths;
                        if (guess && std::find(widths.begin(), widths.end(), *guess) != widths.end()) width = *guess;
                        if (slot < request_.widths.size()) width = request_.widths[slot];
                        out_.width_slots.push_back({index, line, width});
                        ++slot;
                    }
                }
                if (general) {
                    static const char kSized[] = "bhwkqcPV";
                    const unsigned bytes = modifier == 'b' || modifier == 'h' ? 1
                                           : modifier == 'w'                  ? 2
                                           : modifier == 'k'                  ? 4
                                           : modifier == 'q'                  ? 8
                                           : modifier == 'V' ? width_bytes(model_.register_widths.front())
                                                             : width_bytes(width);
                    if (!modifier || std::strchr(kSized, modifier))
                        out_.register_uses.push_back({index, modifier, bytes, out_.text.size()});
                }
                TargetModel::BoundView view{b.kind, b.reg, b.base, b.immediate, b.constraint.memory_letter};
                if (modifier) {
                    if (!model_.apply_modifier(modifier, view, width, intel, placeholder))
                        return fail("operand modifier '%" + std::string(1, modifier) + "' cannot be applied to " +
                                    b.display() + " on " + target_name(model_.target));
                    if (b.kind == ConstraintKind::Memory) placeholder = displaced(placeholder, b.displacement);
                } else if (b.kind == ConstraintKind::Register) {
                    placeholder = model_.register_operand(b.reg, width, intel);
                    // GCC spells a vector register by the operand's type: 32 bytes (__m256i) as
                    // the register's 256-bit name, 64 bytes as its 512-bit one (x86's %t and %g).
                    const uint64_t bytes = b.source->type_size;
                    if (model_.kind(b.reg) == RegisterKind::Vector && bytes > 16) {
                        std::string wide;
                        if (model_.apply_modifier(bytes > 32 ? 'g' : 't', view, width, intel, wide)) placeholder = wide;
                    }
                } else if (b.kind == ConstraintKind::Memory) {
                    placeholder = displaced(model_.memory_operand(b.base, intel, b.constraint.memory_letter), b.displacement);
                } else {
                    placeholder = model_.immediate_operand(b.immediate, intel);
                }
                if (placeholder.empty() && !(modifier == 'i'))
                    return fail(b.display() + " has no spelling of that width in register '" + std::string(model_.name(b.reg)) + "'");
            }
            if (static_cast<size_t>(index) < out_.operands.size() &&
                out_.operands[static_cast<size_t>(index)].kind == ConstraintKind::Memory)
                placeholder = fold_offset_before(placeholder);
            emit(placeholder, start);
        }
        return true;
    }

    // GCC's "8+%0" prints "8+(%rax)", which gas reads as 8(%rax) and LLVM as an absolute
    // address: the offset written before a memory operand moves into it.
    std::string fold_offset_before(const std::string &placeholder) {
        std::string &text = out_.text;
        if (text.empty() || text.back() != '+') return placeholder;
        size_t digits = text.size() - 1;
        while (digits > 0 && std::isdigit(static_cast<unsigned char>(text[digits - 1]))) --digits;
        if (digits == text.size() - 1 || text.size() - 1 - digits > 18) return placeholder;
        if (digits > 0 && is_identifier_char(text[digits - 1])) return placeholder;  // sym1+%0
        const int64_t offset = std::strtoll(text.c_str() + digits, nullptr, 10);
        text.erase(digits);
        out_.origin.erase(out_.origin.begin() + static_cast<long>(digits), out_.origin.end());
        return displaced(placeholder, offset);
    }

    // "(%esp)" → "64(%esp)", "8(%esp)" → "72(%esp)", "[esp]" → "[esp+64]".
    static std::string displaced(const std::string &placeholder, int64_t displacement) {
        if (displacement == 0) return placeholder;
        if (!placeholder.empty() && placeholder.back() == ']')
            return placeholder.substr(0, placeholder.size() - 1) + "+" + std::to_string(displacement) + "]";
        const size_t paren = placeholder.find('(');
        if (paren == std::string::npos) return placeholder;
        const int64_t before = paren ? std::strtoll(placeholder.substr(0, paren).c_str(), nullptr, 10) : 0;
        return std::to_string(before + displacement) + placeholder.substr(paren);
    }

    std::optional<Width> type_width(uint64_t bytes) const {
        if (model_.register_widths.size() < 2) return std::nullopt;  // one width: nothing to choose
        return type_width_of(bytes, model_.register_widths);
    }

    static constexpr size_t kMaxIntegerDigits = 40;  // past 128 bits; LLVM's parse of more is quadratic

    const AsmStatement &statement_;
    const TargetModel &model_;
    const BindRequest &request_;
    BoundTemplate out_;
    size_t stack_slots_ = 0;
};

}  // namespace

std::string OperandBinding::display() const {
    std::string name = source && !source->symbolic_name.empty() ? "%[" + source->symbolic_name + "]"
                                                                 : "%" + std::to_string(index);
    if (source && !source->expression.empty()) name += " (" + source->expression + ")";
    return name;
}

BoundTemplate bind_operands(const AsmStatement &statement, const TargetModel &model, const BindRequest &request) {
    return Binder(statement, model, request).run();
}

size_t line_of(const std::string &text, size_t offset) {
    return static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(std::min(offset, text.size())), '\n'));
}

}  // namespace heisen::asmcheck
