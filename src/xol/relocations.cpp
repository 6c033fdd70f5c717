// relocations.cpp — reads SHT_RELA/SHT_REL sections that patch executable sections.
#include "xol/relocations.h"

#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace heisen::xol {

namespace {

RelocationMeaning x86_64_meaning(uint32_t type) {
    switch (type) {
    case R_X86_64_PC32:
    case R_X86_64_PLT32:
    case R_X86_64_PC8:
    case R_X86_64_PC16:
        return RelocationMeaning::PcRelative;
    case R_X86_64_GOTPCREL:
    case R_X86_64_GOTPCRELX:
    case R_X86_64_REX_GOTPCRELX:
    case R_X86_64_GOTPC32:
    case R_X86_64_TLSGD:
    case R_X86_64_TLSLD:
    case R_X86_64_GOTTPOFF:
    case R_X86_64_GOTPC32_TLSDESC:
        return RelocationMeaning::GotPcRelative;
    default: return RelocationMeaning::Other;
    }
}

RelocationMeaning riscv_meaning(uint32_t type) {
    switch (type) {
    case R_RISCV_BRANCH:
    case R_RISCV_JAL:
    case R_RISCV_CALL:
    case R_RISCV_CALL_PLT:
    case R_RISCV_PCREL_HI20:
    case R_RISCV_RVC_BRANCH:
    case R_RISCV_RVC_JUMP:
        return RelocationMeaning::PcRelative;
    case R_RISCV_GOT_HI20:
    case R_RISCV_TLS_GOT_HI20:
    case R_RISCV_TLS_GD_HI20:
        return RelocationMeaning::GotPcRelative;
    case R_RISCV_PCREL_LO12_I:
    case R_RISCV_PCREL_LO12_S:
        return RelocationMeaning::PcRelativeLow;
    default: return RelocationMeaning::Other;
    }
}

struct SymbolTable {
    Elf_Data *data = nullptr;
    size_t strings = 0;
    size_t count = 0;
};

}  // namespace

std::string symbol_plus(const std::string &symbol, int64_t offset) {
    if (offset == 0) return symbol;
    char buffer[32];
    const uint64_t magnitude = offset < 0 ? 0 - static_cast<uint64_t>(offset) : static_cast<uint64_t>(offset);
    std::snprintf(buffer, sizeof buffer, "%c0x%llx", offset < 0 ? '-' : '+', static_cast<unsigned long long>(magnitude));
    return symbol + buffer;
}

CodeRelocations::CodeRelocations(const ElfFile &file) {
    if (file.kind() != ElfKind::Relocatable) return;
    Elf *elf = file.elf();
    const auto meaning_of = [&](uint32_t type) {
        return file.machine() == Machine::X86_64 ? x86_64_meaning(type) : riscv_meaning(type);
    };
    for (size_t index = 1; index < file.sections().size(); ++index) {
        Elf_Scn *scn = elf_getscn(elf, index);
        GElf_Shdr shdr;
        if (!scn || !gelf_getshdr(scn, &shdr) || (shdr.sh_type != SHT_RELA && shdr.sh_type != SHT_REL)) continue;
        const Section *patched = file.section(shdr.sh_info);
        if (!patched || !patched->executable) continue;
        // The symbol table the entries index.
        SymbolTable symbols;
        Elf_Scn *symtab = elf_getscn(elf, shdr.sh_link);
        GElf_Shdr symtab_header;
        if (!symtab || !gelf_getshdr(symtab, &symtab_header) || symtab_header.sh_type != SHT_SYMTAB) continue;
        symbols.data = elf_getdata(symtab, nullptr);
        symbols.strings = symtab_header.sh_link;
        if (!symbols.data || symtab_header.sh_entsize == 0) continue;
        symbols.count = symbols.data->d_size / sizeof(Elf64_Sym);
        Elf_Data *entries = elf_getdata(scn, nullptr);
        if (!entries) continue;
        const bool rela = shdr.sh_type == SHT_RELA;
        const size_t count = entries->d_size / (rela ? sizeof(Elf64_Rela) : sizeof(Elf64_Rel));
        for (size_t k = 0; k < count; ++k) {
            GElf_Rela entry{};
            if (rela) {
                if (!gelf_getrela(entries, static_cast<int>(k), &entry)) break;
            } else {
                GElf_Rel plain;
                if (!gelf_getrel(entries, static_cast<int>(k), &plain)) break;
                entry.r_offset = plain.r_offset;
                entry.r_info = plain.r_info;
            }
            if (entry.r_offset >= patched->size) continue;
            CodeRelocation r;
            r.address = patched->address + entry.r_offset;
            r.type = static_cast<uint32_t>(GELF_R_TYPE(entry.r_info));
            r.meaning = meaning_of(r.type);
            r.addend = entry.r_addend;
            if (!rela && r.meaning != RelocationMeaning::Other && entry.r_offset + 4 <= patched->size) {
                int32_t implicit = 0;  // REL keeps the addend in the field
                std::memcpy(&implicit, patched->bytes + entry.r_offset, 4);
                r.addend = implicit;
            }
            const size_t symbol_index = GELF_R_SYM(entry.r_info);
            if (symbol_index >= symbols.count) continue;
            GElf_Sym sym;
            if (!gelf_getsym(symbols.data, static_cast<int>(symbol_index), &sym)) continue;
            const Section *home = sym.st_shndx != SHN_UNDEF && sym.st_shndx < SHN_LORESERVE ? file.section(sym.st_shndx) : nullptr;
            if (GELF_ST_TYPE(sym.st_info) == STT_SECTION) {
                if (!home) continue;
                r.symbol = home->name;
            } else {
                const char *name = elf_strptr(elf, symbols.strings, sym.st_name);
                r.symbol = name ? name : "";
            }
            if (home && home->allocated) {
                r.defined = true;
                r.symbol_address = home->address + sym.st_value;
            } else if (sym.st_shndx == SHN_ABS) {
                r.defined = true;
                r.symbol_address = sym.st_value;
            }
            relocations_.push_back(std::move(r));
        }
    }
    std::stable_sort(relocations_.begin(), relocations_.end(),
                     [](const CodeRelocation &a, const CodeRelocation &b) { return a.address < b.address; });
}

const CodeRelocation *CodeRelocations::find(uint64_t address, uint64_t size, RelocationMeaning meaning) const {
    auto it = std::lower_bound(relocations_.begin(), relocations_.end(), address,
                               [](const CodeRelocation &r, uint64_t a) { return r.address < a; });
    for (; it != relocations_.end() && it->address - address < size; ++it)
        if (it->meaning == meaning) return &*it;
    return nullptr;
}

}  // namespace heisen::xol
