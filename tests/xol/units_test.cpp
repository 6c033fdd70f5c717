// units_test.cpp — the pieces with arithmetic of their own: slots and reach, argument parsing,
// System.map lines; function boundaries of stripped files from .eh_frame and System.map.
#include <fstream>

#include "xol/slot.h"
#include "xol/system_map.h"
#include "xol_fixture.h"

namespace xoltest {
namespace {

using namespace heisen::xol;

TEST(Slot, ParsesAddressesAndRanges) {
    SlotSpec slot;
    std::string error;
    EXPECT_TRUE(parse_slot("0xffffffffc0000000", slot, error));
    EXPECT_EQ(slot.kind, SlotSpec::Kind::Address);
    EXPECT_EQ(slot.first, 0xffffffffc0000000ull);
    EXPECT_TRUE(parse_slot("4096", slot, error));
    EXPECT_EQ(slot.first, 4096u);
    EXPECT_FALSE(parse_slot("-5", slot, error));
    EXPECT_FALSE(parse_slot("0x10zz", slot, error));
    EXPECT_EQ(error, "--slot needs an address (0x... or decimal), not '0x10zz'");
    EXPECT_FALSE(parse_slot("0x1ffffffffffffffff", slot, error));  // beyond 64 bits
    EXPECT_TRUE(parse_slot_range("0x1000-0x2000", slot, error));
    EXPECT_EQ(slot.kind, SlotSpec::Kind::Range);
    EXPECT_EQ(slot.first, 0x1000u);
    EXPECT_EQ(slot.last, 0x1fffu);
    EXPECT_FALSE(parse_slot_range("0x2000-0x1000", slot, error));
    EXPECT_EQ(error, "--slot-range 0x2000-0x1000 is empty (HI must be above LO)");
    EXPECT_FALSE(parse_slot_range("0x2000", slot, error));
}

TEST(Slot, ReachWindowIsSigned32BitsFromTheEndOfTheCopy) {
    const Window w = reach_window(0x100000000ull, 6);
    EXPECT_EQ(w.first, 0x100000000ull - 6 - 0x7fffffffull);
    EXPECT_EQ(w.last, 0x100000000ull - 6 + 0x80000000ull);
    // Clamped at both ends of the address space.
    EXPECT_EQ(reach_window(0x10, 5).first, 0u);
    EXPECT_EQ(reach_window(~0ull - 2, 5).last, ~0ull);
    const SlotSpec at{SlotSpec::Kind::Address, w.last, w.last};
    EXPECT_EQ(evaluate_slot(at, 0x100000000ull, 6).reach, Reach::All);
    EXPECT_EQ(evaluate_slot(at, 0x100000000ull, 6).displacement, -0x80000000ll);
    const SlotSpec beyond{SlotSpec::Kind::Address, w.last + 1, w.last + 1};
    EXPECT_EQ(evaluate_slot(beyond, 0x100000000ull, 6).reach, Reach::None);
    const SlotSpec range{SlotSpec::Kind::Range, w.last - 10, w.last + 10};
    const SlotReach some = evaluate_slot(range, 0x100000000ull, 6);
    EXPECT_EQ(some.reach, Reach::Some);
    EXPECT_EQ(some.reachable.first, w.last - 10);
    EXPECT_EQ(some.reachable.last, w.last);
    // Far apart in the 64-bit space: no wrap-around makes them close.
    const SlotSpec kernel{SlotSpec::Kind::Address, 0xffffffffc0000000ull, 0xffffffffc0000000ull};
    EXPECT_EQ(evaluate_slot(kernel, 0x1000, 6).reach, Reach::None);
    EXPECT_EQ(human_distance(-(3ll << 30)), "-3.00 GiB");
    EXPECT_EQ(human_distance(1536), "1.50 KiB");
    EXPECT_EQ(human_distance(12), "12 B");
}

TEST_F(XolTest, SystemMapLines) {
    write("map", "ffffffff81000000 T _stext\nffffffff81000010 t helper\nffffffff82000000 D data\n"
                 "ffffffff81000020 W weak_one\n");
    std::vector<MapSymbol> symbols;
    std::string error;
    ASSERT_TRUE(read_system_map(path("map"), symbols, error)) << error;
    ASSERT_EQ(symbols.size(), 3u);
    EXPECT_EQ(symbols[1].name, "helper");
    EXPECT_EQ(symbols[1].address, 0xffffffff81000010ull);
    write("bad", "ffffffff81000000 T _stext\nnot a map line\n");
    EXPECT_FALSE(read_system_map(path("bad"), symbols, error));
    EXPECT_EQ(error, path("bad") + ":2: not a System.map line (ADDRESS TYPE NAME)");
    EXPECT_FALSE(read_system_map(path("none"), symbols, error));
    const CommandResult r = xol("--system-map none /bin/true");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "heisen xol: none: No such file or directory\n");
}

// Debian's linux-image packages ship a System.map of one placeholder line: analysing the
// image with it would silently treat each section as one function.
TEST_F(XolTest, SystemMapWithoutFunctionSymbolsIsRefused) {
    write("placeholder", "ffffffffffffffff B The real System.map is in the debug package\n");
    const CommandResult r = xol("--system-map placeholder /bin/true");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, std::string("heisen xol: placeholder") +
                         ": no function symbols (no T, t, W or w line); a distribution's placeholder? "
                         "The full System.map comes with the kernel's debug package\n");
    EXPECT_EQ(r.out, "");
}

// A stripped executable keeps .eh_frame: each function it describes is found again, unnamed;
// a System.map (here made from the unstripped file) names them again.
TEST_F(XolTest, StrippedFilesFromUnwindTablesAndSystemMap) {
    sh("gcc -O2 -no-pie -o full '" HEISEN_XOL_INPUTS "/globals.c' && strip -o stripped full");
    const std::map<std::string, uint64_t> named = symbols("full");
    const JsonReport r = xol_json("stripped");
    for (const char *name : {"leaf", "bump", "where", "pick", "main"}) {
        const uint64_t start = named.at(name);
        const JsonFunction *f = r.function("sub_" + hex(start).substr(2));
        ASSERT_TRUE(f) << name;
        EXPECT_EQ(f->start, start);
    }
    sh("nm full | grep -i ' t ' > System.map");
    const JsonReport mapped = xol_json("--system-map System.map stripped");
    for (const char *name : {"leaf", "bump", "where", "pick", "main"}) {
        ASSERT_TRUE(mapped.function(name)) << name;
        EXPECT_EQ(mapped.function(name)->start, named.at(name));
    }
    EXPECT_EQ(mapped.function("leaf")->verdict, "probe-safe");
}

TEST_F(XolTest, UsageErrors) {
    EXPECT_EQ(xol("").status, 2);
    EXPECT_EQ(xol("a b").err, "heisen xol: one ELF file at a time ('b' is a second)\n(see 'heisen xol --help')\n");
    EXPECT_EQ(xol("--slot 1 --slot-range 1-2 /bin/true").err,
              "heisen xol: give one --slot or --slot-range\n(see 'heisen xol --help')\n");
    EXPECT_EQ(xol("--format yaml /bin/true").status, 2);
    EXPECT_EQ(xol("--fail-on sometimes /bin/true").status, 2);
    EXPECT_EQ(xol("--bogus /bin/true").status, 2);
    const CommandResult none = xol("--functions 'no_such_function_*' /bin/true");
    EXPECT_EQ(none.status, 2);
    EXPECT_EQ(none.err, "heisen xol: no function of /bin/true matches --functions\n");
    const CommandResult help = xol("--help");
    EXPECT_EQ(help.status, 0);
    EXPECT_EQ(help.out.rfind("usage: heisen xol [options] ELF\n", 0), 0u);
}

}  // namespace
}  // namespace xoltest
