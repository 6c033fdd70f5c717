// Constraint parsing per target: modifiers, alternatives, matching operands, letters.
#include <gtest/gtest.h>

#include "asm/constraint.h"

namespace heisen::asmcheck {
namespace {

std::vector<std::string> names(const Constraint &c, const TargetModel &m) {
    std::vector<std::string> out;
    for (RegisterId id : c.candidates) out.push_back(m.name(id));
    return out;
}

TEST(Constraint, ModifiersOnX86) {
    const TargetModel &m = x86_64_model();
    const Constraint c = parse_constraint("=&r", m);
    EXPECT_TRUE(c.error.empty());
    EXPECT_TRUE(c.is_output);
    EXPECT_FALSE(c.read_write);
    EXPECT_TRUE(c.earlyclobber);
    EXPECT_TRUE(c.allows_register);
    EXPECT_FALSE(c.allows_memory);
    const Constraint rw = parse_constraint("+m", m);
    EXPECT_TRUE(rw.is_output && rw.read_write && rw.allows_memory && !rw.allows_register);
    EXPECT_TRUE(parse_constraint("%r", m).commutative);
}

TEST(Constraint, SpecificRegistersOnX86) {
    const TargetModel &m = x86_64_model();
    EXPECT_EQ(names(parse_constraint("a", m), m), std::vector<std::string>{"rax"});
    EXPECT_EQ(names(parse_constraint("S", m), m), std::vector<std::string>{"rsi"});
    EXPECT_EQ(names(parse_constraint("D", m), m), std::vector<std::string>{"rdi"});
    EXPECT_EQ(names(parse_constraint("Q", m), m), (std::vector<std::string>{"rbx", "rcx", "rdx", "rax"}));
    EXPECT_FALSE(parse_constraint("A", m).register_pair);  // a 64-bit value is one word: rax or rdx
    EXPECT_EQ(names(parse_constraint("A", m), m), (std::vector<std::string>{"rax", "rdx"}));
    const TargetModel &i = i386_model();
    EXPECT_EQ(names(parse_constraint("q", i), i), (std::vector<std::string>{"ebx", "ecx", "edx", "eax"}));
    EXPECT_EQ(names(parse_constraint("b", i), i), std::vector<std::string>{"ebx"});
    EXPECT_TRUE(parse_constraint("A", i).register_pair);
}

TEST(Constraint, AlternativesMergeKinds) {
    const TargetModel &m = x86_64_model();
    const Constraint c = parse_constraint("=r,m", m);
    EXPECT_TRUE(c.allows_register && c.allows_memory && !c.allows_immediate);
    const Constraint g = parse_constraint("g", m);
    EXPECT_TRUE(g.allows_register && g.allows_memory && g.allows_immediate);
    const Constraint ri = parse_constraint("ri", m);
    EXPECT_TRUE(ri.allows_register && ri.allows_immediate);
    EXPECT_TRUE(parse_constraint("x", m).allows_register);
    EXPECT_EQ(names(parse_constraint("Yz", m), m), std::vector<std::string>{"xmm0"});
}

TEST(Constraint, MatchingDigitsAndNames) {
    const TargetModel &m = x86_64_model();
    EXPECT_EQ(parse_constraint("0", m).matches, 0);
    EXPECT_EQ(parse_constraint("12", m).matches, 12);
    EXPECT_EQ(parse_constraint("[value]", m).matches_name, "value");
}

TEST(Constraint, HugeMatchingNumberNamesNoOperandWithoutOverflow) {
    // Found by fuzzing: the digits used to overflow an int. A number no statement can have
    // must simply name no operand.
    const Constraint c = parse_constraint("+88888888888888888888r", x86_64_model());
    EXPECT_GE(c.matches, 30);
}

TEST(Constraint, RiscvLetters) {
    const TargetModel &m = riscv64_model();
    const Constraint a = parse_constraint("+A", m);
    EXPECT_TRUE(a.allows_memory && !a.allows_register);
    EXPECT_EQ(a.memory_letter, 'A');
    const Constraint rj = parse_constraint("rJ", m);
    EXPECT_TRUE(rj.allows_register && rj.allows_immediate);
    EXPECT_EQ(names(parse_constraint("f", m), m).front(), "fa5");
    EXPECT_EQ(names(parse_constraint("cr", m), m).back(), "s0");
    EXPECT_TRUE(parse_constraint("K", m).allows_immediate);
}

TEST(Constraint, UnknownLetterIsAnError) {
    EXPECT_EQ(parse_constraint("W", x86_64_model()).error,
              "constraint letter 'W' in \"W\" is not known for x86_64");
    EXPECT_EQ(parse_constraint("=q", riscv64_model()).error,
              "constraint letter 'q' in \"=q\" is not known for riscv64");
    EXPECT_EQ(parse_constraint("=i", x86_64_model()).error, "output constraint \"=i\" allows only an immediate");
}

}  // namespace
}  // namespace heisen::asmcheck
