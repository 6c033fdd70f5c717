// x86_64_classes_test.cpp — every x86-64 class at its exact address, with its target, severity
// and verdicts, on an executable assembled from inputs/x86_64_classes.S; slots 1 GiB and 3 GiB
// from the data the RIP-relative operands reach.
#include <set>
#include <tuple>

#include "xol_fixture.h"

namespace xoltest {
namespace {

class X86Classes : public XolTest {
protected:
    void SetUp() override {
        XolTest::SetUp();
        sh("gcc -nostdlib -static -no-pie -Wl,--build-id=none -o classes '" HEISEN_XOL_INPUTS "/x86_64_classes.S'");
        sym_ = symbols("classes");
    }
    uint64_t at(const std::string &label) {
        EXPECT_TRUE(sym_.count(label)) << label;
        return sym_[label];
    }
    // rule, severity, target ("" when none) of each finding at the label
    std::set<std::tuple<std::string, std::string, std::string>> findings_at(const JsonReport &r, const std::string &label) {
        std::set<std::tuple<std::string, std::string, std::string>> out;
        for (const JsonFinding &f : r.at(at(label))) out.insert({f.rule, f.severity, f.has_target ? hex(f.target) : ""});
        return out;
    }
    std::map<std::string, uint64_t> sym_;
};

using Set = std::set<std::tuple<std::string, std::string, std::string>>;

TEST_F(X86Classes, FixUpsAtTheirAddressesWithTargets) {
    const JsonReport r = xol_json("classes");
    EXPECT_EQ(r.machine, "x86-64");
    EXPECT_EQ(r.type, "executable");
    const std::string counter = hex(at("counter"));
    EXPECT_EQ(findings_at(r, "fx_load"), (Set{{"rip-relative", "warning", counter}}));
    EXPECT_EQ(findings_at(r, "fx_lea"), (Set{{"rip-relative", "warning", counter}}));
    EXPECT_EQ(findings_at(r, "fx_store"), (Set{{"rip-relative", "warning", hex(at("counter") + 4)}}));
    EXPECT_EQ(findings_at(r, "fx_jcc8"), (Set{{"conditional-jump", "warning", hex(at("fx_jmp32"))}}));
    EXPECT_EQ(findings_at(r, "fx_jcc32"), (Set{{"conditional-jump", "warning", hex(at("fx_jmp32"))}}));
    EXPECT_EQ(findings_at(r, "fx_jmp8"), (Set{{"relative-jump", "warning", hex(at("fx_jmp32"))}}));
    EXPECT_EQ(findings_at(r, "fx_jmp32"), (Set{{"relative-jump", "warning", hex(at("fx_call"))}}));
    EXPECT_EQ(findings_at(r, "fx_call"), (Set{{"relative-call", "warning", hex(at("plain"))}}));
    EXPECT_EQ(findings_at(r, "fx_loop"), (Set{{"counter-jump", "warning", hex(at("fx_jrcxz"))}}));
    EXPECT_EQ(findings_at(r, "fx_jrcxz"), (Set{{"counter-jump", "warning", hex(at("fx_xbegin"))}}));
    EXPECT_EQ(findings_at(r, "fx_xbegin"), (Set{{"transaction-begin", "warning", hex(at("fx_icall"))}}));
    EXPECT_EQ(findings_at(r, "fx_icall"), (Set{{"indirect-call", "warning", ""}}));
    EXPECT_EQ(findings_at(r, "fx_icallm"),
              (Set{{"indirect-call", "warning", ""}, {"rip-relative", "warning", hex(at("table"))}}));
    EXPECT_EQ(findings_at(r, "fx_pushf"), (Set{{"flags-push", "warning", ""}}));
    EXPECT_EQ(r.in("fixups").size(), 15u);  // nothing else: popq and ret run anywhere

    const JsonFunction *f = r.function("fixups");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->verdict, "needs-fixup");
    EXPECT_EQ(f->entry, "needs-fixup");
    EXPECT_EQ(f->fixups, (std::vector<std::string>{"displacement", "emulation", "return address", "trap flag"}));
}

TEST_F(X86Classes, LockPrefixIsPartOfTheInstruction) {
    const JsonReport r = xol_json("--functions locked classes");
    EXPECT_EQ(findings_at(r, "lk_cmpxchg"), (Set{{"rip-relative", "warning", hex(at("counter"))}}));
    EXPECT_EQ(findings_at(r, "lk_add"), (Set{{"rip-relative", "warning", hex(at("counter") + 4)}}));
    ASSERT_EQ(r.findings.size(), 2u);
    EXPECT_EQ(r.findings[0].instruction.rfind("lock cmpxchgl %edx, ", 0), 0u) << r.findings[0].instruction;
    EXPECT_EQ(r.findings[1].instruction.rfind("lock addl $0x1, ", 0), 0u) << r.findings[1].instruction;
    // 8 bytes (f0 0f b1 15 disp32) from a slot 1 GiB above the data.
    const JsonReport slot = xol_json("--slot " + hex(at("counter") + (1ull << 30)) + " --functions locked classes");
    EXPECT_EQ(slot.at(at("lk_cmpxchg"))[0].displacement, -static_cast<int64_t>((1ull << 30) + 8));
}

TEST_F(X86Classes, InstructionsNeedingTheOriginalRip) {
    const JsonReport r = xol_json("--functions pushes classes");
    EXPECT_EQ(findings_at(r, "ps_push"), (Set{{"rip-relative", "warning", hex(at("table"))}}));
    EXPECT_EQ(findings_at(r, "ps_lea"), (Set{{"rip-relative", "warning", hex(at("ps_call"))}}));  // its own end
    EXPECT_EQ(findings_at(r, "ps_call"), (Set{{"relative-call", "warning", hex(at("ps_call") + 5)}}));
    EXPECT_EQ(r.findings.size(), 3u);
    EXPECT_NE(r.at(at("ps_lea"))[0].message.find("RIP-relative address"), std::string::npos);
}

TEST_F(X86Classes, UnsafeInstructions) {
    const JsonReport r = xol_json("classes");
    EXPECT_EQ(findings_at(r, "us_sti"), (Set{{"interrupt-flag", "error", ""}}));
    EXPECT_EQ(findings_at(r, "us_cli"), (Set{{"interrupt-flag", "error", ""}}));
    EXPECT_EQ(findings_at(r, "us_popf"), (Set{{"interrupt-flag", "error", ""}}));
    EXPECT_EQ(findings_at(r, "us_int3"), (Set{{"own-trap", "error", ""}}));
    EXPECT_EQ(findings_at(r, "us_int"), (Set{{"own-trap", "error", ""}}));
    EXPECT_EQ(findings_at(r, "us_int1"), (Set{{"own-trap", "error", ""}}));
    EXPECT_EQ(findings_at(r, "us_ud1"), (Set{{"own-trap", "error", ""}}));
    EXPECT_EQ(findings_at(r, "us_ss"), (Set{{"interrupt-shadow", "error", ""}}));
    EXPECT_EQ(findings_at(r, "us_iret"), (Set{{"control-leaves", "error", ""}}));
    EXPECT_EQ(findings_at(r, "us_sysret"), (Set{{"control-leaves", "error", ""}}));
    EXPECT_EQ(findings_at(r, "us_ud2"), (Set{{"own-trap", "error", ""}}));
    EXPECT_EQ(r.in("unsafe").size(), 11u);
    const JsonFunction *f = r.function("unsafe");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->verdict, "unsafe");
    EXPECT_EQ(f->entry, "unsafe");
    EXPECT_TRUE(f->fixups.empty());
}

TEST_F(X86Classes, PlainCodeAndFillAreProbeSafe) {
    const JsonReport r = xol_json("classes");
    EXPECT_TRUE(r.in("plain").empty());
    ASSERT_TRUE(r.function("plain"));
    EXPECT_EQ(r.function("plain")->verdict, "probe-safe");
    ASSERT_TRUE(r.function("_start"));
    EXPECT_EQ(r.function("_start")->verdict, "probe-safe");
    // The int3 a branch reaches is reported; the fill after plain's ret is not.
    EXPECT_EQ(findings_at(r, "ri_int3"), (Set{{"own-trap", "error", ""}}));
    EXPECT_EQ(r.function("reached_int3")->verdict, "unsafe");
    EXPECT_EQ(r.function("reached_int3")->entry, "probe-safe");
    ASSERT_EQ(r.in("noreturn_tail").size(), 1u);
    EXPECT_EQ(r.in("noreturn_tail")[0].rule, "relative-call");
    EXPECT_EQ(r.function("marker_fill"), nullptr);
    EXPECT_NE(xol_json("--functions marker_fill classes").function("marker_fill"), nullptr);  // asked for by name
}

TEST_F(X86Classes, SlotThreeGiBAwayCannotReachTheData) {
    const uint64_t counter = at("counter");
    const uint64_t slot = counter + (3ull << 30);
    const JsonReport r = xol_json("--slot " + hex(slot) + " classes");
    std::vector<JsonFinding> load = r.at(at("fx_load"));
    ASSERT_EQ(load.size(), 1u);
    EXPECT_EQ(load[0].severity, "error");
    EXPECT_EQ(load[0].reach, "none");
    ASSERT_TRUE(load[0].has_displacement);
    EXPECT_EQ(load[0].displacement, -static_cast<int64_t>((3ull << 30) + 6));  // movl counter(%rip), %eax: 6 bytes
    EXPECT_NE(load[0].message.find("-3.00 GiB"), std::string::npos) << load[0].message;
    EXPECT_NE(load[0].message.find("cannot run there"), std::string::npos) << load[0].message;
    std::vector<JsonFinding> store = r.at(at("fx_store"));
    ASSERT_EQ(store.size(), 1u);
    EXPECT_EQ(store[0].displacement, -static_cast<int64_t>((3ull << 30) + 10) + 4);  // 10 bytes, counter+4
    EXPECT_EQ(r.function("fixups")->verdict, "unsafe");
    // Branches stay fix-ups: they can always be emulated.
    std::vector<JsonFinding> call = r.at(at("fx_call"));
    ASSERT_EQ(call.size(), 1u);
    EXPECT_EQ(call[0].severity, "warning");
    EXPECT_EQ(call[0].reach, "none");
    // Exit status: unsafe reaches the default --fail-on error.
    EXPECT_EQ(xol("--slot " + hex(slot) + " --functions fixups classes").status, 1);
}

TEST_F(X86Classes, SlotOneGiBAwayReachesIt) {
    const uint64_t counter = at("counter");
    const uint64_t slot = counter + (1ull << 30);
    const JsonReport r = xol_json("--slot " + hex(slot) + " classes");
    std::vector<JsonFinding> load = r.at(at("fx_load"));
    ASSERT_EQ(load.size(), 1u);
    EXPECT_EQ(load[0].severity, "warning");
    EXPECT_EQ(load[0].reach, "all");
    EXPECT_EQ(load[0].displacement, -static_cast<int64_t>((1ull << 30) + 6));
    EXPECT_EQ(r.function("fixups")->verdict, "needs-fixup");
    EXPECT_EQ(xol("--slot " + hex(slot) + " --functions fixups classes").status, 0);
    EXPECT_EQ(xol("--slot " + hex(slot) + " --functions fixups --fail-on warning classes").status, 1);
}

TEST_F(X86Classes, TheEdgeOfReach) {
    const uint64_t counter = at("counter");
    // From above, -2^31 is the last displacement that fits: movl counter(%rip), %eax is 6 bytes.
    const uint64_t edge = counter - 6 + 0x80000000ull;
    JsonReport r = xol_json("--slot " + hex(edge) + " --functions fixups classes");
    EXPECT_EQ(r.at(at("fx_load"))[0].reach, "all");
    EXPECT_EQ(r.at(at("fx_load"))[0].displacement, -0x80000000ll);
    r = xol_json("--slot " + hex(edge + 1) + " --functions fixups classes");
    EXPECT_EQ(r.at(at("fx_load"))[0].reach, "none");
    EXPECT_EQ(r.at(at("fx_load"))[0].displacement, -0x80000001ll);
    // A kernel-half slot is 2^64 - 3 GiB away, not 3 GiB: addresses do not wrap around.
    r = xol_json("--slot 0xffffffffc0000000 --functions fixups classes");
    EXPECT_EQ(r.at(at("fx_load"))[0].reach, "none");
}

TEST_F(X86Classes, SlotRangeReachedOnlyInPart) {
    const uint64_t counter = at("counter");
    const std::string range = hex(counter + (1ull << 30)) + "-" + hex(counter + (3ull << 30));
    const JsonReport r = xol_json("--slot-range " + range + " --functions fixups classes");
    std::vector<JsonFinding> load = r.at(at("fx_load"));
    ASSERT_EQ(load.size(), 1u);
    EXPECT_EQ(load[0].reach, "some");
    EXPECT_EQ(load[0].severity, "error");
    EXPECT_NE(load[0].message.find("only slots " + hex(counter + (1ull << 30)) + "-" +
                                    hex(counter - 6 + 0x80000000ull)),
              std::string::npos)
        << load[0].message;
    const JsonReport near = xol_json("--slot-range " + hex(counter + 4096) + "-" + hex(counter + (1ull << 30)) +
                                     " --functions fixups classes");
    EXPECT_EQ(near.at(at("fx_load"))[0].reach, "all");
}

TEST_F(X86Classes, TextOutput) {
    const CommandResult r = xol("--functions fixups --functions plain classes");
    EXPECT_EQ(r.status, 0) << r.err;  // fix-ups only: below the default --fail-on error
    EXPECT_NE(r.out.find("plain " + hex(at("plain")) + "-"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(": probe-safe\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("fixups " + hex(at("fixups")) + "-" + hex(at("unsafe")) +
                         ": needs fix-up (displacement, emulation, return address, trap flag): 4 rip-relative, "
                         "2 relative-jump, 2 conditional-jump, 1 relative-call, 2 counter-jump, 1 transaction-begin, "
                         "2 indirect-call, 1 flags-push; entry needs fix-up; slots "),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("  " + hex(at("fx_load")) + " fixups: warning: movl "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(%rip), %eax: RIP-relative operand " + hex(at("counter")) + " <counter>"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("heisen xol: classes: x86-64 executable, no slot given: 2 functions (1 probe-safe, 1 need "
                         "fix-up, 0 unsafe; 1 with a probe-safe entry), "),
              std::string::npos)
        << r.out;
}

TEST_F(X86Classes, SummaryAndSarif) {
    CommandResult r = xol("--summary classes");
    EXPECT_EQ(r.status, 1);  // unsafe functions
    EXPECT_EQ(r.out.find("  0x"), std::string::npos) << r.out;  // no finding lines
    r = xol("--format sarif --functions unsafe classes");
    EXPECT_EQ(r.status, 1);
    llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(r.out);
    ASSERT_TRUE(static_cast<bool>(parsed)) << r.out;
    const llvm::json::Object &run = *(*parsed->getAsObject()->getArray("runs"))[0].getAsObject();
    const llvm::json::Array &results = *run.getArray("results");
    ASSERT_EQ(results.size(), 12u);  // the function and its 11 instructions
    const llvm::json::Object &first = *results[0].getAsObject();
    EXPECT_EQ(*first.getString("ruleId"), "function-unsafe");
    const llvm::json::Object &sti = *results[1].getAsObject();
    EXPECT_EQ(*sti.getString("ruleId"), "interrupt-flag");
    EXPECT_EQ(*sti.getString("level"), "error");
    const llvm::json::Object &location = *(*sti.getArray("locations"))[0].getAsObject();
    EXPECT_EQ(*location.getObject("physicalLocation")->getObject("address")->getInteger("absoluteAddress"),
              static_cast<int64_t>(at("us_sti")));
    EXPECT_EQ(*(*location.getArray("logicalLocations"))[0].getAsObject()->getString("fullyQualifiedName"), "unsafe");
    EXPECT_EQ(*location.getObject("physicalLocation")->getObject("artifactLocation")->getString("uri"), "classes");
}

}  // namespace
}  // namespace xoltest
