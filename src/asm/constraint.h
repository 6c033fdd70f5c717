// constraint.h — one GNU asm operand constraint, parsed against a target's letter table.
//
// "=&r", "+m", "0", "[name]", "rm", "=r,m" … Alternatives (commas) are merged: the binder only
// needs to know which kinds of placeholder the compiler could have chosen and in what registers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "asm/target_model.h"

namespace heisen::asmcheck {

struct Constraint {
    bool is_output = false;     // '=' or '+'
    bool read_write = false;    // '+': also an input
    bool earlyclobber = false;  // '&' in any alternative
    bool commutative = false;   // '%'
    int matches = -1;           // a digit: shares the register of that output
    std::string matches_name;   // "[name]": shares the register of that named output
    bool allows_register = false;
    bool allows_memory = false;
    bool allows_immediate = false;
    bool allows_address = false;      // 'p'
    bool register_pair = false;       // x86 'A'
    bool flag_output = false;         // "=@ccz": the output is a condition of the flags register
    char register_letter = 0;         // first register letter seen, for placeholder shape
    char memory_letter = 0;           // 'm', 'A', 'o' …
    std::vector<RegisterId> candidates;  // registers the compiler may choose, preferred first
    std::string error;                // non-empty: the constraint cannot be parsed
};

Constraint parse_constraint(std::string_view text, const TargetModel &model);

}  // namespace heisen::asmcheck
