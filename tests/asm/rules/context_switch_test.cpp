// The two switch macros of tests/asm/miscompile/context_switch.c, checked as the extractor
// hands them over: the buggy one is caught for exactly what corrupts the program at -O1.
#include <gtest/gtest.h>

#include <algorithm>

#include "statement_builder.h"

namespace heisen::asmcheck::testing {
namespace {

AsmStatement switch_statement(std::vector<std::string> lines) {
    return make_statement(std::move(lines),
                          {{"=m", "prev->sp", "prev_sp"}, {"=m", "prev->ip", "prev_ip"}, {"=&r", "scratch", "tmp"}},
                          {{"m", "next->sp", "next_sp"}, {"m", "next->ip", "next_ip"}}, {"memory"});
}

TEST(ContextSwitch, BuggyMacroIsCaught) {
    AsmStatement s = switch_statement({"pushq %%rbp", "movq %%rsp, %[prev_sp]", "leaq 1f(%%rip), %[tmp]",
                                       "movq %[tmp], %[prev_ip]", "movq %[next_sp], %%rsp", "pushq %[next_ip]",
                                       "ret", "1:\tpopq %%rbp", "xorl %%eax, %%eax"});
    s.may_be_duplicated = true;  // a macro: numeric labels only, so no global-label finding
    const StatementResult r = check(s, Target::X86_64, /*red_zone=*/true);
    ASSERT_EQ(r.could_not_analyse, "");
    std::vector<std::string> ids = rule_ids(r);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"flags", "red-zone", "stack-switch", "undeclared-write"}));
    for (const Finding &f : r.findings) {
        if (f.rule_id == "stack-switch") {
            EXPECT_EQ(f.location.line, 14u);  // "movq %[next_sp], %%rsp"
            EXPECT_EQ(f.message,
                      "the stack pointer is loaded from a value not derived from itself and execution resumes after "
                      "the statement, but callee-saved registers rbx, r12, r13, r14, r15 are neither saved and "
                      "restored around the switch nor declared");
            EXPECT_EQ(f.suggested_fix, "clobbers: \"memory\", \"rbx\", \"r12\", \"r13\", \"r14\", \"r15\"");
        }
        if (f.rule_id == "undeclared-write") {
            EXPECT_EQ(f.location.line, 18u);
            EXPECT_EQ(f.operand, "rax");
            EXPECT_EQ(f.message, "register 'rax' is written but is neither an output nor a clobber");
        }
    }
}

TEST(ContextSwitch, FixedMacroIsClean) {
    AsmStatement s = switch_statement(
        {"leaq -128(%%rsp), %%rsp", "pushq %%rbp", "pushq %%rbx", "pushq %%r12", "pushq %%r13", "pushq %%r14",
         "pushq %%r15", "movq %%rsp, %[prev_sp]", "leaq 1f(%%rip), %[tmp]", "movq %[tmp], %[prev_ip]",
         "movq %[next_sp], %%rsp", "pushq %[next_ip]", "ret", "1:\tpopq %%r15", "popq %%r14", "popq %%r13",
         "popq %%r12", "popq %%rbx", "popq %%rbp", "leaq 128(%%rsp), %%rsp"});
    s.may_be_duplicated = true;
    const StatementResult r = check(s, Target::X86_64, /*red_zone=*/true);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{});
}

}  // namespace
}  // namespace heisen::asmcheck::testing
