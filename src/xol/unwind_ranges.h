// unwind_ranges.h — the code ranges .eh_frame describes, one per function the compiler emitted.
//
// Stripped executables and libraries keep .eh_frame (the unwinder needs it) but lose .symtab:
// its frame description entries still say where each function starts and how long it is.
#pragma once

#include <cstdint>
#include <vector>

#include "xol/elf_file.h"

namespace heisen::xol {

struct CodeRange {
    uint64_t start = 0;  // as laid out (bias included)
    uint64_t size = 0;
};

// Every FDE's range in .eh_frame of an executable or shared object (relocatable objects have
// symbols and unrelocated FDEs: none). Malformed entries end the walk; ranges read so far stay.
std::vector<CodeRange> unwind_ranges(const ElfFile &file);

}  // namespace heisen::xol
