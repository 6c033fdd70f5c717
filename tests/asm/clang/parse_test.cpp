// parse_test.cpp — what Clang's parsed program gives each asm statement: exact fields.
#include "asm_clang/parse_with_clang.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "asm_clang/clang_arguments.h"
#include "asm_clang/parse_isolated.h"
#include "asm_clang/translation_unit_codec.h"

namespace heisen::asmcheck {
namespace {

namespace fs = std::filesystem;

class Parse : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("heisen-asm-parse-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string &name, const std::string &text) {
        const fs::path p = dir_ / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p) << text;
        return p.string();
    }

    ParsedTranslationUnit parse(const std::string &file, std::vector<std::string> command = {"gcc", "-c"}) {
        command.push_back(file);
        return parse_with_clang(clang_arguments(command, file).arguments);
    }

    fs::path dir_;
};

const ParsedStatement *at_line(const ParsedTranslationUnit &unit, unsigned line) {
    for (const ParsedStatement &p : unit.statements)
        if (p.statement.location.line == line) return &p;
    return nullptr;
}

TEST_F(Parse, MacroFromAnotherFileIsExpandedWithBothLocations) {
    const std::string header = write("lock.h",
                                     "#define LOCK_PREFIX \"lock; \"\n"
                                     "#define XADD(p, v) asm volatile(LOCK_PREFIX \"xaddl %0, %1\" \\\n"
                                     "                               : \"+r\"(v), \"+m\"(*(p)) : : \"memory\")\n");
    const std::string source = write("use.c",
                                     "#include \"lock.h\"\n"
                                     "int add(int *p, int v) {\n"
                                     "    XADD(p, v);\n"
                                     "    return v;\n"
                                     "}\n");
    const ParsedTranslationUnit unit = parse(source);
    EXPECT_EQ(unit.error_count, 0u) << (unit.errors.empty() ? "" : unit.errors[0]);
    ASSERT_EQ(unit.statements.size(), 1u);
    const ParsedStatement &p = unit.statements[0];
    const AsmStatement &s = p.statement;
    EXPECT_EQ(s.location.file, header);
    EXPECT_EQ(s.location.line, 2u);
    EXPECT_EQ(s.location.column, 20u);
    EXPECT_EQ(s.keyword, "asm");
    EXPECT_EQ(s.enclosing_macro, "XADD");
    EXPECT_TRUE(s.is_volatile);
    EXPECT_TRUE(s.may_be_duplicated);
    EXPECT_EQ(p.expansion.file, source);
    EXPECT_EQ(p.expansion.line, 3u);
    EXPECT_EQ(p.expansion.column, 5u);
    EXPECT_EQ(s.template_text, "lock; xaddl %0, %1");
    ASSERT_EQ(s.template_pieces.size(), 2u);
    EXPECT_EQ(s.template_pieces[0].offset, 0u);
    EXPECT_EQ(s.template_pieces[0].location.line, 1u);  // "lock; " in #define LOCK_PREFIX
    EXPECT_EQ(s.template_pieces[0].location.column, 21u);
    EXPECT_EQ(s.template_pieces[1].offset, 6u);
    EXPECT_EQ(s.template_pieces[1].location.line, 2u);
    EXPECT_EQ(s.template_pieces[1].location.column, 45u);
    ASSERT_EQ(s.outputs.size(), 2u);
    EXPECT_EQ(s.outputs[0].constraint, "+r");
    EXPECT_EQ(s.outputs[0].expression, "v");
    EXPECT_EQ(s.outputs[0].c_type, "int");
    EXPECT_EQ(s.outputs[0].type_size, 4u);
    EXPECT_EQ(s.outputs[0].location.line, 3u);
    EXPECT_EQ(s.outputs[1].expression, "*(p)");
    EXPECT_EQ(s.outputs[1].type_size, 4u);
    EXPECT_EQ(s.clobbers, std::vector<std::string>{"memory"});
    EXPECT_EQ(unit.files, (std::vector<std::string>{source, header}));
}

TEST_F(Parse, TypesRegisterVariablesConstantsAndLabels) {
    const std::string source = write("k.c",
                                     "typedef signed char int8_t;\n"
                                     "struct lock { int8_t held; };\n"
                                     "enum { SHIFT = 3 };\n"
                                     "int f(struct lock *l, short s, long v) {\n"
                                     "    register long r10 asm(\"r10\") = v;\n"
                                     "    register long ecx = v;\n"
                                     "    asm volatile(\"lock decq %0\" : \"+m\"(l->held));\n"
                                     "    asm(\"shl %1, %0\" : \"+r\"(s) : \"i\"(SHIFT * 2), \"r\"(r10), \"r\"(ecx));\n"
                                     "    asm goto(\"jmp %l0\" : : : : out);\n"
                                     "    return 0;\n"
                                     "out:\n"
                                     "    return 1;\n"
                                     "}\n");
    const ParsedTranslationUnit unit = parse(source);
    EXPECT_EQ(unit.error_count, 0u) << (unit.errors.empty() ? "" : unit.errors[0]);
    ASSERT_EQ(unit.statements.size(), 3u);
    const ParsedStatement *dec = at_line(unit, 7);
    ASSERT_TRUE(dec);
    EXPECT_EQ(dec->statement.outputs[0].c_type, "int8_t");
    EXPECT_EQ(dec->statement.outputs[0].type_size, 1u);
    EXPECT_EQ(dec->statement.outputs[0].expression, "l->held");
    EXPECT_FALSE(dec->statement.may_be_duplicated);
    const ParsedStatement *shl = at_line(unit, 8);
    ASSERT_TRUE(shl);
    EXPECT_EQ(shl->statement.outputs[0].type_size, 2u);
    EXPECT_EQ(shl->statement.inputs[0].constant_value, "6");
    EXPECT_EQ(shl->statement.inputs[1].register_variable, "r10");
    EXPECT_EQ(shl->statement.inputs[2].register_variable, "");  // named like a register, but a variable
    const ParsedStatement *jump = at_line(unit, 9);
    ASSERT_TRUE(jump);
    EXPECT_TRUE(jump->statement.is_goto);
    EXPECT_EQ(jump->statement.goto_labels, std::vector<std::string>{"out"});
}

TEST_F(Parse, ConditionalsFollowTheCommandLine) {
    const std::string source = write("arch.c",
                                     "void f(long x) {\n"
                                     "#ifdef CONFIG_ARM\n"
                                     "    asm(\"add %0, %0, #1\" : \"+r\"(x));\n"
                                     "#else\n"
                                     "    asm(\"incq %0\" : \"+r\"(x)\n"
                                     "#if WITH_CC\n"
                                     "        : : \"cc\"\n"
                                     "#endif\n"
                                     "    );\n"
                                     "#endif\n"
                                     "}\n");
    const ParsedTranslationUnit unit = parse(source, {"gcc", "-DWITH_CC=1", "-c"});
    ASSERT_EQ(unit.statements.size(), 1u);
    EXPECT_EQ(unit.statements[0].statement.template_text, "incq %0");
    EXPECT_EQ(unit.statements[0].statement.clobbers, std::vector<std::string>{"cc"});
    const ParsedTranslationUnit arm = parse(source, {"gcc", "-DCONFIG_ARM", "-c"});
    ASSERT_EQ(arm.statements.size(), 1u);
    EXPECT_EQ(arm.statements[0].statement.template_text, "add %0, %0, #1");
}

TEST_F(Parse, TemplateInstancesCarryTheirTypesAndBasicAsmIsKept) {
    const std::string source = write("t.cc",
                                     "template <typename T> T bump(T v) { asm(\"inc %0\" : \"+r\"(v)); return v; }\n"
                                     "asm(\".globl marker\");\n"
                                     "int a(int v) { return bump(v); }\n"
                                     "long b(long v) { return bump(v); }\n");
    const ParsedTranslationUnit unit = parse(source, {"g++", "-c"});
    EXPECT_EQ(unit.error_count, 0u) << (unit.errors.empty() ? "" : unit.errors[0]);
    std::vector<uint64_t> sizes;
    size_t basic = 0;
    for (const ParsedStatement &p : unit.statements) {
        if (p.statement.is_basic) ++basic;
        else sizes.push_back(p.statement.outputs.at(0).type_size);
    }
    std::sort(sizes.begin(), sizes.end());
    EXPECT_EQ(sizes, (std::vector<uint64_t>{4, 8}));  // the uninstantiated pattern is not reported
    EXPECT_EQ(basic, 1u);
}

TEST_F(Parse, SystemHeadersAreNotReported) {
    write("sys/io.h", "static inline void out(int v) { asm volatile(\"outl %0, $0x80\" : : \"a\"(v)); }\n");
    const std::string source = write("main.c", "#include <io.h>\nvoid g(void) { out(1); }\n");
    const ParsedTranslationUnit unit = parse(source, {"gcc", "-isystem", (dir_ / "sys").string(), "-c"});
    EXPECT_EQ(unit.error_count, 0u);
    EXPECT_TRUE(unit.statements.empty());
    EXPECT_EQ(unit.files, std::vector<std::string>{source});
}

TEST_F(Parse, ErrorsAreCountedAndParsingGoesOn) {
    const std::string source = write("e.c",
                                     "#include \"missing.h\"\n"
                                     "void f(long x) { asm(\"incq %0\" : \"+r\"(x)); }\n");
    const ParsedTranslationUnit unit = parse(source);
    EXPECT_EQ(unit.error_count, 1u);
    ASSERT_EQ(unit.errors.size(), 1u);
    EXPECT_EQ(unit.errors[0], source + ":1:10: 'missing.h' file not found");
    EXPECT_EQ(unit.statements.size(), 1u);
}

TEST_F(Parse, IsolatedParseSurvivesWhatWouldCrashThisProcess) {
    // Clang's #if evaluator recurses once per '!': far past any stack.
    const std::string source = write("deep.c", "#if " + std::string(20'000'000, '!') + "0\n#endif\n");
    const ParsedTranslationUnit unit =
        parse_isolated(clang_arguments({"gcc", "-c", source}, source).arguments, dir_.string(), 120);
    EXPECT_EQ(unit.failure, "Clang's parser crashed (SIGSEGV)");
    const std::string fine = write("fine.c", "void f(long x) { asm(\"incq %0\" : \"+r\"(x)); }\n");
    const ParsedTranslationUnit ok =
        parse_isolated(clang_arguments({"gcc", "-c", "fine.c"}, "fine.c").arguments, dir_.string(), 120);
    EXPECT_EQ(ok.failure, "");
    ASSERT_EQ(ok.statements.size(), 1u);
    EXPECT_EQ(ok.statements[0].statement.location.file, fine);  // relative to the command's directory
}

// One child parses unit after unit; a crash costs that unit and the next starts a fresh child,
// which enters each command's directory however the last one left it.
TEST_F(Parse, OneChildParsesUnitAfterUnitAndACrashCostsOnlyItsUnit) {
    const std::string fine = write("fine.c", "void f(long x) { asm(\"incq %0\" : \"+r\"(x)); }\n");
    const std::string other = write("sub/other.c", "void g(long x) { asm(\"decq %0\" : \"+r\"(x)); }\n");
    const std::string deep = write("deep.c", "#if " + std::string(20'000'000, '!') + "0\n#endif\n");
    IsolatedParser parser;
    const ParsedTranslationUnit a =
        parser.parse(clang_arguments({"gcc", "-c", "other.c"}, "other.c").arguments, (dir_ / "sub").string(), 120);
    const ParsedTranslationUnit b =
        parser.parse(clang_arguments({"gcc", "-c", "fine.c"}, "fine.c").arguments, dir_.string(), 120);
    EXPECT_EQ(parser.children_started(), 1u);
    EXPECT_EQ(a.failure, "");
    ASSERT_EQ(a.statements.size(), 1u);
    EXPECT_EQ(a.statements[0].statement.location.file, other);
    ASSERT_EQ(b.statements.size(), 1u);
    EXPECT_EQ(b.statements[0].statement.location.file, fine);
    const ParsedTranslationUnit crashed =
        parser.parse(clang_arguments({"gcc", "-c", deep}, deep).arguments, dir_.string(), 120);
    EXPECT_EQ(crashed.failure, "Clang's parser crashed (SIGSEGV)");
    const ParsedTranslationUnit after =
        parser.parse(clang_arguments({"gcc", "-c", "fine.c"}, "fine.c").arguments, dir_.string(), 120);
    EXPECT_EQ(after.failure, "");
    EXPECT_EQ(after.statements.size(), 1u);
    EXPECT_EQ(parser.children_started(), 2u);
}

TEST(TranslationUnitCodec, RoundTripAndTruncation) {
    ParsedTranslationUnit unit;
    ParsedStatement p;
    p.statement.location = {"a.h", 3, 5};
    p.statement.keyword = "__asm__";
    p.statement.is_goto = true;
    p.statement.template_text = "jmp %l0";
    p.statement.template_pieces.push_back({0, {"a.h", 3, 14}});
    AsmOperand o;
    o.constraint = "+m";
    o.expression = "*p";
    o.c_type = "int8_t";
    o.type_size = 1;
    o.register_variable = "r10";
    o.constant_value = "-7";
    p.statement.outputs.push_back(o);
    p.statement.clobbers = {"memory"};
    p.statement.goto_labels = {"out"};
    p.expansion = {"a.c", 9, 1};
    p.origin = StatementOrigin::Preprocessor;
    unit.statements.push_back(p);
    unit.errors = {"a.c:1:1: oops"};
    unit.error_count = 4;
    unit.files = {"a.c", "a.h"};
    const std::string bytes = encode_translation_unit(unit);
    ParsedTranslationUnit back;
    ASSERT_TRUE(decode_translation_unit(bytes, back));
    ASSERT_EQ(back.statements.size(), 1u);
    EXPECT_EQ(back.statements[0].statement.outputs[0].c_type, "int8_t");
    EXPECT_EQ(back.statements[0].statement.outputs[0].register_variable, "r10");
    EXPECT_EQ(back.statements[0].statement.outputs[0].constant_value, "-7");
    EXPECT_TRUE(back.statements[0].statement.is_goto);
    EXPECT_EQ(back.statements[0].expansion.line, 9u);
    EXPECT_EQ(back.statements[0].origin, StatementOrigin::Preprocessor);
    EXPECT_EQ(back.error_count, 4u);
    EXPECT_EQ(back.files, unit.files);
    for (size_t cut = 0; cut < bytes.size(); cut += 7) {
        ParsedTranslationUnit partial;
        EXPECT_FALSE(decode_translation_unit(std::string_view(bytes).substr(0, cut), partial)) << cut;
    }
}

}  // namespace
}  // namespace heisen::asmcheck
