// line_markers_test.cpp — preprocessor output mapped back to the files and lines it came from.
#include "asm/line_markers.h"

#include <gtest/gtest.h>

#include "asm/extract.h"

namespace heisen::asmcheck {
namespace {

const char *const kPreprocessed =
    "# 1 \"src/a.c\"\n"                                    // 1
    "# 1 \"<built-in>\"\n"                                 // 2
    "# 1 \"/usr/include/sys/io.h\" 1 3 4\n"                // 3
    "static void out(int v) { asm(\"outl %0, $0x80\" : : \"a\"(v)); }\n"  // 4: system header
    "# 3 \"src/a.c\" 2\n"                                  // 5
    "\n"                                                   // 6 = a.c:3
    "void f(long x) { asm(\"incq %0\" : \"+r\"(x)); }\n"   // 7 = a.c:4
    "#line 40 \"gen \\\"x\\\".y\"\n"                       // 8
    "void g(long x) { asm(\"decq %0\" : \"+r\"(x)); }\n";  // 9 = gen "x".y:40

TEST(LineMarkers, LinesMapBackAndSystemHeadersAreDropped) {
    const LineMarkers markers(kPreprocessed, "/build");
    EXPECT_EQ(markers.original({"t.i", 7, 18}).file, "/build/src/a.c");
    EXPECT_EQ(markers.original({"t.i", 7, 18}).line, 4u);
    EXPECT_EQ(markers.original({"t.i", 7, 18}).column, 18u);
    EXPECT_TRUE(markers.from_system_header(4));
    EXPECT_FALSE(markers.from_system_header(7));
    EXPECT_EQ(markers.original({"t.i", 9, 1}).file, "/build/gen \"x\".y");
    EXPECT_EQ(markers.original({"t.i", 9, 1}).line, 40u);

    ExtractedFile file = extract_asm_statements(kPreprocessed, "t.i");
    ASSERT_EQ(file.statements.size(), 3u);
    map_to_original_locations(file, markers);
    ASSERT_EQ(file.statements.size(), 2u);
    EXPECT_EQ(file.statements[0].location.file, "/build/src/a.c");
    EXPECT_EQ(file.statements[0].location.line, 4u);
    EXPECT_EQ(file.statements[0].template_pieces[0].location.line, 4u);
    EXPECT_EQ(file.statements[0].outputs[0].location.line, 4u);
    EXPECT_EQ(file.statements[1].location.line, 40u);
}

TEST(LineMarkers, TextWithoutMarkersKeepsItsLocations) {
    const LineMarkers markers("int x;\n# pragma once\n#  \n", "");
    EXPECT_EQ(markers.original({"t.i", 2, 3}).file, "t.i");
    EXPECT_EQ(markers.original({"t.i", 2, 3}).line, 2u);
}

}  // namespace
}  // namespace heisen::asmcheck
