// clang_arguments_test.cpp — GCC command lines as Clang's driver and the build's preprocessor get them.
#include "asm_clang/clang_arguments.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace heisen::asmcheck {
namespace {

bool has(const std::vector<std::string> &list, const std::string &item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// `first` directly followed by `second` (Clang's driver renders -Ix as -I x).
bool has_pair(const std::vector<std::string> &list, const std::string &first, const std::string &second) {
    for (size_t i = 0; i + 1 < list.size(); ++i)
        if (list[i] == first && list[i + 1] == second) return true;
    return false;
}

TEST(ClangArguments, OutputsDroppedFlagsKeptParseOnly) {
    const ClangArguments a = clang_arguments(
        {"ccache", "gcc", "-O2", "-Iinclude", "-DX=1", "-c", "k/a.c", "-o", "a.o", "-MD", "-MF", "a.d",
         "-Wp,-MMD,a.d", "-std=gnu11"},
        "/src/k/a.c");
    EXPECT_TRUE(has_pair(a.arguments, "-I", "include")) << ::testing::PrintToString(a.arguments);
    EXPECT_TRUE(has_pair(a.arguments, "-D", "X=1"));
    EXPECT_TRUE(has(a.arguments, "-O2"));
    EXPECT_TRUE(has(a.arguments, "-std=gnu11"));
    EXPECT_TRUE(has(a.arguments, "-fsyntax-only"));
    EXPECT_TRUE(has(a.arguments, kGccVersion));  // a GCC command: GCC's branches
    EXPECT_TRUE(has(a.arguments, kGccAttributeSyntax));  // and GCC's [[attribute]] syntax in C
    EXPECT_FALSE(has(a.arguments, "-c"));
    EXPECT_FALSE(has(a.arguments, "a.o"));
    EXPECT_FALSE(has(a.arguments, "a.d"));
    EXPECT_FALSE(has(a.arguments, "k/a.c"));
    EXPECT_EQ(a.arguments.back(), "/src/k/a.c");
    EXPECT_EQ(std::count(a.arguments.begin(), a.arguments.end(), "/src/k/a.c"), 1);
}

TEST(ClangArguments, CrossCompilerNameIsATargetAndGccOnlyFlagsAreDropped) {
    const ClangArguments a = clang_arguments(
        {"riscv64-unknown-elf-gcc", "-march=rv64gc", "-fno-allow-store-data-races", "-c", "x.c"}, "/k/x.c");
    EXPECT_TRUE(has(a.arguments, "--target=riscv64-unknown-elf")) << ::testing::PrintToString(a.arguments);
    EXPECT_TRUE(has(a.arguments, "-march=rv64gc"));
    EXPECT_EQ(a.dropped, std::vector<std::string>{"-fno-allow-store-data-races"});
    const ClangArguments cxx = clang_arguments({"g++", "-c", "x.cc"}, "/k/x.cc");
    EXPECT_TRUE(has(cxx.arguments, "--driver-mode=g++")) << ::testing::PrintToString(cxx.arguments);
    const ClangArguments clang = clang_arguments({"clang", "-c", "x.c"}, "/k/x.c");
    EXPECT_FALSE(has(clang.arguments, kGccVersion));
    EXPECT_FALSE(has(clang.arguments, kGccAttributeSyntax));
}

TEST(PreprocessorArguments, MinusEInsteadOfOutputs) {
    EXPECT_EQ(preprocessor_arguments({"distcc", "gcc", "-O2", "-c", "a.c", "-o", "a.o", "-MD", "-MF", "a.d",
                                      "-Wp,-MD,b.d", "-oc.o", "-fplan9-extensions"}),
              (std::vector<std::string>{"gcc", "-O2", "a.c", "-fplan9-extensions", "-E"}));
    EXPECT_TRUE(preprocessor_arguments({"ccache"}).empty());
    EXPECT_EQ(compiler_of({"ccache", "cc", "-c", "a.c"}), "cc");
}

}  // namespace
}  // namespace heisen::asmcheck
