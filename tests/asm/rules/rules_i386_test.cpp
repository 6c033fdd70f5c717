// Every rule on i386, positive and negative. Template line N is source line 10 + N.
#include "rule_case.h"

namespace heisen::asmcheck::testing {
namespace {

const RuleCase kCases[] = {
    {"undeclared_write", {"movl %1, %%eax", "movl %%eax, %0"}, {{"=r", "x"}}, {{"r", "y"}}, {},
     {"undeclared-write"}, 10, "eax", "clobbers: \"eax\""},
    {"undeclared_write_clobbered", {"movl %1, %%eax", "movl %%eax, %0"}, {{"=r", "x"}}, {{"r", "y"}}, {"eax"}, {}},
    {"input_modified", {"incl %0"}, {}, {{"r", "x"}}, {"cc"}, {"input-modified"}, 10, "%0 (x)"},
    {"input_read_write", {"incl %0"}, {{"+r", "x"}}, {}, {"cc"}, {}},
    {"output_not_written", {"testl %1, %1", "jz 1f", "movl $1, %0", "1:"}, {{"=r", "x"}}, {{"r", "y"}}, {"cc"},
     {"output-not-written"}, 14, "%0 (x)"},
    {"output_written", {"movl %1, %0"}, {{"=r", "x"}}, {{"r", "y"}}, {}, {}},
    {"write_only_output_read", {"addl $1, %0"}, {{"=r", "x"}}, {}, {"cc"}, {"write-only-output-read"}, 10, "%0 (x)"},
    {"read_write_output_read", {"addl $1, %0"}, {{"+rm", "x"}}, {}, {"cc"}, {}},
    // A named object is addressed off the stack or frame pointer, never through an output's
    // register: saving ebx in a local around cmpxchg8b (PIC code) is fine.
    {"named_local_after_output_written",
     {"movl %%ebx, %2", "leal %0, %%edi", "movl %7, %%ebx", "lock; cmpxchg8b (%%edi)", "movl %2, %%ebx", "setz %b1"},
     {{"+m", "*addr"}, {"=a", "result"}, {"=m", "saved_ebx"}, {"=d", "dummy"}},
     {{"d", "old_hi"}, {"a", "old_lo"}, {"c", "new_hi"}, {"m", "new_lo"}}, {"edi", "cc", "memory"}, {}},
    // Through pointers, even when registers run short, the compiler forms each address in a
    // register, which may be the output's.
    {"pointer_operand_after_output_written", {"movl $0, %0", "movl %0, %6"},
     {{"=r", "x"}, {"+m", "*p"}, {"+m", "*q"}, {"+m", "*r"}, {"+m", "*s"}, {"+m", "*t"}, {"+m", "*u"}}, {}, {},
     {"address-base-clobbered"}, 10, "%0 (x)"},
    // GCC takes the 64-bit names as clobbers on i386 too ("rdx" is edx): a header shared by both
    // targets declares its scratch register once (glibc's pkey_read clobbers "rdx").
    {"sixty_four_bit_clobber_name", {"rdpkru"}, {{"=a", "result"}}, {{"c", "0"}}, {"rdx"}, {}},
    {"sixty_four_bit_clobber_name_missing", {"rdpkru"}, {{"=a", "result"}}, {{"c", "0"}}, {}, {"undeclared-write"}, 10, "edx"},
    {"unbound_read", {"movl %%esi, %0"}, {{"=r", "x"}}, {}, {}, {"unbound-read"}, 10, "esi"},
    // A pack puts the source's lanes in the high half: read back only through the low half (movd),
    // an unset source is harmless; read back whole, its lanes are the compiler's leftovers.
    {"pack_source_lanes_unused", {"movq %1, %%mm0", "packssdw %%mm1, %%mm0", "movd %%mm0, %k0"}, {{"=r", "x"}},
     {{"m", "v"}}, {"mm0", "mm1", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"}, {}},
    {"pack_source_lanes_used", {"movq %1, %%mm0", "packssdw %%mm1, %%mm0", "movq %%mm0, %0"}, {{"=m", "x"}},
     {{"m", "v"}}, {"mm0", "mm1", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"}, {"unbound-read"}, 11, "mm1"},
    {"pack_xmm_source_lanes_unused", {"movdqu %1, %%xmm0", "packuswb %%xmm1, %%xmm0", "movd %%xmm0, %k0"}, {{"=r", "x"}},
     {{"m", "v"}}, {"xmm0", "xmm1"}, {}},
    {"bound_read", {"movl %%esi, %0"}, {{"=r", "x"}}, {{"S", "y"}}, {}, {}},
    // __ffs64 on i386 from two 32-bit halves: the result is written by the first bsf while
    // the high half is still to be read.
    {"bsf_on_64_bit_halves_buggy", {"bsfl %1, %0", "jnz 1f", "bsfl %2, %0", "addl $32, %0", "1:"}, {{"=r", "bit"}},
     {{"rm", "lo"}, {"rm", "hi"}}, {"cc"}, {"missing-earlyclobber"}, 10, "%0 (bit)", "outputs: \"=&r\" (bit)"},
    {"bsf_on_64_bit_halves", {"bsfl %1, %0", "jnz 1f", "bsfl %2, %0", "addl $32, %0", "1:"}, {{"=&r", "bit"}},
     {{"rm", "lo"}, {"rm", "hi"}}, {"cc"}, {}},
    {"bsr_on_64_bit_halves", {"bsrl %2, %0", "jnz 1f", "bsrl %1, %0", "jmp 2f", "1: addl $32, %0", "2:"},
     {{"=&r", "bit"}}, {{"rm", "lo"}, {"rm", "hi"}}, {"cc"}, {}},
    {"address_base_clobbered", {"movl $0, %0", "addl %1, %0"}, {{"=r", "v"}}, {{"m", "*p"}}, {"cc"},
     {"address-base-clobbered"}, 10, "%0 (v)"},
    {"address_base_safe", {"movl $0, %0", "addl %1, %0"}, {{"=&r", "v"}}, {{"m", "*p"}}, {"cc"}, {}},
    {"missing_memory_clobber", {"movl $1, (%0)"}, {}, {{"r", "p"}}, {}, {"missing-memory-clobber"}, 10, "%0 (p)"},
    {"memory_clobber", {"movl $1, (%0)"}, {}, {{"r", "p"}}, {"memory"}, {}},
    // A system call through the vDSO entry (musl's syscall_arch.h): not a C call; ebx exchanged
    // with an argument register around it and back is preserved.
    {"vsyscall_with_ebx_exchanged", {"xchg %%ebx, %%edx", "call *%%gs:16", "xchg %%ebx, %%edx"}, {{"=a", "ret"}},
     {{"a", "nr"}, {"d", "arg1"}, {"c", "arg2"}}, {"memory"}, {}},
    {"c_call_with_ebx_exchanged", {"xchg %%ebx, %%edx", "call handler", "xchg %%ebx, %%edx"}, {{"=a", "ret"}},
     {{"a", "nr"}, {"d", "arg1"}, {"c", "arg2"}}, {"memory"}, {"escapes-to-function", "undeclared-write"}},
    // Base and index both operands: the pointer is the base's (a count in ecx indexes it).
    {"missing_memory_clobber_names_the_base", {"0: movw -2(%%esi,%%ecx,2), %%ax", "movw %%ax, -2(%%edi,%%ecx,2)", "decl %%ecx", "jnz 0b"},
     {{"+c", "n"}}, {{"S", "src"}, {"D", "dst"}}, {"eax", "cc"}, {"missing-memory-clobber", "missing-memory-clobber"}, 10,
     "%1 (src)"},
    {"flags_note", {"addl %1, %0"}, {{"+r", "x"}}, {{"r", "y"}}, {}, {"flags"}, 10, "cc"},
    {"flags_declared", {"addl %1, %0"}, {{"+r", "x"}}, {{"r", "y"}}, {"cc"}, {}},
    // stack-switch: stack_switch_test.cpp.
    {"escapes_to_function", {"call foo"}, {}, {}, {}, {"escapes-to-function"}, 10, "foo",
     "clobbers: \"eax\", \"ecx\", \"edx\", \"memory\""},
    {"call_declares_caller_saved", {"call foo"}, {}, {}, {"eax", "ecx", "edx", "memory"}, {}},
    {"no_red_zone_on_i386", {"pushfl", "popl %0"}, {{"=r", "flags"}}, {}, {}, {}, 0, "", "", false, true},
    {"stack_imbalance", {"pushl %0"}, {}, {{"r", "x"}}, {}, {"stack-imbalance"}, 10, "esp"},
    {"stack_balanced", {"pushl %1", "popl %0"}, {{"=r", "y"}}, {{"r", "x"}}, {}, {}},
    {"global_label", {"again:", "decl %0", "jnz again"}, {{"+r", "n"}}, {}, {"cc"}, {"global-label"}, 10, "again", "",
     true},
    {"local_label", {"1:", "decl %0", "jnz 1b"}, {{"+r", "n"}}, {}, {"cc"}, {}, 0, "", "", true},
    {"int80_syscall", {"int $0x80"}, {{"=a", "ret"}}, {{"0", "nr"}, {"b", "arg"}}, {"memory"}, {}},
    {"cpuid_buggy", {"cpuid"}, {{"=a", "a"}, {"=b", "b"}, {"=c", "c"}}, {{"0", "leaf"}, {"2", "sub"}}, {},
     {"undeclared-write"}, 10, "edx"},
    {"cpuid", {"cpuid"}, {{"=a", "a"}, {"=b", "b"}, {"=c", "c"}, {"=d", "d"}}, {{"0", "leaf"}, {"2", "sub"}}, {}, {}},
    // PIC code may not clobber ebx: it is kept in an output register around cpuid.
    {"cpuid_pic_keeps_ebx_in_a_register", {"movl %%ebx, %1", "cpuid", "xchgl %%ebx, %1"},
     {{"=a", "a"}, {"=&r", "b"}, {"=c", "c"}, {"=d", "d"}}, {{"0", "leaf"}, {"2", "sub"}}, {}, {}},
    {"cpuid_pic_without_restore", {"movl %%ebx, %1", "cpuid"},
     {{"=a", "a"}, {"=&r", "b"}, {"=c", "c"}, {"=d", "d"}}, {{"0", "leaf"}, {"2", "sub"}}, {},
     {"undeclared-write", "unbound-read"}, 11, "ebx"},
    {"sbb_of_itself_reads_only_carry", {"lock btsl %2, %1", "sbbl %0, %0"}, {{"=r", "old"}, {"+m", "*addr"}},
     {{"Ir", "nr"}}, {"memory", "cc"}, {}},
    {"rdtsc_with_A", {"rdtsc"}, {{"=A", "tsc"}}, {}, {}, {}},
    {"rdmsr_buggy", {"rdmsr"}, {{"=a", "lo"}}, {{"c", "msr"}}, {}, {"undeclared-write"}, 10, "edx"},
    {"wrmsr", {"wrmsr"}, {}, {{"c", "msr"}, {"A", "value"}}, {}, {}},
    {"cmpxchg8b", {"lock cmpxchg8b %1"}, {{"+A", "old"}, {"+m", "*p"}}, {{"b", "new_lo"}, {"c", "new_hi"}}, {"cc"}, {}},
    // "=q" has no register left but may share an input's: GCC gives it ebx or ecx.
    {"cmpxchg8b_sete", {"lock cmpxchg8b %1", "sete %0"}, {{"=q", "ok"}, {"+m", "*p"}, {"+A", "old"}},
     {{"b", "lo"}, {"c", "hi"}}, {"cc"}, {}},
    {"cmpxchg8b_old_value_as_write_only", {"lock cmpxchg8b %1"}, {{"=A", "old"}, {"+m", "*p"}},
     {{"b", "new_lo"}, {"c", "new_hi"}}, {"cc"}, {"write-only-output-read"}, 10, "%0 (old)"},
    {"rep_stos_buggy", {"rep stosl"}, {}, {{"D", "dst"}, {"c", "n"}, {"a", "0"}}, {"memory"},
     {"input-modified", "input-modified"}},
    {"rep_stos", {"rep stosl"}, {{"+D", "dst"}, {"+c", "n"}}, {{"a", "0"}}, {"memory"}, {}},
};

class I386Rules : public ::testing::TestWithParam<RuleCase> {};
TEST_P(I386Rules, Check) { run_rule_case(GetParam(), Target::I386); }
INSTANTIATE_TEST_SUITE_P(Cases, I386Rules, ::testing::ValuesIn(kCases), case_name);

}  // namespace
}  // namespace heisen::asmcheck::testing
