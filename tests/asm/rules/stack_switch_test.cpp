// stack-switch on every target: a template that loads the stack pointer and resumes after the
// statement must save and restore, or declare, every register the compiler may keep a value
// in — callee-saved and caller-saved alike. Template line N is source line 10 + N.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "rule_case.h"

namespace heisen::asmcheck::testing {
namespace {

const Finding *stack_switch_finding(const StatementResult &r) {
    for (const Finding &f : r.findings)
        if (f.rule_id == "stack-switch") return &f;
    return nullptr;
}

// "\"a\", \"b\"" for clobber lists and expected fixes.
std::string quoted_list(const std::vector<std::string> &names) {
    std::string text;
    for (const std::string &n : names) text += (text.empty() ? "\"" : ", \"") + n + "\"";
    return text;
}

std::vector<std::string> numbered(const std::string &prefix, int first, int last) {
    std::vector<std::string> names;
    for (int i = first; i <= last; ++i) names.push_back(prefix + std::to_string(i));
    return names;
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string> &b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

const std::vector<std::string> kX87 = {"st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"};
const std::string kPrefix =
    "the stack pointer is loaded from a value not derived from itself and execution resumes after the statement, "
    "but registers the code after it relies on are neither saved and restored around the switch nor declared: ";

// ---- x86-64 ------------------------------------------------------------------------------

const std::vector<std::string> kX86_64CallerSaved = {"rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"};
const std::vector<std::string> kX86_64Vector = numbered("xmm", 0, 15) + kX87;

// The switch macro's operands (examples/context-switch): old stack and resume address stored
// through "=m", new ones read through "m", a scratch register.
AsmStatement x86_64_switch(std::vector<std::string> lines, std::vector<std::string> clobbers, bool scratch = true) {
    std::vector<Op> outputs = {{"=m", "prev->sp", "prev_sp"}, {"=m", "prev->ip", "prev_ip"}};
    if (scratch) outputs.push_back({"=&r", "scratch", "tmp"});
    return make_statement(std::move(lines), outputs, {{"m", "next->sp", "next_sp"}, {"m", "next->ip", "next_ip"}},
                          std::move(clobbers));
}

std::vector<std::string> x86_64_saving_switch(const std::string &scratch) {
    return {"leaq -128(%%rsp), %%rsp", "pushq %%rbp", "pushq %%rbx", "pushq %%r12", "pushq %%r13", "pushq %%r14",
            "pushq %%r15", "movq %%rsp, %[prev_sp]", "leaq 1f(%%rip), " + scratch, "movq " + scratch + ", %[prev_ip]",
            "movq %[next_sp], %%rsp", "pushq %[next_ip]", "ret", "1:\tpopq %%r15", "popq %%r14", "popq %%r13",
            "popq %%r12", "popq %%rbx", "popq %%rbp", "leaq 128(%%rsp), %%rsp"};
}

TEST(StackSwitchX86_64, SavesOnlyRbp) {
    const StatementResult r = check(x86_64_switch({"pushq %%rbp", "movq %%rsp, %[prev_sp]", "leaq 1f(%%rip), %[tmp]",
                                                   "movq %[tmp], %[prev_ip]", "movq %[next_sp], %%rsp",
                                                   "pushq %[next_ip]", "ret", "1:\tpopq %%rbp"},
                                                  {"memory"}));
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{"stack-switch"});
    const Finding *f = stack_switch_finding(r);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->location.line, 14u);  // movq %[next_sp], %%rsp
    EXPECT_EQ(f->operand, "rsp");
    EXPECT_EQ(f->message, kPrefix + "callee-saved rbx, r12–r15; caller-saved rax, rcx, rdx, rsi, rdi, r8–r11; "
                                    "vector and x87 xmm0–xmm15, st, st(1)–st(7)");
    EXPECT_EQ(f->suggested_fix,
              "clobbers: " + quoted_list(std::vector<std::string>{"memory", "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
                                          "r12", "r13", "r14", "r15"} + kX86_64Vector));
}

// The usual first fix: every callee-saved register is pushed and popped, nothing caller-saved
// is declared. GCC -O2 (-fipa-ra) miscompiles it (examples/context-switch).
TEST(StackSwitchX86_64, SavesOnlyCalleeSaved) {
    const StatementResult r = check(x86_64_switch(x86_64_saving_switch("%[tmp]"), {"memory"}), Target::X86_64,
                                    /*red_zone=*/true);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{"stack-switch"});
    const Finding *f = stack_switch_finding(r);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->location.line, 20u);
    EXPECT_EQ(f->message, kPrefix + "caller-saved rax, rcx, rdx, rsi, rdi, r8–r11; vector and x87 xmm0–xmm15, st, "
                                    "st(1)–st(7)");
    EXPECT_EQ(f->suggested_fix, "clobbers: " + quoted_list(std::vector<std::string>{"memory"} + kX86_64CallerSaved +
                                                           kX86_64Vector));
    ASSERT_EQ(f->notes.size(), 3u);
    EXPECT_EQ(f->notes[2].message, "built with AVX-512, the compiler also keeps values in xmm16–xmm31 and k0–k7: "
                                   "declare them too");
    EXPECT_EQ(f->notes[1].message,
              "caller-saved registers matter too: the switch returns into callers of the function holding it, and "
              "GCC's interprocedural register allocation (-fipa-ra, on from -O2) lets them keep values across the "
              "call in every register that function is not seen to change");
}

// Declaring the general registers is not enough: a double kept in an xmm register across the
// switch is lost the same way.
TEST(StackSwitchX86_64, DeclaresGeneralRegistersOnly) {
    const StatementResult r =
        check(x86_64_switch(x86_64_saving_switch("%%rax"), std::vector<std::string>{"memory"} + kX86_64CallerSaved,
                            /*scratch=*/false),
              Target::X86_64, /*red_zone=*/true);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{"stack-switch"});
    EXPECT_EQ(stack_switch_finding(r)->message, kPrefix + "vector and x87 xmm0–xmm15, st, st(1)–st(7)");
}

// examples/context-switch/switch_correct.h: callee-saved pushed, everything else declared.
TEST(StackSwitchX86_64, SavesCalleeSavedAndDeclaresTheRest) {
    const StatementResult r = check(
        x86_64_switch(x86_64_saving_switch("%%rax"),
                      kX86_64CallerSaved + kX86_64Vector + std::vector<std::string>{"mm0", "cc", "memory"},
                      /*scratch=*/false),
        Target::X86_64, /*red_zone=*/true);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{});
}

// A scratch output bound to a register the compiler picks protects no particular register: with
// "=&r" instead of a declared rax, every caller-saved register must still be declared.
TEST(StackSwitchX86_64, ScratchOutputDoesNotDeclareItsRegister) {
    const StatementResult r = check(x86_64_switch(x86_64_saving_switch("%[tmp]"),
                                                  kX86_64CallerSaved + kX86_64Vector + std::vector<std::string>{"memory"}),
                                    Target::X86_64, /*red_zone=*/true);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{});
    const StatementResult partly = check(
        x86_64_switch(x86_64_saving_switch("%[tmp]"),
                      std::vector<std::string>{"rax", "rcx", "rdx", "rsi", "rdi", "r9", "r10", "r11", "memory"} +
                          kX86_64Vector),
        Target::X86_64, /*red_zone=*/true);
    ASSERT_EQ(partly.could_not_analyse, "");
    ASSERT_NE(stack_switch_finding(partly), nullptr);
    EXPECT_EQ(stack_switch_finding(partly)->message, kPrefix + "caller-saved r8");
}

// Declared instead of saved: the compiler saves what it needs around the statement. The two
// pointers are fixed-register outputs ("+S", "+D"), which declares those registers too.
TEST(StackSwitchX86_64, DeclaresEverything) {
    const StatementResult r = check(make_statement(
        {"movq %%rsp, (%0)", "movq %1, %%rsp"}, {{"+S", "from_sp"}, {"+D", "to_sp"}}, {},
        std::vector<std::string>{"rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "rbx", "rbp", "r12", "r13", "r14",
                                 "r15"} +
            kX86_64Vector + std::vector<std::string>{"memory"}));
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{});
}

TEST(StackSwitchX86_64, DeclaresOnlyCalleeSaved) {
    const StatementResult r =
        check(make_statement({"movq %%rsp, (%0)", "movq %1, %%rsp"}, {}, {{"r", "&from->sp"}, {"r", "to->sp"}},
                             {"memory", "rbx", "rbp", "r12", "r13", "r14", "r15"}));
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{"stack-switch"});
    EXPECT_EQ(stack_switch_finding(r)->location.line, 11u);
    EXPECT_EQ(stack_switch_finding(r)->message, kPrefix + "caller-saved rax, rcx, rdx, rsi, rdi, r8–r11; vector and "
                                                          "x87 xmm0–xmm15, st, st(1)–st(7)");
}

// An input fixed to a register cannot be declared as a clobber: it must become an output.
TEST(StackSwitchX86_64, FixedRegisterInputsMustBeOutputs) {
    const std::vector<std::string> clobbers =
        std::vector<std::string>{"rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "rbx", "rbp", "r12", "r13", "r14",
                                 "r15"} +
        kX86_64Vector + std::vector<std::string>{"memory"};
    const StatementResult r = check(make_statement({"movq %%rsp, (%0)", "movq %1, %%rsp"}, {},
                                                   {{"D", "from_sp"}, {"S", "to_sp"}}, clobbers));
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{"stack-switch"});
    const Finding *f = stack_switch_finding(r);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->message, "the stack pointer is loaded from a value not derived from itself and execution resumes "
                          "after the statement, but 2 register input(s) hold another thread's value after it but are "
                          "not outputs");
    EXPECT_EQ(f->suggested_fix, "clobbers: " + quoted_list(clobbers) +
                                    "; outputs: \"+D\" (from_sp), \"+S\" (to_sp) (and drop them from the inputs)");
}

TEST(StackSwitchX86_64, NeverReturns) {
    const StatementResult r = check(make_statement({"movq %0, %%rsp", "jmp *%1"}, {}, {{"r", "stack"}, {"r", "entry"}}));
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{});
}

// A switch that saves only rbp and a scratch rax on the old stack, stores the new thread's resume
// address, pushes it and tail-calls a C function that finishes the switch and returns with
// `ret` into the other thread (label 1 is where this thread resumes later). Three mistakes: the
// callee-saved registers are not preserved across the switch, the function called clobbers every
// caller-saved register and the fixed-register inputs, and rax — saved and restored, so "not
// changed" — holds a label's address while memory operand %1 is stored through, whose address
// the compiler may have formed in rax.
AsmStatement tail_call_switch(std::vector<std::string> middle_saves, std::vector<Op> outputs, std::vector<Op> inputs,
                              std::vector<std::string> clobbers, const std::string &scratch_save) {
    std::vector<std::string> lines = {"pushq %%rbp"};
    for (const std::string &r : middle_saves) lines.push_back("pushq %%" + r);
    if (!scratch_save.empty()) lines.push_back("pushq %%" + scratch_save);
    const std::vector<std::string> body = {"movq %%rsp, %[prev_sp]", "movq %[next_sp], %%rsp",
                                           "leaq 1f(%%rip), %%rax", "movq %%rax, %[prev_ip]",
                                           "pushq %[next_ip]", "jmp finish_switch"};
    lines.insert(lines.end(), body.begin(), body.end());
    lines.push_back(scratch_save.empty() ? "1:" : "1:\tpopq %%" + scratch_save);
    for (auto r = middle_saves.rbegin(); r != middle_saves.rend(); ++r) lines.push_back("popq %%" + *r);
    lines.push_back("popq %%rbp");
    outputs.insert(outputs.begin(), {{"=m", "prev->t->sp", "prev_sp"}, {"=m", "prev->t->ip", "prev_ip"}});
    inputs.insert(inputs.begin(), {{"m", "next->t->sp", "next_sp"}, {"m", "next->t->ip", "next_ip"}});
    return make_statement(std::move(lines), std::move(outputs), std::move(inputs), std::move(clobbers));
}

const Finding *finding_of(const StatementResult &r, const std::string &rule) {
    for (const Finding &f : r.findings)
        if (f.rule_id == rule) return &f;
    return nullptr;
}

TEST(StackSwitchX86_64, TailCallSwitchSavingRaxAroundAMemoryOperand) {
    for (const bool red_zone : {false, true}) {
        const StatementResult r = check(
            tail_call_switch({}, {}, {{"D", "prev"}, {"S", "next"}}, {"memory"}, "rax"), Target::X86_64, red_zone);
        ASSERT_EQ(r.could_not_analyse, "");
        std::vector<std::string> want = {"stack-switch", "address-base-clobbered", "escapes-to-function"};
        if (red_zone) want.insert(want.begin(), "red-zone");
        std::vector<std::string> got = rule_ids(r);
        std::sort(got.begin(), got.end());
        std::sort(want.begin(), want.end());
        EXPECT_EQ(got, want) << "red zone " << red_zone;
        const Finding *stack = finding_of(r, "stack-switch");
        ASSERT_NE(stack, nullptr);
        EXPECT_EQ(stack->location.line, 13u);  // movq %[next_sp], %%rsp
        EXPECT_EQ(stack->message, kPrefix + "callee-saved rbx, r12–r15; caller-saved rcx, rdx, r8–r11; vector and "
                                            "x87 xmm0–xmm15, st, st(1)–st(7); and 2 register input(s) hold another "
                                            "thread's value after it but are not outputs");
        const Finding *base = finding_of(r, "address-base-clobbered");
        ASSERT_NE(base, nullptr);
        EXPECT_EQ(base->location.line, 15u);  // movq %%rax, %[prev_ip]
        EXPECT_EQ(base->operand, "%[prev_ip] (prev->t->ip)");
        ASSERT_FALSE(base->notes.empty());
        EXPECT_EQ(base->notes.back().message, "changed here: leaq 1f(%rip), %rax");
        EXPECT_EQ(base->suggested_fix, "clobbers: \"memory\", \"rax\" (and drop the save and restore of 'rax')");
        const Finding *call = finding_of(r, "escapes-to-function");
        ASSERT_NE(call, nullptr);
        EXPECT_EQ(call->location.line, 17u);  // jmp finish_switch
        EXPECT_EQ(call->message, "jumps to 'finish_switch' outside the template: caller-saved registers rcx, rdx, "
                                 "r8, r9, r10, r11 are not declared; 2 register input(s) may be changed by the "
                                 "callee but are not outputs");
    }
}

// rax declared (and still pushed and popped, which is then harmless): the memory operand's
// address cannot be in it; the callee-saved registers and the call remain.
TEST(StackSwitchX86_64, TailCallSwitchDeclaringRax) {
    const StatementResult r =
        check(tail_call_switch({}, {}, {{"D", "prev"}, {"S", "next"}}, {"memory", "rax"}, "rax"));
    ASSERT_EQ(r.could_not_analyse, "");
    std::vector<std::string> got = rule_ids(r);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{"escapes-to-function", "stack-switch"}));
}

// The fixed form: callee-saved registers pushed before the switch and popped after the resume
// label, the pointers outputs in their registers, everything caller-saved declared.
TEST(StackSwitchX86_64, TailCallSwitchFixed) {
    const std::vector<std::string> kDeclared = std::vector<std::string>{"rax", "rcx", "rdx", "r8", "r9", "r10", "r11"} +
                                               kX86_64Vector + std::vector<std::string>{"cc", "memory"};
    const StatementResult r =
        check(tail_call_switch({"rbx", "r12", "r13", "r14", "r15"}, {{"+D", "prev"}, {"+S", "next"}}, {}, kDeclared, ""));
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{});
    // The same with the red zone in use: only the pushes into it are wrong.
    const StatementResult zone =
        check(tail_call_switch({"rbx", "r12", "r13", "r14", "r15"}, {{"+D", "prev"}, {"+S", "next"}}, {}, kDeclared, ""),
              Target::X86_64, /*red_zone=*/true);
    EXPECT_EQ(rule_ids(zone), std::vector<std::string>{"red-zone"});
}

// ---- i386 --------------------------------------------------------------------------------

const std::vector<std::string> kI386Saves = {"pushl %%ebp", "pushl %%ebx", "pushl %%esi", "pushl %%edi",
                                             "movl %%esp, (%0)", "movl %1, %%esp", "popl %%edi",
                                             "popl %%esi", "popl %%ebx", "popl %%ebp"};
// xmm0-xmm7 exist on i386 only with -msse (and GCC rejects them as clobbers without it): the
// rule asks for the x87 registers, and a note mentions the xmm ones.
const std::vector<std::string> kI386Declared = std::vector<std::string>{"eax", "ecx", "edx"} + kX87;

TEST(StackSwitchI386, SavesNothing) {
    const StatementResult r = check(make_statement({"movl %%esp, (%0)", "movl %1, %%esp"}, {},
                                                   {{"r", "&from->sp"}, {"r", "to->sp"}}, {"memory"}),
                                    Target::I386);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{"stack-switch"});
    const Finding *f = stack_switch_finding(r);
    EXPECT_EQ(f->location.line, 11u);
    EXPECT_EQ(f->operand, "esp");
    EXPECT_EQ(f->message,
              kPrefix + "callee-saved ebx, esi, edi, ebp; caller-saved eax, ecx, edx; x87 st, st(1)–st(7)");
    EXPECT_EQ(f->suggested_fix, "clobbers: " + quoted_list(std::vector<std::string>{"memory", "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp"} +
                                                           kX87));
    ASSERT_EQ(f->notes.size(), 3u);
    EXPECT_EQ(f->notes[2].message, "built with -msse, the compiler also keeps values in xmm0–xmm7: declare them too");
}

TEST(StackSwitchI386, SavesOnlyCalleeSaved) {
    const StatementResult r =
        check(make_statement(kI386Saves, {}, {{"r", "&from->sp"}, {"r", "to->sp"}}, {"memory"}), Target::I386);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{"stack-switch"});
    const Finding *f = stack_switch_finding(r);
    EXPECT_EQ(f->location.line, 15u);
    EXPECT_EQ(f->message, kPrefix + "caller-saved eax, ecx, edx; x87 st, st(1)–st(7)");
    EXPECT_EQ(f->suggested_fix, "clobbers: " + quoted_list(std::vector<std::string>{"memory"} + kI386Declared));
}

// The pointers are "+r": the compiler can only place them in registers the template saves, and
// after the switch they hold the resumed thread's own values, which the compiler must not assume
// are the ones it passed in.
TEST(StackSwitchI386, SavesCalleeSavedAndDeclaresTheRest) {
    const StatementResult r =
        check(make_statement(kI386Saves, {{"+r", "from_sp"}, {"+r", "to_sp"}}, {},
                             kI386Declared + std::vector<std::string>{"memory"}),
              Target::I386);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{});
}

// The tail-call switch on i386: label addresses are absolute (`movl $1f`), the pointers are in
// edi and esi, eax is the scratch saved around the label store.
AsmStatement i386_tail_call_switch(std::vector<std::string> middle_saves, std::vector<Op> outputs,
                                   std::vector<Op> inputs, std::vector<std::string> clobbers,
                                   const std::string &scratch_save) {
    std::vector<std::string> lines = {"pushl %%ebp"};
    for (const std::string &r : middle_saves) lines.push_back("pushl %%" + r);
    if (!scratch_save.empty()) lines.push_back("pushl %%" + scratch_save);
    const std::vector<std::string> body = {"movl %%esp, %[prev_sp]", "movl %[next_sp], %%esp", "movl $1f, %%eax",
                                           "movl %%eax, %[prev_ip]", "pushl %[next_ip]", "jmp finish_switch"};
    lines.insert(lines.end(), body.begin(), body.end());
    lines.push_back(scratch_save.empty() ? "1:" : "1:\tpopl %%" + scratch_save);
    for (auto r = middle_saves.rbegin(); r != middle_saves.rend(); ++r) lines.push_back("popl %%" + *r);
    lines.push_back("popl %%ebp");
    outputs.insert(outputs.begin(), {{"=m", "prev->t->sp", "prev_sp"}, {"=m", "prev->t->ip", "prev_ip"}});
    inputs.insert(inputs.begin(), {{"m", "next->t->sp", "next_sp"}, {"m", "next->t->ip", "next_ip"}});
    return make_statement(std::move(lines), std::move(outputs), std::move(inputs), std::move(clobbers));
}

TEST(StackSwitchI386, TailCallSwitchSavingEaxAroundAMemoryOperand) {
    const StatementResult r = check(
        i386_tail_call_switch({}, {}, {{"D", "prev"}, {"S", "next"}}, {"memory"}, "eax"), Target::I386);
    ASSERT_EQ(r.could_not_analyse, "");
    std::vector<std::string> got = rule_ids(r);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{"address-base-clobbered", "escapes-to-function", "stack-switch"}));
    const Finding *stack = finding_of(r, "stack-switch");
    ASSERT_NE(stack, nullptr);
    EXPECT_EQ(stack->location.line, 13u);  // movl %[next_sp], %%esp
    const Finding *base = finding_of(r, "address-base-clobbered");
    ASSERT_NE(base, nullptr);
    EXPECT_EQ(base->location.line, 15u);  // movl %%eax, %[prev_ip]
    const Finding *call = finding_of(r, "escapes-to-function");
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->location.line, 17u);  // jmp finish_switch
}

TEST(StackSwitchI386, TailCallSwitchFixed) {
    const StatementResult r = check(i386_tail_call_switch({"ebx", "esi", "edi"}, {{"+r", "prev"}, {"+r", "next"}}, {},
                                                          kI386Declared + std::vector<std::string>{"cc", "memory"}, ""),
                                    Target::I386);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{});
}

// ---- riscv64 -----------------------------------------------------------------------------

std::vector<std::string> riscv_switch_with_saves() {
    std::vector<std::string> lines = {"addi sp, sp, -112", "sd ra, 0(sp)"};
    for (int i = 0; i <= 11; ++i) lines.push_back("sd s" + std::to_string(i) + ", " + std::to_string(8 + 8 * i) + "(sp)");
    lines.push_back("sd sp, 0(%0)");
    lines.push_back("ld sp, 0(%1)");
    lines.push_back("ld ra, 0(sp)");
    for (int i = 0; i <= 11; ++i) lines.push_back("ld s" + std::to_string(i) + ", " + std::to_string(8 + 8 * i) + "(sp)");
    lines.push_back("addi sp, sp, 112");
    return lines;
}

const std::vector<std::string> kRiscvCallerSaved = {"t0", "t1", "t2", "a0", "a1", "a2", "a3", "a4",
                                                    "a5", "a6", "a7", "t3", "t4", "t5", "t6"};
const std::vector<std::string> kRiscvFloat = numbered("ft", 0, 7) + std::vector<std::string>{"fs0", "fs1"} +
                                             numbered("fa", 0, 7) + numbered("fs", 2, 11) + numbered("ft", 8, 11);
const std::string kRiscvFloatText = "floating-point ft0–ft7, fs0, fs1, fa0–fa7, fs2–fs11, ft8–ft11";

TEST(StackSwitchRiscv64, SavesNothing) {
    const StatementResult r = check(make_statement({"sd sp, 0(%0)", "ld sp, 0(%1)"}, {},
                                                   {{"r", "&from->sp"}, {"r", "to->sp"}}, {"memory"}),
                                    Target::RISCV64);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{"stack-switch"});
    const Finding *f = stack_switch_finding(r);
    EXPECT_EQ(f->location.line, 11u);
    EXPECT_EQ(f->operand, "sp");
    EXPECT_EQ(f->message, kPrefix + "callee-saved ra, s0–s11; caller-saved t0–t2, a0–a7, t3–t6; " +
                              kRiscvFloatText);
}

TEST(StackSwitchRiscv64, SavesOnlyCalleeSaved) {
    const StatementResult r = check(
        make_statement(riscv_switch_with_saves(), {}, {{"r", "&from->sp"}, {"r", "to->sp"}}, {"memory"}),
        Target::RISCV64);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{"stack-switch"});
    const Finding *f = stack_switch_finding(r);
    EXPECT_EQ(f->location.line, 25u);  // ld sp, 0(%1)
    EXPECT_EQ(f->message, kPrefix + "caller-saved t0–t2, a0–a7, t3–t6; " + kRiscvFloatText);
    EXPECT_EQ(f->suggested_fix,
              "clobbers: " + quoted_list(std::vector<std::string>{"memory"} + kRiscvCallerSaved + kRiscvFloat));
}

TEST(StackSwitchRiscv64, SavesCalleeSavedAndDeclaresTheRest) {
    const StatementResult r =
        check(make_statement(riscv_switch_with_saves(), {{"+r", "from_sp"}, {"+r", "to_sp"}}, {},
                             kRiscvCallerSaved + kRiscvFloat + std::vector<std::string>{"memory"}),
              Target::RISCV64);
    ASSERT_EQ(r.could_not_analyse, "");
    EXPECT_EQ(rule_ids(r), std::vector<std::string>{});
}

}  // namespace
}  // namespace heisen::asmcheck::testing
