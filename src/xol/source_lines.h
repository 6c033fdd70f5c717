// source_lines.h — file:line of addresses in an ELF file, from its DWARF (or the separate
// debug file elfutils finds for it by build id or debuglink), through libdwfl (which also
// relocates a relocatable object's DWARF).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "findings/source_location.h"
#include "xol/elf_file.h"

struct Dwfl;
struct Dwfl_Module;
struct Dwarf;

namespace heisen::xol {

class SourceLines {
public:
    explicit SourceLines(const ElfFile &file);
    ~SourceLines();
    SourceLines(const SourceLines &) = delete;
    SourceLines &operator=(const SourceLines &) = delete;

    // The source line of the instruction at `address` (as laid out); an empty file when the
    // file has no line information for it.
    SourceLocation at(uint64_t address);
    bool available();  // any line information at all

private:
    void open();
    void index_units();

    // The address ranges of each compilation unit, by start. elfutils 0.188 finds a unit only
    // through .debug_aranges, which clang does not emit; the units' own ranges always work.
    struct UnitRange {
        uint64_t start;
        uint64_t end;
        uint64_t unit;  // DIE offset of the unit in the module's DWARF
    };
    std::vector<UnitRange> units_;
    Dwarf *dwarf_ = nullptr;
    uint64_t dwarf_bias_ = 0;

    const ElfFile &file_;
    bool opened_ = false;
    Dwfl *dwfl_ = nullptr;
    Dwfl_Module *module_ = nullptr;
    uint64_t lookup_bias_ = 0;  // added to a link-time address for libdwfl
    std::vector<uint64_t> section_addresses_;  // relocatable objects: libdwfl's, by section index
    std::string memory_copy_;   // the bytes libdwfl reads when the file came from memory
};

}  // namespace heisen::xol
