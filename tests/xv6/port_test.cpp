// port_test.cpp — `heisen port xv6` on synthetic xv6-shaped trees: every hook edit, what the
// command prints, idempotence, exact --undo, refusal of unrecognised trees, and (when the
// RISC-V cross compiler is installed) that the copied engine builds with the tree's Makefile.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "shell_command.h"
#include "synthetic_tree.h"

namespace fs = std::filesystem;

namespace {

using Result = CommandResult;

// `heisen ARGS`.
Result run(const std::string &args) { return run_shell(std::string(HEISEN_BINARY) + " " + args); }

std::string slurp(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every regular file under `root`, relative path -> bytes.
std::map<std::string, std::string> snapshot(const fs::path &root) {
    std::map<std::string, std::string> files;
    for (const auto &e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file()) files[fs::relative(e.path(), root).string()] = slurp(e.path());
    return files;
}

class PortXv6 : public ::testing::Test {
protected:
    void SetUp() override {
        tree_ = fs::temp_directory_path() / ("heisen-xv6-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(tree_);
        for (const auto &[rel, text] : heisen::test::synthetic_xv6_tree()) write(rel, text);
    }
    void TearDown() override { fs::remove_all(tree_); }
    void write(const std::string &rel, const std::string &text) {
        fs::create_directories((tree_ / rel).parent_path());
        std::ofstream(tree_ / rel, std::ios::binary) << text;
    }
    std::string read(const std::string &rel) { return slurp(tree_ / rel); }
    Result port(const std::string &opts = "") { return run("port xv6 " + opts + " " + tree_.string()); }

    fs::path tree_;
};

TEST_F(PortXv6, InsertsEachHookWithTheTreesOwnNames) {
    Result r = port();
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(read("kernel/spinlock.h").find("#include \"heisen/heisen_xv6.h\" /* heisen-port */\nstruct spinlock {"),
              std::string::npos);
    EXPECT_NE(read("kernel/spinlock.h").find("  struct heisen_xv6_lock heisen; /* heisen-port */\n};"), std::string::npos);
    EXPECT_NE(read("kernel/sleeplock.h").find("  struct heisen_xv6_lock heisen; /* heisen-port */\n};"), std::string::npos);
    const std::string spin = read("kernel/spinlock.c");
    EXPECT_NE(spin.find("#endif\n  heisen_xv6_initlock(l); /* heisen-port */\n}"), std::string::npos);
    EXPECT_NE(spin.find("  push_off();\n  heisen_xv6_acquire(l, __builtin_return_address(0)); /* heisen-port */\n  if(holding"),
              std::string::npos);
    EXPECT_NE(spin.find("  __sync_lock_release(&l->locked);\n  heisen_xv6_release(l, __builtin_return_address(0)); /* heisen-port */\n"
                        "  pop_off();"),
              std::string::npos);
    EXPECT_NE(spin.find("{\n  if(!holding(l)) heisen_xv6_release(l, __builtin_return_address(0)); /* heisen-port */\n"
                        "  if(!holding(l))\n    panic(\"release\");"),
              std::string::npos);
    EXPECT_NE(spin.find("  heisen_xv6_pop_off(me->noff, __builtin_return_address(0)); /* heisen-port */\n  if(me->noff < 1)"),
              std::string::npos);
    const std::string sleep = read("kernel/sleeplock.c");
    EXPECT_NE(sleep.find("  heisen_xv6_initsleeplock(s); /* heisen-port */\n}"), std::string::npos);
    EXPECT_NE(sleep.find("{\n  heisen_xv6_acquiresleep(s, __builtin_return_address(0)); /* heisen-port */\n  acquire(&s->lk);"),
              std::string::npos);
    EXPECT_NE(sleep.find("{\n  heisen_xv6_releasesleep(s, __builtin_return_address(0)); /* heisen-port */"), std::string::npos);
    const std::string proc = read("kernel/proc.c");
    EXPECT_NE(proc.find("{\n  heisen_xv6_exit(__builtin_return_address(0)); /* heisen-port */\n  struct proc *p"), std::string::npos);
    EXPECT_NE(proc.find("  struct proc *cur = myproc();\n  heisen_xv6_sched(&cur->lock, __builtin_return_address(0)); /* heisen-port */"),
              std::string::npos);
    EXPECT_NE(proc.find("  struct proc *p = myproc();\n  heisen_xv6_sleep(chan, cond, __builtin_return_address(0)); /* heisen-port */"),
              std::string::npos) << proc;
    EXPECT_NE(proc.find("  sched();\n  heisen_xv6_sleep_done(__builtin_return_address(0)); /* heisen-port */\n}"),
              std::string::npos) << proc;
    EXPECT_NE(proc.find("wakeup(void *chan)\n{\n  heisen_xv6_wakeup(chan, __builtin_return_address(0)); /* heisen-port */\n"),
              std::string::npos) << proc;
    const std::string trap = read("kernel/trap.c");
    EXPECT_NE(trap.find("#include \"defs.h\"\n#define devintr() heisen_xv6_devintr() /* heisen-port */\n"), std::string::npos);
    EXPECT_NE(trap.find("#undef devintr /* heisen-port */\nint\ndevintr()"), std::string::npos);
    EXPECT_NE(read("kernel/fs.c").find("    heisen_xv6_acquiresleep_cannot_block(); /* heisen-port */\n    acquiresleep(&ip->lock);"),
              std::string::npos);
    EXPECT_NE(read("kernel/printf.c").find("  heisen_xv6_panic(); /* heisen-port */\n  panicked = 1;"), std::string::npos);
    const std::string mk = read("Makefile");
    EXPECT_NE(mk.find("  $K/proc.o\ninclude $K/heisen/heisen.mk # heisen-port\n\n$K/kernel:"), std::string::npos) << mk;
    EXPECT_EQ(mk.find("heisen-port", mk.find("heisen-port") + 1), std::string::npos) << "one line in the Makefile";
    EXPECT_TRUE(fs::exists(tree_ / "kernel/heisen/heisen.mk"));
    EXPECT_TRUE(fs::exists(tree_ / "kernel/heisen/heisen_xv6.c"));
    EXPECT_TRUE(fs::exists(tree_ / "kernel/heisen/engine/include/heisen/heisen.h"));
    EXPECT_TRUE(fs::exists(tree_ / "kernel/heisen/engine/core/port.h"));
    EXPECT_FALSE(fs::exists(tree_ / "kernel/heisen_xv6.c"));
}

TEST_F(PortXv6, PrintsWhatItChangedPerFile) {
    Result r = port();
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("kernel/spinlock.c: added acquire(): validate each acquisition after push_off()\n"), std::string::npos);
    EXPECT_NE(r.output.find("kernel/proc.c: added sched(): only p->lock may be held\n"), std::string::npos);
    EXPECT_NE(r.output.find("kernel/trap.c: added kerneltrap()/usertrap(): devintr() runs as interrupt context\n"), std::string::npos);
    EXPECT_NE(r.output.find("Makefile: added include $K/heisen/heisen.mk (the kit's objects, its build rules, the "
                            "kernel's symbol table)\n"),
              std::string::npos);
    EXPECT_NE(r.output.find("kernel/heisen/: wrote "), std::string::npos) << r.output;
}

TEST_F(PortXv6, SecondRunChangesNothingAndSaysSo) {
    ASSERT_EQ(port().status, 0);
    auto once = snapshot(tree_);
    Result r = port();
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.output, tree_.string() + ": already ported; nothing changed\n");
    EXPECT_EQ(snapshot(tree_), once);
}

TEST_F(PortXv6, UndoRestoresEveryByte) {
    auto before = snapshot(tree_);
    ASSERT_EQ(port().status, 0);
    ASSERT_NE(snapshot(tree_), before);
    Result r = port("--undo");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("kernel/spinlock.c: removed 5 heisen lines\n"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("kernel/heisen/: removed the kit ("), std::string::npos) << r.output;
    EXPECT_EQ(snapshot(tree_), before);
    Result again = port("--undo");
    EXPECT_EQ(again.output, tree_.string() + ": no heisen port found; nothing changed\n");
}

TEST_F(PortXv6, UndoKeepsTheUsersOwnEditsMadeAfterPorting) {
    ASSERT_EQ(port().status, 0);
    std::string proc = read("kernel/proc.c");
    write("kernel/proc.c", proc + "// student's note\n");
    ASSERT_EQ(port("--undo").status, 0);
    EXPECT_EQ(read("kernel/proc.c"), heisen::test::synthetic_xv6_tree()["kernel/proc.c"] + "// student's note\n");
}

TEST_F(PortXv6, DryRunChangesNothing) {
    auto before = snapshot(tree_);
    Result r = port("--dry-run");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.output.find("kernel/spinlock.c: would add acquire(): validate each acquisition after push_off()\n"), std::string::npos);
    EXPECT_EQ(snapshot(tree_), before);
}

TEST_F(PortXv6, CrlfFilesKeepTheirLineEndings) {
    write("kernel/printf.c", "void\r\npanic(char *s)\r\n{\r\n  panicked = 1;\r\n}\r\n");
    ASSERT_EQ(port().status, 0);
    EXPECT_EQ(read("kernel/printf.c"), "void\r\npanic(char *s)\r\n{\r\n  heisen_xv6_panic(); /* heisen-port */\r\n  panicked = 1;\r\n}\r\n");
    ASSERT_EQ(port("--undo").status, 0);
    EXPECT_EQ(read("kernel/printf.c"), "void\r\npanic(char *s)\r\n{\r\n  panicked = 1;\r\n}\r\n");
}

// Each hook point, removed in turn, makes the tree unrecognised with a message naming it.
struct Missing {
    const char *file, *from, *to, *message;
};

class RefusesTree : public PortXv6, public ::testing::WithParamInterface<Missing> {};

TEST_P(RefusesTree, NamesTheMissingHookPointAndChangesNothing) {
    const Missing &m = GetParam();
    std::string text = read(m.file);
    size_t at = text.find(m.from);
    ASSERT_NE(at, std::string::npos);
    write(m.file, text.replace(at, std::string(m.from).size(), m.to));
    auto before = snapshot(tree_);
    Result r = port();
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.output, "heisen port: " + tree_.string() + " is not an xv6-riscv tree heisen recognises: cannot find " +
                            m.message + "; nothing was changed\n");
    EXPECT_EQ(snapshot(tree_), before);
}

INSTANTIATE_TEST_SUITE_P(
    HookPoints, RefusesTree,
    ::testing::Values(Missing{"kernel/spinlock.c", "  push_off();\n  if", "  if", "push_off() call in acquire() in kernel/spinlock.c"},
                      // Not a statement of its own: the hook after it could run with interrupts on.
                      Missing{"kernel/spinlock.c", "  push_off();\n  if", "  if(l) push_off();\n  if",
                              "push_off() call in acquire() in kernel/spinlock.c"},
                      Missing{"kernel/spinlock.c", "initlock(struct", "init_lock(struct", "initlock() in kernel/spinlock.c"},
                      Missing{"kernel/spinlock.c", "release(struct spinlock *l)\n", "release(struct spinlock *l);\n",
                              "pop_off() call in release() in kernel/spinlock.c"},
                      Missing{"kernel/spinlock.c", "locked);\n  pop_off();", "locked);\n  if(l) pop_off();",
                              "pop_off() call in release() in kernel/spinlock.c"},
                      Missing{"kernel/spinlock.c", "  if(!holding(l))\n    panic(\"release\");\n", "",
                              "the holding() check in release() in kernel/spinlock.c"},
                      Missing{"kernel/spinlock.c", "if(me->noff < 1)", "if(me->depth < 1)",
                              "the noff < 1 check in pop_off() in kernel/spinlock.c"},
                      Missing{"kernel/spinlock.h", "struct spinlock {", "struct spin_lock {", "struct spinlock in kernel/spinlock.h"},
                      Missing{"kernel/sleeplock.c", "acquiresleep(", "acquire_sleep(", "acquiresleep() in kernel/sleeplock.c"},
                      Missing{"kernel/proc.c", "*cur = myproc();", "*cur = current;", "p = myproc() in sched() in kernel/proc.c"},
                      Missing{"kernel/proc.c", "exit(int status)", "do_exit(int status)", "exit() in kernel/proc.c"},
                      Missing{"kernel/proc.c", "wakeup(void *chan)", "wake_up(void *chan)", "wakeup(void *chan) in kernel/proc.c"},
                      Missing{"kernel/proc.c", "sleep(void *chan,", "sleep(int chan,", "myproc() in sleep() in kernel/proc.c"},
                      Missing{"kernel/trap.c", "devintr()\n{", "dev_intr()\n{", "devintr() in kernel/trap.c"},
                      Missing{"kernel/fs.c", "acquiresleep(&ip->lock)", "ilock(ip)", "acquiresleep() call in iput() in kernel/fs.c"},
                      Missing{"kernel/printf.c", "panicked = 1;", "halted = 1;", "panicked = 1 in panic() in kernel/printf.c"},
                      Missing{"Makefile", "OBJS = \\", "KOBJS = \\", "the OBJS list and the $K/kernel rule in Makefile"}));

TEST_F(PortXv6, RefusesADirectoryWithoutXv6Files) {
    fs::remove(tree_ / "kernel/trap.c");
    Result r = port();
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.output, "heisen port: " + tree_.string() +
                            " is not an xv6-riscv tree heisen recognises: cannot read kernel/trap.c; nothing was changed\n");
}

TEST(PortXv6Usage, RejectsUnknownKernelsAndOptions) {
    Result r = run("port linux /tmp");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("heisen port: unknown kernel 'linux' (supported: xv6)"), std::string::npos);
    r = run("port xv6 --frobnicate /tmp");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("heisen port: unknown option '--frobnicate'"), std::string::npos);
    r = run("port xv6 /nonexistent-heisen-tree");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.output, "heisen port: /nonexistent-heisen-tree is not a directory\n");
}

// Every file the port copies is listed in the tree's kernel/heisen/MANIFEST, which --undo reads:
// a file the kit no longer ships (a newer heisen) still goes.
TEST_F(PortXv6, UndoRemovesWhatTheTreesManifestLists) {
    ASSERT_EQ(port().status, 0);
    const std::string manifest = read("kernel/heisen/MANIFEST");
    EXPECT_NE(manifest.find("kernel/heisen/engine/core/lock_class.cpp\n"), std::string::npos) << manifest;
    EXPECT_NE(manifest.find("kernel/heisen/heisen.mk\n"), std::string::npos);
    write("kernel/heisen/engine/core/retired.cpp", "// a file an older kit shipped\n");
    write("kernel/heisen/MANIFEST", manifest + "kernel/heisen/engine/core/retired.cpp\n");
    ASSERT_EQ(port("--undo").status, 0);
    EXPECT_FALSE(fs::exists(tree_ / "kernel/heisen"));
}

// An older heisen copied its hooks to kernel/heisen_xv6.c: porting again moves the kit.
TEST_F(PortXv6, PortingOverAnOlderLayoutRemovesItsFiles) {
    write("kernel/heisen_xv6.c", "// older kit\n");
    ASSERT_EQ(port().status, 0);
    EXPECT_FALSE(fs::exists(tree_ / "kernel/heisen_xv6.c"));
}

TEST(PortXv6Usage, HelpExitsZeroOnStandardOutput) {
    for (const char *args : {"port --help", "port xv6 --help", "port xv6 -h", "port xv6 --undo --help"}) {
        Result r = run_shell(std::string(HEISEN_BINARY) + " " + args + " 2>/dev/null");
        EXPECT_EQ(r.status, 0) << args;
        EXPECT_NE(r.output.find("usage: heisen port xv6"), std::string::npos) << args;
    }
}

// A 2024-style lab Makefile has -ffreestanding commented out, and Debian's riscv64-unknown-elf-gcc
// ships no C library: a tree file that includes spinlock.h must compile without <stdint.h>, and
// the kit's objects build with heisen.mk's own flags whatever the tree's CFLAGS are.
TEST_F(PortXv6, KitBuildsWithoutTheTreesFreestandingFlag) {
    if (std::system("riscv64-unknown-elf-g++ --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no riscv64-unknown-elf-g++";
    ASSERT_EQ(port().status, 0);
    write("kernel/uses_lock.c", "typedef unsigned int uint;\n#include \"spinlock.h\"\nstruct spinlock l;\n");
    std::string tree_file = "cd " + tree_.string() + " && riscv64-unknown-elf-gcc -Wall -Werror -O -mcmodel=medany -I. "
                            "-c -o kernel/uses_lock.o kernel/uses_lock.c 2>&1";
    Result compiled = run_shell(tree_file);
    EXPECT_EQ(compiled.status, 0) << compiled.output;
    std::string objs = " kernel/heisen/build/riscv_port.o";
    for (const auto &e : fs::directory_iterator(tree_ / "kernel/heisen/engine/core"))
        if (e.path().extension() == ".cpp") objs += " kernel/heisen/build/" + e.path().stem().string() + ".o";
    Result built = run_shell("make -s -C " + tree_.string() +
                             " TOOLPREFIX=riscv64-unknown-elf- CC=riscv64-unknown-elf-gcc 'CFLAGS=-Wall -Werror -O -ggdb -gdwarf-2 "
                             "-mcmodel=medany -I.'" + objs + " 2>&1");
    EXPECT_EQ(built.status, 0) << built.output;
    Result debug = run_shell("riscv64-unknown-elf-readelf -S " + tree_.string() + "/kernel/heisen/build/lock_class.o");
    EXPECT_NE(debug.output.find(".debug_info"), std::string::npos) << "the kit takes the tree's -g flags";
    std::string nm = "riscv64-unknown-elf-nm " + tree_.string() + "/kernel/heisen/build/*.o | grep -q _GLOBAL__sub_I_";
    EXPECT_NE(std::system(nm.c_str()), 0) << "the engine must have no static constructors";
}

// docs/xv6.md shows the port's summary line as this heisen prints it (the number of files comes
// from kit.manifest).
TEST_F(PortXv6, DocsShowTheSummaryLineThePortPrints) {
    Result r = port();
    ASSERT_EQ(r.status, 0) << r.output;
    const std::string prefix = "kernel/heisen/: wrote ";
    const size_t at = r.output.find(prefix);
    ASSERT_NE(at, std::string::npos) << r.output;
    const std::string printed = r.output.substr(at, r.output.find('\n', at) - at);
    std::istringstream docs(slurp(fs::path(HEISEN_SOURCE_DIR) / "docs/xv6.md"));
    int shown = 0;
    for (std::string line; std::getline(docs, line);) {
        const size_t in_docs = line.find(prefix);
        if (in_docs == std::string::npos) continue;
        EXPECT_EQ(line.substr(in_docs), printed);
        ++shown;
    }
    EXPECT_EQ(shown, 2) << "docs/xv6.md shows the summary line in its step by step and in its list of changes";
}

// The kit compiles the engine with the engine's one flag list (src/core/engine_flags.mk, which
// heisen's CMake builds read too): every flag of it reaches heisen.mk's C and C++ flags.
TEST_F(PortXv6, KitCompilesWithTheEnginesFlagList) {
    ASSERT_EQ(port().status, 0);
    std::map<std::string, std::string> lists;  // NAME -> flags
    std::istringstream list_file(slurp(fs::path(HEISEN_SOURCE_DIR) / "src/core/engine_flags.mk"));
    for (std::string line; std::getline(list_file, line);) {
        const size_t assign = line.find(" := ");
        if (!line.empty() && line[0] != '#' && assign != std::string::npos) lists[line.substr(0, assign)] = line.substr(assign + 4);
    }
    ASSERT_EQ(lists.size(), 2u);
    auto flags_of = [&](const std::string &variable) {
        Result r = run_shell("make -s -C " + tree_.string() + " --eval 'heisen-print: ; @echo $(" + variable + ")' heisen-print 2>&1");
        EXPECT_EQ(r.status, 0) << r.output;
        std::istringstream words(r.output);
        std::vector<std::string> flags;
        for (std::string w; words >> w;) flags.push_back(w);
        return flags;
    };
    const std::vector<std::string> cxx = flags_of("HEISEN_CXXFLAGS"), c = flags_of("HEISEN_CFLAGS");
    auto has = [](const std::vector<std::string> &flags, const std::string &f) {
        return std::find(flags.begin(), flags.end(), f) != flags.end();
    };
    for (const auto &[name, list] : lists) {
        std::istringstream words(list);
        for (std::string flag; words >> flag;) {
            EXPECT_TRUE(has(cxx, flag)) << name << ": heisen.mk's C++ flags lack " << flag;
            if (name == "HEISEN_ENGINE_FREESTANDING_FLAGS") EXPECT_TRUE(has(c, flag)) << name << ": heisen.mk's C flags lack " << flag;
        }
    }
}

}  // namespace
