// The x87 register stack on i386 and x86-64: GCC's "t"/"u" operand rules (rules_x87.cpp).
// Template line N is source line 10 + N.
#include "rule_case.h"

namespace heisen::asmcheck::testing {
namespace {

const RuleCase kCases[] = {
    // "+t": consumed and produced in place, the stack below untouched (musl's fabsl, fmodl).
    {"read_write_top", {"fabs"}, {{"+t", "x"}}, {}, {}, {}},
    {"read_write_top_with_st1_input", {"fprem", "fnstsw %%ax"}, {{"+t", "x"}, {"=a", "status"}}, {{"u", "y"}}, {}, {}},
    {"tied_top", {"fsqrt"}, {{"=t", "r"}}, {{"0", "x"}}, {}, {}},
    {"pushed_output", {"fld1"}, {{"=t", "one"}}, {}, {}, {}},
    {"two_pushed_outputs", {"fsincos"}, {{"=t", "c"}, {"=u", "s"}}, {{"0", "x"}}, {}, {}},
    // An input the template pops must be declared: the fix is that one slot, not the stack.
    {"popped_input_undeclared", {"fstps %0"}, {{"=m", "*f"}}, {{"t", "x"}}, {}, {"undeclared-write"}, 10, "st, st(1)–st(7)",
     "clobbers: \"st\""},
    {"popped_input_declared", {"fstps %0"}, {{"=m", "*f"}}, {{"t", "x"}}, {"st"}, {}},
    {"popped_second_input_undeclared", {"fyl2x"}, {{"=t", "r"}}, {{"0", "x"}, {"u", "y"}}, {}, {"undeclared-write"}, 10,
     "", "clobbers: \"st(1)\""},
    {"popped_second_input_declared", {"fyl2x"}, {{"=t", "r"}}, {{"0", "x"}, {"u", "y"}}, {"st(1)"}, {}},
    // A clobbered slot below the inputs is scratch room (glibc's acosl): nothing is popped.
    {"scratch_slot_clobbered", {"fld %%st", "fld1", "fsubp", "fld1", "fadd %%st(2)", "fmulp", "fsqrt", "fxch %%st(1)", "fpatan"},
     {{"=t", "r"}}, {{"0", "x"}}, {"st(1)"}, {}},
    // An output the template does not push is one finding, not also the stack it leaves.
    {"output_not_pushed", {"nop"}, {{"=t", "r"}}, {}, {}, {"output-not-written"}},
    // A value pushed and left behind shifts the compiler's stack.
    {"value_left_behind", {"fld1", "fldz", "faddp"}, {{"=t", "r"}}, {}, {}, {}},
    {"push_without_output", {"fld1"}, {}, {}, {}, {"undeclared-write"}, 10, "st, st(1)–st(7)"},
};

class X87I386 : public ::testing::TestWithParam<RuleCase> {};
TEST_P(X87I386, Check) { run_rule_case(GetParam(), Target::I386); }
INSTANTIATE_TEST_SUITE_P(Cases, X87I386, ::testing::ValuesIn(kCases), case_name);

class X87X86_64 : public ::testing::TestWithParam<RuleCase> {};
TEST_P(X87X86_64, Check) { run_rule_case(GetParam(), Target::X86_64); }
INSTANTIATE_TEST_SUITE_P(Cases, X87X86_64, ::testing::ValuesIn(kCases), case_name);

}  // namespace
}  // namespace heisen::asmcheck::testing
