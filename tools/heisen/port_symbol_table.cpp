// port_symbol_table.cpp — reads a linked xv6 kernel (ELF symbols, DWARF lines and variables)
// and writes the table heisen.mk links into the next link of the same kernel.
//
// The table's size must depend only on what it lists, never on addresses: heisen.mk writes it
// twice, for two links whose data addresses differ, and relies on both having one size. So
// every entry has a fixed size and lists the same functions, lines and locks either way.
#include "port_symbol_table.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

extern "C" {
#include "../../ports/xv6/heisen_xv6_symbols.h"
}

namespace heisen::port {
namespace {

static_assert(sizeof(heisen_xv6_function) == 16 && sizeof(heisen_xv6_line) == 8 &&
                  sizeof(heisen_xv6_lock_variable) == 24 && sizeof(heisen_xv6_symbols) == 88,
              "the writer below lays the table out as heisen_xv6_symbols.h does on RV64");

constexpr size_t kMaxLocks = 65536;  // lock variables listed (xv6 has a few hundred)

struct Function {
    uint64_t start;
    uint32_t size;
    std::string name;
};
struct Line {
    uint64_t address;
    std::string file;
    uint32_t line;  // 0: end of a sequence
};
struct LockVariable {
    uint64_t address;
    uint32_t size;
    std::string path, container;
};

struct Image {
    std::vector<Function> functions;
    std::vector<Line> lines;
    std::vector<LockVariable> locks;
    uint64_t table_address = 0, image_end = 0;
};

// A type with typedefs and qualifiers peeled off.
bool base_type(Dwarf_Die *die, Dwarf_Die *out) {
    Dwarf_Die current = *die;
    for (int depth = 0; depth < 16; ++depth) {
        int tag = dwarf_tag(&current);
        if (tag != DW_TAG_typedef && tag != DW_TAG_const_type && tag != DW_TAG_volatile_type) {
            *out = current;
            return true;
        }
        Dwarf_Attribute attr;
        if (!dwarf_attr_integrate(&current, DW_AT_type, &attr) || !dwarf_formref_die(&attr, &current)) return false;
    }
    return false;
}

bool type_of(Dwarf_Die *die, Dwarf_Die *out) {
    Dwarf_Attribute attr;
    Dwarf_Die type;
    return dwarf_attr_integrate(die, DW_AT_type, &attr) && dwarf_formref_die(&attr, &type) && base_type(&type, out);
}

// A member's offset: a constant (DWARF 3 and later), or with -gdwarf-2 (xv6's flag) a location
// expression DW_OP_plus_uconst N.
Dwarf_Word member_offset(Dwarf_Die *member) {
    Dwarf_Attribute attr;
    Dwarf_Word offset = 0;
    if (!dwarf_attr(member, DW_AT_data_member_location, &attr)) return 0;
    if (dwarf_formudata(&attr, &offset) == 0) return offset;
    Dwarf_Op *ops = nullptr;
    size_t count = 0;
    if (dwarf_getlocation(&attr, &ops, &count) == 0 && count == 1 && ops[0].atom == DW_OP_plus_uconst)
        return ops[0].number;
    return 0;
}

bool is_lock_struct(Dwarf_Die *type) {
    const char *name = dwarf_diename(type);
    return dwarf_tag(type) == DW_TAG_structure_type && name &&
           (!std::strcmp(name, "spinlock") || !std::strcmp(name, "sleeplock"));
}

class LockWalker {
  public:
    explicit LockWalker(std::vector<LockVariable> &out) : out_(out) {}

    // Every spinlock and sleeplock inside the object of `type` at `address`.
    void walk(Dwarf_Die *type, uint64_t address, const std::string &path, const std::string &container) {
        if (out_.size() >= kMaxLocks || !contains_lock(type)) return;
        const int tag = dwarf_tag(type);
        if (tag == DW_TAG_structure_type) {
            const char *name = dwarf_diename(type);
            if (is_lock_struct(type)) {
                Dwarf_Word size = 0;
                Dwarf_Attribute attr;
                if (dwarf_attr(type, DW_AT_byte_size, &attr)) dwarf_formudata(&attr, &size);
                out_.push_back({address, static_cast<uint32_t>(size), path, container});
            }
            Dwarf_Die member;
            if (dwarf_child(type, &member) != 0) return;
            do {
                if (dwarf_tag(&member) != DW_TAG_member) continue;
                Dwarf_Word offset = member_offset(&member);
                Dwarf_Die member_type;
                const char *member_name = dwarf_diename(&member);
                if (!member_name || !type_of(&member, &member_type)) continue;
                walk(&member_type, address + offset, path + "." + member_name, name ? name : "");
            } while (dwarf_siblingof(&member, &member) == 0);
        } else if (tag == DW_TAG_array_type) {
            Dwarf_Die element;
            if (!type_of(type, &element)) return;
            std::vector<uint64_t> counts;
            Dwarf_Die range;
            if (dwarf_child(type, &range) != 0) return;
            do {
                if (dwarf_tag(&range) != DW_TAG_subrange_type) continue;
                Dwarf_Attribute attr;
                Dwarf_Word value = 0;
                if (dwarf_attr(&range, DW_AT_count, &attr) && dwarf_formudata(&attr, &value) == 0) counts.push_back(value);
                else if (dwarf_attr(&range, DW_AT_upper_bound, &attr) && dwarf_formudata(&attr, &value) == 0)
                    counts.push_back(value + 1);
                else
                    return;  // a flexible array: nothing to enumerate
            } while (dwarf_siblingof(&range, &range) == 0);
            Dwarf_Word element_size = 0;
            if (counts.empty() || dwarf_aggregate_size(&element, &element_size) != 0 || element_size == 0) return;
            walk_dimensions(&element, element_size, counts, 0, address, path, container);
        }
    }

  private:
    void walk_dimensions(Dwarf_Die *element, uint64_t element_size, const std::vector<uint64_t> &counts, size_t dim,
                         uint64_t address, const std::string &path, const std::string &container) {
        uint64_t stride = element_size;
        for (size_t d = dim + 1; d < counts.size(); ++d) stride *= counts[d];
        for (uint64_t i = 0; i < counts[dim] && out_.size() < kMaxLocks; ++i) {
            const std::string at = path + "[" + std::to_string(i) + "]";
            if (dim + 1 < counts.size())
                walk_dimensions(element, element_size, counts, dim + 1, address + i * stride, at, container);
            else
                walk(element, address + i * stride, at, container);
        }
    }

    bool contains_lock(Dwarf_Die *type) {
        const Dwarf_Off key = dwarf_dieoffset(type);
        auto known = memo_.find(key);
        if (known != memo_.end()) return known->second;
        memo_[key] = false;  // a type containing itself (through a pointer it cannot) stops here
        bool found = is_lock_struct(type);
        const int tag = dwarf_tag(type);
        Dwarf_Die child, child_type;
        if (!found && tag == DW_TAG_array_type && type_of(type, &child_type)) found = contains_lock(&child_type);
        if (!found && tag == DW_TAG_structure_type && dwarf_child(type, &child) == 0) {
            do {
                if (dwarf_tag(&child) == DW_TAG_member && type_of(&child, &child_type) && contains_lock(&child_type)) {
                    found = true;
                    break;
                }
            } while (dwarf_siblingof(&child, &child) == 0);
        }
        memo_[key] = found;
        return found;
    }

    std::vector<LockVariable> &out_;
    std::map<Dwarf_Off, bool> memo_;
};

std::string relative_to(const std::string &file, const char *comp_dir) {
    std::string f = file;
    if (comp_dir && *comp_dir) {
        std::string dir = comp_dir;
        if (dir.back() != '/') dir += '/';
        if (f.compare(0, dir.size(), dir) == 0) f = f.substr(dir.size());
    }
    while (f.compare(0, 2, "./") == 0) f = f.substr(2);
    return f;
}

void read_compile_unit(Dwarf_Die *cu, Image &image, LockWalker &walker) {
    Dwarf_Attribute attr;
    const char *comp_dir = dwarf_attr(cu, DW_AT_comp_dir, &attr) ? dwarf_formstring(&attr) : nullptr;
    Dwarf_Lines *lines = nullptr;
    size_t count = 0;
    if (dwarf_getsrclines(cu, &lines, &count) == 0) {
        for (size_t i = 0; i < count; ++i) {
            Dwarf_Line *line = dwarf_onesrcline(lines, i);
            Dwarf_Addr address = 0;
            int number = 0;
            bool end = false;
            dwarf_lineaddr(line, &address);
            dwarf_lineno(line, &number);
            dwarf_lineendsequence(line, &end);
            const char *file = dwarf_linesrc(line, nullptr, nullptr);
            image.lines.push_back({address, end || !file ? "" : relative_to(file, comp_dir),
                                   end ? 0u : static_cast<uint32_t>(std::clamp(number, 0, 65535))});
        }
    }
    Dwarf_Die die;
    if (dwarf_child(cu, &die) != 0) return;
    do {
        if (dwarf_tag(&die) != DW_TAG_variable || !dwarf_hasattr(&die, DW_AT_location)) continue;
        Dwarf_Attribute location;
        Dwarf_Op *ops = nullptr;
        size_t nops = 0;
        if (!dwarf_attr(&die, DW_AT_location, &location) || dwarf_getlocation(&location, &ops, &nops) != 0 ||
            nops != 1 || ops[0].atom != DW_OP_addr)
            continue;
        const char *name = dwarf_diename(&die);
        Dwarf_Die type;
        if (name && type_of(&die, &type)) walker.walk(&type, ops[0].number, name, "");
    } while (dwarf_siblingof(&die, &die) == 0);
}

bool read_symbols(Elf *elf, Image &image, std::string &why) {
    Elf_Scn *scn = nullptr;
    bool found_table = false, found_end = false;
    while ((scn = elf_nextscn(elf, scn)) != nullptr) {
        GElf_Shdr shdr;
        if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_SYMTAB) continue;
        Elf_Data *data = elf_getdata(scn, nullptr);
        const size_t count = shdr.sh_entsize ? shdr.sh_size / shdr.sh_entsize : 0;
        for (size_t i = 0; data && i < count; ++i) {
            GElf_Sym sym;
            if (!gelf_getsym(data, static_cast<int>(i), &sym)) continue;
            const char *name = elf_strptr(elf, shdr.sh_link, sym.st_name);
            if (!name || !*name) continue;
            if (!std::strcmp(name, "heisen_xv6_symbols")) {
                image.table_address = sym.st_value;
                found_table = true;
            } else if (!std::strcmp(name, "end")) {
                image.image_end = sym.st_value;
                found_end = true;
            }
            if (GELF_ST_TYPE(sym.st_info) == STT_FUNC && sym.st_size > 0 && sym.st_shndx != SHN_UNDEF)
                image.functions.push_back({sym.st_value, static_cast<uint32_t>(sym.st_size), name});
        }
    }
    if (!found_table) why = "has no heisen_xv6_symbols (not a kernel built by heisen.mk)";
    else if (!found_end) why = "has no `end` symbol (kernel.ld's end of the image)";
    return found_table && found_end;
}

bool read_image(const std::string &path, Image &image, std::string &why) {
    elf_version(EV_CURRENT);
    int fd = open(path.c_str(), O_RDONLY);
    if (fd < 0) {
        why = "cannot be read";
        return false;
    }
    Elf *elf = elf_begin(fd, ELF_C_READ, nullptr);
    bool ok = elf && elf_kind(elf) == ELF_K_ELF;
    if (!ok) why = "is not an ELF file";
    if (ok) ok = read_symbols(elf, image, why);
    Dwarf *dwarf = ok ? dwarf_begin_elf(elf, DWARF_C_READ, nullptr) : nullptr;
    if (ok && dwarf) {
        LockWalker walker(image.locks);
        Dwarf_Off offset = 0, next = 0;
        size_t header = 0;
        while (dwarf_nextcu(dwarf, offset, &next, &header, nullptr, nullptr, nullptr) == 0) {
            Dwarf_Die cu;
            if (dwarf_offdie(dwarf, offset + header, &cu)) read_compile_unit(&cu, image, walker);
            offset = next;
        }
        dwarf_end(dwarf);
    }
    if (elf) elf_end(elf);
    close(fd);
    return ok;
}

class Strings {
  public:
    uint32_t add(const std::string &s) {
        auto it = offsets_.find(s);
        if (it != offsets_.end()) return it->second;
        const uint32_t at = static_cast<uint32_t>(bytes_.size());
        bytes_ += s;
        bytes_ += '\0';
        offsets_[s] = at;
        return at;
    }
    const std::string &bytes() const { return bytes_; }

  private:
    std::string bytes_;
    std::map<std::string, uint32_t> offsets_;
};

std::string table_assembly(Image &image, bool empty) {
    auto by_address = [](const auto &a, const auto &b) { return a.address < b.address; };
    std::sort(image.functions.begin(), image.functions.end(), [](const Function &a, const Function &b) {
        return a.start != b.start ? a.start < b.start : a.name < b.name;
    });
    image.functions.erase(std::unique(image.functions.begin(), image.functions.end(),
                                      [](const Function &a, const Function &b) { return a.start == b.start; }),
                          image.functions.end());
    // At one address the last row wins, except that an end of sequence never hides a start.
    std::stable_sort(image.lines.begin(), image.lines.end(), by_address);
    // Rows below the first function describe code the link discarded (left at address 0).
    const uint64_t first_code = image.functions.empty() ? 0 : image.functions.front().start;
    std::vector<Line> lines;
    for (const Line &l : image.lines) {
        if (l.address < first_code) continue;
        if (!lines.empty() && lines.back().address == l.address) {
            if (l.line) lines.back() = l;
            continue;
        }
        if (!lines.empty() && lines.back().file == l.file && lines.back().line == l.line) continue;
        lines.push_back(l);
    }
    std::sort(image.locks.begin(), image.locks.end(), [](const LockVariable &a, const LockVariable &b) {
        return a.address != b.address ? a.address < b.address : a.size > b.size;
    });
    const uint64_t text_base = !lines.empty() ? lines.front().address : first_code;

    Strings strings;
    std::vector<uint32_t> files;
    std::map<std::string, uint16_t> file_index;
    std::ostringstream s;
    s << "# Written by `heisen port xv6 --symbol-table` (ports/xv6/heisen_xv6_symbols.h); do not edit.\n"
      << "\t.section .rodata.heisen_xv6_symbols,\"a\"\n\t.balign 8\n\t.globl heisen_xv6_symbols\n"
      << "heisen_xv6_symbols:\n";
    if (empty) {
        s << "\t.zero 88\n";
        return s.str();
    }
    std::ostringstream body;
    body << ".Lfunctions:\n";
    for (const Function &f : image.functions)
        body << "\t.quad " << f.start << "\n\t.word " << f.size << ", " << strings.add(f.name) << "\n";
    body << "\t.balign 8\n.Llines:\n";
    for (const Line &l : lines) {
        auto it = file_index.find(l.file);
        if (it == file_index.end()) {
            it = file_index.emplace(l.file, static_cast<uint16_t>(files.size())).first;
            files.push_back(strings.add(l.file));
        }
        body << "\t.word " << (l.address - text_base) << "\n\t.hword " << it->second << ", " << l.line << "\n";
    }
    body << "\t.balign 8\n.Llocks:\n";
    for (const LockVariable &v : image.locks)
        body << "\t.quad " << v.address << "\n\t.word " << v.size << ", " << strings.add(v.path) << ", "
             << strings.add(v.container) << ", 0\n";
    body << "\t.balign 4\n.Lfiles:\n";
    for (uint32_t f : files) body << "\t.word " << f << "\n";
    body << ".Lstrings:\n";
    const std::string &bytes = strings.bytes();
    for (size_t i = 0; i < bytes.size(); i += 32) {
        body << "\t.byte ";
        for (size_t j = i; j < bytes.size() && j < i + 32; ++j)
            body << (j > i ? "," : "") << static_cast<unsigned>(static_cast<unsigned char>(bytes[j]));
        body << "\n";
    }
    s << "\t.word " << HEISEN_XV6_SYMBOLS_MAGIC << ", " << image.functions.size() << ", " << lines.size() << ", "
      << image.locks.size() << ", " << files.size() << ", 0\n"
      << "\t.quad " << image.table_address << ", " << image.image_end << ", " << text_base << "\n"
      << "\t.quad .Lfunctions, .Llines, .Llocks, .Lfiles, .Lstrings\n"
      << body.str();
    return s.str();
}

}  // namespace

int write_symbol_table(const std::string &kernel, const std::string &output) {
    Image image;
    const bool empty = kernel == "-";
    std::string why;
    if (!empty && !read_image(kernel, image, why)) {
        std::fprintf(stderr, "heisen port: %s %s\n", kernel.c_str(), why.c_str());
        return 1;
    }
    const std::string text = table_assembly(image, empty);
    std::ofstream out(output, std::ios::binary);
    if (!out || !(out << text) || !out.flush()) {
        std::fprintf(stderr, "heisen port: cannot write %s\n", output.c_str());
        return 1;
    }
    return 0;
}

}  // namespace heisen::port
