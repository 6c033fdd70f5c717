// compilation_database_test.cpp — reading compile_commands.json and each file's target.
#include "asm/compilation_database.h"

#include <gtest/gtest.h>

#include "asm/scan_target.h"

namespace heisen::asmcheck {
namespace {

CheckOptions target_of(const std::vector<std::string> &arguments, CheckOptions defaults = {}) {
    std::string error;
    EXPECT_TRUE(target_from_command(arguments, defaults, error)) << error;
    return defaults;
}

TEST(CompilationDatabase, ArgumentsAndCommandForms) {
    std::vector<CompileCommand> commands;
    std::string error;
    ASSERT_TRUE(parse_compilation_database(R"([
        {"directory": "/src/build", "file": "../kernel/proc.c", "arguments": ["riscv64-unknown-elf-gcc", "-c", "../kernel/proc.c"]},
        {"directory": "/src", "file": "/src/a b.c", "command": "gcc -m32 -DX='\"y z\"' -c \"a b.c\""}
    ])", "db.json", commands, error)) << error;
    ASSERT_EQ(commands.size(), 2u);
    EXPECT_EQ(commands[0].file, "/src/kernel/proc.c");
    EXPECT_EQ(commands[0].directory, "/src/build");
    EXPECT_EQ(commands[0].arguments, (std::vector<std::string>{"riscv64-unknown-elf-gcc", "-c", "../kernel/proc.c"}));
    EXPECT_EQ(commands[1].file, "/src/a b.c");
    EXPECT_EQ(commands[1].arguments, (std::vector<std::string>{"gcc", "-m32", "-DX=\"y z\"", "-c", "a b.c"}));
}

TEST(CompilationDatabase, MalformedInputIsAOneLineError) {
    std::vector<CompileCommand> commands;
    std::string error;
    EXPECT_FALSE(parse_compilation_database("[{\"file\": ", "db.json", commands, error));
    EXPECT_EQ(error.rfind("db.json: not valid JSON: ", 0), 0u) << error;
    EXPECT_FALSE(parse_compilation_database("{}", "db.json", commands, error));
    EXPECT_EQ(error, "db.json: expected a JSON array of compile commands");
    EXPECT_FALSE(parse_compilation_database("[{\"file\": \"a.c\"}]", "db.json", commands, error));
    EXPECT_EQ(error, "db.json: entry 1 lacks \"file\" or \"directory\"");
    EXPECT_FALSE(load_compilation_database("/nonexistent/compile_commands.json", commands, error));
    EXPECT_EQ(error, "/nonexistent/compile_commands.json: cannot read the compilation database");
}

TEST(CompilationDatabase, SplitCommandLine) {
    EXPECT_EQ(split_command_line("cc  -I'a b' \"-DQ=\\\"x\\\"\" c\\ d.c"),
              (std::vector<std::string>{"cc", "-Ia b", "-DQ=\"x\"", "c d.c"}));
    EXPECT_TRUE(split_command_line("   ").empty());
}

TEST(ScanTarget, CompilerNames) {
    EXPECT_EQ(target_of({"riscv64-unknown-elf-gcc", "-c", "x.c"}).target, Target::RISCV64);
    EXPECT_EQ(target_of({"/usr/bin/riscv64-linux-gnu-gcc", "-c", "x.c"}).target, Target::RISCV64);
    EXPECT_EQ(target_of({"i686-linux-gnu-gcc-12", "-c", "x.c"}).target, Target::I386);
    EXPECT_EQ(target_of({"ccache", "i686-w64-mingw32-gcc", "-c", "x.c"}).target, Target::I386);
    EXPECT_EQ(target_of({"x86_64-linux-gnu-g++", "-c", "x.c"}, {Target::RISCV64, false, true}).target, Target::X86_64);
    EXPECT_EQ(target_of({"gcc-12", "-c", "x.c"}, {Target::RISCV64, false, true}).target, Target::RISCV64);
    EXPECT_EQ(target_of({"musl-gcc", "-c", "x.c"}).target, Target::X86_64);
}

TEST(ScanTarget, Flags) {
    EXPECT_EQ(target_of({"gcc", "-m32", "-c", "x.c"}).target, Target::I386);
    EXPECT_EQ(target_of({"gcc", "-m32", "-m64", "-c", "x.c"}).target, Target::X86_64);
    EXPECT_EQ(target_of({"clang", "--target=riscv64-unknown-elf", "-c", "x.c"}).target, Target::RISCV64);
    EXPECT_EQ(target_of({"clang", "-target", "i686-pc-linux-gnu", "-c", "x.c"}).target, Target::I386);
    EXPECT_EQ(target_of({"riscv64-unknown-elf-gcc", "-m32"}).target, Target::RISCV64);  // -m32 is x86 only
    EXPECT_EQ(target_of({"clang", "-march=rv64gc"}).target, Target::RISCV64);
    const CheckOptions kernel = target_of({"gcc", "-masm=intel", "-mno-red-zone", "-c", "x.c"});
    EXPECT_TRUE(kernel.intel_syntax);
    EXPECT_FALSE(kernel.red_zone);
    const CheckOptions user = target_of({"gcc", "-c", "x.c"});
    EXPECT_FALSE(user.intel_syntax);
    EXPECT_TRUE(user.red_zone);
    EXPECT_EQ(user.target, Target::X86_64);
}

TEST(ScanTarget, UnsupportedTargetsSaySo) {
    CheckOptions options;
    std::string error;
    EXPECT_FALSE(target_from_command({"clang", "--target=aarch64-linux-gnu"}, options, error));
    EXPECT_EQ(error, "target 'aarch64-linux-gnu' is not supported (x86_64, i386 and riscv64 are)");
    EXPECT_FALSE(target_from_command({"arm-none-eabi-gcc", "-c", "x.c"}, options, error));
    EXPECT_EQ(error, "compiler 'arm-none-eabi-gcc' targets 'arm', which is not supported (x86_64, i386 and riscv64 are)");
}

}  // namespace
}  // namespace heisen::asmcheck
