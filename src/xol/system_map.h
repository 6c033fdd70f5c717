// system_map.h — a Linux System.map ("ffffffff81000000 T _stext"): the kernel's symbols for
// an image whose .symtab was stripped (as vmlinux is inside a vmlinuz).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace heisen::xol {

struct MapSymbol {
    uint64_t address = 0;
    std::string name;
};

// The text symbols (types T, t, W, w) of a System.map, in file order. False, with `error`
// naming the file and line, when the file cannot be read, a line is not "ADDRESS TYPE NAME", or
// no line is a text symbol (Debian's linux-image packages ship a one-line placeholder).
bool read_system_map(const std::string &path, std::vector<MapSymbol> &symbols, std::string &error);

}  // namespace heisen::xol
