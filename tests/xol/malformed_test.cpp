// malformed_test.cpp — bad input gets a clear message and exit status 2, never a crash: missing,
// empty, foreign and truncated files, corrupt headers and sections, and byte flips all over.
#include <elf.h>

#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "xol_fixture.h"

namespace xoltest {
namespace {

class Malformed : public XolTest {
protected:
    void SetUp() override {
        XolTest::SetUp();
        sh("gcc -O2 -g -no-pie -o good '" HEISEN_XOL_INPUTS "/globals.c'");
        std::ifstream in(path("good"), std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        good_ = s.str();
        ASSERT_GT(good_.size(), 1000u);
    }
    void save(const std::string &name, const std::string &bytes) {
        std::ofstream(path(name), std::ios::binary) << bytes;
    }
    Elf64_Ehdr header() const {
        Elf64_Ehdr h;
        std::memcpy(&h, good_.data(), sizeof h);
        return h;
    }
    // The section header of the section named `name` (offset of its header in the file).
    size_t section_header(const std::string &name) const {
        const Elf64_Ehdr h = header();
        Elf64_Shdr names;
        std::memcpy(&names, good_.data() + h.e_shoff + h.e_shstrndx * sizeof(Elf64_Shdr), sizeof names);
        for (size_t k = 0; k < h.e_shnum; ++k) {
            Elf64_Shdr s;
            std::memcpy(&s, good_.data() + h.e_shoff + k * sizeof(Elf64_Shdr), sizeof s);
            if (name == good_.c_str() + names.sh_offset + s.sh_name) return h.e_shoff + k * sizeof(Elf64_Shdr);
        }
        ADD_FAILURE() << "no section " << name;
        return 0;
    }
    // Exit status 2 with one "heisen xol: FILE: ..." line naming `why`.
    void expect_rejected(const std::string &file, const std::string &why) {
        const CommandResult r = xol(file);
        EXPECT_EQ(r.status, 2) << file << ": " << r.out;
        EXPECT_EQ(r.err.rfind("heisen xol: ", 0), 0u) << r.err;
        EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
        EXPECT_EQ(r.out, "");
    }
    std::string good_;
};

TEST_F(Malformed, NotElfAtAll) {
    save("empty", "");
    save("text", "hello, world\n");
    expect_rejected("empty", "empty file, not ELF");
    expect_rejected("text", "not an ELF file");
    expect_rejected("missing", "No such file or directory");
    sh("mkdir adir");
    expect_rejected("adir", "not a regular file");
}

TEST_F(Malformed, ForeignElf) {
    std::string bytes = good_;
    bytes[EI_CLASS] = ELFCLASS32;
    save("elf32", bytes);
    expect_rejected("elf32", "32-bit ELF");
    bytes = good_;
    bytes[EI_DATA] = ELFDATA2MSB;
    save("big", bytes);
    expect_rejected("big", "big-endian");
    bytes = good_;
    const uint16_t aarch64 = EM_AARCH64;
    std::memcpy(&bytes[offsetof(Elf64_Ehdr, e_machine)], &aarch64, 2);
    save("arm", bytes);
    expect_rejected("arm", "ELF machine 183 is not x86-64 or riscv64");
    bytes = good_;
    const uint16_t core = ET_CORE;
    std::memcpy(&bytes[offsetof(Elf64_Ehdr, e_type)], &core, 2);
    save("core", bytes);
    expect_rejected("core", "holds no code");
    EXPECT_EQ(xol("--base 0x1000 good").status, 2);  // an executable runs where it is linked
}

TEST_F(Malformed, TruncatedFiles) {
    for (size_t size : {size_t(4), size_t(16), size_t(63), size_t(64), size_t(200), good_.size() / 3,
                        good_.size() / 2, good_.size() - 1}) {
        const std::string name = "cut" + std::to_string(size);
        save(name, good_.substr(0, size));
        const CommandResult r = xol(name);
        EXPECT_TRUE(r.status == 0 || r.status == 1 || r.status == 2) << name << " status " << r.status;
        if (r.status == 2) {
            EXPECT_EQ(r.err.rfind("heisen xol: " + name + ": ", 0), 0u) << r.err;
        }
    }
    // Cut inside .text: its bytes are not all there.
    const size_t text = section_header(".text");
    Elf64_Shdr s;
    std::memcpy(&s, good_.data() + text, sizeof s);
    std::string bytes = good_;
    const uint64_t offset = good_.size() + 16;  // .text now starts past the end
    std::memcpy(&bytes[text + offsetof(Elf64_Shdr, sh_offset)], &offset, 8);
    save("text_past_end", bytes);
    expect_rejected("text_past_end", "section .text extends beyond the end of the file");
    const uint64_t huge = ~0ull - 8;
    bytes = good_;
    std::memcpy(&bytes[text + offsetof(Elf64_Shdr, sh_size)], &huge, 8);
    save("text_huge", bytes);
    expect_rejected("text_huge", "section .text extends beyond the end of the file");
}

TEST_F(Malformed, CorruptHeadersAndTables) {
    std::string bytes = good_;
    const uint64_t far = 1ull << 40;
    std::memcpy(&bytes[offsetof(Elf64_Ehdr, e_shoff)], &far, 8);
    save("shoff", bytes);
    expect_rejected("shoff", "the section headers lie beyond the end of the file");
    // Section headers are optional in an executable: without them the code is read through
    // its executable segments, with the functions .eh_frame describes lost along with .eh_frame.
    bytes = good_;
    const uint64_t none = 0;
    const uint16_t zero = 0;
    std::memcpy(&bytes[offsetof(Elf64_Ehdr, e_shoff)], &none, 8);
    std::memcpy(&bytes[offsetof(Elf64_Ehdr, e_shnum)], &zero, 2);
    std::memcpy(&bytes[offsetof(Elf64_Ehdr, e_shstrndx)], &zero, 2);
    save("no_sections", bytes);
    const JsonReport segments = xol_json("no_sections");
    ASSERT_FALSE(segments.functions.empty());
    EXPECT_EQ(segments.functions[0].name.rfind("[PT_LOAD ", 0), 0u) << segments.functions[0].name;
    EXPECT_GT(segments.instructions, 50u);

    // A symbol claiming a size far past its section; an .eh_frame of garbage.
    bytes = good_;
    const size_t eh = section_header(".eh_frame");
    Elf64_Shdr s;
    std::memcpy(&s, good_.data() + eh, sizeof s);
    std::mt19937 random(7);
    for (uint64_t k = 0; k < s.sh_size; ++k) bytes[s.sh_offset + k] = static_cast<char>(random());
    save("eh_garbage", bytes);
    EXPECT_LE(xol("eh_garbage").status, 1);
    sh("strip -o stripped good");
    std::ifstream in(path("stripped"), std::ios::binary);
    std::ostringstream stripped;
    stripped << in.rdbuf();
    good_ = stripped.str();
    bytes = good_;
    const size_t eh2 = section_header(".eh_frame");
    std::memcpy(&s, good_.data() + eh2, sizeof s);
    for (uint64_t k = 8; k < s.sh_size; k += 13) bytes[s.sh_offset + k] = static_cast<char>(random());
    save("stripped_eh_garbage", bytes);
    EXPECT_LE(xol("stripped_eh_garbage").status, 1);
}

// A deterministic stand-in for the fuzzer in every test run: flipped bytes anywhere.
TEST_F(Malformed, ByteFlipsNeverCrash) {
    std::mt19937 random(1);
    for (int round = 0; round < 60; ++round) {
        std::string bytes = good_;
        const int flips = 1 + round % 8;
        for (int k = 0; k < flips; ++k) {
            // Mostly the headers and tables, where a flip changes the most.
            const size_t where = round % 2 ? random() % 4096 : random() % bytes.size();
            bytes[where % bytes.size()] ^= static_cast<char>(1 + random() % 255);
        }
        save("flip", bytes);
        const CommandResult r = xol("--format json flip");
        ASSERT_TRUE(r.status == 0 || r.status == 1 || r.status == 2) << "round " << round << " status " << r.status;
        if (r.status != 2) parse_report(r.out);
    }
}

}  // namespace
}  // namespace xoltest
