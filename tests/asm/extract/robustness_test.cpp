// robustness_test.cpp — `heisen asm` on hostile input: deep nesting, FIFOs, devices, symlink
// loops, huge files and tight memory. Each case ends in a clear note or message and the rest
// of the input checked, never a crash, hang or abort.
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace {

using heisen::testing::Cli;
using heisen::testing::kBuggy;
using heisen::testing::kClean;
using heisen::testing::Outcome;

using Robustness = Cli;


bool contains(const std::string &haystack, const std::string &needle) {
    return haystack.find(needle) != std::string::npos;
}

// A file whose only #if is `condition`, beside a buggy one: one note, and both files checked.
void expect_one_note_for_deep_if(const Outcome &r) {
    EXPECT_EQ(r.signal, 0);
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_TRUE(contains(r.out, "tree/deep.c:1:1: note: could not analyse: this #if condition nests deeper than 256 "
                                "levels; every branch of it is checked\n"))
        << r.out.substr(0, 2000);
    EXPECT_TRUE(contains(r.out, "tree/buggy.c:2:9: warning:")) << r.out.substr(0, 2000);
    EXPECT_TRUE(contains(r.out, "heisen asm (lexer): 2 files (1 not fully read), 2 asm statements (2 checked, 0 not "
                                "analysed, 0 basic asm out of scope): 1 warning\n"))
        << r.out.substr(0, 2000);
}

TEST_F(Robustness, IfWithFiftyThousandNestedParenthesesIsOneNote) {
    write("tree/deep.c", "#if " + std::string(50000, '(') + "1" + std::string(50000, ')') + "\n" + kClean + "#endif\n");
    write("tree/buggy.c", kBuggy);
    expect_one_note_for_deep_if(run("tree"));
}

TEST_F(Robustness, IfWithThreeHundredThousandNegationsIsOneNote) {
    write("tree/deep.c", "#if " + std::string(300000, '!') + "0\n" + kClean + "#endif\n");
    write("tree/buggy.c", kBuggy);
    expect_one_note_for_deep_if(run("tree"));
}

TEST_F(Robustness, DeeplyNestedCompilationDatabaseIsRejectedAndPathsStillChecked) {
    write("build/compile_commands.json", std::string(50000, '[') + std::string(50000, ']'));
    write("buggy.c", kBuggy);
    const Outcome r = run("-p build buggy.c");
    EXPECT_EQ(r.signal, 0);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "heisen asm: build/compile_commands.json: nested deeper than 512 levels; not read\n");
    EXPECT_TRUE(contains(r.out, "buggy.c:2:9: warning:")) << r.out;
}

TEST_F(Robustness, FifoIsNotReadAndDoesNotHang) {
    write("tree/buggy.c", kBuggy);
    ASSERT_EQ(::mkfifo((dir_ / "tree/pipe.c").c_str(), 0600), 0);
    const Outcome in_tree = run("tree", "", 30);
    EXPECT_EQ(in_tree.signal, 0) << "killed: the FIFO was opened for reading";
    EXPECT_EQ(in_tree.status, 1);
    EXPECT_TRUE(contains(in_tree.out, "tree/pipe.c: note: could not analyse: not a regular file (a FIFO); not read\n"))
        << in_tree.out;
    EXPECT_TRUE(contains(in_tree.out, "tree/buggy.c:2:9: warning:")) << in_tree.out;
    const Outcome named = run("tree/pipe.c", "", 30);
    EXPECT_EQ(named.signal, 0);
    EXPECT_EQ(named.status, 0);
    EXPECT_EQ(named.out,
              "tree/pipe.c: note: could not analyse: not a regular file (a FIFO); not read\n"
              "heisen asm (lexer): 1 file (1 not fully read), 0 asm statements (0 checked, 0 not analysed, 0 basic asm "
              "out of scope): no findings\n");
}

TEST_F(Robustness, SymlinkToDevZeroIsNotRead) {
    link("/dev/zero", "zero.c");
    write("buggy.c", kBuggy);
    const Outcome r = run("zero.c buggy.c", "ulimit -v 3000000;", 30);
    EXPECT_EQ(r.signal, 0);
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(contains(r.out, "zero.c: note: could not analyse: not a regular file (a character device); not read\n"))
        << r.out;
    EXPECT_TRUE(contains(r.out, "buggy.c:2:9: warning:")) << r.out;
}

TEST_F(Robustness, FileOverTheSizeLimitIsNotRead) {
    write("big.c", kBuggy);
    ASSERT_EQ(::truncate((dir_ / "big.c").c_str(), 200l << 20), 0);  // sparse: no disk space used
    const Outcome r = run("big.c");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.rfind("big.c: note: could not analyse: 200 MiB, more than the 128 MiB a source file may have; not "
                          "read\n",
                          0),
              0u)
        << r.out;
}

TEST_F(Robustness, SymlinkLoopIsNamed) {
    link("loop.c", "loop.c");
    link("b.c", "tree/a.c");
    link("a.c", "tree/b.c");
    write("tree/buggy.c", kBuggy);
    const Outcome named = run("loop.c");
    EXPECT_EQ(named.status, 2);
    EXPECT_EQ(named.err, "heisen asm: loop.c: symlink loop\n");
    const Outcome walked = run("tree");
    EXPECT_EQ(walked.status, 2);
    EXPECT_EQ(walked.err, "heisen asm: tree/a.c: symlink loop\nheisen asm: tree/b.c: symlink loop\n");
    EXPECT_TRUE(contains(walked.out, "tree/buggy.c:2:9: warning:")) << walked.out;
}

TEST_F(Robustness, FiftyMegabyteDataTableFitsInLittleMemory) {
    std::string table = "static const unsigned char table[] = {\n";
    const std::string row = "0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,\n";
    while (table.size() < (50u << 20)) table += row;
    table += "};\n";
    write("table.c", table);
    table.clear();
    table.shrink_to_fit();
    write("buggy.c", kBuggy);
    // 3 GB of address space is what the file took 80 times over; now it needs a few times its size.
    const Outcome r = run("table.c buggy.c", "ulimit -v 3000000;");
    EXPECT_EQ(r.signal, 0) << r.err;
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_TRUE(contains(r.out, "buggy.c:2:9: warning:")) << r.out;
    EXPECT_TRUE(contains(r.out, "heisen asm (lexer): 2 files, 1 asm statement (1 checked,")) << r.out;
}

TEST_F(Robustness, SummaryCountsAddUp) {
    write("tree/blob.c", std::string("\x7f" "ELF\0\0\0asm(", 11));
    write("tree/ok.c", kClean);
    write("tree/gap.c", "#define R(reg, v) asm volatile(\"csrr %0, \" #reg : \"=r\"(v))\nvoid h(void) { asm(\"cli\"); }\n");
    const Outcome r = run("tree");
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(contains(r.out, "heisen asm (lexer): 3 files (1 not fully read), 3 asm statements (1 checked, 1 not "
                                "analysed, 1 basic asm out of scope): no findings\n"))
        << r.out;
    const Outcome json = run("--format json tree");
    EXPECT_TRUE(contains(json.out, "    \"files\": 3,\n    \"files_not_fully_read\": 1,\n    \"statements\": 3,\n"
                                   "    \"checked\": 1,\n    \"not_analysed\": 1,\n    \"out_of_scope\": 1,\n"))
        << json.out;
}

}  // namespace

namespace {

using heisen::testing::Cli;
using heisen::testing::Outcome;

using Numbers = Cli;

TEST_F(Numbers, ThirtyThousandDigitImmediateIsBounded) {
    const std::string digits(30000, '9');
    write("imm.c", "long f(void) { long x; asm(\"movq $" + digits + ", %0\" : \"=r\"(x)); return x; }\n"
                   "long g(void) { long x; asm(\"movq %1, %0\" : \"=r\"(x) : \"i\"(" + digits + ")); return x; }\n");
    const Outcome r = run("imm.c", "", 20);  // took minutes: LLVM's parse of the number, once per width
    EXPECT_EQ(r.signal, 0) << "killed after 20 s";
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.rfind("imm.c:1:24: note: could not analyse: the assembler rejects template line 1 (\"movq $999", 0), 0u)
        << r.out.substr(0, 500);
    EXPECT_NE(r.out.find("...\"): the template has a number of 30000 digits; heisen reads 64 at most\n"), std::string::npos)
        << r.out.substr(0, 500);
    EXPECT_NE(r.out.find("imm.c:2:24: note: could not analyse: %1 (" + digits + "): an integer of 30000 digits; heisen "
                         "reads 40 at most\n"),
              std::string::npos);
}

TEST_F(Numbers, OperandNumberPastAnyIntIsNamedAsWritten) {
    write("big.c", "void f(long x) { asm(\"movq %99999999999999999999, %0\" : \"=r\"(x)); }\n");
    const Outcome r = run("big.c");
    EXPECT_EQ(r.out,
              "big.c:1:18: note: could not analyse: the template names %99999999999999999999 but the statement has only "
              "1 operands\n"
              "heisen asm (lexer): 1 file, 1 asm statement (0 checked, 1 not analysed, 0 basic asm out of scope): no "
              "findings\n");
}

}  // namespace
