// port_symbolize.cpp — kernel reports print bare addresses (the kernel has no symbol table at
// run time); the ELF the user built has them. The kernel is linked at fixed addresses
// (ET_EXEC), so it is described to the DWARF reader as one module covering its loadable
// segments at their own addresses (load bias 0).
#include "port_symbolize.h"

#include <elf.h>

#include <filesystem>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>
#include <sstream>

#include "symbolize/symbolizer.h"

namespace heisen::port {
namespace {

// The module spanning every PT_LOAD segment of a 64-bit executable, or nullopt (with `why` set)
// when the file is not one.
std::optional<heisen::symbolize::LoadedModule> mapping_of(const std::string &path, std::string &why) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = "cannot read";
        return std::nullopt;
    }
    Elf64_Ehdr eh{};
    if (!in.read(reinterpret_cast<char *>(&eh), sizeof eh) || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
        eh.e_ident[EI_CLASS] != ELFCLASS64) {
        why = "is not a 64-bit ELF file";
        return std::nullopt;
    }
    if (eh.e_type != ET_EXEC) {
        why = "is not a kernel linked at fixed addresses (ELF type is not EXEC)";
        return std::nullopt;
    }
    uint64_t low = UINT64_MAX, high = 0;
    for (unsigned i = 0; i < eh.e_phnum; ++i) {
        Elf64_Phdr ph{};
        in.seekg(static_cast<std::streamoff>(eh.e_phoff + uint64_t(i) * eh.e_phentsize));
        if (!in.read(reinterpret_cast<char *>(&ph), sizeof ph)) break;
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
        low = std::min(low, ph.p_vaddr & ~uint64_t(0xfff));
        high = std::max(high, (ph.p_vaddr + ph.p_memsz + 0xfff) & ~uint64_t(0xfff));
    }
    if (low >= high) {
        why = "has no loadable segment";
        return std::nullopt;
    }
    return heisen::symbolize::LoadedModule{low, high, 0, path};
}

uint64_t parse_hex(const std::string &text) { return std::stoull(text, nullptr, 16); }

// One report line with its addresses named. Code addresses in reports are return addresses
// (stack frames, "acquired at", held-lock sites); lock and task addresses are data.
std::string symbolize_line(const std::string &line, const heisen::symbolize::Symbolizer &symbols) {
    static const std::regex frame(R"(^(\s*#\d+ )(0x[0-9a-f]+)\s*$)");
    static const std::regex held_site(R"(, at: (0x[0-9a-f]+)\s*$)");
    static const std::regex data(R"(\b(at|task) (0x[0-9a-f]+)\b)");
    std::smatch m;
    if (std::regex_match(line, m, frame) || std::regex_search(line, m, held_site)) {
        const std::string &pc = m[m.size() - 1].str();
        if (pc == "0x0") return line;
        return line + " " + heisen::symbolize::describe(symbols.code(parse_hex(pc), true));
    }
    std::string out;
    auto rest = line.cbegin();
    for (std::sregex_iterator it(line.begin(), line.end(), data), end; it != end; ++it) {
        const std::smatch &d = *it;
        out.append(rest, d[0].second);
        if (auto variable = symbols.variable(parse_hex(d[2].str()))) out += " (" + *variable + ")";
        rest = d[0].second;
    }
    out.append(rest, line.cend());
    return out;
}

}  // namespace

int symbolize_kernel_log(const std::string &kernel_elf, const std::string &log_path) {
    std::string why;
    // The module is opened by path: an absolute one, so that it does not depend on the directory.
    std::error_code ec;
    const std::string absolute = std::filesystem::absolute(kernel_elf, ec).lexically_normal().string();
    auto mapping = mapping_of(ec ? kernel_elf : absolute, why);
    if (!mapping) {
        std::fprintf(stderr, "heisen port: %s %s: build the kernel first (make qemu)\n", kernel_elf.c_str(), why.c_str());
        return 1;
    }
    std::ifstream file;
    if (!log_path.empty()) {
        file.open(log_path, std::ios::binary);
        if (!file) {
            std::fprintf(stderr, "heisen port: cannot read %s\n", log_path.c_str());
            return 1;
        }
    }
    std::istream &in = log_path.empty() ? std::cin : file;
    heisen::symbolize::ModuleCache cache(1);
    heisen::symbolize::Symbolizer symbols({*mapping}, cache);
    std::string line;
    while (std::getline(in, line)) {
        bool cr = !line.empty() && line.back() == '\r';
        if (cr) line.pop_back();
        std::cout << symbolize_line(line, symbols) << (cr ? "\r\n" : "\n");
    }
    std::cout.flush();
    return 0;
}

}  // namespace heisen::port
