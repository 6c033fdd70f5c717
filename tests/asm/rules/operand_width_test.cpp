// operand_width_test.cpp — operand-width: sizes the template uses against the operands' C types
// (given by the Clang front end). Positive and negative cases for memory and register operands.
#include <algorithm>

#include <gtest/gtest.h>

#include "statement_builder.h"

namespace heisen::asmcheck {
namespace {

using testing::check;
using testing::make_statement;
using testing::rule_ids;

AsmStatement with_type(AsmStatement s, bool output, size_t index, const char *type, uint64_t size) {
    AsmOperand &o = output ? s.outputs.at(index) : s.inputs.at(index);
    o.c_type = type;
    o.type_size = size;
    return s;
}

std::vector<Finding> width_findings(const StatementResult &r) {
    std::vector<Finding> out;
    for (const Finding &f : r.findings)
        if (f.rule_id == "operand-width") out.push_back(f);
    return out;
}

TEST(OperandWidth, QuadwordDecrementOfAnInt8LockIsAWarning) {
    // A spinlock whose lock byte is an int8_t, decremented with an 8-byte lock decq.
    const AsmStatement s = with_type(make_statement({"lock decq %0", "jns 1f", "1:"}, {{"+m", "lock->lock"}}, {}, {"memory", "cc"}),
                                     true, 0, "int8_t", 1);
    const StatementResult r = check(s);
    ASSERT_EQ(r.could_not_analyse, "");
    const std::vector<Finding> f = width_findings(r);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].severity, Severity::Warning);
    EXPECT_EQ(f[0].message, "writes 8 bytes at %0 (lock->lock), a 1-byte int8_t: 7 bytes past the object the compiler knows of");
    EXPECT_EQ(f[0].instruction, "lock decq (%r15)");
    EXPECT_EQ(f[0].location.line, 10u);
    // Fixed: decb on the byte.
    const AsmStatement fixed = with_type(make_statement({"lock decb %0"}, {{"+m", "lock->lock"}}, {}, {"memory", "cc"}), true, 0, "int8_t", 1);
    EXPECT_TRUE(width_findings(check(fixed)).empty());
}

TEST(OperandWidth, DwordReadOfAShortIsANoteAndOffsetsCount) {
    const AsmStatement s = with_type(make_statement({"movl %1, %0"}, {{"=r", "x"}}, {{"m", "*s"}}), false, 0, "short", 2);
    const std::vector<Finding> f = width_findings(check(with_type(s, true, 0, "int", 4)));
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].severity, Severity::Note);
    EXPECT_EQ(f[0].message, "reads 4 bytes at %1 (*s), a 2-byte short: 2 bytes past the object the compiler knows of");
    // Two dwords of an 8-byte object, at 0 and 4: inside it.
    const AsmStatement halves = with_type(
        make_statement({"movl %0, %%eax", "movl 4+%0, %%edx"}, {}, {{"m", "*v"}}, {"rax", "rdx"}), false, 0, "uint64_t", 8);
    const StatementResult inside = check(halves);
    EXPECT_EQ(inside.could_not_analyse, "");
    EXPECT_TRUE(width_findings(inside).empty());
    const AsmStatement past = with_type(
        make_statement({"movl 8+%0, %%eax"}, {}, {{"m", "*v"}}, {"rax"}), false, 0, "uint64_t", 8);
    EXPECT_EQ(width_findings(check(past)).size(), 1u);
    // Without a type (the lexer) the rule says nothing.
    EXPECT_TRUE(width_findings(check(make_statement({"lock decq %0"}, {{"+m", "l"}}, {}, {"cc"}))).empty());
}

TEST(OperandWidth, WidenedInputRegister) {
    const AsmStatement s = with_type(make_statement({"movq (%1,%q0,8), %%rax"}, {}, {{"r", "index"}, {"r", "table"}}, {"rax"}),
                                     false, 0, "int", 4);
    const std::vector<Finding> f = width_findings(check(with_type(s, false, 1, "long *", 8)));
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].severity, Severity::Warning);
    EXPECT_EQ(f[0].message, "reads %q0 (8 bytes) of %0 (index), a 4-byte int: the 4 bytes above it are whatever the register held");
    const AsmStatement wide = with_type(with_type(s, false, 0, "long", 8), false, 1, "long *", 8);
    EXPECT_TRUE(width_findings(check(wide)).empty());
}

TEST(OperandWidth, ByteWriteOfAnIntOutput) {
    const AsmStatement setz = with_type(make_statement({"cmpq %2, %1", "setz %b0"}, {{"=q", "equal"}}, {{"r", "a"}, {"r", "b"}}, {"cc"}),
                                        true, 0, "int", 4);
    const std::vector<Finding> f = width_findings(check(setz));
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].message, "writes only %b0 (1 byte) of the output %0 (equal), a 4-byte int: the compiler takes all 4 bytes as the result");
    // Zeroed first, extended after, or a char: fine.
    const AsmStatement zeroed = with_type(make_statement({"xorl %k0, %k0", "cmpq %2, %1", "setz %b0"}, {{"=&q", "equal"}},
                                                         {{"r", "a"}, {"r", "b"}}, {"cc"}),
                                          true, 0, "int", 4);
    EXPECT_TRUE(width_findings(check(zeroed)).empty());
    const AsmStatement extended = with_type(make_statement({"cmpq %2, %1", "setz %b0", "movzbl %b0, %0"}, {{"=q", "equal"}},
                                                           {{"r", "a"}, {"r", "b"}}, {"cc"}),
                                            true, 0, "int", 4);
    EXPECT_TRUE(width_findings(check(extended)).empty());
    EXPECT_TRUE(width_findings(check(with_type(setz, true, 0, "_Bool", 1))).empty());
    // Tied to an input ("0"): the bytes not written keep the input's (a byte swap in halves).
    const AsmStatement swap = with_type(with_type(make_statement({"xchgb %b0, %h0"}, {{"=q", "x"}}, {{"0", "x"}}), true, 0,
                                                  "Uint16", 2),
                                        false, 0, "Uint16", 2);
    EXPECT_TRUE(width_findings(check(swap)).empty());
    // A 32-bit write defines the whole register on x86-64.
    const AsmStatement low = with_type(make_statement({"movl $1, %k0"}, {{"=r", "x"}}), true, 0, "long", 8);
    EXPECT_TRUE(width_findings(check(low)).empty());
}

TEST(OperandWidth, NarrowedInputIsANote) {
    const AsmStatement s = with_type(make_statement({"movl %k1, %0"}, {{"=r", "low"}}, {{"r", "wide"}}), false, 0, "long", 8);
    const std::vector<Finding> f = width_findings(check(with_type(s, true, 0, "int", 4)));
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].severity, Severity::Note);
    EXPECT_EQ(f[0].message, "reads only %k1 (4 bytes) of %1 (wide), an 8-byte long");
}

TEST(OperandWidth, WideReadAfterTheTemplatesOwnWriteIsSilent) {
    // FFmpeg's CABAC decoder: movzbl writes the int's register (zeroing the upper half), then
    // %q indexes a table with it. The upper bytes are the template's, not the compiler's.
    AsmStatement s = make_statement({"movzbl (%1), %0", "movzbl 4(%1,%q0), %0"}, {{"+&r", "range"}}, {{"r", "tables"}});
    s = with_type(with_type(s, true, 0, "int", 4), false, 0, "const uint8_t *", 8);
    const StatementResult r = check(s);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_TRUE(width_findings(r).empty());
}

}  // namespace
}  // namespace heisen::asmcheck
