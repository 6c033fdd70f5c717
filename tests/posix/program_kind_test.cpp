// Which program files the preload library can enter: checked on files written by the test (an
// ELF header is all it reads) and on programs built next to the tests.
#include <gtest/gtest.h>

#include <elf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "ports/posix/program_kind.h"

namespace heisen::posix {
namespace {

class ProgramKindTest : public ::testing::Test {
protected:
    std::string write_file(const std::string &name, const std::string &bytes) {
        std::string path = "/tmp/heisen-program-kind-" + std::to_string(getpid()) + "-" + name;
        std::ofstream(path, std::ios::binary) << bytes;
        chmod(path.c_str(), 0755);
        written_.push_back(path);
        return path;
    }
    void TearDown() override {
        for (const std::string &path : written_) std::remove(path.c_str());
    }
    std::vector<std::string> written_;
};

// An ELF header of the given class with no program headers.
std::string elf_header(unsigned char elf_class) {
    std::string bytes(64, '\0');
    bytes[0] = ELFMAG0, bytes[1] = ELFMAG1, bytes[2] = ELFMAG2, bytes[3] = ELFMAG3;
    bytes[EI_CLASS] = static_cast<char>(elf_class);
    bytes[EI_DATA] = ELFDATA2LSB;
    bytes[EI_VERSION] = EV_CURRENT;
    if (elf_class == ELFCLASS64)  // e_phentsize, so the (empty) program header table is well-formed
        bytes[offsetof(Elf64_Ehdr, e_phentsize)] = static_cast<char>(sizeof(Elf64_Phdr));
    return bytes;
}

TEST_F(ProgramKindTest, ThirtyTwoBitProgramIsOfTheOtherClass) {
    EXPECT_EQ(program_kind(write_file("elf32", elf_header(ELFCLASS32)).c_str()), ProgramKind::kOtherClass);
}

TEST_F(ProgramKindTest, ElfWithoutAnInterpreterIsStatic) {
    EXPECT_EQ(program_kind(write_file("elf64", elf_header(ELFCLASS64)).c_str()), ProgramKind::kStatic);
}

TEST_F(ProgramKindTest, ScriptIsJudgedByItsInterpreter) {
    const std::string interpreter = write_file("interpreter", elf_header(ELFCLASS32));
    EXPECT_EQ(program_kind(write_file("script", "#! " + interpreter + " -x\necho hi\n").c_str()),
              ProgramKind::kOtherClass);
    EXPECT_EQ(program_kind(write_file("shell-script", "#!/bin/sh\necho hi\n").c_str()), ProgramKind::kPreloadable);
}

TEST_F(ProgramKindTest, MissingFileIsUnreadable) {
    EXPECT_EQ(program_kind("/nonexistent/heisen-program"), ProgramKind::kUnreadable);
}

TEST_F(ProgramKindTest, WordsNameEveryKindBothWays) {
    for (ProgramKind kind : {ProgramKind::kPreloadable, ProgramKind::kStatic, ProgramKind::kOtherClass,
                             ProgramKind::kPrivileged, ProgramKind::kUnreadable, ProgramKind::kWithoutPreload})
        EXPECT_EQ(program_kind_from_word(program_kind_word(kind)), kind) << program_kind_word(kind);
}

}  // namespace
}  // namespace heisen::posix
