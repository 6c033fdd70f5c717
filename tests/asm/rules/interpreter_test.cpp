// The interpreter on its own: values through moves, the stack, exchanges and the x87 stack;
// what each instruction does to the stack pointer; resolved control flow.
#include <gtest/gtest.h>

#include "asm/interpreter.h"
#include "asm/mc_decoder.h"

namespace heisen::asmcheck {
namespace {

struct Interpreted {
    const TargetModel &model;
    DecodedTemplate decoded;
    BoundTemplate bound;
    Interpretation values;

    RegisterId reg(const char *name) const { return model.find_register(name); }
    // The register holds its entry value at the normal exit.
    bool preserved(const char *name) const {
        return values.at_exit.registers[static_cast<size_t>(reg(name))] == values.entry_value(reg(name));
    }
};

Interpreted run(const std::string &text, Target target = Target::X86_64) {
    const TargetModel &m = target_model(target);
    Interpreted r{m, decode_template(text, m, false), {}, {}};
    r.bound.owner_of.assign(m.registers.size(), -1);
    r.bound.base_owner.assign(m.registers.size(), -1);
    EXPECT_EQ(r.decoded.error, "") << text;
    r.values = interpret(r.decoded.instructions, r.bound, m);
    return r;
}

TEST(Interpreter, StackEffectsOnX86) {
    const Interpreted r = run("pushq %rbx\nsubq $16, %rsp\nandq $-16, %rsp\nmovq %rdi, %rsp\npopq %rbx\nmovq %r12, 8(%rsp)");
    EXPECT_EQ(r.values.stack[0], StackEffect::Adjust);
    EXPECT_EQ(r.values.stack_delta[0], -8);
    EXPECT_EQ(r.values.stack_delta[1], -16);
    EXPECT_EQ(r.values.stack[2], StackEffect::Derived);
    EXPECT_EQ(r.values.stack[3], StackEffect::Switch);
}

TEST(Interpreter, LeaOfTheStackPointerIsAnAdjustment) {
    const Interpreted r = run("leaq -128(%rsp), %rsp\nleaq 8(%rdi), %rsp");
    EXPECT_EQ(r.values.stack[0], StackEffect::Adjust);
    EXPECT_EQ(r.values.stack_delta[0], -128);
    EXPECT_EQ(r.values.stack[1], StackEffect::Switch);
}

TEST(Interpreter, PushAndPopPreserve) {
    EXPECT_TRUE(run("pushq %rbx\nmovq $1, %rbx\npopq %rbx").preserved("rbx"));
    EXPECT_FALSE(run("pushq %rbx\nmovq $1, %rbx\npopq %rcx").preserved("rbx"));
}

TEST(Interpreter, ExchangeTwicePreserves) {
    const Interpreted r = run("xchgq %rbx, %rsi\nmovq $1, %rbx\nxchgq %rbx, %rsi");
    EXPECT_TRUE(r.preserved("rbx"));
    EXPECT_FALSE(r.preserved("rsi"));
}

TEST(Interpreter, CopyToAnotherRegisterAndBackPreserves) {
    EXPECT_TRUE(run("movq %rbx, %r8\ncpuid\nmovq %r8, %rbx").preserved("rbx"));
}

TEST(Interpreter, CopyThroughAStackSlotPreserves) {
    EXPECT_TRUE(run("subq $16, %rsp\nmovq %rbx, 8(%rsp)\nxorl %ebx, %ebx\nmovq 8(%rsp), %rbx\naddq $16, %rsp").preserved("rbx"));
}

TEST(Interpreter, AThirtyTwoBitHalfIsNotTheWholeRegister) {
    EXPECT_FALSE(run("movl %ebx, %r8d\nxorl %ebx, %ebx\nmovl %r8d, %ebx").preserved("rbx"));
    EXPECT_TRUE(run("movl %ebx, %esi\nxorl %ebx, %ebx\nmovl %esi, %ebx", Target::I386).preserved("ebx"));
    EXPECT_FALSE(run("xchgl %ebx, %esi\nxchgl %ebx, %esi").preserved("rbx"));
}

TEST(Interpreter, ByteSwapTwicePreserves) {
    EXPECT_TRUE(run("bswapq %rax\nbswapq %rax").preserved("rax"));
    EXPECT_FALSE(run("bswapl %eax\nbswapl %eax").preserved("rax"));  // the upper half is cleared
    EXPECT_TRUE(run("bswap %eax\nbswap %eax", Target::I386).preserved("eax"));
}

TEST(Interpreter, SixteenBitWritesMerge) {
    EXPECT_TRUE(run("movw %bx, %cx\nmovw %cx, %bx").preserved("rbx"));
    EXPECT_FALSE(run("movw $1, %bx").preserved("rbx"));
}

TEST(Interpreter, StackRealignmentThroughASavedStackPointer) {
    const Interpreted r = run("pushl %ebp\nmovl %esp, %ebp\nandl $-16, %esp\nsubl $32, %esp\nmovl %ebp, %esp\npopl %ebp",
                      Target::I386);
    EXPECT_TRUE(r.preserved("ebp"));
    EXPECT_TRUE(r.preserved("esp"));
}

TEST(Interpreter, FxsaveAndFxrstorPreserveTheVectorRegisters) {
    EXPECT_TRUE(run("subq $512, %rsp\nfxsave (%rsp)\npxor %xmm3, %xmm3\nfxrstor (%rsp)\naddq $512, %rsp").preserved("xmm3"));
    EXPECT_FALSE(run("subq $512, %rsp\nfxsave (%rsp)\npxor %xmm3, %xmm3\naddq $512, %rsp").preserved("xmm3"));
}

TEST(Interpreter, FnsaveAndFrstorPreserveTheX87Stack) {
    const Interpreted r = run("subl $108, %esp\nfnsave (%esp)\nfldz\nfrstor (%esp)\naddl $108, %esp", Target::I386);
    EXPECT_TRUE(r.preserved("st"));
    EXPECT_TRUE(r.preserved("st(7)"));
}

TEST(Interpreter, TheX87StackIsAStack) {
    const Interpreted r = run("fldz\nfstp %st(0)", Target::I386);
    EXPECT_TRUE(r.preserved("st"));
    EXPECT_TRUE(r.preserved("st(7)"));
    const Interpreted pushed = run("fld1", Target::I386);
    EXPECT_FALSE(pushed.preserved("st"));
    EXPECT_EQ(pushed.values.at_exit.registers[static_cast<size_t>(pushed.reg("st(1)"))], pushed.values.entry_value(pushed.reg("st")));
}

TEST(Interpreter, EmmsEmptiesTheX87Stack) {
    const Interpreted r = run("emms", Target::I386);
    EXPECT_EQ(r.values.at_exit.registers[static_cast<size_t>(r.reg("st(3)"))], ValueTable::kEmpty);
}

TEST(Interpreter, ARetToAPushedLabelIsAJump) {
    const Interpreted r = run("pushq $1f\nret\nud2\n1: nop");
    EXPECT_EQ(r.values.successors[1], std::vector<size_t>{3});
    EXPECT_TRUE(r.values.resume_entries.empty());
}

TEST(Interpreter, ALabelStoredToMemoryIsEnteredFromOutside) {
    const Interpreted r = run("leaq 1f(%rip), %rax\nmovq %rax, (%rdi)\njmp foo\n1: nop");
    EXPECT_EQ(r.values.resume_entries, std::vector<size_t>{3});
    EXPECT_TRUE(r.values.at_exit.foreign);
}

TEST(Interpreter, ATailCallReturnsToAPushedLabel) {
    const Interpreted r = run("pushq $1f\njmp foo\n1: nop");
    EXPECT_EQ(r.values.successors[1], std::vector<size_t>{2});
    EXPECT_TRUE(r.values.comes_back[1]);
    EXPECT_FALSE(r.values.at_exit.foreign);
}

TEST(Interpreter, SwitchingBackToTheOwnStackIsNoContextSwitch) {
    const Interpreted r = run("movq %rsp, %rbx\nmovq %rdi, %rsp\ncall foo\nmovq %rbx, %rsp");
    EXPECT_FALSE(r.values.at_exit.foreign);
    EXPECT_TRUE(r.preserved("rsp"));
    EXPECT_FALSE(r.preserved("rbx"));
}

TEST(Interpreter, PopsAfterASwitchRestoreWhatWasPushedBeforeIt) {
    const Interpreted r = run("pushq %rbx\nmovq %rsp, (%rdi)\nmovq (%rsi), %rsp\npopq %rbx");
    EXPECT_TRUE(r.values.at_exit.foreign);
    EXPECT_TRUE(r.preserved("rbx"));
    EXPECT_FALSE(r.preserved("r12"));  // another thread's after the switch
}

TEST(Interpreter, RiscvStoresAndLoadsOnTheStack) {
    const Interpreted r = run("addi sp, sp, -16\nsd s0, 8(sp)\nli s0, 1\nld s0, 8(sp)\naddi sp, sp, 16", Target::RISCV64);
    EXPECT_TRUE(r.preserved("s0"));
    EXPECT_TRUE(r.preserved("sp"));
    const Interpreted half = run("addi sp, sp, -16\nsw s0, 8(sp)\nli s0, 1\nlw s0, 8(sp)\naddi sp, sp, 16", Target::RISCV64);
    EXPECT_FALSE(half.preserved("s0"));
}

}  // namespace
}  // namespace heisen::asmcheck
