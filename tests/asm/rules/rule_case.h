// rule_case.h — table-driven rule tests: one statement, the exact rule ids it must produce, and
// where the first finding points.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>

#include "statement_builder.h"

namespace heisen::asmcheck::testing {

struct RuleCase {
    const char *name = "";
    std::vector<std::string> lines = {};
    std::vector<Op> outputs = {};
    std::vector<Op> inputs = {};
    std::vector<std::string> clobbers = {};
    std::vector<std::string> expected = {};  // rule ids, in any order; empty = no finding
    unsigned line = 0;                       // source line of the finding of expected.front() (0: not checked)
    std::string operand = {};                // operand of that finding (empty: not checked)
    std::string fix = {};                    // expected suggested fix of that finding (empty: not checked)
    bool may_be_duplicated = false;
    bool red_zone = false;
    std::vector<std::string> goto_labels = {};
    bool intel_syntax = false;  // CheckOptions::intel_syntax (-masm=intel)
};

inline std::ostream &operator<<(std::ostream &out, const RuleCase &c) { return out << c.name; }

inline void run_rule_case(const RuleCase &c, Target target) {
    AsmStatement s = make_statement(c.lines, c.outputs, c.inputs, c.clobbers);
    s.may_be_duplicated = c.may_be_duplicated;
    s.goto_labels = c.goto_labels;
    s.is_goto = !c.goto_labels.empty();
    CheckOptions options;
    options.target = target;
    options.red_zone = c.red_zone;
    options.intel_syntax = c.intel_syntax;
    const StatementResult r = check_statement(s, options);
    ASSERT_EQ(r.could_not_analyse, "");
    std::vector<std::string> got = rule_ids(r), want = c.expected;
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    std::string messages;
    for (const Finding &f : r.findings) messages += "\n  " + f.rule_id + ": " + f.message + " [" + f.suggested_fix + "]";
    ASSERT_EQ(got, want) << messages;
    if (c.expected.empty()) return;
    const auto first = std::find_if(r.findings.begin(), r.findings.end(),
                                    [&](const Finding &f) { return f.rule_id == c.expected.front(); });
    if (c.line) {
        EXPECT_EQ(first->location.line, c.line) << first->message;
    }
    EXPECT_EQ(first->location.file, "test.c");
    if (!c.operand.empty()) {
        EXPECT_EQ(first->operand, c.operand);
    }
    if (!c.fix.empty()) {
        EXPECT_EQ(first->suggested_fix, c.fix);
    }
}

inline std::string case_name(const ::testing::TestParamInfo<RuleCase> &info) { return info.param.name; }

}  // namespace heisen::asmcheck::testing
