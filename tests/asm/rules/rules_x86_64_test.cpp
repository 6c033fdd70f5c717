// Every rule on x86-64, positive and negative (AT&T unless the case switches to Intel).
// Template line N of a case is source line 10 + N; outputs follow the template, then inputs.
#include "rule_case.h"

namespace heisen::asmcheck::testing {
namespace {

const std::vector<std::string> kAllCallerSaved = {"rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory"};

const RuleCase kCases[] = {
    // A register variable as an output the template does not write reads that register (the
    // stack pointer, here; the register may be named through a macro heisen cannot expand).
    {"register_variable_output_reads_its_register", {""}, {{"=r", "sp", "", "rsp"}}, {}, {}, {}},
    {"register_variable_output_named_by_macro", {""}, {{"=r", "sp", "", "STACK_REG"}}, {}, {}, {}},
    {"plain_output_unwritten", {""}, {{"=r", "sp"}}, {}, {}, {"output-not-written"}, 11, "%0 (sp)"},
    {"undeclared_write", {"movq %1, %%rax", "movq %%rax, %0"}, {{"=r", "x"}}, {{"r", "y"}}, {},
     {"undeclared-write"}, 10, "rax", "clobbers: \"rax\""},
    {"undeclared_write_clobbered", {"movq %1, %%rax", "movq %%rax, %0"}, {{"=r", "x"}}, {{"r", "y"}}, {"rax"}, {}},
    {"undeclared_write_saved_on_stack", {"pushq %%rbx", "movq %1, %%rbx", "movq %%rbx, %0", "popq %%rbx"},
     {{"=a", "x"}}, {{"r", "y"}}, {}, {}},
    // Saved and restored, but "=r" may be given rbx itself: the pop then overwrites the result.
    {"output_in_a_temporarily_changed_register", {"pushq %%rbx", "movq %1, %%rbx", "movq %%rbx, %0", "popq %%rbx"},
     {{"=r", "x"}}, {{"r", "y"}}, {}, {"undeclared-write"}, 12, "rbx",
     "clobbers: \"rbx\" (and drop the save and restore of 'rbx')"},
    {"undeclared_write_intel_syntax", {".intel_syntax noprefix", "mov rax, %1", "mov %0, rax", ".att_syntax prefix"},
     {{"=r", "x"}}, {{"r", "y"}}, {}, {"undeclared-write"}, 11, "rax"},
    {"input_modified", {"incq %0"}, {}, {{"r", "x"}}, {"cc"},
     {"input-modified"}, 10, "%0 (x)", "outputs: \"+r\" (x) (and drop them from the inputs)"},
    {"input_modified_memory", {"incl %0"}, {}, {{"m", "counter"}}, {"cc"}, {"input-modified"}, 10, "%0 (counter)"},
    {"input_modified_read_write_is_fine", {"incq %0"}, {{"+r", "x"}}, {}, {"cc"}, {}},
    {"output_not_written", {"testq %1, %1", "jz 1f", "movq $1, %0", "1:"}, {{"=r", "x"}}, {{"r", "y"}}, {"cc"},
     {"output-not-written"}, 14, "%0 (x)", "outputs: \"+r\" (x)"},
    {"output_written_on_every_path", {"testq %1, %1", "movl $0, %k0", "jz 1f", "movq $1, %0", "1:"},
     {{"=r", "x"}}, {{"r", "y"}}, {"cc"}, {}},
    {"write_only_output_read", {"addq $1, %0"}, {{"=r", "x"}}, {}, {"cc"},
     {"write-only-output-read"}, 10, "%0 (x)", "outputs: \"+r\" (x)"},
    {"write_only_memory_output_read", {"incl %0"}, {{"=m", "x"}}, {}, {"cc"},
     {"write-only-output-read"}, 10, "%0 (x)", "outputs: \"+m\" (x)"},
    {"read_write_output_read", {"addq $1, %0"}, {{"+r", "x"}}, {}, {"cc"}, {}},
    {"unbound_read", {"movq %%rbx, %0"}, {{"=r", "x"}}, {}, {}, {"unbound-read"}, 10, "rbx"},
    // A pack puts the source's lanes in the high half: read back only through the low half (movd),
    // an unset source is harmless; read back whole, its lanes are the compiler's leftovers.
    {"pack_source_lanes_unused", {"movq %1, %%mm0", "packssdw %%mm1, %%mm0", "movd %%mm0, %k0"}, {{"=r", "x"}},
     {{"m", "v"}}, {"mm0", "mm1", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"}, {}},
    {"pack_source_lanes_used", {"movq %1, %%mm0", "packssdw %%mm1, %%mm0", "movq %%mm0, %0"}, {{"=m", "x"}},
     {{"m", "v"}}, {"mm0", "mm1", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"}, {"unbound-read"}, 11, "mm1"},
    {"pack_xmm_source_lanes_unused", {"movdqu %1, %%xmm0", "packuswb %%xmm1, %%xmm0", "movd %%xmm0, %k0"}, {{"=r", "x"}},
     {{"m", "v"}}, {"xmm0", "xmm1"}, {}},
    // A VEX scalar instruction copies its first source's upper lanes: `vroundsd $11, %1, %0, %0`
    // on a "=x" output leaves them the output's leftovers, which a scalar never reads; computing
    // the low lane from the output reads its old value.
    {"vex_scalar_upper_lanes_from_the_output", {"vroundsd $11, %1, %0, %0"}, {{"=x", "x"}}, {{"x", "v"}}, {}, {}},
    {"vex_scalar_single_upper_lanes_from_the_output", {"vsqrtss %1, %0, %0"}, {{"=x", "x"}}, {{"x", "v"}}, {}, {}},
    {"vex_scalar_low_lane_from_the_output", {"vroundsd $11, %0, %1, %0"}, {{"=x", "x"}}, {{"x", "v"}}, {},
     {"write-only-output-read"}, 10, "%0 (x)"},
    {"bound_read", {"movq %%rbx, %0"}, {{"=r", "x"}}, {{"b", "y"}}, {}, {}},
    {"unbound_read_through_the_stack", {"pushq %%rbx", "popq %0"}, {{"=r", "x"}}, {}, {}, {"unbound-read"}, 10, "rbx"},
    {"missing_earlyclobber", {"movq %1, %0", "addq %2, %0"}, {{"=r", "sum"}}, {{"r", "a"}, {"r", "b"}}, {"cc"},
     {"missing-earlyclobber"}, 10, "%0 (sum)", "outputs: \"=&r\" (sum)"},
    {"earlyclobber_declared", {"movq %1, %0", "addq %2, %0"}, {{"=&r", "sum"}}, {{"r", "a"}, {"r", "b"}}, {"cc"}, {}},
    {"earlyclobber_not_needed_with_tied_input", {"addq %2, %0"}, {{"=r", "sum"}}, {{"0", "a"}, {"r", "b"}}, {"cc"}, {}},
    {"address_base_clobbered", {"movq $0, %0", "addq %1, %0"}, {{"=r", "v"}}, {{"m", "*p"}}, {"cc"},
     {"address-base-clobbered"}, 10, "%0 (v)", "outputs: \"=&r\" (v)"},
    {"address_base_safe_with_earlyclobber", {"movq $0, %0", "addq %1, %0"}, {{"=&r", "v"}}, {{"m", "*p"}}, {"cc"}, {}},
    {"missing_memory_clobber_store", {"movl $1, (%0)"}, {}, {{"r", "p"}}, {},
     {"missing-memory-clobber"}, 10, "%0 (p)", "clobbers: \"memory\""},
    {"missing_memory_clobber_load", {"movl (%1), %k0"}, {{"=r", "x"}}, {{"r", "p"}}, {}, {"missing-memory-clobber"}},
    {"memory_clobber_declared", {"movl $1, (%0)"}, {}, {{"r", "p"}}, {"memory"}, {}},
    {"memory_operand_instead_of_pointer", {"movl $1, %0"}, {{"=m", "*p"}}, {}, {}, {}},
    {"flags_note", {"addq %1, %0"}, {{"+r", "x"}}, {{"r", "y"}}, {}, {"flags"}, 10, "cc", "clobbers: \"cc\""},
    {"flags_declared", {"addq %1, %0"}, {{"+r", "x"}}, {{"r", "y"}}, {"cc"}, {}},
    // stack-switch: stack_switch_test.cpp.
    {"escapes_to_function", {"call foo"}, {}, {{"D", "arg"}}, {},
     {"escapes-to-function"}, 10, "foo",
     "clobbers: \"rax\", \"rcx\", \"rdx\", \"rsi\", \"r8\", \"r9\", \"r10\", \"r11\", \"memory\"; outputs: \"+D\" "
     "(arg) (and drop them from the inputs)"},
    {"escapes_through_symbol_operand", {"call %P0"}, {}, {{"i", "callback"}}, {"memory"},
     {"escapes-to-function"}, 10, "callback"},
    {"intel_syntax_option", {"mov rax, %1", "mov %0, rax"}, {{"=r", "x"}}, {{"r", "y"}}, {},
     {"undeclared-write"}, 10, "rax", "clobbers: \"rax\"", false, false, {}, true},
    {"intel_syntax_option_declared", {"mov rax, %1", "mov %0, rax"}, {{"=r", "x"}}, {{"r", "y"}}, {"rax"}, {}, 0, "",
     "", false, false, {}, true},
    {"call_declares_caller_saved", {"call foo"}, {{"+D", "arg"}}, {},
     {"rax", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "memory"}, {}},
    {"red_zone_pushf", {"pushfq", "popq %0"}, {{"=r", "flags"}}, {}, {}, {"red-zone"}, 10, "rsp", "", false, true},
    {"red_zone_call", {"call foo"}, {}, {}, kAllCallerSaved, {"red-zone"}, 10, "rsp", "", false, true},
    {"red_zone_not_used", {"pushfq", "popq %0"}, {{"=r", "flags"}}, {}, {}, {}, 0, "", "", false, false},
    {"red_zone_stepped_over", {"leaq -128(%%rsp), %%rsp", "pushfq", "popq %0", "leaq 128(%%rsp), %%rsp"},
     {{"=r", "flags"}}, {}, {}, {}, 0, "", "", false, true},
    {"stack_imbalance", {"pushq %0"}, {}, {{"r", "x"}}, {}, {"stack-imbalance"}, 10, "rsp"},
    {"stack_imbalance_after_stepping_over_red_zone", {"leaq -128(%%rsp), %%rsp", "pushq %0"}, {}, {{"r", "x"}}, {},
     {"stack-imbalance"}, 11, "rsp", "", false, true},
    {"stack_balanced", {"pushq %1", "popq %0"}, {{"=r", "y"}}, {{"r", "x"}}, {}, {}},
    {"stack_imbalance_on_one_path", {"testq %0, %0", "jz 1f", "pushq %0", "1:"}, {}, {{"r", "x"}}, {"cc"},
     {"stack-imbalance"}},
    {"global_label", {"my_loop:", "decq %0", "jnz my_loop"}, {{"+r", "n"}}, {}, {"cc"},
     {"global-label"}, 10, "my_loop", "", true},
    {"local_numeric_label", {"1:", "decq %0", "jnz 1b"}, {{"+r", "n"}}, {}, {"cc"}, {}, 0, "", "", true},
    {"unique_label_with_percent_equals", {"my_loop%=:", "decq %0", "jnz my_loop%="}, {{"+r", "n"}}, {}, {"cc"},
     {}, 0, "", "", true},
    {"named_label_emitted_once", {"my_loop:", "decq %0", "jnz my_loop"}, {{"+r", "n"}}, {}, {"cc"}, {}},
    {"asm_goto", {"testq %0, %0", "jz %l1"}, {}, {{"r", "x"}}, {"cc"}, {}, 0, "", "", false, false, {"out"}},
    {"syscall_wrapper_buggy", {"syscall"}, {{"=a", "ret"}}, {{"a", "nr"}, {"D", "arg"}}, {"memory"},
     {"undeclared-write", "undeclared-write"}, 10, "rcx", "clobbers: \"memory\", \"rcx\", \"r11\""},
    {"syscall_wrapper", {"syscall"}, {{"=a", "ret"}}, {{"a", "nr"}, {"D", "arg"}}, {"rcx", "r11", "memory"}, {}},
    {"cpuid_wrapper_buggy", {"cpuid"}, {{"=a", "eax"}}, {{"a", "leaf"}, {"c", "0"}}, {},
     {"undeclared-write", "undeclared-write", "input-modified"}, 10, "rbx"},
    {"cpuid_wrapper", {"cpuid"}, {{"=a", "a"}, {"=b", "b"}, {"=c", "c"}, {"=d", "d"}}, {{"0", "leaf"}, {"2", "sub"}}, {}, {}},
    {"rdtsc_buggy", {"rdtsc", "shlq $32, %%rdx", "orq %%rdx, %0"}, {{"=a", "tsc"}}, {}, {"cc"},
     {"undeclared-write"}, 10, "rdx"},
    {"rdtsc_with_A_on_x86_64", {"rdtsc"}, {{"=A", "tsc"}}, {}, {}, {"undeclared-write"}, 10, "rdx"},
    {"rdtsc", {"rdtsc"}, {{"=a", "lo"}, {"=d", "hi"}}, {}, {}, {}},
    {"rdmsr", {"rdmsr"}, {{"=a", "lo"}, {"=d", "hi"}}, {{"c", "msr"}}, {}, {}},
    {"wrmsr", {"wrmsr"}, {}, {{"c", "msr"}, {"a", "lo"}, {"d", "hi"}}, {"memory"}, {}},
    {"rep_movs_buggy", {"rep movsb"}, {}, {{"D", "dst"}, {"S", "src"}, {"c", "n"}}, {},
     {"input-modified", "input-modified", "input-modified", "missing-memory-clobber", "missing-memory-clobber"}},
    {"rep_movs", {"rep movsb"}, {{"+D", "dst"}, {"+S", "src"}, {"+c", "n"}}, {}, {"memory"}, {}},
    {"rep_stos", {"rep stosq"}, {{"+D", "dst"}, {"+c", "n"}}, {{"a", "0"}}, {"memory"}, {}},
    {"rep_ins_outs", {"rep insb", "rep outsb"}, {{"+D", "dst"}, {"+S", "src"}, {"+c", "n"}}, {{"d", "port"}},
     {"memory"}, {}},
    {"cmpxchg16b", {"lock cmpxchg16b %1", "sete %0"}, {{"=q", "ok"}, {"+m", "*p"}, {"+a", "lo"}, {"+d", "hi"}},
     {{"b", "new_lo"}, {"c", "new_hi"}}, {"cc"}, {}},
    // Both operands only memory: no x86 instruction takes two; the assembler rejects it.
    {"two_memory_operands", {"lock addq %1, %0"}, {{"=m", "ato->value"}}, {{"m", "val"}}, {"memory"},
     {"memory-operands"}, 0, "%0 (ato->value)"},
    {"memory_and_register_operands", {"lock addq %1, %0"}, {{"+m", "ato->value"}}, {{"ir", "val"}}, {"memory", "cc"}, {}},
    {"cmpxchg_into_input_memory", {"lock cmpxchgq %2, %1"}, {{"+a", "old"}}, {{"m", "*p"}, {"r", "new"}}, {"cc"},
     {"input-modified"}, 10, "%1 (*p)"},
};

class X86_64Rules : public ::testing::TestWithParam<RuleCase> {};
TEST_P(X86_64Rules, Check) { run_rule_case(GetParam(), Target::X86_64); }
INSTANTIATE_TEST_SUITE_P(Cases, X86_64Rules, ::testing::ValuesIn(kCases), case_name);

// "=m" read by a cmpxchg: a warning, unless "memory" makes the compiler store the object first.
Severity write_only_memory_severity(std::vector<std::string> clobbers) {
    CheckOptions options;
    options.target = Target::X86_64;
    const StatementResult r = check_statement(
        make_statement({"lock cmpxchgq %3, %1"}, {{"=a", "old"}, {"=m", "*p"}}, {{"a", "expected"}, {"r", "desired"}},
                       clobbers),
        options);
    for (const Finding &f : r.findings)
        if (f.rule_id == "write-only-output-read") return f.severity;
    ADD_FAILURE() << "no write-only-output-read finding";
    return Severity::Note;
}

TEST(X86_64MemoryOperands, AnErrorNamingBothOperandsAndTheAssemblersMessage) {
    CheckOptions options;
    options.target = Target::X86_64;
    const StatementResult r = check_statement(
        make_statement({"lock addq %1, %0"}, {{"=m", "ato->value"}}, {{"m", "val"}}, {"memory"}), options);
    EXPECT_EQ(r.could_not_analyse, "");
    ASSERT_EQ(r.findings.size(), 1u);
    EXPECT_EQ(r.findings[0].severity, Severity::Error);
    EXPECT_EQ(r.findings[0].message.rfind("template line 1 takes %0 (ato->value) and %1 (val) from memory", 0), 0u)
        << r.findings[0].message;
    ASSERT_FALSE(r.findings[0].notes.empty());
    EXPECT_EQ(r.findings[0].notes[0].message, "the assembler says: invalid operand for instruction");
}

TEST(X86_64WriteOnlyOutput, MemoryOutputReadIsAWarningWithoutMemoryClobber) {
    EXPECT_EQ(write_only_memory_severity({"cc"}), Severity::Warning);
}

TEST(X86_64WriteOnlyOutput, MemoryOutputReadIsANoteWhenMemoryIsClobbered) {
    EXPECT_EQ(write_only_memory_severity({"cc", "memory"}), Severity::Note);
}

}  // namespace
}  // namespace heisen::asmcheck::testing
