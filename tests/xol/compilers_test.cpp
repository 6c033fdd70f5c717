// compilers_test.cpp — ordinary C built by gcc and clang, with -fPIC and -fno-pic, as
// executables (PIE and not) and a shared library: every RIP-relative operand, direct call and
// direct jump objdump shows is reported at its address with objdump's target, nothing else is,
// and file:line comes from DWARF as addr2line reads it.
#include <set>
#include <sstream>
#include <tuple>

#include "xol_fixture.h"

namespace xoltest {
namespace {

struct Build {
    const char *name;
    const char *command;  // builds `out` from globals.c
};

// What objdump says: address → (class, target).
std::set<std::tuple<uint64_t, std::string, uint64_t>> objdump_view(const std::string &listing) {
    std::set<std::tuple<uint64_t, std::string, uint64_t>> out;
    std::istringstream lines(listing);
    std::string line;
    while (std::getline(lines, line)) {
        // "  401136:\tmov    0x2ee8(%rip),%eax        # 404024 <counter>"
        const size_t colon = line.find(":\t");
        if (colon == std::string::npos || line.find_first_not_of(" 0123456789abcdef") != colon) continue;
        const uint64_t address = std::strtoull(line.c_str(), nullptr, 16);
        std::istringstream rest(line.substr(colon + 2));
        std::string mnemonic, operands;
        rest >> mnemonic;
        std::getline(rest, operands);
        if (mnemonic == "bnd" || mnemonic == "notrack") rest >> mnemonic;
        const size_t hash = line.find("# ");
        if (line.find("(%rip)") != std::string::npos && hash != std::string::npos)
            out.insert({address, "rip-relative", std::strtoull(line.c_str() + hash + 2, nullptr, 16)});
        const bool direct = operands.find('*') == std::string::npos && operands.find('<') != std::string::npos;
        if (!direct) continue;
        const uint64_t target = std::strtoull(operands.c_str() + operands.find_first_not_of(' '), nullptr, 16);
        if (mnemonic == "call") out.insert({address, "relative-call", target});
        else if (mnemonic == "jmp") out.insert({address, "relative-jump", target});
        else if (mnemonic[0] == 'j') out.insert({address, "conditional-jump", target});
    }
    return out;
}

void PrintTo(const Build &build, std::ostream *out) { *out << build.name; }

class Compilers : public XolTest, public ::testing::WithParamInterface<Build> {};

TEST_P(Compilers, FindingsMatchObjdump) {
    write("globals.c", sh("cat '" HEISEN_XOL_INPUTS "/globals.c'"));
    sh(GetParam().command);
    const JsonReport r = xol_json("out");
    std::set<std::tuple<uint64_t, std::string, uint64_t>> ours;
    size_t others = 0;
    for (const JsonFinding &f : r.findings) {
        if (f.rule == "rip-relative" || f.rule == "relative-call" || f.rule == "relative-jump" ||
            f.rule == "conditional-jump")
            ours.insert({f.address, f.rule, f.target});
        else if (f.rule != "indirect-call")
            ++others;  // crt code may hold anything else; our functions do not
    }
    // Only the functions of globals.c (and whatever of crt objdump also disassembles).
    const auto theirs = objdump_view(sh("objdump -d --no-show-raw-insn out"));
    for (const auto &t : theirs) EXPECT_TRUE(ours.count(t)) << hex(std::get<0>(t)) << " " << std::get<1>(t);
    for (const auto &o : ours) EXPECT_TRUE(theirs.count(o)) << hex(std::get<0>(o)) << " " << std::get<1>(o);
    EXPECT_GT(theirs.size(), 3u);

    // leaf touches nothing position-dependent.
    ASSERT_TRUE(r.function("leaf"));
    EXPECT_EQ(r.function("leaf")->verdict, "probe-safe");
    // file:line as addr2line reads them.
    for (const char *name : {"bump", "pick"}) {
        const JsonFunction *f = r.function(name);
        ASSERT_TRUE(f) << name;
        for (const JsonFinding &finding : r.in(name)) {
            std::string line = sh("addr2line -e out " + hex(finding.address));
            line = line.substr(0, line.find_first_of(" \n"));  // without " (discriminator 1)"
            EXPECT_EQ(line, finding.file + ":" + std::to_string(finding.line)) << name;
        }
    }
    for (const char *name : {"bump", "where", "pick", "main"})
        for (const JsonFinding &f : r.in(name)) EXPECT_NE(f.rule, "undecodable") << name;
    EXPECT_EQ(others, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    X86_64, Compilers,
    ::testing::Values(Build{"gcc_nopic", "gcc -O2 -g -fno-pic -no-pie -o out globals.c"},
                      Build{"gcc_pie", "gcc -O2 -g -fPIC -pie -o out globals.c"},
                      Build{"gcc_shared", "gcc -O2 -g -fPIC -shared -o out globals.c"},
                      Build{"clang_nopic", "clang-15 -O2 -g -fno-pic -no-pie -o out globals.c"},
                      Build{"clang_pie", "clang-15 -O2 -g -fPIC -pie -o out globals.c"},
                      Build{"clang_shared", "clang-15 -O2 -g -fPIC -shared -o out globals.c"}),
    [](const ::testing::TestParamInfo<Build> &param) { return std::string(param.param.name); });

// Without PIC, &counter is an absolute immediate: where() runs anywhere. With PIC it is
// RIP-relative (PIE) or read from the GOT (shared library), and needs a fix-up.
TEST_F(XolTest, AddressOfAGlobalDependsOnPic) {
    write("globals.c", sh("cat '" HEISEN_XOL_INPUTS "/globals.c'"));
    sh("gcc -O2 -fno-pic -no-pie -o nopic globals.c && gcc -O2 -fPIC -pie -o pie globals.c && "
       "gcc -O2 -fPIC -shared -o lib.so globals.c");
    EXPECT_EQ(xol_json("--functions where nopic").function("where")->verdict, "probe-safe");
    const JsonReport pie = xol_json("--functions where pie");
    EXPECT_EQ(pie.function("where")->verdict, "needs-fixup");
    ASSERT_EQ(pie.findings.size(), 1u);
    EXPECT_EQ(pie.findings[0].rule, "rip-relative");
    EXPECT_EQ(pie.findings[0].target, symbols("pie")["counter"]);
    const JsonReport lib = xol_json("--functions where lib.so");
    ASSERT_EQ(lib.findings.size(), 1u);
    EXPECT_EQ(lib.findings[0].rule, "rip-relative");
    EXPECT_NE(lib.findings[0].target, symbols("lib.so")["counter"]);  // the GOT entry holding it
    EXPECT_NE(lib.findings[0].instruction.find("mov"), std::string::npos);
}

// A PIE moved by --base (where its first segment is mapped): targets and slots move with it.
TEST_F(XolTest, BaseMovesASharedObject) {
    write("globals.c", sh("cat '" HEISEN_XOL_INPUTS "/globals.c'"));
    sh("gcc -O2 -fPIC -pie -o pie globals.c");
    const uint64_t counter = symbols("pie")["counter"];
    const uint64_t base = 0x7f0000000000ull;
    const JsonReport r = xol_json("--base " + hex(base) + " --slot " + hex(base + counter + (3ull << 30)) +
                                  " --functions where pie");
    ASSERT_EQ(r.findings.size(), 1u);
    EXPECT_EQ(r.findings[0].target, base + counter);
    EXPECT_EQ(r.findings[0].reach, "none");
    EXPECT_EQ(r.function("where")->verdict, "unsafe");
}

}  // namespace
}  // namespace xoltest
