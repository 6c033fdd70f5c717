// symbolizer.h — code and data addresses of a finished process, named through its DWARF.
//
// The validated process may be gone by the time its report is printed (it crashed, aborted, or
// simply exited), so it sends its module map with each report and the parent reopens the same
// files offline with libdw (elfutils).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

struct Dwfl;

namespace heisen::symbolize {

struct CodeLocation {
    std::string function;  // demangled where possible; empty if unknown
    uint64_t function_offset = 0;
    std::string file;      // source file; empty if no line information
    int line = 0;
    std::string module;    // base name of the ELF file
    uint64_t module_offset = 0;
};

class Symbolizer {
public:
    // `maps` is /proc/<pid>/maps text (file-backed lines are enough).
    explicit Symbolizer(const std::string &maps);
    ~Symbolizer();
    Symbolizer(const Symbolizer &) = delete;
    Symbolizer &operator=(const Symbolizer &) = delete;

    // A return address names the call instruction before it: line lookups use pc - 1.
    CodeLocation code(uint64_t pc, bool return_address) const;
    // The global or static variable containing `address`, e.g. "lock_a" or "table+0x40".
    std::optional<std::string> variable(uint64_t address) const;

private:
    Dwfl *dwfl_ = nullptr;
};

// A symbol name as people read it: C++ demangled, without its "@GLIBC_2.34" version.
std::string demangle(const char *symbol);

// "function+0x1c (file.c:42)" / "module+0x1234": one line of a report stack.
std::string describe(const CodeLocation &location);

}  // namespace heisen::symbolize
