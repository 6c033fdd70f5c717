// front_end_cli_test.cpp — `heisen asm -p BUILD` end to end: Clang's view of each translation
// unit, one finding per statement definition, the fallbacks, and the summary that says which
// mode ran.
#include <sys/stat.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace {

using heisen::testing::Cli;
using heisen::testing::kBuggy;
using heisen::testing::kClean;
using heisen::testing::Outcome;

bool contains(const std::string &haystack, const std::string &needle) {
    return haystack.find(needle) != std::string::npos;
}

class FrontEnd : public Cli {
protected:
    // compile_commands.json in build/, one entry per file, all run in the test directory.
    void database(const std::vector<std::pair<std::string, std::string>> &files_and_commands) {
        std::string json = "[";
        for (const auto &[file, command] : files_and_commands) {
            if (json.size() > 1) json += ",\n";
            json += "{\"directory\": \"" + dir_.string() + "\", \"file\": \"" + file + "\", \"command\": \"" +
                    command + "\"}";
        }
        write("build/compile_commands.json", json + "]\n");
    }
};

const char *const kLockHeader =
    "#define LOCK_PREFIX \"lock; \"\n"
    "#define ATOMIC_DEC(p) asm volatile(LOCK_PREFIX \"decq %0\" : \"+m\"(*(p)) : : \"memory\")\n";

TEST_F(FrontEnd, MacroFromAHeaderIsOneStatementWithItsExpansionSites) {
    write("include/lock.h", kLockHeader);
    write("src/a.c",
          "#include \"lock.h\"\n"
          "typedef signed char int8_t;\n"
          "void put(long *count) { ATOMIC_DEC(count); }\n"
          "void put2(long *count) { ATOMIC_DEC(count); }\n");
    write("src/b.c", "#include \"lock.h\"\nvoid put3(long *count) {\n    ATOMIC_DEC(count);\n}\n");
    database({{"src/a.c", "gcc -Iinclude -c src/a.c"}, {"src/b.c", "gcc -Iinclude -c src/b.c"}});
    const Outcome r = run("-p build");
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(r.out,
              "include/lock.h:2:48: note: the condition flags are written but \"cc\" is not declared; on x86_64 the "
              "compiler assumes \"cc\" anyway, declaring it says so [heisen-asm:flags]\n"
              "include/lock.h:2:48: note: instruction: decq (%r15)\n"
              "include/lock.h:2:48: note: operand: cc\n"
              "src/a.c:3:25: note: in expansion of macro 'ATOMIC_DEC'\n"
              "src/a.c:4:26: note: in expansion of macro 'ATOMIC_DEC'\n"
              "src/b.c:3:5: note: in expansion of macro 'ATOMIC_DEC'\n"
              "include/lock.h:2:48: note: suggested fix: clobbers: \"memory\", \"cc\"\n"
              "heisen asm (clang: 2 translation units, 3 expansion sites): 3 files, 1 asm statement (1 checked, 0 "
              "not analysed, 0 basic asm out of scope): 1 note\n");
    // Each file alone, the lexer cannot see the header's macros.
    const Outcome lexer = run("-p build --front-end lexer");
    EXPECT_TRUE(contains(lexer.out, "heisen asm (lexer): 2 files, 0 asm statements")) << lexer.out;
}

TEST_F(FrontEnd, ConditionalsInsideAStatementAndOtherArchitecturesFollowTheCommand) {
    write("stamp.c",
          "void stamp(unsigned *lo, unsigned *hi) {\n"
          "#ifdef CONFIG_ARM64\n"
          "    asm volatile(\"mrs %0, cntvct_el0\" : \"=r\"(*lo));\n"
          "#else\n"
          "    asm volatile(\"rdtscp\"\n"
          "#if WITH_AUX\n"
          "                 : \"=a\"(*lo), \"=d\"(*hi), \"=c\"(*lo));\n"
          "#else\n"
          "                 : \"=a\"(*lo), \"=d\"(*hi) : : \"rcx\");\n"
          "#endif\n"
          "#endif\n"
          "}\n");
    database({{"stamp.c", "gcc -DWITH_AUX=0 -c stamp.c"}});
    const Outcome r = run("-p build");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out,
              "heisen asm (clang: 1 translation unit, 1 expansion site): 1 file, 1 asm statement (1 checked, 0 not "
              "analysed, 0 basic asm out of scope): no findings\n");
    const Outcome lexer = run("stamp.c");
    EXPECT_TRUE(contains(lexer.out, "could not analyse")) << lexer.out;
}

TEST_F(FrontEnd, JsonSummaryNamesTheMode) {
    write("a.c", kClean);
    database({{"a.c", "cc -c a.c"}});
    const Outcome r = run("-p build --format json");
    EXPECT_TRUE(contains(r.out, "\"mode\": \"clang: 1 translation unit, 1 expansion site\",")) << r.out;
    EXPECT_TRUE(contains(r.out, "\"statements\": 1,")) << r.out;
}

TEST_F(FrontEnd, PathsRestrictTheReportAndFilesNoUnitReadsGoThroughTheLexer) {
    write("include/lock.h", kLockHeader);
    write("src/a.c", "#include \"lock.h\"\nvoid put(long *c) { ATOMIC_DEC(c); }\n");
    write("other/b.c", kBuggy);
    write("src/lonely.h", kBuggy);  // in no translation unit
    database({{"src/a.c", "gcc -Iinclude -c src/a.c"}, {"other/b.c", "gcc -c other/b.c"}});
    const Outcome r = run("-p build src");
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_FALSE(contains(r.out, "other/b.c")) << r.out;
    EXPECT_FALSE(contains(r.out, "include/lock.h")) << r.out;
    EXPECT_TRUE(contains(r.out, "src/lonely.h:2:9: warning: register 'rax' is written")) << r.out;
    EXPECT_TRUE(contains(r.out, "heisen asm (clang: 1 translation unit, 0 expansion sites; lexer: 1 file): 2 files, "
                                "1 asm statement (1 checked,"))
        << r.out;
}

TEST_F(FrontEnd, GccOnlyCodeIsReadFromTheBuildsPreprocessor) {
    write("nested.c",
          "#define BUMP(v) asm(\"movq $1, %%rax; addq %1, %0\" : \"+r\"(v) : \"r\"(v))\n"
          "void outer(long y) {\n"
          "    void inner(long x) { BUMP(x); }\n"  // a nested function: GCC only
          "    inner(y);\n"
          "}\n");
    database({{"nested.c", "gcc -c nested.c"}});
    const Outcome r = run("-p build");
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "nested.c: note: could not analyse: Clang could not parse all of this translation unit "
                                "(1 error; the first: "))
        << r.out;
    EXPECT_TRUE(contains(r.out, "function definition is not allowed here); 1 statement Clang lost was read from the "
                                "build's preprocessor output\n"))
        << r.out;
    EXPECT_TRUE(contains(r.out, "nested.c:3:"));  // the macro's use: where gcc -E put it
    EXPECT_TRUE(contains(r.out, "warning: register 'rax' is written but is neither an output nor a clobber")) << r.out;
    EXPECT_TRUE(contains(r.out, "(clang: 1 translation unit, 1 partly through the build's preprocessor, 1 expansion "
                                "site): 1 file (1 not fully read), 1 asm statement (1 checked,"))
        << r.out;
}

TEST_F(FrontEnd, WithoutAPreprocessorTheLexerReadsTheFile) {
    write("nested.c",
          "void outer(long y) {\n"
          "    void inner(long x) { asm(\"movq $1, %%rax; addq %1, %0\" : \"+r\"(x) : \"r\"(x)); }\n"
          "    inner(y);\n"
          "}\n");
    database({{"nested.c", "missingcc -c nested.c"}});
    const Outcome r = run("-p build");
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "; the build's preprocessor could not be started; 1 statement Clang lost was read "
                                "from the source file (lexer)\n"))
        << r.out;
    EXPECT_TRUE(contains(r.out, "nested.c:2:30: warning: register 'rax' is written")) << r.out;
}

TEST_F(FrontEnd, AHangingPreprocessorTimesOut) {
    write("slowcc", "#!/bin/sh\nsleep 60\n");
    ::chmod((dir_ / "slowcc").c_str(), 0755);
    write("bad.c", "int x = undeclared;\nvoid f(long v) { asm(\"incq %0\" : \"+r\"(v) : : \"cc\"); }\n");
    database({{"bad.c", "./slowcc -c bad.c"}});
    const Outcome r = run("-p build --timeout 2", "", 40);
    EXPECT_EQ(r.signal, 0);
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "; the build's preprocessor took longer than 2 s; no statement Clang lost was found "
                                "in the source file (lexer)\n"))
        << r.out;
    EXPECT_TRUE(contains(r.out, "1 asm statement (1 checked,")) << r.out;
}

TEST_F(FrontEnd, IncludingAFifoOrADeviceIsAnErrorNotAHang) {
    ASSERT_EQ(::mkfifo((dir_ / "pipe.h").c_str(), 0600), 0);
    link("/dev/zero", "zero.h");
    write("a.c", std::string("#include \"pipe.h\"\n") + kClean);
    write("b.c", std::string("#include \"zero.h\"\n") + kClean);
    database({{"a.c", "gcc -c a.c"}, {"b.c", "gcc -c b.c"}});
    const Outcome r = run("-p build", "ulimit -v 3000000;", 60);
    EXPECT_EQ(r.signal, 0);
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "pipe.h': not a regular file; not read); the build's preprocessor was not run (an "
                                "#include names a file that is not regular);"))
        << r.out;
    EXPECT_TRUE(contains(r.out, "2 asm statements (2 checked,")) << r.out;
}

TEST_F(FrontEnd, AClangCrashCostsOneTranslationUnit) {
    write("deep.c", "#if " + std::string(20'000'000, '!') + "0\n#endif\n" + kClean);
    write("buggy.c", kBuggy);
    database({{"deep.c", "gcc -c deep.c"}, {"buggy.c", "gcc -c buggy.c"}});
    const Outcome r = run("-p build");
    EXPECT_EQ(r.signal, 0);
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "deep.c: note: could not analyse: Clang's parser crashed (SIGSEGV); ")) << r.out;
    EXPECT_TRUE(contains(r.out, "buggy.c:2:9: warning: register 'rax' is written")) << r.out;
}

TEST_F(FrontEnd, EachUnitHasTheTargetOfItsCommand) {
    const std::string riscv = "void f(long x) { asm(\"addi %0, %0, 1\" : \"+r\"(x)); }\n";
    write("k/proc.c", riscv);
    write("k/arm.c", "void f(long x) { asm(\"add %0, %0, #1\" : \"+r\"(x)); }\n");
    database({{"k/proc.c", "riscv64-unknown-elf-gcc -march=rv64gc -c k/proc.c"},
              {"k/arm.c", "aarch64-linux-gnu-gcc -c k/arm.c"}});
    const Outcome r = run("-p build");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out,
              "k/arm.c:1:18: note: could not analyse: compiler 'aarch64-linux-gnu-gcc' targets 'aarch64', which is not "
              "supported (x86_64, i386 and riscv64 are)\n"
              "heisen asm (clang: 2 translation units, 2 expansion sites): 2 files, 2 asm statements (1 checked, 1 not "
              "analysed, 0 basic asm out of scope): no findings\n");
}

TEST_F(FrontEnd, AHeaderFunctionInEveryUnitIsOneStatement) {
    write("io.h", "static inline void bump(long *p) { asm(\"incq %0\" : \"+m\"(*p) : : \"cc\"); }\n");
    for (const char *name : {"a.c", "b.c", "c.c"}) write(name, "#include \"io.h\"\nvoid use(long *p) { bump(p); }\n");
    database({{"a.c", "gcc -c a.c"}, {"b.c", "gcc -c b.c"}, {"c.c", "gcc -c c.c"}});
    const Outcome r = run("-p build");
    EXPECT_EQ(r.out,
              "heisen asm (clang: 3 translation units, 1 expansion site): 4 files, 1 asm statement (1 checked, 0 not "
              "analysed, 0 basic asm out of scope): no findings\n");
}

TEST_F(FrontEnd, ByteLockDecrementedAsAQuadwordIsFound) {
    // A spinlock whose lock is an int8_t, taken with an 8-byte decrement.
    write("spinlock.h",
          "typedef signed char int8_t;\n"
          "typedef struct { int8_t lock; } spinlock_t;\n"
          "static inline void spin_lock(spinlock_t *l) {\n"
          "    asm volatile(\"1: lock decq %0\\n\\tjns 3f\\n2: pause\\n\\tcmpq $0, %0\\n\\tjle 2b\\n\\tjmp 1b\\n3:\"\n"
          "                 : \"+m\"(l->lock) : : \"memory\", \"cc\");\n"
          "}\n");
    write("sched.c", "#include \"spinlock.h\"\nvoid take(spinlock_t *l) { spin_lock(l); }\n");
    database({{"sched.c", "gcc -mcmodel=large -fno-builtin -m64 -O1 -c sched.c"}});
    const Outcome r = run("-p build");
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "spinlock.h:4:18: warning: writes 8 bytes at %0 (l->lock), a 1-byte int8_t: 7 bytes past "
                                "the object the compiler knows of [heisen-asm:operand-width]\n"))
        << r.out;
    EXPECT_TRUE(contains(r.out, "spinlock.h:4:18: note: instruction: lock decq (%r15)\n")) << r.out;
    // Without types the lexer cannot tell.
    EXPECT_FALSE(contains(run("spinlock.h").out, "operand-width"));
}

TEST_F(FrontEnd, FlagOutputMacrosFromAHeaderAreAnalysed) {
    write("asm.h",
          "#define CC_SET(c) \"\\n\\t/* output condition code \" #c \"*/\\n\"\n"
          "#define CC_OUT(c) \"=@cc\" #c\n");
    write("cmpxchg.c",
          "#include \"asm.h\"\n"
          "_Bool try_cmpxchg(long *p, long *old, long new_value) {\n"
          "    _Bool ok;\n"
          "    asm volatile(\"lock cmpxchgq %[new], %[ptr]\" CC_SET(z)\n"
          "                 : CC_OUT(z)(ok), [ptr] \"+m\"(*p), \"+a\"(*old)\n"
          "                 : [new] \"r\"(new_value) : \"memory\", \"cc\");\n"
          "    return ok;\n"
          "}\n");
    database({{"cmpxchg.c", "gcc -c cmpxchg.c"}});
    const Outcome r = run("-p build");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out,
              "heisen asm (clang: 1 translation unit, 1 expansion site): 2 files, 1 asm statement (1 checked, 0 not "
              "analysed, 0 basic asm out of scope): no findings\n");
    EXPECT_TRUE(contains(run("cmpxchg.c").out, "could not analyse")) << "the lexer cannot see asm.h";
}

TEST_F(FrontEnd, TheSystemsOwnCLibraryHeadersParse) {
    // Debian 12's glibc headers take GCC-only branches when __GNUC__ says GCC 7 or 11 and later.
    write("mix.c",
          "#include <stdio.h>\n#include <stdlib.h>\n#include <math.h>\n#include <dirent.h>\n"
          "void add(int *sum, int v) { asm volatile(\"lock; addl %1, %0\" : \"+m\"(*sum) : \"r\"(v) : \"cc\"); }\n");
    database({{"mix.c", "gcc -O2 -c mix.c"}});
    const Outcome r = run("-p build");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out,
              "heisen asm (clang: 1 translation unit, 1 expansion site): 1 file, 1 asm statement (1 checked, 0 not "
              "analysed, 0 basic asm out of scope): no findings\n");
}

// GCC takes C23's [[attribute]] syntax in every C mode (glibc's -std=gnu11 sources write
// [[fallthrough]]); Clang 15 only when told. Parsed fully, the unit gives its statements with
// their C types, not through the preprocessor's output.
TEST_F(FrontEnd, StandardAttributesParseInOlderCModesAsGccDoes) {
    write("dispatch.c",
          "typedef signed char int8_t;\n"
          "int step(int8_t *lock, int x) {\n"
          "  switch (x) {\n"
          "  case 1: x++; [[fallthrough]];\n"
          "  default: asm volatile(\"lock; decl %0\" : \"+m\"(*lock) : : \"memory\");\n"
          "  }\n"
          "  [[maybe_unused]] int unused = 0;\n"
          "  return x;\n"
          "}\n");
    database({{"dispatch.c", "gcc -std=gnu11 -O2 -c dispatch.c"}});
    const Outcome r = run("-p build --fail-on none");
    EXPECT_FALSE(contains(r.out, "could not analyse")) << r.out;
    EXPECT_TRUE(contains(r.out, "[heisen-asm:operand-width]")) << "the operand's type is known: " << r.out;
    EXPECT_TRUE(contains(r.out, "heisen asm (clang: 1 translation unit, 1 expansion site): 1 file, 1 asm statement "
                                "(1 checked, 0 not analysed, 0 basic asm out of scope)"))
        << r.out;
}

}  // namespace
