// constraint.cpp — parses GNU asm constraint strings.
#include "asm/constraint.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace heisen::asmcheck {

namespace {

void add_candidates(Constraint &c, const char *names, const TargetModel &model) {
    std::istringstream in(names);
    std::string name;
    while (in >> name) {
        const RegisterId id = model.find_register(name);
        if (id != kNoRegister && std::find(c.candidates.begin(), c.candidates.end(), id) == c.candidates.end())
            c.candidates.push_back(id);
    }
}

}  // namespace

Constraint parse_constraint(std::string_view text, const TargetModel &model) {
    Constraint c;
    size_t i = 0;
    while (i < text.size()) {
        const char ch = text[i];
        switch (ch) {
        case '=': c.is_output = true; ++i; continue;
        case '+': c.is_output = c.read_write = true; ++i; continue;
        case '&': c.earlyclobber = true; ++i; continue;
        case '%': c.commutative = true; ++i; continue;
        case ',': case '?': case '!': case ' ': case '\t': ++i; continue;
        case '*': i += 2; continue;  // '*' hides the next letter from register preferencing
        case '#':                    // the rest of the alternative is ignored for allocation
            while (i < text.size() && text[i] != ',') ++i;
            continue;
        case '[': {
            const size_t end = text.find(']', i);
            if (end == std::string_view::npos) {
                c.error = "unterminated '[' in constraint \"" + std::string(text) + "\"";
                return c;
            }
            c.matches_name = std::string(text.substr(i + 1, end - i - 1));
            i = end + 1;
            continue;
        }
        case '@': {  // "=@ccz", "=@ccnbe": a flag output, the condition after "cc"
            if (text.substr(i, 3) != "@cc" || i + 3 >= text.size() || model.flags == kNoRegister) {
                c.error = "flag output constraint \"" + std::string(text) + "\" is not one " +
                          target_name(model.target) + " has";
                return c;
            }
            c.flag_output = c.allows_register = true;
            c.candidates = {model.flags};
            i = text.size();
            continue;
        }
        default: break;
        }
        if (std::isdigit(static_cast<unsigned char>(ch))) {
            // GCC allows at most 30 operands; stop accumulating long before int could overflow,
            // so an absurd number simply names no operand.
            int value = 0;
            while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
                if (value < 100000) value = value * 10 + (text[i] - '0');
                ++i;
            }
            c.matches = value;
            continue;
        }
        size_t length = 0;
        const ConstraintLetter *letter = model.find_constraint(text.substr(i), length);
        if (!letter) {
            c.error = "constraint letter '" + std::string(1, ch) + "' in \"" + std::string(text) +
                      "\" is not known for " + target_name(model.target);
            return c;
        }
        switch (letter->kind) {
        case ConstraintKind::Register:
            c.allows_register = true;
            if (!c.register_letter) c.register_letter = letter->letters[0];
            c.register_pair = c.register_pair || letter->register_pair;
            add_candidates(c, letter->registers, model);
            break;
        case ConstraintKind::Memory:
            c.allows_memory = true;
            if (!c.memory_letter) c.memory_letter = letter->letters[0];
            break;
        case ConstraintKind::Immediate: c.allows_immediate = true; break;
        case ConstraintKind::Address: c.allows_address = true; break;
        case ConstraintKind::General:
            c.allows_register = c.allows_memory = c.allows_immediate = true;
            if (!c.register_letter) c.register_letter = 'r';
            if (!c.memory_letter) c.memory_letter = 'm';
            add_candidates(c, model.find_constraint("r", length)->registers, model);
            break;
        }
        i += length;
    }
    if (c.is_output && c.allows_immediate && !c.allows_register && !c.allows_memory)
        c.error = "output constraint \"" + std::string(text) + "\" allows only an immediate";
    if (!c.allows_register && !c.allows_memory && !c.allows_immediate && !c.allows_address &&
        c.matches < 0 && c.matches_name.empty() && c.error.empty())
        c.error = "constraint \"" + std::string(text) + "\" allows no operand";
    return c;
}

}  // namespace heisen::asmcheck
