// relocatable_test.cpp — relocatable objects (.o, kernel modules): the targets of calls and
// RIP-relative operands come from their relocations, inside the object or outside it;
// --base places the object, so a slot 3 GiB away from its data is out of reach.
#include "xol_fixture.h"

namespace xoltest {
namespace {

class Relocatable : public XolTest {
protected:
    void SetUp() override {
        XolTest::SetUp();
        write("module.c", sh("cat '" HEISEN_XOL_INPUTS "/module.c'"));
    }
    static const JsonFinding *find(const std::vector<JsonFinding> &all, const std::string &rule, const std::string &symbol) {
        for (const JsonFinding &f : all)
            if (f.rule == rule && f.target_symbol == symbol) return &f;
        return nullptr;
    }
};

TEST_F(Relocatable, TargetsFromRelocations) {
    sh("gcc -O2 -g -fno-pic -mcmodel=kernel -ffunction-sections -fdata-sections -c -o module.o module.c");
    const JsonReport r = xol_json("module.o");
    EXPECT_EQ(r.type, "relocatable object");
    const JsonFunction *add = r.function("module_add");
    const JsonFunction *init = r.function("module_init");
    ASSERT_TRUE(add && init);
    // With -ffunction-sections each function has its own section, laid out one after another.
    EXPECT_LT(add->end, init->start + 1);

    const std::vector<JsonFinding> in_init = r.in("module_init");
    const JsonFinding *call_add = find(in_init, "relative-call", "module_add");
    ASSERT_TRUE(call_add);
    EXPECT_TRUE(call_add->has_target);
    EXPECT_EQ(call_add->target, add->start);  // defined here: its laid-out address
    EXPECT_EQ(call_add->line, 15u);
    // printk is outside the object: a call (or tail jump) whose target the loader decides.
    const JsonFinding *to_printk = find(in_init, "relative-call", "printk");
    if (!to_printk) to_printk = find(in_init, "relative-jump", "printk");
    ASSERT_TRUE(to_printk);
    EXPECT_FALSE(to_printk->has_target);
    EXPECT_NE(to_printk->message.find("printk (outside this object)"), std::string::npos) << to_printk->message;
    EXPECT_EQ(to_printk->line, 16u);
    const JsonFinding *total = find(in_init, "rip-relative", "shared_total");
    ASSERT_TRUE(total);
    EXPECT_FALSE(total->has_target);

    const std::vector<JsonFinding> in_add = r.in("module_add");
    ASSERT_FALSE(in_add.empty());
    for (const JsonFinding &f : in_add) {
        EXPECT_EQ(f.rule, "rip-relative");
        EXPECT_TRUE(f.target_symbol == ".data.module_counter" || f.target_symbol == "module_counter") << f.target_symbol;
        EXPECT_TRUE(f.has_target);  // in .data of this object
        EXPECT_EQ(f.line, 10u);
        EXPECT_NE(f.file.find("module.c"), std::string::npos);
    }
}

TEST_F(Relocatable, GotRelocationsInPicObjects) {
    sh("gcc -O2 -fPIC -c -o module.o module.c");
    const JsonReport r = xol_json("module.o");
    bool got = false;
    for (const JsonFinding &f : r.in("module_init"))
        if (f.rule == "rip-relative" && f.target_symbol == "shared_total") {
            EXPECT_TRUE(f.via_got);
            EXPECT_NE(f.message.find("the GOT entry of shared_total"), std::string::npos) << f.message;
            got = true;
        }
    EXPECT_TRUE(got);
}

TEST_F(Relocatable, ModuleAtABaseAndASlot) {
    sh("gcc -O2 -fno-pic -mcmodel=kernel -c -o module.o module.c");
    const uint64_t base = 0xffffffffc0000000ull;
    // Where the object's own data lands with --base: from the JSON without a slot.
    const JsonReport placed = xol_json("--base " + hex(base) + " --functions module_add module.o");
    ASSERT_FALSE(placed.findings.empty());
    const uint64_t data = placed.findings[0].target;
    EXPECT_GE(data, base);
    EXPECT_LT(data, base + 0x10000);

    const JsonReport far = xol_json("--base " + hex(base) + " --slot " + hex(data - (3ull << 30)) + " module.o");
    for (const JsonFinding &f : far.in("module_add")) {
        EXPECT_EQ(f.reach, "none");
        EXPECT_EQ(f.severity, "error");
    }
    // Outside the object: the slot's reach depends on where the loader puts printk.
    for (const JsonFinding &f : far.in("module_init"))
        if (f.target_symbol == "printk") {
            EXPECT_NE(f.message.find("depends on where"), std::string::npos);
        }
    const JsonReport near = xol_json("--base " + hex(base) + " --slot " + hex(data - (1ull << 30)) + " module.o");
    for (const JsonFinding &f : near.in("module_add")) {
        EXPECT_EQ(f.reach, "all");
        EXPECT_EQ(f.severity, "warning");
    }
    EXPECT_EQ(xol("--base 0x1000 module.o").status, 0);
}

}  // namespace
}  // namespace xoltest
