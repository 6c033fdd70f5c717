// address_names.cpp — a sorted table of symbols; the innermost sized one wins.
#include "xol/address_names.h"

#include <gelf.h>
#include <libelf.h>

#include <algorithm>

#include "symbolize/symbolizer.h"
#include "xol/relocations.h"

namespace heisen::xol {

namespace {

size_t section_of(const ElfFile &file, uint64_t address) {
    for (const Section &s : file.sections())
        if (s.allocated && address >= s.address && address - s.address < s.size) return s.index;
    return 0;
}

}  // namespace

AddressNames::AddressNames(const ElfFile &file, const std::vector<Function> &functions) : file_(file) {
    for (size_t index = 1; index < file.sections().size(); ++index) {
        Elf_Scn *scn = elf_getscn(file.elf(), index);
        GElf_Shdr shdr;
        if (!scn || !gelf_getshdr(scn, &shdr) || (shdr.sh_type != SHT_SYMTAB && shdr.sh_type != SHT_DYNSYM)) continue;
        Elf_Data *data = elf_getdata(scn, nullptr);
        if (!data || shdr.sh_entsize == 0) continue;
        const size_t count = data->d_size / sizeof(Elf64_Sym);
        for (size_t k = 1; k < count; ++k) {
            GElf_Sym sym;
            if (!gelf_getsym(data, static_cast<int>(k), &sym)) break;
            const int type = GELF_ST_TYPE(sym.st_info);
            if (type == STT_SECTION || type == STT_FILE || type == STT_TLS) continue;
            if (sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE) continue;
            const char *name = elf_strptr(file.elf(), shdr.sh_link, sym.st_name);
            if (!name || !*name || name[0] == '$') continue;
            const Section *home = file.section(sym.st_shndx);
            if (!home || !home->allocated) continue;
            const uint64_t address = file.kind() == ElfKind::Relocatable ? home->address + sym.st_value
                                                                         : sym.st_value + file.bias();
            entries_.push_back({address, sym.st_size, home->index, name});
        }
    }
    for (const Function &f : functions)
        if (f.source != FunctionSource::Symbol) entries_.push_back({f.start, f.end - f.start, f.section->index, f.name});
    std::sort(entries_.begin(), entries_.end(), [](const Entry &a, const Entry &b) {
        return a.address != b.address ? a.address < b.address : a.size > b.size;
    });
}

std::string AddressNames::name(uint64_t address) const {
    auto it = std::upper_bound(entries_.begin(), entries_.end(), address,
                               [](uint64_t a, const Entry &e) { return a < e.address; });
    const Entry *preceding = nullptr;
    // The nearest symbols at or before the address: a sized one covering it, else the nearest.
    for (int looked = 0; it != entries_.begin() && looked < 64; ++looked) {
        const Entry &e = *--it;
        if (e.size && address - e.address < e.size)
            return symbol_plus(symbolize::demangle(e.name.c_str()), static_cast<int64_t>(address - e.address));
        if (!preceding && e.size == 0) preceding = &e;
    }
    if (preceding && preceding->section == section_of(file_, address))
        return symbol_plus(symbolize::demangle(preceding->name.c_str()), static_cast<int64_t>(address - preceding->address));
    return {};
}

}  // namespace heisen::xol
