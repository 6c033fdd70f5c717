// scan.h — one run of `heisen xol` over an opened ELF file: find functions, analyse each one
// the globs select, write them out, return the totals (the command's exit status comes from them).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "xol/analysis.h"
#include "xol/elf_file.h"
#include "xol/output.h"
#include "xol/slot.h"
#include "xol/system_map.h"

namespace heisen::xol {

struct ScanOptions {
    SlotSpec slot;
    std::vector<std::string> function_globs;  // shell globs on the (demangled or raw) name; empty: all
    std::vector<MapSymbol> system_map;
    OutputOptions output;
};

// False, with `error` set, when LLVM cannot disassemble the file's machine.
bool scan_elf(const ElfFile &file, const ScanOptions &options, std::FILE *out, Totals &totals, std::string &error);

}  // namespace heisen::xol
