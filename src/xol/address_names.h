// address_names.h — names for the addresses findings mention, as objdump writes them:
// "counter", "main+0x1c".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xol/elf_file.h"
#include "xol/functions.h"

namespace heisen::xol {

class AddressNames {
public:
    // Every named symbol of .symtab and .dynsym, and the functions found (sub_... included).
    AddressNames(const ElfFile &file, const std::vector<Function> &functions);

    // "counter", "table+0x10"; empty when no symbol covers or precedes it in its section.
    std::string name(uint64_t address) const;

private:
    struct Entry {
        uint64_t address;
        uint64_t size;   // 0: unknown
        size_t section;  // header index, for "precedes it in its section"
        std::string name;
    };
    std::vector<Entry> entries_;  // by address
    const ElfFile &file_;
};

}  // namespace heisen::xol
