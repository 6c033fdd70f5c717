// cli_test.cpp — `heisen asm` end to end: output, exit codes, directory walk, bad input.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "asm/scan_progress.h"
#include "cli_fixture.h"

namespace {

using heisen::testing::Cli;
using heisen::testing::kBuggy;
using heisen::testing::kClean;
using heisen::testing::Outcome;


TEST_F(Cli, WarningExitsOneWithGccStyleLines) {
    write("buggy.c", kBuggy);
    const Outcome r = run("buggy.c");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out,
              "buggy.c:2:9: warning: register 'rax' is written but is neither an output nor a clobber "
              "[heisen-asm:undeclared-write]\n"
              "buggy.c:2:9: note: instruction: movq $1, %rax\n"
              "buggy.c:2:9: note: operand: rax\n"
              "buggy.c:2:9: note: suggested fix: clobbers: \"cc\", \"rax\"\n"
              "heisen asm (lexer): 1 file, 1 asm statement (1 checked, 0 not analysed, 0 basic asm out of scope): 1 warning\n");
    EXPECT_EQ(r.err, "");
}

TEST_F(Cli, CleanCodeExitsZero) {
    write("clean.c", kClean);
    const Outcome r = run("clean.c");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "heisen asm (lexer): 1 file, 1 asm statement (1 checked, 0 not analysed, 0 basic asm out of scope): no findings\n");
}

TEST_F(Cli, FailOnLevels) {
    write("buggy.c", kBuggy);
    EXPECT_EQ(run("--fail-on error buggy.c").status, 0);
    EXPECT_EQ(run("--fail-on=none buggy.c").status, 0);
    EXPECT_EQ(run("--fail-on note buggy.c").status, 1);
    EXPECT_EQ(run("--fail-on warning buggy.c").status, 1);
    // "could not analyse" is a note: it fails only --fail-on note.
    write("gap.c", "#define R(reg, v) asm volatile(\"csrr %0, \" #reg : \"=r\"(v))\n");
    const Outcome gap = run("gap.c");
    EXPECT_EQ(gap.status, 0);
    EXPECT_NE(gap.out.find("gap.c:1:19: note: could not analyse: the template uses the stringized macro argument '#reg'\n"),
              std::string::npos)
        << gap.out;
    EXPECT_EQ(run("--fail-on note gap.c").status, 1);
}

TEST_F(Cli, VerboseListsBasicAsm) {
    write("irq.c", "void off(void) { asm volatile(\"cli\"); }\n");
    const Outcome quiet = run("irq.c");
    EXPECT_EQ(quiet.status, 0);
    EXPECT_EQ(quiet.out,
              "heisen asm (lexer): 1 file, 1 asm statement (0 checked, 0 not analysed, 1 basic asm out of scope): no findings\n");
    const Outcome verbose = run("-v irq.c");
    EXPECT_EQ(verbose.status, 0);
    EXPECT_EQ(verbose.out.rfind("irq.c:1:18: note: basic asm (no operands) is out of scope\n", 0), 0u) << verbose.out;
}

TEST_F(Cli, UsageErrorsExitTwo) {
    const Outcome none = run("");
    EXPECT_EQ(none.status, 2);
    EXPECT_EQ(none.err, "heisen asm: no PATH to check (and no -p BUILD_DIR)\n(see 'heisen asm --help')\n");
    EXPECT_EQ(run("--format xml x.c").status, 2);
    EXPECT_EQ(run("--fail-on sometimes x.c").status, 2);
    EXPECT_EQ(run("--target arm x.c").err, "heisen asm: unknown target 'arm' (x86_64, i386, riscv64)\n(see 'heisen asm --help')\n");
    EXPECT_EQ(run("--bogus x.c").status, 2);
    EXPECT_EQ(run("-p").status, 2);
    const Outcome help = run("--help");
    EXPECT_EQ(help.status, 0);
    EXPECT_EQ(help.out.rfind("usage: heisen asm [options] PATH...\n", 0), 0u);
    // Every extension a directory scan picks up is listed.
    for (const char *extension : {".c ", ".inl ", ".i ", ".ii)"})
        EXPECT_NE(help.out.find(extension), std::string::npos) << extension;
}

TEST_F(Cli, NonexistentPathExitsTwoAndTheRestIsChecked) {
    write("buggy.c", kBuggy);
    const Outcome r = run("missing.c buggy.c");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "heisen asm: missing.c: no such file or directory\n");
    EXPECT_NE(r.out.find("[heisen-asm:undeclared-write]"), std::string::npos);
}

TEST_F(Cli, DirectoryRecursionPicksCAndCxxOnly) {
    write("tree/a.c", kClean);
    write("tree/sub/deeper/b.cpp", kBuggy);
    write("tree/sub/c.h", kClean);
    write("tree/sub/start.S", "asm(\"this is not C\" : : );\n");
    write("tree/notes.txt", kBuggy);
    const Outcome r = run("tree");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("tree/sub/deeper/b.cpp:2:9: warning:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("heisen asm (lexer): 3 files, 3 asm statements (3 checked,"), std::string::npos) << r.out;
}

TEST_F(Cli, DirectoryOfPreprocessedFilesIsChecked) {
    // What `gcc -E` writes: line markers, and macros already expanded.
    write("pp/a.i", std::string("# 1 \"a.c\"\n# 1 \"<built-in>\"\n# 1 \"a.c\"\n") + kBuggy);
    write("pp/b.ii", std::string("# 1 \"b.cc\"\n") + kClean);
    const Outcome r = run("pp");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("pp/a.i:5:9: warning: register 'rax' is written"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("heisen asm (lexer): 2 files, 2 asm statements (2 checked,"), std::string::npos) << r.out;
}

TEST_F(Cli, BinaryFileIsOneNoteAndTheRestIsChecked) {
    write("tree/blob.c", std::string("\x7f" "ELF\0\0\0asm(", 11));
    write("tree/ok.c", kClean);
    const Outcome r = run("tree");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out,
              "tree/blob.c:1:5: note: could not analyse: binary file (NUL byte), not C or C++ source\n"
              "heisen asm (lexer): 2 files (1 not fully read), 1 asm statement (1 checked, 0 not analysed, 0 basic asm "
              "out of scope): no findings\n");
}

TEST_F(Cli, UnreadableFileExitsTwo) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
    write("secret.c", kClean);
    ::chmod((dir_ / "secret.c").c_str(), 0);
    const Outcome r = run("secret.c");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "heisen asm: secret.c: cannot read: Permission denied\n");
}

TEST_F(Cli, CompilationDatabaseGivesEachFileItsTarget) {
    // The same template is fine on riscv64 and an unknown mnemonic on x86-64.
    const std::string riscv = "void f(long x) { asm(\"addi %0, %0, 1\" : \"+r\"(x)); }\n";
    write("k/proc.c", riscv);
    write("k/other.c", riscv);
    write("build/compile_commands.json",
          "[{\"directory\": \"" + (dir_ / "build").string() +
              "\", \"file\": \"../k/proc.c\", \"arguments\": [\"riscv64-unknown-elf-gcc\", \"-c\", \"../k/proc.c\"]},"
              " {\"directory\": \"" + (dir_ / "build").string() +
              "\", \"file\": \"../k/other.c\", \"command\": \"gcc -c ../k/other.c\"}]");
    // Each file alone (the lexer), with the target of its command (the Clang front end reads
    // databases by default: tests/asm/clang).
    const Outcome r = run("-p build --front-end lexer");
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(r.out.find("k/proc.c"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("k/other.c:1:18: note: could not analyse: the assembler rejects template line 1"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("heisen asm (lexer): 2 files, 2 asm statements (1 checked, 1 not analysed"), std::string::npos);
    // A path the database lists takes its target there; others take --target.
    const Outcome one = run("--front-end=lexer --compile-commands build/compile_commands.json k/proc.c");
    EXPECT_EQ(one.status, 0) << one.out;
    EXPECT_NE(one.out.find("(1 checked, 0 not analysed"), std::string::npos) << one.out;
    const Outcome plain = run("--target riscv64 k/other.c");
    EXPECT_NE(plain.out.find("(1 checked, 0 not analysed"), std::string::npos) << plain.out;
    const Outcome bad = run("-p nowhere");
    EXPECT_EQ(bad.status, 2);
    EXPECT_EQ(bad.err, "heisen asm: nowhere/compile_commands.json: cannot read the compilation database\n");
}

TEST_F(Cli, JsonAndSarifFormats) {
    write("buggy.c", kBuggy);
    const Outcome json = run("--format json buggy.c");
    EXPECT_EQ(json.status, 1);
    EXPECT_EQ(json.out.rfind("{\n  \"format\": \"heisen-scan/1\",\n", 0), 0u) << json.out;
    EXPECT_NE(json.out.find("\"rule\": \"undeclared-write\""), std::string::npos);
    const Outcome sarif = run("--format=sarif buggy.c");
    EXPECT_EQ(sarif.status, 1);
    EXPECT_NE(sarif.out.find("\"version\": \"2.1.0\""), std::string::npos);
    EXPECT_NE(sarif.out.find("\"uri\": \"buggy.c\""), std::string::npos) << sarif.out;
    EXPECT_NE(sarif.out.find("\"uriBaseId\": \"SRCROOT\""), std::string::npos);
}

TEST_F(Cli, NoProgressLineWhenStderrIsNotATerminal) {
    for (int k = 0; k < 300; ++k) write("many/f" + std::to_string(k) + ".c", kClean);
    const Outcome r = run("many");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.err, "");
}

TEST(ScanProgress, RedrawsInPlaceOnATerminalOnly) {
    std::FILE *on = std::tmpfile();
    std::FILE *off = std::tmpfile();
    {
        heisen::asmcheck::ScanProgress shown(on, /*enabled=*/true, 3);
        heisen::asmcheck::ScanProgress hidden(off, /*enabled=*/false, 3);
        std::this_thread::sleep_for(std::chrono::milliseconds(600));  // lines appear after 0.5 s
        shown.update(1, "src/b.c");
        hidden.update(1, "src/b.c");
    }
    const auto contents = [](std::FILE *f) {
        std::rewind(f);
        std::string s;
        for (int c; (c = std::fgetc(f)) != EOF;) s.push_back(static_cast<char>(c));
        std::fclose(f);
        return s;
    };
    EXPECT_EQ(contents(on), "\r\x1b[Kheisen asm: [2/3] src/b.c\r\x1b[K");
    EXPECT_EQ(contents(off), "");
}

}  // namespace
