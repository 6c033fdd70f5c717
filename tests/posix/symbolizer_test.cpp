// The libdw symbolizer against this very test binary: code addresses name the function and its
// file:line, data addresses name the global variable, and unknown addresses stay unnamed.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "run/report_output.h"
#include "symbolize/symbolizer.h"

int symbolizer_test_global_counter = 7;
// Short C names that are also valid mangled type encodings ("m" is unsigned long, "rw" is
// wchar_t restrict): names without the _Z prefix are not C++ symbols and stay as written.
extern "C" {
int m = 1;
int rw = 2;
}
namespace heisen::symbolize {
int namespaced_counter = 3;
}

namespace heisen::symbolize {
namespace {

std::string own_maps() {
    std::ifstream in("/proc/self/maps");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

__attribute__((noinline)) uintptr_t return_address_here() {
    return reinterpret_cast<uintptr_t>(__builtin_return_address(0));
}

TEST(Symbolizer, NamesTheCallerOfAReturnAddress) {
    const uintptr_t pc = return_address_here();  // the call site is on this line
    const int line = __LINE__ - 1;
    Symbolizer symbolizer(own_maps());
    CodeLocation location = symbolizer.code(pc, true);
    EXPECT_NE(location.function.find("Symbolizer_NamesTheCallerOfAReturnAddress_Test::TestBody"), std::string::npos)
        << location.function;
    EXPECT_NE(location.file.find("symbolizer_test.cpp"), std::string::npos) << location.file;
    EXPECT_EQ(location.line, line);
    EXPECT_NE(describe(location).find("(symbolizer_test.cpp:" + std::to_string(line) + ")"), std::string::npos);
}

TEST(Symbolizer, NamesGlobalVariables) {
    Symbolizer symbolizer(own_maps());
    const uintptr_t address = reinterpret_cast<uintptr_t>(&symbolizer_test_global_counter);
    EXPECT_EQ(symbolizer.variable(address), std::optional<std::string>("symbolizer_test_global_counter"));
}

TEST(Symbolizer, ShortCNamesAreNotDemangledAsTypes) {
    Symbolizer symbolizer(own_maps());
    EXPECT_EQ(symbolizer.variable(reinterpret_cast<uintptr_t>(&m)), std::optional<std::string>("m"));
    EXPECT_EQ(symbolizer.variable(reinterpret_cast<uintptr_t>(&rw)), std::optional<std::string>("rw"));
    EXPECT_EQ(symbolizer.variable(reinterpret_cast<uintptr_t>(&namespaced_counter)),
              std::optional<std::string>("heisen::symbolize::namespaced_counter"));
}

TEST(Symbolizer, UnknownAddressesStayUnnamed) {
    Symbolizer symbolizer(own_maps());
    int on_stack = 0;
    EXPECT_EQ(symbolizer.variable(reinterpret_cast<uintptr_t>(&on_stack)), std::nullopt);
    EXPECT_TRUE(symbolizer.code(16, true).function.empty());
}

TEST(Symbolizer, ResolvesPlaceholdersInText) {
    Symbolizer symbolizer(own_maps());
    char text[96];
    std::snprintf(text, sizeof text, "(@@lock:mutex:%lx:0@@)",
                  static_cast<unsigned long>(reinterpret_cast<uintptr_t>(&symbolizer_test_global_counter)));
    EXPECT_EQ(run::ReportOutput::resolve_placeholders(text, &symbolizer, false), "(symbolizer_test_global_counter)");
}

}  // namespace
}  // namespace heisen::symbolize
