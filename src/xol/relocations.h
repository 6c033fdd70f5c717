// relocations.h — the relocations of a relocatable object's code, by the address of the field
// they patch.
//
// In a .o or kernel module the bytes of a PC-relative operand are a placeholder (often zero):
// the relocation says what the operand will reach once the object is linked or loaded. The
// classifiers ask here for the relocation inside an instruction and take its target from it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xol/elf_file.h"

namespace heisen::xol {

enum class RelocationMeaning {
    PcRelative,     // the field holds target - place (x86 PC32/PLT32, riscv branches, jal, call)
    GotPcRelative,  // the field reaches a GOT (or TLS) entry the linker makes for the symbol
    PcRelativeLow,  // riscv %pcrel_lo: names the auipc it completes, not a target
    Other,          // absolute addresses, relaxation markers, data
};

struct CodeRelocation {
    uint64_t address = 0;        // of the patched field, as laid out
    uint32_t type = 0;
    RelocationMeaning meaning = RelocationMeaning::Other;
    std::string symbol;          // its name (a section symbol: the section's name)
    bool defined = false;        // the symbol is in this object (then symbol_address is known)
    uint64_t symbol_address = 0;
    int64_t addend = 0;

    // An assembler-local label (".L..."; GNU as puts control characters in some): say where it
    // is, not what it is called.
    bool local_label() const { return symbol.rfind(".L", 0) == 0; }
};

class CodeRelocations {
public:
    // The relocations of every executable section of a relocatable object (empty for others).
    // Relocation entries naming a symbol or section the file does not have are left out.
    explicit CodeRelocations(const ElfFile &file);

    // The first relocation of one of `meanings` whose field starts in [address, address + size).
    const CodeRelocation *find(uint64_t address, uint64_t size, RelocationMeaning meaning) const;
    bool empty() const { return relocations_.empty(); }

private:
    std::vector<CodeRelocation> relocations_;  // sorted by address
};

// "symbol+0x10", "symbol-0x4", "symbol".
std::string symbol_plus(const std::string &symbol, int64_t offset);

}  // namespace heisen::xol
