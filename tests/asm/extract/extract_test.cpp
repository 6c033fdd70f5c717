// extract_test.cpp — the extractor on every shape of asm statement, with exact fields.
#include "asm/extract.h"
#include "asm/target_model.h"

#include <gtest/gtest.h>

namespace heisen::asmcheck {
namespace {

ExtractedFile extract(const std::string &text, bool header = false) {
    ExtractOptions options;
    options.is_header = header;
    return extract_asm_statements(text, "t.c", options);
}

const AsmStatement &only(const ExtractedFile &file) {
    EXPECT_EQ(file.statements.size(), 1u);
    EXPECT_TRUE(file.problems.empty()) << (file.problems.empty() ? "" : file.problems[0].reason);
    static const AsmStatement none;
    return file.statements.empty() ? none : file.statements[0];
}

TEST(Extract, ExtendedStatementFields) {
    const ExtractedFile f = extract(
        "void f(long *p, long v) {\n"
        "    __asm__ __volatile__(\"movq %[v], (%[p])\\n\\t\"\n"
        "                         \"incq %0\"\n"
        "                         : \"+r\"(v), [mem] \"=m\"(*p)\n"
        "                         : [p] \"r\"(p), [v] \"ri\"(v + 1)\n"
        "                         : \"cc\", \"memory\");\n"
        "}\n");
    const AsmStatement &s = only(f);
    EXPECT_EQ(s.keyword, "__asm__");
    EXPECT_EQ(s.location.file, "t.c");
    EXPECT_EQ(s.location.line, 2u);
    EXPECT_EQ(s.location.column, 5u);
    EXPECT_TRUE(s.is_volatile);
    EXPECT_FALSE(s.is_inline);
    EXPECT_FALSE(s.is_goto);
    EXPECT_FALSE(s.is_basic);
    EXPECT_FALSE(s.may_be_duplicated);
    EXPECT_EQ(s.template_text, "movq %[v], (%[p])\n\tincq %0");
    ASSERT_EQ(s.template_pieces.size(), 2u);
    EXPECT_EQ(s.template_pieces[0].offset, 0u);
    EXPECT_EQ(s.template_pieces[0].location.line, 2u);
    EXPECT_EQ(s.template_pieces[0].location.column, 26u);
    EXPECT_EQ(s.template_pieces[1].offset, 19u);
    EXPECT_EQ(s.template_pieces[1].location.line, 3u);
    EXPECT_EQ(s.template_pieces[1].location.column, 26u);
    ASSERT_EQ(s.outputs.size(), 2u);
    EXPECT_EQ(s.outputs[0].symbolic_name, "");
    EXPECT_EQ(s.outputs[0].constraint, "+r");
    EXPECT_EQ(s.outputs[0].expression, "v");
    EXPECT_EQ(s.outputs[0].location.line, 4u);
    EXPECT_EQ(s.outputs[0].location.column, 28u);
    EXPECT_EQ(s.outputs[1].symbolic_name, "mem");
    EXPECT_EQ(s.outputs[1].constraint, "=m");
    EXPECT_EQ(s.outputs[1].expression, "*p");
    ASSERT_EQ(s.inputs.size(), 2u);
    EXPECT_EQ(s.inputs[0].symbolic_name, "p");
    EXPECT_EQ(s.inputs[0].expression, "p");
    EXPECT_EQ(s.inputs[1].symbolic_name, "v");
    EXPECT_EQ(s.inputs[1].constraint, "ri");
    EXPECT_EQ(s.inputs[1].expression, "v + 1");
    EXPECT_EQ(s.clobbers, (std::vector<std::string>{"cc", "memory"}));
    EXPECT_TRUE(s.goto_labels.empty());
    EXPECT_TRUE(s.unresolved.empty());
}

TEST(Extract, KeywordsAndQualifiers) {
    const ExtractedFile f = extract(
        "void f(void) {\n"
        "  asm(\"nop\" ::);\n"
        "  __asm volatile inline (\"nop\" : : );\n"
        "  asm __inline__ __volatile (\"nop\" :);\n"
        "}\n");
    ASSERT_EQ(f.statements.size(), 3u);
    EXPECT_EQ(f.statements[0].keyword, "asm");
    EXPECT_FALSE(f.statements[0].is_volatile);
    EXPECT_FALSE(f.statements[0].is_basic);
    EXPECT_EQ(f.statements[1].keyword, "__asm");
    EXPECT_TRUE(f.statements[1].is_volatile);
    EXPECT_TRUE(f.statements[1].is_inline);
    EXPECT_TRUE(f.statements[2].is_inline);
    EXPECT_TRUE(f.statements[2].is_volatile);
}

TEST(Extract, AsmGotoLabels) {
    const ExtractedFile f = extract(
        "int f(int *p) {\n"
        "  asm goto(\"btl $0, %0\\n\\tjc %l[hit]\" : : \"m\"(*p) : \"cc\" : hit, miss);\n"
        "  return 0;\nhit: return 1;\nmiss: return 2;\n}\n");
    const AsmStatement &s = only(f);
    EXPECT_TRUE(s.is_goto);
    EXPECT_TRUE(s.outputs.empty());
    ASSERT_EQ(s.inputs.size(), 1u);
    EXPECT_EQ(s.inputs[0].constraint, "m");
    EXPECT_EQ(s.clobbers, (std::vector<std::string>{"cc"}));
    EXPECT_EQ(s.goto_labels, (std::vector<std::string>{"hit", "miss"}));
}

TEST(Extract, DoubleColonIsTwoEmptySections) {
    const ExtractedFile file = extract("void f(int x) { asm volatile(\"outb %0, $0x80\" :: \"a\"((char)x)); }\n");
    const AsmStatement &s = only(file);
    EXPECT_TRUE(s.outputs.empty());
    ASSERT_EQ(s.inputs.size(), 1u);
    EXPECT_EQ(s.inputs[0].constraint, "a");
    EXPECT_EQ(s.inputs[0].expression, "(char)x");
}

TEST(Extract, CxxScopeInOperandExpression) {
    const ExtractedFile file = extract("void f() { asm(\"incl %0\" : \"+r\"(ns::counter) : : \"cc\"); }\n");
    const AsmStatement &s = only(file);
    ASSERT_EQ(s.outputs.size(), 1u);
    EXPECT_EQ(s.outputs[0].expression, "ns::counter");
    EXPECT_EQ(s.clobbers, (std::vector<std::string>{"cc"}));
}

TEST(Extract, BasicAsmIsFlagged) {
    const ExtractedFile f = extract("asm(\".globl start\\nstart: ret\");\nvoid f(void) { asm volatile(\"cli\"); }\n");
    ASSERT_EQ(f.statements.size(), 2u);
    EXPECT_TRUE(f.statements[0].is_basic);
    EXPECT_EQ(f.statements[0].template_text, ".globl start\nstart: ret");
    EXPECT_TRUE(f.statements[1].is_basic);
    EXPECT_TRUE(f.statements[1].is_volatile);
    EXPECT_EQ(f.statements[1].location.line, 2u);
}

TEST(Extract, EscapesAndPrefixesDecoded) {
    const ExtractedFile file = extract(
        "void f(void) { asm(u8\"a\\tb\\\\c\\\"d\\x41\\101\\n\" R\"x(raw \\n \"q\")x\" : :); }\n");
    const AsmStatement &s = only(file);
    EXPECT_EQ(s.template_text, "a\tb\\c\"dAA\nraw \\n \"q\"");
    EXPECT_TRUE(s.unresolved.empty());
    ASSERT_EQ(s.template_pieces.size(), 2u);
}

TEST(Extract, WideTemplateIsUnresolved) {
    const ExtractedFile file = extract("void f(void) { asm(L\"nop\" : :); }\n");
    const AsmStatement &s = only(file);
    EXPECT_EQ(s.unresolved, (std::vector<std::string>{"the template: wide string literal (prefix L)"}));
}

TEST(Extract, CommentsStringsAndCharactersDoNotConfuse) {
    const ExtractedFile f = extract(
        "// asm(\"nop\" : : );\n"
        "/* asm volatile(\"nop\" ::); */\n"
        "const char *s = \"asm(\\\"nop\\\" ::)\";\n"
        "const char *r = R\"(asm(\"nop\" ::))\";\n"
        "char c = '\"'; char d = '\\''; int n = 1'000;\n"
        "int asm_count, my_asm, __asm_x;\n"
        "void f(void) { asm_count++; my_asm = 1; asm(/* ) : */ \"nop\" // :\n"
        " : : \"r\"(my_asm)); }\n");
    const AsmStatement &s = only(f);
    EXPECT_EQ(s.location.line, 7u);
    EXPECT_EQ(s.template_text, "nop");
    ASSERT_EQ(s.inputs.size(), 1u);
    EXPECT_EQ(s.inputs[0].expression, "my_asm");
}

TEST(Extract, IfZeroBlocksAreSkippedWithNesting) {
    const ExtractedFile f = extract(
        "#if 0\n"
        "asm(\"dead\" : :);\n"
        "#if 1\n asm(\"dead too\" : :);\n#endif\n"
        "it's prose with an apostrophe\n"
        "#else\n"
        "void f(void) { asm(\"live\" : :); }\n"
        "#endif\n"
        "#if 1\nvoid g(void) { asm(\"one\" : :); }\n#else\nvoid g(void) { asm(\"other\" : :); }\n#endif\n"
        "#ifdef X\nvoid h(void) { asm(\"maybe\" : :); }\n#endif\n");
    ASSERT_EQ(f.statements.size(), 3u);
    EXPECT_EQ(f.statements[0].template_text, "live");
    EXPECT_EQ(f.statements[1].template_text, "one");
    EXPECT_EQ(f.statements[2].template_text, "maybe");
    EXPECT_TRUE(f.problems.empty());
}

ExtractedFile extract_for(const std::string &text, const PredefinedMacros &macros) {
    ExtractOptions options;
    options.target_macros = &macros;
    return extract_asm_statements(text, "t.c", options);
}

std::vector<std::string> templates(const ExtractedFile &f) {
    std::vector<std::string> out;
    for (const AsmStatement &s : f.statements) out.push_back(s.template_text);
    return out;
}

TEST(Extract, ArchitectureConditionalsFollowTheTarget) {
    const std::string text =
        "#if defined(__x86_64__) || defined(__amd64__)\n"
        "void a(void) { asm(\"x86_64\" : :); }\n"
        "#elif defined __i386__\n"
        "void a(void) { asm(\"i386\" : :); }\n"
        "#elif defined(__riscv) && !defined(__mips__) /* comment */\n"
        "void a(void) { asm(\"riscv\" : :); }\n"
        "#else\n"
        "void a(void) { asm(\"other\" : :); }\n"
        "#endif\n"
        "#ifdef __aarch64__\n void b(void) { asm(\"arm\" : :); }\n#endif\n"
        "#ifndef CONFIG_X\n void c(void) { asm(\"config\" : :); }\n#endif\n"
        "#if __GNUC__ >= 4 && defined(__x86_64__)\n void d(void) { asm(\"unknown\" : :); }\n#endif\n";
    EXPECT_EQ(templates(extract_for(text, predefined_macros(Target::X86_64))),
              (std::vector<std::string>{"x86_64", "config", "unknown"}));
    EXPECT_EQ(templates(extract_for(text, predefined_macros(Target::I386))), (std::vector<std::string>{"i386", "config"}));
    EXPECT_EQ(templates(extract_for(text, predefined_macros(Target::RISCV64))), (std::vector<std::string>{"riscv", "config"}));
    // Without target macros only literal conditions are decided: every branch is live.
    EXPECT_EQ(templates(extract(text)).size(), 7u);
}

TEST(Extract, MacrosTheFileDefinesFromArchitectureMacros) {
    const std::string text =
        "#undef PLAT_mips\n#undef PLAT_amd64\n"
        "#if defined(__linux__) && defined(__x86_64__)\n#define PLAT_amd64 1\n"
        "#elif defined(__linux__) && defined(__mips__)\n#define PLAT_mips 1\n#endif\n"
        "#define ALWAYS 1\n"
        "#if defined(PLAT_amd64)\nvoid a(void) { asm(\"amd64\" : :); }\n#endif\n"
        "#if defined(PLAT_mips)\nvoid b(void) { asm(\"mips\" : :); }\n#endif\n"
        "#ifndef ALWAYS\nvoid c(void) { asm(\"never\" : :); }\n#endif\n";
    EXPECT_EQ(templates(extract_for(text, predefined_macros(Target::X86_64))), (std::vector<std::string>{"amd64"}));
}

TEST(Extract, IncludeGuardCountsAsTaken) {
    const std::string guarded =
        "/* x.h */\n#ifndef X_H\n#define X_H\n#undef PLAT_mips\n"
        "#if defined(__mips__)\n#define PLAT_mips 1\n#endif\n"
        "#ifdef PLAT_mips\nvoid b(void) { asm(\"mips\" : :); }\n#endif\n"
        "void a(void) { asm(\"kept\" : :); }\n#endif\n";
    EXPECT_EQ(templates(extract_for(guarded, predefined_macros(Target::X86_64))), (std::vector<std::string>{"kept"}));
    // Not a guard (no matching #define): its #else stays live.
    const std::string config =
        "#ifndef CONFIG_SMP\nvoid a(void) { asm(\"up\" : :); }\n#else\nvoid a(void) { asm(\"smp\" : :); }\n#endif\n";
    EXPECT_EQ(templates(extract_for(config, predefined_macros(Target::X86_64))), (std::vector<std::string>{"up", "smp"}));
}

TEST(Extract, UnknownBranchThenKnownFalseElif) {
    const std::string text =
        "#if CONFIG_A\nvoid a(void) { asm(\"a\" : :); }\n"
        "#elif defined(__riscv)\nvoid a(void) { asm(\"riscv\" : :); }\n"
        "#else\nvoid a(void) { asm(\"else\" : :); }\n#endif\n";
    EXPECT_EQ(templates(extract_for(text, predefined_macros(Target::X86_64))), (std::vector<std::string>{"a", "else"}));
}

TEST(Extract, MacroBodyWithContinuationsAndParameters) {
    const ExtractedFile f = extract(
        "#define SWITCH_TO(prev, next)                 \\\n"
        "    asm volatile(\"movq %%rsp, %0\\n\\t\"         \\\n"
        "                 \"movq %1, %%rsp\"             \\\n"
        "                 : \"=m\"(prev->sp)              \\\n"
        "                 : \"m\"(next->sp))\n"
        "void f(void) {}\n");
    const AsmStatement &s = only(f);
    EXPECT_TRUE(s.may_be_duplicated);
    EXPECT_EQ(s.enclosing_macro, "SWITCH_TO");
    EXPECT_EQ(s.location.line, 2u);
    EXPECT_EQ(s.location.column, 5u);
    EXPECT_EQ(s.template_text, "movq %%rsp, %0\n\tmovq %1, %%rsp");
    ASSERT_EQ(s.template_pieces.size(), 2u);
    EXPECT_EQ(s.template_pieces[1].location.line, 3u);
    EXPECT_EQ(s.template_pieces[1].location.column, 18u);
    ASSERT_EQ(s.outputs.size(), 1u);
    EXPECT_EQ(s.outputs[0].expression, "prev->sp");
    EXPECT_EQ(s.outputs[0].location.line, 4u);
    ASSERT_EQ(s.inputs.size(), 1u);
    EXPECT_EQ(s.inputs[0].expression, "next->sp");
}

TEST(Extract, StringizedMacroArgumentIsUnresolved) {
    const ExtractedFile file = extract("#define READ_CSR(reg, v) asm volatile(\"csrr %0, \" #reg : \"=r\"(v))\n");
    const AsmStatement &s = only(file);
    EXPECT_EQ(s.enclosing_macro, "READ_CSR");
    EXPECT_EQ(s.unresolved, (std::vector<std::string>{"the template uses the stringized macro argument '#reg'"}));
}

TEST(Extract, TemplateFromMacroParameterIsUnresolved) {
    const ExtractedFile file = extract("#define ALT(insn) asm(insn : : : \"memory\")\n");
    const AsmStatement &s = only(file);
    EXPECT_EQ(s.unresolved, (std::vector<std::string>{"the template comes from the macro argument 'insn'"}));
}

TEST(Extract, TemplateFromUnknownMacroIsUnresolved) {
    const ExtractedFile file = extract("void f(void) { asm(LOCK_PREFIX \"incl %0\" : \"+m\"(x)); }\n");
    const AsmStatement &s = only(file);
    EXPECT_EQ(s.unresolved,
              (std::vector<std::string>{"the template uses the macro 'LOCK_PREFIX', which is not defined in this file"}));
}

TEST(Extract, TemplateFromNonLiteralTokensIsUnresolved) {
    const ExtractedFile file = extract("void f(void) { asm(1 + 2 : :); }\n");
    const AsmStatement &s = only(file);
    EXPECT_EQ(s.unresolved, (std::vector<std::string>{"the template is not a string literal (at '1')"}));
}

TEST(Extract, StringMacroInTheSameFileIsExpanded) {
    const ExtractedFile file = extract(
        "#define LOCK \"lock; \"\n"
        "#define SAVE LOCK \"push %%rbx\\n\"\n"
        "void f(int *p) { asm(SAVE \"incl %0\" : \"+m\"(*p)); }\n");
    const AsmStatement &s = only(file);
    EXPECT_TRUE(s.unresolved.empty());
    EXPECT_EQ(s.template_text, "lock; push %%rbx\nincl %0");
    ASSERT_EQ(s.template_pieces.size(), 3u);
    EXPECT_EQ(s.template_pieces[0].location.line, 1u);  // where LOCK's literal is written
    EXPECT_EQ(s.template_pieces[1].location.line, 2u);
    EXPECT_EQ(s.template_pieces[2].location.line, 3u);
}

TEST(Extract, ClobberListMacroInTheSameFileIsSpliced) {
    const ExtractedFile file = extract(
        "#define CALLER_SAVED /* \"rax\", */ \"rcx\", \"rdx\", MORE\n"
        "#define MORE \"r8\"\n"
        "void f(long x) { asm volatile(\"call g\" : \"+a\"(x) : : CALLER_SAVED, \"memory\"); }\n");
    const AsmStatement &s = only(file);
    EXPECT_TRUE(s.unresolved.empty());
    EXPECT_EQ(s.clobbers, (std::vector<std::string>{"rcx", "rdx", "r8", "memory"}));
}

TEST(Extract, OperandFromMacroIsUnresolved) {
    const ExtractedFile file = extract("void f(void) { asm(\"call foo\" : ASM_CALL_CONSTRAINT); }\n");
    const AsmStatement &s = only(file);
    ASSERT_EQ(s.unresolved.size(), 1u);
    EXPECT_EQ(s.unresolved[0],
              "output operand 1 is not of the form \"constraint\" (expression) (macro 'ASM_CALL_CONSTRAINT'?)");
}

TEST(Extract, InlineFunctionsAndHeadersMayBeDuplicated) {
    const ExtractedFile f = extract(
        "static inline void a(void) { asm(\"1:\" : :); }\n"
        "static __always_inline void b(void) { if (1) { asm(\"x:\" : :); } }\n"
        "void c(void) { asm(\"y:\" : :); }\n"
        "struct S { void m() { asm(\"z:\" : :); } };\n"
        "template <class T> void t(T) { asm(\"w:\" : :); }\n");
    ASSERT_EQ(f.statements.size(), 5u);
    EXPECT_TRUE(f.statements[0].may_be_duplicated);
    EXPECT_TRUE(f.statements[1].may_be_duplicated);
    EXPECT_FALSE(f.statements[2].may_be_duplicated);
    EXPECT_TRUE(f.statements[3].may_be_duplicated);
    EXPECT_TRUE(f.statements[4].may_be_duplicated);
    EXPECT_TRUE(f.statements[0].enclosing_macro.empty());

    const ExtractedFile h = extract("void c(void) { asm(\"y:\" : :); }\n", /*header=*/true);
    ASSERT_EQ(h.statements.size(), 1u);
    EXPECT_TRUE(h.statements[0].may_be_duplicated);
}

TEST(Extract, AsmLabelsOfDeclarationsAreNotStatements) {
    const ExtractedFile f = extract(
        "int renamed(void) asm(\"other_name\");\n"
        "extern int counter __asm__(\"real_counter\");\n"
        "void f(long v) {\n"
        "  register long r10 asm(\"r10\") = v;\n"
        "  if (v) asm volatile(\"syscall\" : \"+r\"(r10) : : \"rcx\", \"r11\");\n"
        "  else asm(\"nop\" : :);\n"
        "}\n");
    ASSERT_EQ(f.statements.size(), 2u);
    EXPECT_EQ(f.statements[0].template_text, "syscall");
    EXPECT_EQ(f.statements[0].clobbers, (std::vector<std::string>{"rcx", "r11"}));
    EXPECT_EQ(f.statements[1].template_text, "nop");
}

// The register a register variable names, as written, whether a string or a macro naming it;
// a variable merely named like a register is no register variable.
TEST(Extract, RegisterVariablesBindTheirOperands) {
    const ExtractedFile f = extract(
        "void f(long v) {\n"
        "  register long r10 asm(\"r10\") = v;\n"
        "  register void *sp __asm__(STACK_REG);\n"
        "  long ecx = v;\n"
        "  asm volatile(\"syscall\" : \"+r\"(r10), \"=r\"(sp) : \"r\"(ecx) : \"rcx\", \"r11\");\n"
        "}\n");
    const AsmStatement &s = only(f);
    ASSERT_EQ(s.outputs.size(), 2u);
    EXPECT_EQ(s.outputs[0].register_variable, "r10");
    EXPECT_EQ(s.outputs[1].register_variable, "STACK_REG");
    ASSERT_EQ(s.inputs.size(), 1u);
    EXPECT_EQ(s.inputs[0].register_variable, "");
}

// In a macro too: the declaration comes before the asm keyword in the body (glibc's riscv
// internal_syscall macros, CURRENT_STACK_FRAME).
TEST(Extract, RegisterVariablesInAMacroBody) {
    const ExtractedFile f = extract(
        "#define SYSCALL0(nr) ({ long r_; { \\\n"
        "    register long a7_ asm(\"a7\") = (nr); register long a0_ asm(\"a0\"); \\\n"
        "    asm volatile(\"ecall\" : \"=r\"(a0_) : \"r\"(a7_) : \"memory\"); r_ = a0_; } r_; })\n");
    const AsmStatement &s = only(f);
    ASSERT_EQ(s.outputs.size(), 1u);
    EXPECT_EQ(s.outputs[0].register_variable, "a0");
    ASSERT_EQ(s.inputs.size(), 1u);
    EXPECT_EQ(s.inputs[0].register_variable, "a7");
}

TEST(Extract, StatementExpressionInMacro) {
    const ExtractedFile f = extract(
        "#define rdtsc() ({ unsigned lo, hi; \\\n"
        "    asm volatile(\"rdtsc\" : \"=a\"(lo), \"=d\"(hi)); \\\n"
        "    ((unsigned long)hi << 32) | lo; })\n");
    const AsmStatement &s = only(f);
    EXPECT_EQ(s.enclosing_macro, "rdtsc");
    ASSERT_EQ(s.outputs.size(), 2u);
    EXPECT_EQ(s.outputs[1].constraint, "=d");
    EXPECT_EQ(s.location.line, 2u);
}

TEST(Extract, UnterminatedStringIsOneProblemAndTheRestIsChecked) {
    const ExtractedFile f = extract(
        "const char *bad = \"no end;\n"
        "void f(void) { asm(\"nop\" : :); }\n");
    ASSERT_EQ(f.statements.size(), 1u);
    EXPECT_EQ(f.statements[0].location.line, 2u);
    ASSERT_EQ(f.problems.size(), 1u);
    EXPECT_EQ(f.problems[0].reason, "unterminated string literal");
    EXPECT_EQ(f.problems[0].location.line, 1u);
    EXPECT_EQ(f.problems[0].location.column, 19u);
}

TEST(Extract, UnterminatedTemplateMakesTheStatementUnresolved) {
    const ExtractedFile f = extract("void f(void) { asm(\"nop : :);\n}\nvoid g(void) { asm(\"pause\" : :); }\n");
    ASSERT_GE(f.statements.size(), 1u);
    EXPECT_EQ(f.statements.back().template_text, "pause");
    EXPECT_TRUE(f.statements.back().unresolved.empty());
    bool reported = false;
    for (const ExtractProblem &p : f.problems) reported |= p.reason == "unterminated string literal";
    for (const AsmStatement &s : f.statements)
        for (const std::string &r : s.unresolved) reported |= r == "the template: unterminated string literal";
    EXPECT_TRUE(reported);
}

TEST(Extract, UnterminatedCommentStopsTheFileWithOneProblem) {
    const ExtractedFile f = extract("void f(void) { asm(\"nop\" : :); }\n/* never closed\nasm(\"x\" : :);\n");
    ASSERT_EQ(f.statements.size(), 1u);
    ASSERT_EQ(f.problems.size(), 1u);
    EXPECT_EQ(f.problems[0].reason, "unterminated /* comment; the rest of the file is not checked");
    EXPECT_EQ(f.problems[0].location.line, 2u);
    EXPECT_EQ(f.problems[0].location.column, 1u);
}

TEST(Extract, UnbalancedParenthesesAreUnresolvedAndLaterStatementsFound) {
    const ExtractedFile f = extract("#define BAD asm(\"nop\" : : \"r\"(x)\nvoid f(void) { asm(\"pause\" : :); }\n");
    ASSERT_EQ(f.statements.size(), 2u);
    EXPECT_EQ(f.statements[0].enclosing_macro, "BAD");
    EXPECT_EQ(f.statements[0].unresolved,
              (std::vector<std::string>{"unbalanced parentheses: no ')' closes this asm statement before the end of the macro"}));
    EXPECT_TRUE(f.statements[1].unresolved.empty());

    const ExtractedFile g = extract("void f(void) { asm(\"nop\" : : \"r\"(x); }\n");
    ASSERT_EQ(g.statements.size(), 1u);
    EXPECT_EQ(g.statements[0].unresolved,
              (std::vector<std::string>{"unbalanced parentheses: no ')' closes this asm statement"}));
}

TEST(Extract, BinaryAndNonUtf8FilesAreOneProblem) {
    const ExtractedFile bin = extract(std::string("asm(\"nop\" : :);\n\x7f" "ELF\0\1", 22));
    EXPECT_TRUE(bin.statements.empty());
    ASSERT_EQ(bin.problems.size(), 1u);
    EXPECT_EQ(bin.problems[0].reason, "binary file (NUL byte), not C or C++ source");
    EXPECT_EQ(bin.problems[0].location.line, 2u);
    EXPECT_EQ(bin.problems[0].location.column, 5u);

    const ExtractedFile latin1 = extract("// caf\xe9\nvoid f(void) { asm(\"nop\" : :); }\n");
    EXPECT_TRUE(latin1.statements.empty());
    ASSERT_EQ(latin1.problems.size(), 1u);
    EXPECT_EQ(latin1.problems[0].reason, "not valid UTF-8 (byte 0xe9); convert the file to UTF-8");
    EXPECT_EQ(latin1.problems[0].location.line, 1u);
    EXPECT_EQ(latin1.problems[0].location.column, 7u);

    const ExtractedFile utf8 = extract("\xEF\xBB\xBF// caf\xc3\xa9\nvoid f(void) { asm(\"nop\" : :); }\n");
    ASSERT_EQ(utf8.statements.size(), 1u);
    EXPECT_TRUE(utf8.problems.empty());
    EXPECT_EQ(utf8.statements[0].location.column, 16u);
}

TEST(Extract, ErrorDirectiveApostropheIsNotALiteral) {
    const ExtractedFile f = extract("#error don't build this\n#include <it's.h>\nvoid f(void) { asm(\"nop\" : :); }\n");
    EXPECT_EQ(f.statements.size(), 1u);
    EXPECT_TRUE(f.problems.empty());
}

TEST(Extract, MacroExpansionHasABudget) {
    std::string text;
    for (char m = 'A'; m < 'H'; ++m) {  // A names B ten times, B names C ten times, …
        text += std::string("#define ") + m;
        for (int k = 0; k < 10; ++k) text += std::string(" ") + static_cast<char>(m + 1);
        text += "\n";
    }
    text += "#define H \"nop\"\nvoid f(void) { asm(A : :); }\n";
    const ExtractedFile file = extract(text);
    const AsmStatement &s = only(file);
    EXPECT_EQ(s.unresolved, (std::vector<std::string>{"the template expands macros to more than 4096 tokens"}));
}

TEST(Extract, UnterminatedRawStringIsOneProblem) {
    const ExtractedFile f = extract("const char *r = R\"x(never closed;\nvoid f(void) { asm(\"nop\" : :); }\n");
    ASSERT_EQ(f.statements.size(), 1u);
    ASSERT_EQ(f.problems.size(), 1u);
    EXPECT_EQ(f.problems[0].reason, "unterminated raw string literal");
    EXPECT_EQ(f.problems[0].location.column, 17u);
}

TEST(Extract, HeaderFileNames) {
    EXPECT_TRUE(is_header_file_name("a/b.h"));
    EXPECT_TRUE(is_header_file_name("x.hpp"));
    EXPECT_TRUE(is_header_file_name("x.inl"));
    EXPECT_FALSE(is_header_file_name("x.c"));
    EXPECT_FALSE(is_header_file_name("h"));
}

}  // namespace
}  // namespace heisen::asmcheck
