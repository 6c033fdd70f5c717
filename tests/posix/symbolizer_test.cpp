// The libdw symbolizer against this very test binary, described as a validated process
// describes its modules: code addresses name the function and its file:line, data addresses name
// the global variable, unknown addresses stay unnamed, and files are read once and kept bounded.
#include <gtest/gtest.h>

#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

#include <climits>
#include <string>
#include <vector>

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

// This process's modules as the preload describes them (_dl_find_object's view).
std::vector<LoadedModule> own_modules() {
    std::vector<LoadedModule> modules;
    dl_iterate_phdr(
        [](struct dl_phdr_info *info, size_t, void *out) {
            uint64_t low = UINT64_MAX, high = 0;
            for (int i = 0; i < info->dlpi_phnum; ++i) {
                if (info->dlpi_phdr[i].p_type != PT_LOAD) continue;
                low = std::min<uint64_t>(low, info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
                high = std::max<uint64_t>(high, info->dlpi_addr + info->dlpi_phdr[i].p_vaddr + info->dlpi_phdr[i].p_memsz);
            }
            std::string path = info->dlpi_name;
            if (path.empty()) {
                char self[PATH_MAX];
                ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
                path.assign(self, len > 0 ? static_cast<size_t>(len) : 0);
            }
            if (low < high) static_cast<std::vector<LoadedModule> *>(out)->push_back({low, high, info->dlpi_addr, path});
            return 0;
        },
        &modules);
    return modules;
}

__attribute__((noinline)) uintptr_t return_address_here() {
    return reinterpret_cast<uintptr_t>(__builtin_return_address(0));
}

TEST(Symbolizer, NamesTheCallerOfAReturnAddress) {
    const uintptr_t pc = return_address_here();  // the call site is on this line
    const int line = __LINE__ - 1;
    ModuleCache cache;
    Symbolizer symbolizer(own_modules(), cache);
    CodeLocation location = symbolizer.code(pc, true);
    EXPECT_NE(location.function.find("Symbolizer_NamesTheCallerOfAReturnAddress_Test::TestBody"), std::string::npos)
        << location.function;
    EXPECT_NE(location.file.find("symbolizer_test.cpp"), std::string::npos) << location.file;
    EXPECT_EQ(location.line, line);
    EXPECT_NE(describe(location).find("(symbolizer_test.cpp:" + std::to_string(line) + ")"), std::string::npos);
}

TEST(Symbolizer, NamesGlobalVariables) {
    ModuleCache cache;
    Symbolizer symbolizer(own_modules(), cache);
    const uintptr_t address = reinterpret_cast<uintptr_t>(&symbolizer_test_global_counter);
    EXPECT_EQ(symbolizer.variable(address), std::optional<std::string>("symbolizer_test_global_counter"));
}

TEST(Symbolizer, ShortCNamesAreNotDemangledAsTypes) {
    ModuleCache cache;
    Symbolizer symbolizer(own_modules(), cache);
    EXPECT_EQ(symbolizer.variable(reinterpret_cast<uintptr_t>(&m)), std::optional<std::string>("m"));
    EXPECT_EQ(symbolizer.variable(reinterpret_cast<uintptr_t>(&rw)), std::optional<std::string>("rw"));
    EXPECT_EQ(symbolizer.variable(reinterpret_cast<uintptr_t>(&namespaced_counter)),
              std::optional<std::string>("heisen::symbolize::namespaced_counter"));
}

TEST(Symbolizer, UnknownAddressesStayUnnamed) {
    ModuleCache cache;
    Symbolizer symbolizer(own_modules(), cache);
    int on_stack = 0;
    EXPECT_EQ(symbolizer.variable(reinterpret_cast<uintptr_t>(&on_stack)), std::nullopt);
    EXPECT_TRUE(symbolizer.code(16, true).function.empty());
}

TEST(Symbolizer, ResolvesPlaceholdersInText) {
    ModuleCache cache;
    Symbolizer symbolizer(own_modules(), cache);
    char text[96];
    std::snprintf(text, sizeof text, "(@@lock:mutex:%lx:0@@)",
                  static_cast<unsigned long>(reinterpret_cast<uintptr_t>(&symbolizer_test_global_counter)));
    EXPECT_EQ(run::ReportOutput::resolve_placeholders(text, &symbolizer, false), "(symbolizer_test_global_counter)");
}

// Every process that loads a file shares its one reading, and the cache holds no more files than
// it was given room for, however many processes describe theirs.
TEST(ModuleCache, SharesFilesAndStaysBounded) {
    ModuleCache cache(2);
    const std::vector<LoadedModule> modules = own_modules();
    ASSERT_GE(modules.size(), 3u);
    std::shared_ptr<const ModuleSymbols> first = cache.get(modules[0].path);
    EXPECT_EQ(cache.get(modules[0].path), first);
    for (const LoadedModule &module : modules) cache.get(module.path);
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_EQ(cache.get("/nonexistent/heisen-test-module"), nullptr);
}

}  // namespace
}  // namespace heisen::symbolize
