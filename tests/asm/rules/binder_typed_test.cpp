// binder_typed_test.cpp — binding with what only a compiler front end knows (C types, constant
// values) and the GCC template forms real code uses: %B %W %L %w on memory %c %n %V, flag
// outputs "=@cc…", i386 statements with more memory operands than free registers, and numbers
// named or written past any sense.
#include <gtest/gtest.h>

#include "asm/check_statement.h"
#include "asm/operand_binder.h"
#include "statement_builder.h"

namespace heisen::asmcheck {
namespace {

using testing::make_statement;

BoundTemplate bind(const AsmStatement &s, Target target = Target::X86_64) {
    return bind_operands(s, target_model(target), BindRequest{});
}

AsmStatement with_type(AsmStatement s, bool output, size_t index, const char *type, uint64_t size) {
    AsmOperand &o = output ? s.outputs.at(index) : s.inputs.at(index);
    o.c_type = type;
    o.type_size = size;
    return s;
}

TEST(BinderTyped, RegisterWidthFollowsTheCType) {
    // The suffix would say 64 bits; the compiler spells a short's register at 16.
    const BoundTemplate b = bind(with_type(make_statement({"movq %0, %%rax"}, {}, {{"r", "s"}}), false, 0, "short", 2));
    EXPECT_EQ(b.text, "movq %r8w, %rax");
    EXPECT_TRUE(b.width_slots.empty());  // nothing left to guess
    EXPECT_EQ(bind(with_type(make_statement({"incb %0"}, {{"+q", "c"}}), true, 0, "char", 1)).text, "incb %r8b");
    // Larger than any register (an i386 long long in "A"): its low register.
    EXPECT_EQ(bind(with_type(make_statement({"movl %0, %%ecx"}, {}, {{"r", "ll"}}), false, 0, "long long", 8),
                   Target::I386)
                  .text,
              "movl %ebx, %ecx");
}

// GCC spells a vector register by the operand's type: a 32-byte __m256i in "x" is %ymm, a
// 64-byte __m512i %zmm (glibc's audit tests load them into %ymmN/%zmmN). Without a type, or for
// 16 bytes and less, %xmm; a modifier still decides.
TEST(BinderTyped, VectorRegisterWidthFollowsTheCType) {
    EXPECT_EQ(bind(with_type(make_statement({"vmovdqa %0, %%ymm0"}, {}, {{"x", "v"}}), false, 0, "__m256i", 32)).text,
              "vmovdqa %ymm15, %ymm0");
    EXPECT_EQ(bind(with_type(make_statement({"vmovdqa64 %0, %%zmm1"}, {}, {{"x", "v"}}), false, 0, "__m512i", 64)).text,
              "vmovdqa64 %zmm15, %zmm1");
    EXPECT_EQ(bind(with_type(make_statement({"movapd %0, %%xmm0"}, {}, {{"x", "d"}}), false, 0, "__m128d", 16)).text,
              "movapd %xmm15, %xmm0");
    EXPECT_EQ(bind(make_statement({"movapd %0, %%xmm0"}, {}, {{"x", "d"}})).text, "movapd %xmm15, %xmm0");
    EXPECT_EQ(bind(with_type(make_statement({"vmovdqa %x0, %%xmm0"}, {}, {{"x", "v"}}), false, 0, "__m256i", 32)).text,
              "vmovdqa %xmm15, %xmm0");
    EXPECT_EQ(bind(with_type(make_statement({"vmovdqa %0, %%ymm0"}, {}, {{"x", "v"}}), false, 0, "__m256i", 32),
                   Target::I386)
                  .text,
              "vmovdqa %ymm7, %ymm0");
}

TEST(BinderTyped, ConstantValuesFromTheFrontEnd) {
    AsmStatement s = make_statement({"shl %1, %0"}, {{"+r", "x"}}, {{"i", "SHIFT * 2"}});
    s.inputs[0].constant_value = "6";
    EXPECT_EQ(bind(s).text, "shl $6, %r8");
}

TEST(BinderTyped, SuffixAndSizeModifiers) {
    // GCC's %B %W %L %Q print the opcode suffix; a size modifier on memory prints the memory.
    EXPECT_EQ(bind(make_statement({"xchg%B0 %b0, %1", "add%W0 %w0, %1", "mov%L0 %k0, %1"}, {{"+q", "v"}, {"+m", "*p"}}),
                   Target::I386)
                  .text,
              "xchgb %bl, (%edi)\n\taddw %bx, (%edi)\n\tmovl %ebx, (%edi)");
    EXPECT_EQ(bind(make_statement({"incw %w0"}, {{"+m", "*a"}}), Target::I386).text, "incw (%edi)");
    EXPECT_EQ(bind(make_statement({"movq %q0, %%mm0"}, {}, {{"m", "*a"}}), Target::I386).text, "movq (%edi), %mm0");
    // %c: a constant without '$'; %n: negated; %V: the full register without '%'.
    EXPECT_EQ(bind(with_type(make_statement({"movl %c1(%0), %%eax", "addl $%n1, %%eax"}, {}, {{"r", "p"}, {"i", "8"}}),
                             false, 0, "int *", 8))
                  .text,
              "movl 8(%r8), %eax\n\taddl $-8, %eax");
    EXPECT_EQ(bind(with_type(make_statement({"call __x86_indirect_thunk_%V0"}, {}, {{"r", "fn"}}), false, 0, "void (*)(void)", 8))
                  .text,
              "call __x86_indirect_thunk_r8");
}

TEST(BinderTyped, OffsetBeforeAMemoryOperandMovesIntoIt) {
    // GCC prints "4+%0" as "4+(%r15)": gas reads 4(%r15); LLVM would read an absolute address.
    EXPECT_EQ(bind(make_statement({"movl %0, %%eax", "movl 4+%0, %%edx"}, {}, {{"m", "*v"}})).text,
              "movl (%r15), %eax\n\tmovl 4(%r15), %edx");
    EXPECT_EQ(bind(make_statement({"movl table+%0, %%eax"}, {}, {{"m", "*v"}})).text, "movl table+(%r15), %eax");
}

TEST(BinderTyped, OneOperandPortFormsGasAcceptsAreAnalysed) {
    // "out%B0 (%1)": gas reads "outb (%dx)" as "outb %al, %dx"; so does heisen.
    for (bool typed : {true, false}) {
        AsmStatement s = make_statement({"out%B0 (%1)"}, {}, {{"a", "val"}, {"d", "port"}});
        if (typed) s = with_type(with_type(s, false, 0, "unsigned char", 1), false, 1, "unsigned short", 2);
        EXPECT_EQ(testing::check(s, Target::I386).could_not_analyse, "") << typed;
    }
}

TEST(BinderTyped, FlagOutputsAreTheFlagsRegister) {
    const BoundTemplate b = bind(make_statement({"btl %2, %3"}, {{"=@ccc", "carry"}, {"=@ccz", "zero"}}, {{"r", "bit"}, {"m", "*word"}}));
    ASSERT_EQ(b.error, "");
    const RegisterId flags = x86_64_model().flags;
    EXPECT_EQ(b.operands[0].reg, flags);
    EXPECT_EQ(b.operands[1].reg, flags);
    EXPECT_EQ(b.text, "btl %r8d, (%r15)");
    EXPECT_EQ(bind(make_statement({"sete %0"}, {{"=@ccz", "z"}})).error,
              "the template names %0 (z), a flag output (\"=@ccz\"), which has no spelling");
    EXPECT_EQ(bind(make_statement({"nop"}, {{"=@ccz", "z"}}), Target::RISCV64).error,
              "%0 (z): flag output constraint \"=@ccz\" is not one riscv64 has");
}

TEST(BinderTyped, I386MemoryOperandsPastTheFreeRegistersAreStackSlots) {
    // Six register operands take every base register; the compiler addresses the locals off esp.
    const BoundTemplate b = bind(make_statement({"movl %7, %%eax", "movl %%eax, %6"},
                                                {{"=a", "a"}, {"=b", "b"}, {"=c", "c"}, {"=d", "d"}, {"=S", "s"},
                                                 {"=D", "di"}, {"=m", "x"}},
                                                {{"m", "y"}}),
                                 Target::I386);
    ASSERT_EQ(b.error, "");
    EXPECT_EQ(b.text, "movl 128(%esp), %eax\n\tmovl %eax, 64(%esp)");
}

TEST(BinderTyped, I386StackSlotOperandsLeaveTheStackPointerAlone) {
    // ALSA's dmix mixer: six registers clobbered, its pointers read from "m" operands the
    // compiler addresses off esp. Reading them is no stack switch.
    const AsmStatement s = make_statement(
        {"movl %[dst], %%edi", "movl %[src], %%esi", "movl %[sum], %%ebx", "add %[step], %%edi", "decl %[size]"},
        {{"+&rm", "size", "size"}}, {{"m", "dst", "dst"}, {"m", "src", "src"}, {"m", "sum", "sum"}, {"im", "step", "step"}},
        {"esi", "edi", "edx", "ecx", "eax", "ebx", "memory", "cc"});
    const StatementResult r = testing::check(s, Target::I386);
    ASSERT_EQ(r.could_not_analyse, "");
    for (const Finding &f : r.findings) EXPECT_NE(f.rule_id, "stack-switch") << f.message;
}

TEST(BinderTyped, I386StackSlotInputWrittenIsInputModified) {
    // ALSA's dmix mixer before its fix: the loop counter is an "m" input the template decrements.
    const AsmStatement s = make_statement(
        {"movl %[dst], %%edi", "movl %[src], %%esi", "movl %[sum], %%ebx", "1:", "decl %[size]", "jnz 1b"}, {},
        {{"m", "size", "size"}, {"m", "dst", "dst"}, {"m", "src", "src"}, {"m", "sum", "sum"}},
        {"esi", "edi", "edx", "ecx", "eax", "ebx", "ebp", "memory", "cc"});
    const StatementResult r = testing::check(s, Target::I386);
    ASSERT_EQ(r.could_not_analyse, "");
    ASSERT_EQ(testing::rule_ids(r), std::vector<std::string>{"input-modified"});
    EXPECT_EQ(r.findings[0].message, "the memory of input operand %[size] (size) is written, but it is declared as an input only");
    EXPECT_EQ(r.findings[0].instruction, "decl 64(%esp)");
}

TEST(BinderTyped, AnAddressRegisterIgnoresTheInstructionsSizeSuffix) {
    // glibc's old i386 __strncpy_gg: "movb %2,(%1)" sizes the byte stored, not the pointer in %1.
    const BoundTemplate b = bind(make_statement({"movb (%0),%2", "incl %0", "movb %2,(%1)"},
                                                {{"=&r", "src"}, {"=&r", "tmp"}, {"=&q", "dummy"}},
                                                {{"0", "src"}, {"1", "tmp"}}),
                                 Target::I386);
    ASSERT_EQ(b.error, "");
    EXPECT_EQ(b.text, "movb (%ebx),%cl\n\tincl %ebx\n\tmovb %cl,(%esi)");
}

TEST(BinderTyped, NumbersPastAnySenseAreNamedAsWritten) {
    EXPECT_EQ(bind(make_statement({"movq %99999999999999999999, %0"}, {{"=r", "x"}})).error,
              "the template names %99999999999999999999 but the statement has only 1 operands");
    EXPECT_EQ(bind(make_statement({"movq %1, %0"}, {{"=r", "x"}}, {{"i", std::string(30000, '9')}})).error,
              "%1 (" + std::string(30000, '9') + "): an integer of 30000 digits; heisen reads 40 at most");
}

}  // namespace
}  // namespace heisen::asmcheck
