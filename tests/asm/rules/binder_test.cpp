// Operand binding: the exact placeholder text the assembler sees, and what each stands for.
#include <gtest/gtest.h>

#include "asm/operand_binder.h"
#include "statement_builder.h"

namespace heisen::asmcheck {
namespace {

using testing::make_statement;

BoundTemplate bind(const AsmStatement &s, Target target = Target::X86_64, bool intel = false) {
    BindRequest request;
    request.intel_syntax = intel;
    return bind_operands(s, target_model(target), request);
}

TEST(Binder, RegistersAreDistinctAndUnnamed) {
    const BoundTemplate b = bind(make_statement({"movq %1, %0"}, {{"=r", "x"}}, {{"r", "y"}}));
    ASSERT_EQ(b.error, "");
    EXPECT_EQ(b.text, "movq %r9, %r8");
    const BoundTemplate named = bind(make_statement({"movq %%r8, %0", "addq %1, %0"}, {{"=r", "x"}}, {{"r", "y"}}, {"r10"}));
    EXPECT_EQ(named.text, "movq %r8, %r9\n\taddq %r11, %r9");
}

TEST(Binder, AttSuffixChoosesTheRegisterWidth) {
    EXPECT_EQ(bind(make_statement({"movl %1, %0", "addw %1, %0", "shl $1, %0"}, {{"+r", "x"}}, {{"r", "y"}})).text,
              "movl %r9d, %r8d\n\taddw %r9w, %r8w\n\tshl $1, %r8");
    // i386 has no 64-bit registers: a 'q' suffix keeps the 32-bit spelling.
    EXPECT_EQ(bind(make_statement({"movq %0, %%xmm0"}, {}, {{"r", "x"}}), Target::I386).text, "movq %ebx, %xmm0");
}

TEST(Binder, PlaceholderOwnership) {
    const BoundTemplate b = bind(make_statement({"movq %1, %0"}, {{"=r", "x"}}, {{"m", "*p"}}));
    const TargetModel &m = x86_64_model();
    EXPECT_EQ(b.text, "movq (%r15), %r8");
    EXPECT_EQ(b.owner_of[static_cast<size_t>(m.find_register("r8"))], 0);
    EXPECT_EQ(b.base_owner[static_cast<size_t>(m.find_register("r15"))], 1);
}

TEST(Binder, X86OperandModifiers) {
    const BoundTemplate b = bind(make_statement({"%b0 %h0 %w0 %k0 %q0 %0"}, {{"+a", "x"}}));
    EXPECT_EQ(b.text, "%al %ah %ax %eax %rax %rax");
    const BoundTemplate imm = bind(make_statement({"%0 %c0 %n0 %P1 %a2 %z3 %H4"}, {},
                                                  {{"i", "42"}, {"i", "func"}, {"r", "p"}, {"r", "v"}, {"m", "*q"}}));
    EXPECT_EQ(imm.text, "$42 42 -42 func (%r8) q 8(%r15)");
}

TEST(Binder, EscapesUniqueNumbersLabelsAndNames) {
    AsmStatement s = make_statement({"movq %%rax, %[out]", "jz %l[done]", "1%=:"}, {{"=r", "x", "out"}});
    s.is_goto = true;
    s.goto_labels = {"done"};
    EXPECT_EQ(bind(s).text, "movq %rax, %r8\n\tjz .Lheisen_goto_done\n\t11:");
    AsmStatement numbered = make_statement({"jmp %l1"}, {}, {{"r", "x"}});
    numbered.goto_labels = {"out"};
    EXPECT_EQ(bind(numbered).text, "jmp .Lheisen_goto_out");
}

TEST(Binder, MatchingConstraintSharesTheRegister) {
    const BoundTemplate b = bind(make_statement({"addq %2, %0"}, {{"=r", "sum"}}, {{"0", "a"}, {"r", "b"}}));
    EXPECT_EQ(b.text, "addq %r9, %r8");
    EXPECT_EQ(b.operands[1].tied_to, 0);
    EXPECT_FALSE(b.operands[1].is_input);
}

TEST(Binder, IntelSyntaxFromOptionsAndDirective) {
    EXPECT_EQ(bind(make_statement({"mov %0, %1"}, {{"=r", "x"}}, {{"m", "*p"}}), Target::X86_64, true).text,
              "mov r8, [r15]");
    EXPECT_EQ(bind(make_statement({".intel_syntax noprefix", "mov %0, %1", ".att_syntax", "movq %1, %0"},
                                  {{"=r", "x"}}, {{"i", "7"}}))
                  .text,
              ".intel_syntax noprefix\n\tmov r8, 7\n\t.att_syntax\n\tmovq $7, %r8");
    EXPECT_EQ(bind(make_statement({"{movl|mov} %0, %0"}, {{"+r", "x"}})).text, "movl %r8, %r8");
    EXPECT_EQ(bind(make_statement({"{movl|mov} %0, %0"}, {{"+r", "x"}}), Target::X86_64, true).text, "mov r8, r8");
}

TEST(Binder, I386Placeholders) {
    EXPECT_EQ(bind(make_statement({"movl %1, %0"}, {{"=r", "x"}}, {{"m", "*p"}}), Target::I386).text,
              "movl (%edi), %ebx");
    EXPECT_EQ(bind(make_statement({"%b0"}, {{"=q", "x"}}), Target::I386).text, "%bl");
}

TEST(Binder, RiscvPlaceholders) {
    EXPECT_EQ(bind(make_statement({"lw %0, %1", "lr.w %0, %2", "add%i3 %0, %0, %3", "sw %z4, %1"},
                                  {{"=r", "x"}, {"+m", "*p"}, {"+A", "*q"}}, {{"rI", "8"}, {"rJ", "0"}}),
                   Target::RISCV64)
                  .text,
              "lw a5, 0(s11)\n\tlr.w a5, (s10)\n\taddi a5, a5, 8\n\tsw zero, 0(s11)");
}

TEST(Binder, RegisterVariablesKeepTheirRegister) {
    // register long ret asm("a0"), nr asm("a7"): the extractor (or the Clang front end) fills
    // register_variable from the declarations.
    const BoundTemplate b = bind(make_statement({"ecall"}, {{"+r", "ret", "", "a0"}}, {{"r", "nr", "", "a7"}}),
                                 Target::RISCV64);
    const TargetModel &m = riscv64_model();
    EXPECT_EQ(b.operands[0].reg, m.find_register("a0"));
    EXPECT_EQ(b.operands[1].reg, m.find_register("a7"));
    EXPECT_TRUE(b.operands[0].fixed_register);
    const BoundTemplate x86 = bind(make_statement({"syscall"}, {{"+r", "ret", "", "rax"}}, {{"r", "arg", "", "%rdi"}}));
    EXPECT_EQ(x86.operands[0].reg, x86_64_model().find_register("rax"));
    EXPECT_EQ(x86.operands[1].reg, x86_64_model().find_register("rdi"));
}

TEST(Binder, VariablesNamedLikeRegistersAreVariables) {
    // int ecx, ebx; asm("…" : "=r"(ecx) : "r"(ebx)): two C variables, any registers.
    const BoundTemplate b = bind(make_statement({"movl %1, %0"}, {{"=r", "ecx"}}, {{"r", "ebx"}}), Target::I386);
    EXPECT_FALSE(b.operands[0].fixed_register);
    EXPECT_FALSE(b.operands[1].fixed_register);
    const BoundTemplate a0 = bind(make_statement({"mv %0, %1"}, {{"=r", "a0"}}, {{"r", "a1"}}), Target::RISCV64);
    EXPECT_NE(a0.operands[0].reg, riscv64_model().find_register("a0"));
}

TEST(Binder, ErrorsSayWhy) {
    EXPECT_EQ(bind(make_statement({"movq %3, %0"}, {{"=r", "x"}})).error,
              "the template names %3 but the statement has only 1 operands");
    EXPECT_EQ(bind(make_statement({"movb %h0, %0"}, {{"=r", "x"}})).error,
              "operand modifier '%h' cannot be applied to %0 (x) on x86_64");
    EXPECT_EQ(bind(make_statement({"nop"}, {{"=W", "x"}})).error,
              "%0 (x): constraint letter 'W' in \"=W\" is not known for x86_64");
    EXPECT_EQ(bind(make_statement({"nop"}, {{"r", "x"}})).error,
              "%0 (x): output constraint \"r\" lacks '=' or '+'");
    EXPECT_EQ(bind(make_statement({"mov %[nope], %0"}, {{"=r", "x"}})).error,
              "the template names %[nope], which is no operand");
}

}  // namespace
}  // namespace heisen::asmcheck
