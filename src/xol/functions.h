// functions.h — the functions of an ELF file: where each starts and ends, and its name.
//
// Sources, best first: .symtab and .dynsym (function symbols, then untyped labels in code), a
// System.map for a stripped kernel image, and .eh_frame's ranges for functions a stripped file
// no longer names ("sub_<address>"). Code no source covers becomes a unit of its own named after
// its section (".plt", ".text+0x1f0"), so every executable byte is read once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xol/elf_file.h"
#include "xol/system_map.h"

namespace heisen::xol {

enum class FunctionSource { Symbol, SystemMap, UnwindTable, Uncovered };

struct Function {
    std::string name;    // as shown: demangled
    std::string symbol;  // as in the file (empty when unnamed)
    uint64_t start = 0;  // [start, end), inside `section`
    uint64_t end = 0;
    const Section *section = nullptr;
    FunctionSource source = FunctionSource::Symbol;
};

// By address; no two overlap.
std::vector<Function> find_functions(const ElfFile &file, const std::vector<MapSymbol> &system_map);

}  // namespace heisen::xol
