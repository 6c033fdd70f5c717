// statement_builder.h — builds AsmStatements for tests as the extractor would.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "asm/asm_statement.h"
#include "asm/check_statement.h"

namespace heisen::asmcheck::testing {

struct Op {
    std::string constraint;
    std::string expression;
    std::string name = {};
    std::string register_variable = {};  // `register long x asm("…")`: the register named there
};

inline AsmStatement make_statement(std::vector<std::string> lines, std::vector<Op> outputs = {},
                                   std::vector<Op> inputs = {}, std::vector<std::string> clobbers = {}) {
    AsmStatement s;
    s.location = {"test.c", 10, 5};
    s.keyword = "asm";
    s.is_volatile = true;
    unsigned line = 10;
    for (size_t i = 0; i < lines.size(); ++i) {
        s.template_pieces.push_back({s.template_text.size(), {"test.c", line++, 9}});
        s.template_text += lines[i];
        if (i + 1 < lines.size()) s.template_text += "\n\t";
    }
    const auto operand = [&](const Op &op) {
        AsmOperand o;
        o.symbolic_name = op.name;
        o.constraint = op.constraint;
        o.expression = op.expression;
        o.location = {"test.c", line, 9};
        o.register_variable = op.register_variable;
        return o;
    };
    for (const Op &op : outputs) s.outputs.push_back(operand(op));
    ++line;
    for (const Op &op : inputs) s.inputs.push_back(operand(op));
    s.clobbers = std::move(clobbers);
    return s;
}

inline std::vector<std::string> rule_ids(const StatementResult &r) {
    std::vector<std::string> ids;
    for (const Finding &f : r.findings) ids.push_back(f.rule_id);
    return ids;
}

inline StatementResult check(const AsmStatement &s, Target target = Target::X86_64, bool red_zone = false) {
    CheckOptions options;
    options.target = target;
    options.red_zone = red_zone;
    return check_statement(s, options);
}

}  // namespace heisen::asmcheck::testing
