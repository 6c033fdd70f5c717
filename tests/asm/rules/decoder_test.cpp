// LLVM MC decoding plus the override table: defs, uses, memory, flow and stack effects.
#include <gtest/gtest.h>

#include "asm/mc_decoder.h"

namespace heisen::asmcheck {
namespace {

struct Decoded {
    const TargetModel &model;
    DecodedTemplate result;
    const DecodedInstruction &at(size_t i) const { return result.instructions.at(i); }
    std::string regs(const RegisterSet &set) const {
        std::string out;
        set.for_each([&](RegisterId id) { out += (out.empty() ? "" : " ") + std::string(model.name(id)); });
        return out;
    }
};

Decoded decode(const std::string &text, Target target = Target::X86_64, bool intel = false) {
    const TargetModel &m = target_model(target);
    return {m, decode_template(text, m, intel)};
}

TEST(Decoder, SyscallWritesRcxAndR11) {
    const Decoded d = decode("syscall");
    ASSERT_EQ(d.result.error, "");
    EXPECT_EQ(d.regs(d.at(0).writes), "rax rcx r11");
    EXPECT_TRUE(d.at(0).is_system_call);
}

// i386 system calls through the vDSO entry in the thread control block, and glibc's helper,
// have conventions of their own; an ordinary call follows the C ABI.
TEST(Decoder, CallConventionsOnI386) {
    const Decoded d = decode("call *%gs:16\ncall __libc_do_syscall\ncall *%eax\ncall *%gs:(%ecx)", Target::I386);
    ASSERT_EQ(d.result.error, "");
    const DecodedOperand *memory = nullptr;
    for (const DecodedOperand &op : d.at(0).operands)
        if (op.kind == DecodedOperand::Kind::Memory) memory = &op;
    ASSERT_NE(memory, nullptr);
    EXPECT_EQ(memory->reg, kNoRegister);
    EXPECT_EQ(memory->index, kNoRegister);
    EXPECT_EQ(memory->segment, d.model.find_register("gs"));
    ASSERT_NE(d.at(0).convention, nullptr);
    EXPECT_STREQ(d.at(0).convention->name, "i386 vsyscall");
    ASSERT_NE(d.at(1).convention, nullptr);
    EXPECT_STREQ(d.at(1).convention->name, "__libc_do_syscall");
    EXPECT_EQ(d.at(2).convention, nullptr);
    EXPECT_EQ(d.at(3).convention, nullptr);
}

TEST(Decoder, CpuidRdtscRdmsrOnI386) {
    const Decoded d = decode("cpuid\nrdtsc\nrdmsr\nwrmsr", Target::I386);
    ASSERT_EQ(d.result.error, "");
    EXPECT_EQ(d.regs(d.at(0).writes), "eax ebx ecx edx");
    EXPECT_EQ(d.regs(d.at(0).reads), "eax ecx");
    EXPECT_EQ(d.regs(d.at(1).writes), "eax edx");
    EXPECT_EQ(d.regs(d.at(2).reads), "ecx");
    EXPECT_EQ(d.regs(d.at(3).reads), "eax ecx edx");
}

TEST(Decoder, ThirtyTwoBitWriteIsAWriteOfTheWholeRegister) {
    const Decoded d = decode("movl $1, %eax\nmovb $1, %r9b");
    EXPECT_EQ(d.regs(d.at(0).writes), "rax");
    EXPECT_EQ(d.regs(d.at(1).writes), "r9");
}

TEST(Decoder, RepStringInstructions) {
    const Decoded d = decode("rep movsb\nrep stosq\ncld; rep insb");
    ASSERT_EQ(d.result.error, "");
    EXPECT_EQ(d.regs(d.at(0).writes), "rcx rsi rdi");
    ASSERT_EQ(d.at(0).memory.size(), 2u);
    EXPECT_TRUE(d.at(0).memory[0].load && !d.at(0).memory[0].store);
    EXPECT_TRUE(d.at(0).memory[1].store);
    EXPECT_EQ(d.regs(d.at(1).reads), "rax rcx rdi");
    EXPECT_EQ(d.regs(d.at(3).reads), "rcx rdx rdi");
}

TEST(Decoder, SeparateRepPrefixCountsOnlyForStringInstructions) {
    const Decoded d = decode("rep; nop\nrep; bsfq %rax, %rbx\nrep; stosb");
    ASSERT_EQ(d.result.error, "");
    for (const DecodedInstruction &in : d.result.instructions)
        if (in.opcode.find("STOS") == 0) {
            EXPECT_EQ(d.regs(in.writes), "rcx rdi");
        } else {
            EXPECT_FALSE(in.reads.contains(d.model.find_register("rcx"))) << in.text;
            EXPECT_FALSE(in.writes.contains(d.model.find_register("rcx"))) << in.text;
        }
}

TEST(Decoder, ZeroIdiomReadsNothing) {
    const Decoded d = decode("xorl %eax, %eax\nxorl %ebx, %eax");
    EXPECT_EQ(d.regs(d.at(0).reads), "");
    EXPECT_EQ(d.regs(d.at(1).reads), "rax rbx");
}

TEST(Decoder, MemoryOperandsAndAddressRegisters) {
    const Decoded d = decode("movq %rax, 8(%rbx,%rcx,4)");
    ASSERT_EQ(d.at(0).memory.size(), 1u);
    EXPECT_EQ(d.regs(d.at(0).memory[0].address), "rbx rcx");
    EXPECT_TRUE(d.at(0).memory[0].store);
}

TEST(Decoder, CallsPushTheirReturnAddress) {
    const Decoded d = decode("call foo");
    EXPECT_TRUE(d.at(0).is_call && d.at(0).pushes_return_address);
    EXPECT_EQ(d.at(0).external_target, "foo");
}

TEST(Decoder, LocalLabelsResolveToInstructions) {
    const Decoded d = decode("1: decq %rcx\njnz 1b\njmp 2f\nnop\n2:");
    ASSERT_EQ(d.result.error, "");
    EXPECT_EQ(d.at(1).target, 0);
    EXPECT_TRUE(d.at(1).is_conditional);
    EXPECT_EQ(d.at(2).target, 4);  // the end of the template
    EXPECT_TRUE(d.at(2).ends_flow);
}

TEST(Decoder, IntelSyntax) {
    const Decoded d = decode("mov rax, qword ptr [rbx]", Target::X86_64, true);
    ASSERT_EQ(d.result.error, "");
    EXPECT_EQ(d.regs(d.at(0).writes), "rax");
    EXPECT_EQ(d.regs(d.at(0).memory[0].address), "rbx");
}

TEST(Decoder, RiscvMemoryFlowAndStack) {
    const Decoded d = decode("lr.w a5, (a4)\nsc.w a3, a2, (a4)\ncall foo\nj 1f\n1: ret\naddi sp, sp, -16\nsd s0, 8(sp)\nmv sp, a0\necall",
                             Target::RISCV64);
    ASSERT_EQ(d.result.error, "");
    EXPECT_EQ(d.regs(d.at(0).memory[0].address), "a4");
    EXPECT_TRUE(d.at(0).memory[0].load);
    EXPECT_TRUE(d.at(1).memory[0].store);
    EXPECT_EQ(d.regs(d.at(1).writes), "a3");
    EXPECT_TRUE(d.at(2).is_call);
    EXPECT_EQ(d.at(2).external_target, "foo");
    EXPECT_EQ(d.regs(d.at(2).writes), "ra");
    EXPECT_TRUE(d.at(3).is_branch && !d.at(3).is_call && d.at(3).ends_flow);
    EXPECT_EQ(d.at(3).target, 4);
    EXPECT_TRUE(d.at(4).is_return);
    EXPECT_EQ(d.at(6).memory[0].displacement, 8);
    EXPECT_EQ(d.model.name(d.at(6).memory[0].base), std::string("sp"));
    EXPECT_EQ(d.regs(d.at(8).writes), "a0");
}

TEST(Decoder, CsrInstructions) {
    const Decoded d = decode("csrr a5, mstatus\ncsrw mtvec, a4\ncsrrs a3, sstatus, a2", Target::RISCV64);
    ASSERT_EQ(d.result.error, "");
    EXPECT_EQ(d.regs(d.at(0).writes), "a5");
    EXPECT_EQ(d.regs(d.at(1).writes), "");
    EXPECT_EQ(d.regs(d.at(1).reads), "a4");
}

TEST(Decoder, ParseErrorsCarryLlvmsMessageAndPosition) {
    const Decoded d = decode("nop\nfrobnicate %rax");
    EXPECT_EQ(d.result.error, "invalid instruction mnemonic 'frobnicate'");
    EXPECT_EQ(d.result.error_offset, 4u);
    EXPECT_EQ(decode("addi a0, a0", Target::RISCV64).result.error, "too few operands for instruction");
}

TEST(Decoder, CfiDirectivesGetTheFrameTheCompilerWouldOpen) {
    const Decoded d = decode("pushq %rax\n.cfi_adjust_cfa_offset 8\npopq %rax\n.cfi_adjust_cfa_offset -8");
    EXPECT_EQ(d.result.error, "");
    EXPECT_EQ(d.result.instructions.size(), 2u);
}

TEST(Decoder, RepeatedBlocksPointAtTheTemplate) {
    const Decoded d = decode("nop\n.rept 3\nincq %rax\n.endr");
    ASSERT_EQ(d.result.error, "");
    ASSERT_EQ(d.result.instructions.size(), 4u);
    EXPECT_LE(d.at(3).offset, std::string("nop\n.rept 3\nincq %rax\n.endr").size());
}

TEST(Decoder, InputsLlvmCannotTakeSafelyAreRefused) {
    EXPECT_EQ(decode(".incbin \"/dev/zero\"").result.error, "the template uses .incbin, which heisen does not follow");
    EXPECT_EQ(decode(".include \"x.s\"").result.error, "the template uses .include, which heisen does not follow");
    EXPECT_EQ(decode(".rept 1000000\nnop\n.endr").result.error,
              "the template repeats a block more than 9999 times (.rept)");
    EXPECT_EQ(decode(".rept 5000\nnop\n.endr").result.error, "the template expands to more than 4096 instructions");
    // LLVM 15's Intel expression evaluator divides by zero (SIGFPE) on "1/(1-1)".
    EXPECT_EQ(decode("mov eax, 1/(1-1)", Target::X86_64, true).result.error,
              "Intel-syntax expressions with '/' are not analysed by heisen");
    EXPECT_EQ(decode("movl $1/(1-1), %eax").result.error, "");
}

}  // namespace
}  // namespace heisen::asmcheck
