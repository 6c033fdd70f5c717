// cli_fixture.h — runs the real `heisen asm` in a scratch directory of its own per test.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace heisen::testing {

namespace fs = std::filesystem;

// A statement with one undeclared write (a warning at 2:9), and one that is clean.
inline const char *const kBuggy =
    "void f(long x) {\n"
    "    asm(\"movq $1, %%rax\\n\\t\"\n"
    "        \"addq %1, %0\" : \"+r\"(x) : \"r\"(x) : \"cc\");\n"
    "}\n";
inline const char *const kClean = "void g(long x) { asm(\"addq $1, %0\" : \"+r\"(x) : : \"cc\"); }\n";

struct Outcome {
    int status = -1;  // exit status, or -1 when the command died from a signal
    int signal = 0;   // the signal that ended it (the shell reports 128 + N)
    std::string out;
    std::string err;
};

inline std::string slurp(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        const ::testing::TestInfo *test = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("heisen-asm-cli-" + std::to_string(::getpid()) + "-" + test->test_suite_name() + "-" + test->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write(const std::string &name, const std::string &text) {
        const fs::path p = dir_ / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
    }

    // A symbolic link `name` (relative to the test directory) pointing at `target`.
    void link(const std::string &target, const std::string &name) {
        const fs::path p = dir_ / name;
        fs::create_directories(p.parent_path());
        fs::create_symlink(target, p);
    }

    // Runs `heisen asm ARGS` in the test directory; stderr is a file, never a terminal.
    // `shell_prefix` runs first in the same shell (e.g. "ulimit -v 3000000;"). A run that
    // outlives `timeout_seconds` is killed (signal 9): a hang fails the test, not the suite.
    Outcome run(const std::string &args, const std::string &shell_prefix = "", int timeout_seconds = 120) {
        const std::string command = "cd '" + dir_.string() + "' && " + shell_prefix + " exec timeout -s KILL " +
                                    std::to_string(timeout_seconds) + " '" HEISEN_BINARY "' asm " + args +
                                    " >out.txt 2>err.txt";
        Outcome r;
        const int raw = std::system(command.c_str());
        if (WIFEXITED(raw) && WEXITSTATUS(raw) > 128) {
            r.signal = WEXITSTATUS(raw) - 128;
        } else if (WIFEXITED(raw)) {
            r.status = WEXITSTATUS(raw);
        } else if (WIFSIGNALED(raw)) {
            r.signal = WTERMSIG(raw);
        }
        r.out = slurp(dir_ / "out.txt");
        r.err = slurp(dir_ / "err.txt");
        return r;
    }

    fs::path dir_;
};

}  // namespace heisen::testing
