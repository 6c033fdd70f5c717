// source_lines.cpp — libdwfl offline: one module, lines looked up on demand.
#include "xol/source_lines.h"

#include <elfutils/libdwfl.h>

#include <algorithm>

namespace heisen::xol {

namespace {

char *debuginfo_path = nullptr;  // elfutils' default search path

const Dwfl_Callbacks kCallbacks = {
    nullptr,
    dwfl_standard_find_debuginfo,
    dwfl_offline_section_address,
    &debuginfo_path,
};

}  // namespace

SourceLines::SourceLines(const ElfFile &file) : file_(file) {}

SourceLines::~SourceLines() {
    if (dwfl_) dwfl_end(dwfl_);
}

void SourceLines::open() {
    opened_ = true;
    dwfl_ = dwfl_begin(&kCallbacks);
    if (!dwfl_) return;
    dwfl_report_begin(dwfl_);
    if (file_.size() && file_.data()) {
        // A file libdwfl reopens itself, or (bytes from memory) a private copy it may relocate.
        if (file_.on_disk()) {
            module_ = dwfl_report_offline(dwfl_, file_.path().c_str(), file_.path().c_str(), -1);
        } else {
            memory_copy_.assign(reinterpret_cast<const char *>(file_.data()), file_.size());
            module_ = dwfl_report_offline_memory(dwfl_, file_.path().c_str(), file_.path().c_str(),
                                                 memory_copy_.data(), memory_copy_.size());
        }
    }
    dwfl_report_end(dwfl_, nullptr, nullptr);
    if (!module_) return;
    Dwarf_Addr bias = 0;
    Elf *elf = dwfl_module_getelf(module_, &bias);
    if (!elf) return;
    if (file_.kind() == ElfKind::Relocatable) {
        // libdwfl lays a relocatable object's sections out on its own (and relocates the DWARF
        // to match): an address moves from our section to the same offset in its section.
        section_addresses_.assign(file_.sections().size(), 0);
        for (const Section &section : file_.sections()) {
            GElf_Shdr shdr;
            Elf_Scn *scn = elf_getscn(elf, section.index);
            if (section.index && scn && gelf_getshdr(scn, &shdr)) section_addresses_[section.index] = shdr.sh_addr + bias;
        }
    } else {
        lookup_bias_ = bias;
    }
    index_units();
}

void SourceLines::index_units() {
    Dwarf_Addr bias = 0;
    dwarf_ = dwfl_module_getdwarf(module_, &bias);
    if (!dwarf_) return;
    dwarf_bias_ = bias;
    Dwarf_Off offset = 0, next = 0;
    size_t header_size = 0;
    while (dwarf_nextcu(dwarf_, offset, &next, &header_size, nullptr, nullptr, nullptr) == 0) {
        Dwarf_Die unit;
        if (dwarf_offdie(dwarf_, offset + header_size, &unit)) {
            Dwarf_Addr base = 0, start = 0, end = 0;
            for (ptrdiff_t at = 0; (at = dwarf_ranges(&unit, at, &base, &start, &end)) > 0;)
                if (end > start) units_.push_back({start + bias, end + bias, dwarf_dieoffset(&unit)});
        }
        offset = next;
    }
    std::sort(units_.begin(), units_.end(), [](const UnitRange &a, const UnitRange &b) { return a.start < b.start; });
}

bool SourceLines::available() {
    if (!opened_) open();
    return !units_.empty();
}

SourceLocation SourceLines::at(uint64_t address) {
    SourceLocation location;
    if (!opened_) open();
    if (units_.empty()) return location;
    uint64_t lookup = address - file_.bias() + lookup_bias_;
    if (file_.kind() == ElfKind::Relocatable) {
        const Section *section = file_.executable_section_at(address);
        if (!section || section->index >= section_addresses_.size()) return location;
        lookup = section_addresses_[section->index] + (address - section->address);
    }
    auto it = std::upper_bound(units_.begin(), units_.end(), lookup,
                               [](uint64_t a, const UnitRange &u) { return a < u.start; });
    // Ranges may nest or overlap across units: look back over the few that start before it.
    for (int looked = 0; it != units_.begin() && looked < 16; ++looked) {
        const UnitRange &u = *--it;
        if (lookup >= u.end) continue;
        Dwarf_Die unit;
        if (!dwarf_offdie(dwarf_, u.unit, &unit)) continue;
        Dwarf_Line *line = dwarf_getsrc_die(&unit, lookup - dwarf_bias_);
        if (!line) continue;
        int number = 0;
        dwarf_lineno(line, &number);
        const char *name = dwarf_linesrc(line, nullptr, nullptr);
        if (name && number > 0) {
            location.file = name;
            location.line = static_cast<unsigned>(number);
            return location;
        }
    }
    return location;
}

}  // namespace heisen::xol
