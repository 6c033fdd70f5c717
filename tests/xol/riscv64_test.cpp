// riscv64_test.cpp — every riscv64 class at its exact address, on a freestanding executable and
// on the relocatable object it is linked from (where branch and call targets come from
// relocations), both built by riscv64-unknown-elf-gcc from inputs/riscv64_classes.S; and the
// bare-metal testbed kernel checked against riscv64-unknown-elf-objdump.
#include <set>
#include <sstream>
#include <tuple>

#include "xol_fixture.h"

namespace xoltest {
namespace {

using Set = std::set<std::tuple<std::string, std::string, std::string>>;

class Riscv64 : public XolTest {
protected:
    void SetUp() override {
        XolTest::SetUp();
        sh("riscv64-unknown-elf-gcc -march=rv64gc -mabi=lp64d -c -o classes.o '" HEISEN_XOL_INPUTS
           "/riscv64_classes.S'");
        sh("riscv64-unknown-elf-gcc -march=rv64gc -mabi=lp64d -nostdlib -ffreestanding -static -Wl,-Ttext=0x80000000 "
           "-Wl,--no-relax -o classes classes.o");
    }
    // rule, severity, target of the findings at an address
    static Set findings_at(const JsonReport &r, uint64_t address) {
        Set out;
        for (const JsonFinding &f : r.at(address))
            out.insert({f.rule, f.severity, f.has_target ? hex(f.target) : f.target_symbol});
        return out;
    }
};

TEST_F(Riscv64, ExecutableFindings) {
    std::map<std::string, uint64_t> s = symbols("classes", "riscv64-unknown-elf-nm");
    const JsonReport r = xol_json("classes");
    EXPECT_EQ(r.machine, "riscv64");
    EXPECT_TRUE(r.in("plain").empty());
    EXPECT_EQ(r.function("plain")->verdict, "probe-safe");

    // auipc + addi: one finding on the auipc, naming its partner and the address they build.
    std::vector<JsonFinding> auipc = r.at(s["rv_auipc"]);
    ASSERT_EQ(auipc.size(), 1u);
    EXPECT_EQ(auipc[0].rule, "pc-relative-address");
    EXPECT_EQ(auipc[0].target, s["counter"]);
    EXPECT_TRUE(auipc[0].has_partner);
    EXPECT_EQ(auipc[0].partner, s["rv_addi"]);
    EXPECT_TRUE(r.at(s["rv_addi"]).empty());
    // call = auipc ra + jalr ra: the jalr links the slot's address, the pair reaches plain.
    EXPECT_EQ(findings_at(r, s["rv_call"]), (Set{{"pc-relative-address", "warning", hex(s["plain"])}}));
    std::vector<JsonFinding> jalr = r.at(s["rv_call"] + 4);
    ASSERT_EQ(jalr.size(), 1u);
    EXPECT_EQ(jalr[0].rule, "indirect-call");
    EXPECT_EQ(jalr[0].target, s["plain"]);
    EXPECT_EQ(jalr[0].partner, s["rv_call"]);
    EXPECT_EQ(findings_at(r, s["rv_jal"]), (Set{{"relative-call", "warning", hex(s["plain"])}}));
    EXPECT_EQ(findings_at(r, s["rv_j"]), (Set{{"relative-jump", "warning", hex(s["rv_cj"])}}));
    EXPECT_EQ(findings_at(r, s["rv_cj"]), (Set{{"relative-jump", "warning", hex(s["rv_beq"])}}));
    EXPECT_TRUE(r.at(s["rv_cj"])[0].compressed);
    EXPECT_NE(r.at(s["rv_cj"])[0].message.find("c.ebreak"), std::string::npos);
    EXPECT_EQ(findings_at(r, s["rv_beq"]), (Set{{"conditional-jump", "warning", hex(s["rv_cbeqz"])}}));
    EXPECT_FALSE(r.at(s["rv_beq"])[0].compressed);
    EXPECT_EQ(findings_at(r, s["rv_cbeqz"]), (Set{{"conditional-jump", "warning", hex(s["rv_jalr"])}}));
    EXPECT_EQ(findings_at(r, s["rv_jalr"]), (Set{{"indirect-call", "warning", ""}}));
    EXPECT_EQ(findings_at(r, s["rv_cjalr"]), (Set{{"indirect-call", "warning", ""}}));
    EXPECT_EQ(r.in("fixups").size(), 10u);
    EXPECT_EQ(r.function("fixups")->verdict, "needs-fixup");
    EXPECT_EQ(r.function("fixups")->fixups, (std::vector<std::string>{"emulation", "return address"}));

    EXPECT_EQ(findings_at(r, s["rv_csrs"]), (Set{{"interrupt-flag", "error", ""}}));
    EXPECT_EQ(findings_at(r, s["rv_csrci"]), (Set{{"interrupt-flag", "error", ""}}));
    EXPECT_EQ(findings_at(r, s["rv_ebreak"]), (Set{{"own-trap", "error", ""}}));
    EXPECT_EQ(findings_at(r, s["rv_cebreak"]), (Set{{"own-trap", "error", ""}}));
    EXPECT_EQ(findings_at(r, s["rv_mret"]), (Set{{"control-leaves", "error", ""}}));
    EXPECT_EQ(findings_at(r, s["rv_sret"]), (Set{{"control-leaves", "error", ""}}));
    EXPECT_EQ(r.in("unsafe").size(), 6u);
    EXPECT_EQ(r.function("unsafe")->verdict, "unsafe");

    // lr, bne, sc are in the window (the bne is also a branch); the retry after the sc is not.
    EXPECT_EQ(findings_at(r, s["cas_lr"]), (Set{{"lr-sc-window", "error", ""}}));
    EXPECT_EQ(findings_at(r, s["cas_bne"]),
              (Set{{"lr-sc-window", "error", ""}, {"conditional-jump", "warning", hex(s["cas_retry"] + 4)}}));
    EXPECT_EQ(findings_at(r, s["cas_sc"]), (Set{{"lr-sc-window", "error", ""}}));
    EXPECT_EQ(findings_at(r, s["cas_retry"]), (Set{{"conditional-jump", "warning", hex(s["cas_lr"])}}));
    for (const JsonFinding &f : r.in("cas"))
        if (f.rule == "lr-sc-window") {
            EXPECT_EQ(f.partner, s["cas_lr"]);
        }
    EXPECT_EQ(r.function("cas")->verdict, "unsafe");
    EXPECT_EQ(r.function("cas")->entry, "unsafe");
}

TEST_F(Riscv64, RelocatableObjectTargetsComeFromRelocations) {
    // In the object the branch and call fields are zero; the relocations name the targets.
    const JsonReport r = xol_json("classes.o");
    EXPECT_EQ(r.type, "relocatable object");
    const JsonFunction *fixups = r.function("fixups");
    const JsonFunction *plain = r.function("plain");
    ASSERT_TRUE(fixups && plain);
    std::map<std::string, uint64_t> s = symbols("classes.o", "riscv64-unknown-elf-nm");
    const uint64_t base = fixups->start - s["fixups"];  // where .text was laid out
    const auto at = [&](const char *label) { return base + s[label]; };
    std::vector<JsonFinding> auipc = r.at(at("rv_auipc"));
    ASSERT_EQ(auipc.size(), 1u);
    EXPECT_EQ(auipc[0].target_symbol, "counter");
    EXPECT_EQ(auipc[0].partner, at("rv_addi"));
    std::vector<JsonFinding> jal = r.at(at("rv_jal"));
    ASSERT_EQ(jal.size(), 1u);
    EXPECT_EQ(jal[0].rule, "relative-call");
    EXPECT_EQ(jal[0].target_symbol, "plain");
    EXPECT_EQ(jal[0].target, plain->start);
    std::vector<JsonFinding> beq = r.at(at("rv_beq"));
    ASSERT_EQ(beq.size(), 1u);
    EXPECT_EQ(beq[0].target, at("rv_cbeqz"));
    std::vector<JsonFinding> call = r.at(at("rv_call") + 4);
    ASSERT_EQ(call.size(), 1u);
    EXPECT_EQ(call[0].rule, "indirect-call");
    EXPECT_EQ(call[0].target_symbol, "plain");
    EXPECT_EQ(r.in("fixups").size(), 10u);
    EXPECT_EQ(r.in("cas").size(), 5u);
}

// The kernel of the bare-metal testbed (tests/riscv), checked against objdump: every mret, sret,
// ebreak and jal objdump shows is reported where it shows it, and every lr starts a window.
TEST_F(Riscv64, TestbedKernelAgainstObjdump) {
    const std::string kernel = HEISEN_XOL_TESTBED;
    const JsonReport r = xol_json("'" + kernel + "'");
    ASSERT_GT(r.instructions, 1000u);
    std::istringstream lines(sh("riscv64-unknown-elf-objdump -d --no-show-raw-insn -M no-aliases '" + kernel + "'"));
    std::string line;
    size_t checked = 0;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string address, mnemonic;
        if (!(fields >> address >> mnemonic) || address.empty() || address.back() != ':') continue;
        const uint64_t at = std::strtoull(address.c_str(), nullptr, 16);
        std::string expected;
        if (mnemonic == "mret" || mnemonic == "sret") expected = "control-leaves";
        else if (mnemonic == "ebreak" || mnemonic == "c.ebreak") expected = "own-trap";
        else if (mnemonic.rfind("lr.", 0) == 0) expected = "lr-sc-window";
        else if (mnemonic == "auipc") expected = "pc-relative-address";
        else if (mnemonic == "jal" || mnemonic == "c.j") expected = "";  // relative-jump or -call
        else if (mnemonic == "beq" || mnemonic == "bne" || mnemonic == "blt" || mnemonic == "bge" || mnemonic == "bltu" ||
                 mnemonic == "bgeu" || mnemonic == "c.beqz" || mnemonic == "c.bnez")
            expected = "conditional-jump";
        else continue;
        bool found = false;
        for (const JsonFinding &f : r.at(at))
            found = found || (expected.empty() ? f.rule == "relative-jump" || f.rule == "relative-call" : f.rule == expected);
        EXPECT_TRUE(found) << line;
        ++checked;
    }
    EXPECT_GT(checked, 100u);
}

}  // namespace
}  // namespace xoltest
