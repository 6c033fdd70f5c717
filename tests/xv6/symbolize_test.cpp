// symbolize_test.cpp — `heisen port xv6 --symbolize`: the addresses of a report are named from
// the kernel ELF in the tree (here a fixed-address host executable with DWARF that printed its
// own addresses), and bad input gets a message and a non-zero exit.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "shell_command.h"

namespace fs = std::filesystem;

namespace {

using Result = CommandResult;

Result run(const std::string &command) { return run_shell(command); }

// The line of the fixture's source holding `marker`.
int line_of(const std::string &marker) {
    std::ifstream in(FIXTURE_SOURCE);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
        if (line.find(marker) != std::string::npos) return n;
    return -1;
}

class Symbolize : public ::testing::Test {
protected:
    void SetUp() override {
        // One tree per test: ctest runs the tests of this file in parallel.
        tree_ = fs::temp_directory_path() /
                ("heisen-xv6-symbolize-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(tree_);
        fs::create_directories(tree_ / "kernel");
        log_ = (tree_ / "uart.log").string();
    }
    void TearDown() override { fs::remove_all(tree_); }
    Result symbolize(const std::string &input) {
        return run(std::string(HEISEN_BINARY) + " port xv6 --symbolize " + tree_.string() + " " + input);
    }
    fs::path tree_;
    std::string log_;
};

TEST_F(Symbolize, NamesCodeAddressesAndLockVariables) {
    fs::copy_file(FIXTURE_BINARY, tree_ / "kernel/kernel");
    Result printed = run(std::string(FIXTURE_BINARY) + " > " + log_);
    ASSERT_EQ(printed.status, 0) << printed.output;
    Result r = symbolize(log_);
    ASSERT_EQ(r.status, 0) << r.output;
    const std::string site = "take_bucket_lock+0x";
    const std::string line = "(symbolize_fixture.c:" + std::to_string(line_of("/* the call site */")) + ")";
    std::istringstream lines(r.output);
    std::string l;
    std::getline(lines, l);
    EXPECT_EQ(l, "while holding 1 spinning lock:");
    std::getline(lines, l);
    EXPECT_NE(l.find("\"bucket\" (spinning) at 0x"), std::string::npos) << l;
    EXPECT_NE(l.find(" (bucket_lock), acquired at:"), std::string::npos) << l;
    std::getline(lines, l);
    EXPECT_NE(l.find("    #0 0x"), std::string::npos) << l;
    EXPECT_NE(l.find(site), std::string::npos) << l;
    EXPECT_NE(l.find(line), std::string::npos) << l;
    std::getline(lines, l);
    EXPECT_NE(l.find(" #0: \"bucket\", at: 0x"), std::string::npos) << l;
    EXPECT_NE(l.find(site), std::string::npos) << l;
    std::getline(lines, l);
    EXPECT_EQ(l, "    #1 0x0");  // no address: left alone
}

TEST_F(Symbolize, ATreeGivenByRelativePathIsSymbolizedToo) {
    fs::copy_file(FIXTURE_BINARY, tree_ / "kernel/kernel");
    ASSERT_EQ(run(std::string(FIXTURE_BINARY) + " > " + log_).status, 0);
    Result r = run("cd " + tree_.string() + " && " + HEISEN_BINARY + " port xv6 --symbolize . uart.log");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find(" (bucket_lock), acquired at:"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("take_bucket_lock+0x"), std::string::npos) << r.output;
}

TEST_F(Symbolize, ReadsStandardInputAndKeepsOtherTextAsIs) {
    fs::copy_file(FIXTURE_BINARY, tree_ / "kernel/kernel");
    std::ofstream(log_) << "$ usertests -q\nusertests starting\n";
    Result r = run("cat " + log_ + " | " + HEISEN_BINARY + " port xv6 --symbolize " + tree_.string());
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.output, "$ usertests -q\nusertests starting\n");
}

TEST_F(Symbolize, AnUnbuiltTreeIsAClearError) {
    std::ofstream(log_) << "x\n";
    Result r = symbolize(log_);
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.output, "heisen port: " + (tree_ / "kernel/kernel").string() +
                            " cannot read: build the kernel first (make qemu)\n");
}

TEST_F(Symbolize, ANonElfKernelFileIsAClearError) {
    std::ofstream(tree_ / "kernel/kernel") << "not an ELF file\n";
    std::ofstream(log_) << "x\n";
    Result r = symbolize(log_);
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.output, "heisen port: " + (tree_ / "kernel/kernel").string() +
                            " is not a 64-bit ELF file: build the kernel first (make qemu)\n");
}

TEST_F(Symbolize, AMissingLogIsAClearError) {
    fs::copy_file(FIXTURE_BINARY, tree_ / "kernel/kernel");
    Result r = symbolize((tree_ / "no-such.log").string());
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.output, "heisen port: cannot read " + (tree_ / "no-such.log").string() + "\n");
}

}  // namespace
