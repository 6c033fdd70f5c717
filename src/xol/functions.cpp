// functions.cpp — merges the sources of function boundaries into non-overlapping extents.
#include "xol/functions.h"

#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cstdio>

#include "symbolize/symbolizer.h"
#include "xol/unwind_ranges.h"

namespace heisen::xol {

namespace {

struct Candidate {
    uint64_t address = 0;
    uint64_t size = 0;  // 0: unknown, runs to the next function
    int rank = 0;       // higher wins among candidates at one address
    std::string symbol;
    const Section *section = nullptr;
    FunctionSource source = FunctionSource::Symbol;
};

std::string hex(uint64_t value) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%llx", static_cast<unsigned long long>(value));
    return buffer;
}

// Function and untyped code symbols of one symbol table.
void add_symbols(const ElfFile &file, Elf_Scn *scn, const GElf_Shdr &shdr, int table_rank,
                 std::vector<Candidate> &out) {
    Elf_Data *data = elf_getdata(scn, nullptr);
    if (!data || shdr.sh_entsize == 0) return;
    const size_t count = data->d_size / sizeof(Elf64_Sym);
    for (size_t k = 1; k < count; ++k) {
        GElf_Sym sym;
        if (!gelf_getsym(data, static_cast<int>(k), &sym)) break;
        const int type = GELF_ST_TYPE(sym.st_info);
        if (type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_NOTYPE) continue;
        if (sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE) continue;
        const char *name = elf_strptr(file.elf(), shdr.sh_link, sym.st_name);
        // Mapping symbols ($x, $d) and assembler-local labels name no function.
        if (!name || !*name || name[0] == '$' || (name[0] == '.' && name[1] == 'L')) continue;
        const Section *home = file.section(sym.st_shndx);
        if (!home || !home->executable) continue;
        const uint64_t address = file.kind() == ElfKind::Relocatable ? home->address + sym.st_value
                                                                     : sym.st_value + file.bias();
        if (address < home->address || address - home->address >= home->size) continue;
        Candidate c;
        c.address = address;
        c.size = sym.st_size;
        const int binding = GELF_ST_BIND(sym.st_info);
        c.rank = (type == STT_NOTYPE ? 0 : 100) + table_rank + (binding == STB_GLOBAL ? 2 : binding == STB_WEAK ? 1 : 0);
        c.symbol = name;
        c.section = home;
        out.push_back(std::move(c));
    }
}

}  // namespace

std::vector<Function> find_functions(const ElfFile &file, const std::vector<MapSymbol> &system_map) {
    std::vector<Candidate> candidates;
    for (size_t index = 1; index < file.sections().size(); ++index) {
        Elf_Scn *scn = elf_getscn(file.elf(), index);
        GElf_Shdr shdr;
        if (!scn || !gelf_getshdr(scn, &shdr)) continue;
        if (shdr.sh_type == SHT_SYMTAB) add_symbols(file, scn, shdr, 20, candidates);
        else if (shdr.sh_type == SHT_DYNSYM) add_symbols(file, scn, shdr, 10, candidates);
    }
    for (const MapSymbol &m : system_map) {
        const uint64_t address = m.address + file.bias();
        const Section *home = file.executable_section_at(address);
        if (!home) continue;
        candidates.push_back({address, 0, 5, m.name, home, FunctionSource::SystemMap});
    }
    for (const CodeRange &range : unwind_ranges(file)) {
        const Section *home = file.executable_section_at(range.start);
        if (!home) continue;
        candidates.push_back({range.start, range.size, -1, "", home, FunctionSource::UnwindTable});
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
        return a.address != b.address ? a.address < b.address : a.rank > b.rank;
    });

    // One function per start address; a candidate inside a sized function before it is an alias,
    // a nested label or a second description of it.
    std::vector<Candidate> chosen;
    for (size_t k = 0; k < candidates.size(); ++k) {
        const Candidate &c = candidates[k];
        if (!chosen.empty()) {
            Candidate &last = chosen.back();
            if (c.address == last.address) {
                if (last.size == 0) last.size = c.size;  // the best name, the first known size
                continue;
            }
            if (last.size && c.address - last.address < last.size && last.section == c.section) continue;
        }
        chosen.push_back(c);
    }

    std::vector<Function> functions;
    const auto add_uncovered = [&](const Section &section, uint64_t from, uint64_t to) {
        if (from >= to) return;
        Function f;
        f.name = from == section.address && to == section.address + section.size
                     ? section.name
                     : section.name + "+0x" + hex(from - section.address);
        f.start = from;
        f.end = to;
        f.section = &section;
        f.source = FunctionSource::Uncovered;
        functions.push_back(std::move(f));
    };
    // Walk each executable section in address order, filling what no function covers.
    std::vector<const Section *> executable;
    for (const Section &s : file.sections())
        if (s.executable) executable.push_back(&s);
    std::sort(executable.begin(), executable.end(), [](const Section *a, const Section *b) { return a->address < b->address; });
    size_t next = 0;
    for (const Section *section : executable) {
        const uint64_t section_end = section->address + section->size;
        while (next < chosen.size() && chosen[next].section != section && chosen[next].address < section->address) ++next;
        uint64_t covered = section->address;
        for (; next < chosen.size() && chosen[next].section == section; ++next) {
            const Candidate &c = chosen[next];
            if (c.address < covered) continue;
            add_uncovered(*section, covered, c.address);
            uint64_t end = section_end;
            if (next + 1 < chosen.size() && chosen[next + 1].section == section) end = chosen[next + 1].address;
            if (c.size && c.size < end - c.address) end = c.address + c.size;
            Function f;
            f.symbol = c.symbol;
            f.name = c.symbol.empty() ? "sub_" + hex(c.address) : symbolize::demangle(c.symbol.c_str());
            f.start = c.address;
            f.end = end;
            f.section = section;
            f.source = c.source;
            functions.push_back(std::move(f));
            covered = end;
        }
        add_uncovered(*section, covered, section_end);
    }
    return functions;
}

}  // namespace heisen::xol
