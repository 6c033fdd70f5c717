// Every rule that applies to riscv64, positive and negative. Template line N is source line 10 + N.
#include "rule_case.h"

namespace heisen::asmcheck::testing {
namespace {

const std::vector<std::string> kCallerSaved = {"ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1",
                                               "a2", "a3", "a4", "a5", "a6", "a7", "memory"};

const RuleCase kCases[] = {
    {"undeclared_write", {"li t0, 1", "add %0, %1, t0"}, {{"=r", "x"}}, {{"r", "y"}}, {},
     {"undeclared-write"}, 10, "t0", "clobbers: \"t0\""},
    {"undeclared_write_clobbered", {"li t0, 1", "add %0, %1, t0"}, {{"=r", "x"}}, {{"r", "y"}}, {"t0"}, {}},
    {"undeclared_write_saved_on_stack",
     {"addi sp, sp, -16", "sd s1, 0(sp)", "li s1, 5", "mv %0, s1", "ld s1, 0(sp)", "addi sp, sp, 16"},
     {{"=r", "x", "", "a0"}}, {}, {}, {}},
    // Saved and restored, but "=r" may be given s1 itself: the load then overwrites the result.
    {"output_in_a_temporarily_changed_register",
     {"addi sp, sp, -16", "sd s1, 0(sp)", "li s1, 5", "mv %0, s1", "ld s1, 0(sp)", "addi sp, sp, 16"},
     {{"=r", "x"}}, {}, {}, {"undeclared-write"}, 13, "s1"},
    {"input_modified", {"addi %0, %0, 1"}, {}, {{"r", "x"}}, {}, {"input-modified"}, 10, "%0 (x)"},
    {"input_read_write", {"addi %0, %0, 1"}, {{"+r", "x"}}, {}, {}, {}},
    {"output_not_written", {"beqz %1, 1f", "li %0, 1", "1:"}, {{"=r", "x"}}, {{"r", "y"}}, {},
     {"output-not-written"}, 13, "%0 (x)", "outputs: \"+r\" (x)"},
    {"output_written_on_every_path", {"seqz %0, %1", "bnez %0, 1f", "li %0, 7", "1:"}, {{"=r", "x"}}, {{"r", "y"}},
     {}, {}},
    {"write_only_output_read", {"addi %0, %0, 1"}, {{"=r", "x"}}, {}, {}, {"write-only-output-read"}, 10, "%0 (x)"},
    {"write_only_memory_output_read", {"lw t0, %0", "addi t0, t0, 1", "sw t0, %0"}, {{"=m", "x"}}, {}, {"t0"},
     {"write-only-output-read"}, 10, "%0 (x)", "outputs: \"+m\" (x)"},
    {"two_memory_operands", {"sd %1, %0"}, {{"=m", "*dst"}}, {{"m", "*src"}}, {}, {"memory-operands"}, 0, "%0 (*dst)"},
    {"unbound_read", {"mv %0, t1"}, {{"=r", "x"}}, {}, {}, {"unbound-read"}, 10, "t1"},
    {"bound_read", {"mv %0, %1"}, {{"=r", "x"}}, {{"r", "y"}}, {}, {}},
    {"missing_earlyclobber", {"li %0, 0", "add %0, %0, %1", "add %0, %0, %2"}, {{"=r", "sum"}},
     {{"r", "a"}, {"r", "b"}}, {}, {"missing-earlyclobber", "missing-earlyclobber"}, 10, "%0 (sum)",
     "outputs: \"=&r\" (sum)"},
    {"earlyclobber_declared", {"li %0, 0", "add %0, %0, %1", "add %0, %0, %2"}, {{"=&r", "sum"}},
     {{"r", "a"}, {"r", "b"}}, {}, {}},
    {"address_base_clobbered", {"li %0, 1", "sw %0, %1"}, {{"=r", "v"}, {"=m", "*p"}}, {}, {},
     {"address-base-clobbered"}, 10, "%0 (v)"},
    {"address_base_safe", {"li %0, 1", "sw %0, %1"}, {{"=&r", "v"}, {"=m", "*p"}}, {}, {}, {}},
    // Compare-and-swap with lr/sc: the loaded value is written before the inputs are used.
    {"lr_sc_cas_buggy", {"1: lr.w %0, %2", "bne %0, %3, 2f", "sc.w %1, %4, %2", "bnez %1, 1b", "2:"},
     {{"=r", "prev"}, {"=&r", "rc"}, {"+A", "*p"}}, {{"r", "old"}, {"r", "new"}}, {"memory"},
     {"missing-earlyclobber", "missing-earlyclobber", "address-base-clobbered"}, 10, "%0 (prev)"},
    {"lr_sc_cas", {"1: lr.w %0, %2", "bne %0, %3, 2f", "sc.w %1, %4, %2", "bnez %1, 1b", "2:"},
     {{"=&r", "prev"}, {"=&r", "rc"}, {"+A", "*p"}}, {{"r", "old"}, {"r", "new"}}, {"memory"}, {}},
    {"lr_sc_scratch_undeclared", {"1: lr.d %0, %1", "sc.d t0, %2, %1", "bnez t0, 1b"},
     {{"=&r", "prev"}, {"+A", "*p"}}, {{"r", "new"}}, {"memory"}, {"undeclared-write"}, 11, "t0"},
    {"amoswap", {"amoswap.w.aq %0, %2, %1"}, {{"=r", "old"}, {"+A", "*p"}}, {{"r", "new"}}, {"memory"}, {}},
    {"missing_memory_clobber", {"sw zero, 0(%0)"}, {}, {{"r", "p"}}, {}, {"missing-memory-clobber"}, 10, "%0 (p)"},
    {"memory_clobber", {"sw zero, 0(%0)"}, {}, {{"r", "p"}}, {"memory"}, {}},
    {"no_flags_on_riscv", {"add %0, %0, %1"}, {{"+r", "x"}}, {{"r", "y"}}, {}, {}},
    // stack-switch: stack_switch_test.cpp.
    {"escapes_to_function", {"call foo"}, {}, {{"r", "x"}}, {}, {"escapes-to-function"}, 10, "foo"},
    {"call_declares_caller_saved", {"call foo"}, {}, {}, kCallerSaved, {}},
    {"no_red_zone_on_riscv", {"addi sp, sp, -16", "sd ra, 0(sp)", "ld ra, 0(sp)", "addi sp, sp, 16"}, {}, {}, {},
     {}, 0, "", "", false, true},
    {"stack_imbalance", {"addi sp, sp, -16"}, {}, {}, {}, {"stack-imbalance"}, 10, "sp"},
    {"stack_balanced", {"addi sp, sp, -16", "addi sp, sp, 16"}, {}, {}, {}, {}},
    {"global_label", {"retry:", "lr.w %0, %1", "bnez %0, retry"}, {{"=&r", "v"}, {"+A", "*p"}}, {}, {"memory"},
     {"global-label"}, 10, "retry", "", true},
    {"local_label", {"1:", "lr.w %0, %1", "bnez %0, 1b"}, {{"=&r", "v"}, {"+A", "*p"}}, {}, {"memory"}, {}, 0, "",
     "", true},
    {"csrr", {"csrr %0, mstatus"}, {{"=r", "x"}}, {}, {}, {}},
    {"csrw", {"csrw mtvec, %0"}, {}, {{"r", "x"}}, {"memory"}, {}},
    {"csrs_immediate", {"csrsi sstatus, %0"}, {}, {{"K", "2"}}, {}, {}},
    {"csr_swap_into_input", {"csrrw %0, mscratch, %0"}, {}, {{"r", "x"}}, {}, {"input-modified"}, 10, "%0 (x)"},
    {"ecall", {"ecall"}, {{"+r", "a0", "", "a0"}}, {{"r", "a7", "", "a7"}}, {"memory"}, {}},
    {"ecall_result_in_input", {"ecall"}, {}, {{"r", "a0", "", "a0"}, {"r", "a7", "", "a7"}}, {"memory"},
     {"input-modified"}, 10, "%0 (a0)"},
    // Variables only named like the registers: nothing binds a0 and a7.
    {"ecall_with_variables_named_like_registers", {"ecall"}, {{"+r", "a0"}}, {{"r", "a7"}}, {"memory"},
     {"undeclared-write", "unbound-read"}, 10, "a0"},
};

class Riscv64Rules : public ::testing::TestWithParam<RuleCase> {};
TEST_P(Riscv64Rules, Check) { run_rule_case(GetParam(), Target::RISCV64); }
INSTANTIATE_TEST_SUITE_P(Cases, Riscv64Rules, ::testing::ValuesIn(kCases), case_name);

}  // namespace
}  // namespace heisen::asmcheck::testing
