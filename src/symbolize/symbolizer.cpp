// symbolizer.cpp — libdw offline symbolization of the modules a process described.
#include "symbolizer.h"

#include <cxxabi.h>
#include <elfutils/libdwfl.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace heisen::symbolize {
namespace {

const Dwfl_Callbacks kCallbacks = {
    dwfl_build_id_find_elf,
    dwfl_standard_find_debuginfo,
    dwfl_offline_section_address,
    nullptr,
};

std::string base_name(const char *path) {
    const char *slash = std::strrchr(path, '/');
    return slash ? slash + 1 : path;
}

}  // namespace

std::string demangle(const char *versioned) {
    // "__libc_start_main@@GLIBC_2.34": the symbol version is noise in a stack.
    std::string plain = versioned;
    if (size_t at = plain.find('@'); at != std::string::npos && at > 0) plain.erase(at);
    const char *name = plain.c_str();
    // Only C++ symbols are mangled, and they all start with _Z: a C name such as "m" or "rw" is
    // also a valid mangled *type* ("unsigned long", "wchar_t restrict") and must stay as it is.
    if (plain.compare(0, 2, "_Z") != 0) return plain;
    int status = 0;
    char *demangled = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    if (status != 0 || !demangled) return name;
    std::string result = demangled;
    std::free(demangled);
    return result;
}

ModuleSymbols::ModuleSymbols(const std::string &path) : name_(base_name(path.c_str())) {
    dwfl_ = dwfl_begin(&kCallbacks);
    if (!dwfl_) return;
    dwfl_report_begin(dwfl_);
    // Load bias 0: the module sits at the addresses its file gives it.
    if (!dwfl_report_elf(dwfl_, name_.c_str(), path.c_str(), -1, 0, false)) {
        dwfl_end(dwfl_);
        dwfl_ = nullptr;
        return;
    }
    dwfl_report_end(dwfl_, nullptr, nullptr);
}

ModuleSymbols::~ModuleSymbols() {
    if (dwfl_) dwfl_end(dwfl_);
}

CodeLocation ModuleSymbols::code(uint64_t address, bool return_address) const {
    CodeLocation location;
    location.module = name_;
    location.module_offset = address;
    if (!dwfl_) return location;
    const Dwarf_Addr lookup = return_address && address > 0 ? address - 1 : address;
    Dwfl_Module *module = dwfl_addrmodule(dwfl_, lookup);
    if (!module) return location;
    GElf_Off offset = 0;
    GElf_Sym symbol;
    const char *name = dwfl_module_addrinfo(module, lookup, &offset, &symbol, nullptr, nullptr, nullptr);
    if (name) {
        location.function = demangle(name);
        location.function_offset = offset + (lookup != address ? 1 : 0);
    }
    if (Dwfl_Line *line = dwfl_module_getsrc(module, lookup)) {
        int line_number = 0;
        const char *file = dwfl_lineinfo(line, nullptr, &line_number, nullptr, nullptr, nullptr);
        if (file) {
            location.file = file;
            location.line = line_number;
        }
    }
    return location;
}

std::optional<std::string> ModuleSymbols::variable(uint64_t address) const {
    if (!dwfl_) return std::nullopt;
    Dwfl_Module *module = dwfl_addrmodule(dwfl_, address);
    if (!module) return std::nullopt;
    // Only a data object whose extent covers the address names it: linker markers such as
    // __TMC_END__ or __bss_start share addresses with real variables but have no size.
    const char *name = nullptr;
    GElf_Addr start = 0;
    const int count = dwfl_module_getsymtab(module);
    for (int i = 1; i < count; ++i) {
        GElf_Sym symbol;
        GElf_Addr value = 0;
        const char *candidate = dwfl_module_getsym_info(module, i, &symbol, &value, nullptr, nullptr, nullptr);
        if (!candidate || GELF_ST_TYPE(symbol.st_info) != STT_OBJECT || symbol.st_size == 0) continue;
        if (address < value || address - value >= symbol.st_size) continue;
        name = candidate;
        start = value;
        break;
    }
    if (!name) return std::nullopt;
    const uint64_t offset = address - start;
    std::string result = demangle(name);
    if (offset) {
        char suffix[32];
        std::snprintf(suffix, sizeof suffix, "+0x%llx", static_cast<unsigned long long>(offset));
        result += suffix;
    }
    return result;
}

std::shared_ptr<const ModuleSymbols> ModuleCache::get(const std::string &path) {
    struct stat status {};
    if (stat(path.c_str(), &status) != 0) return nullptr;
    const int64_t modified_ns = int64_t(status.st_mtim.tv_sec) * 1000000000 + status.st_mtim.tv_nsec;
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (it->path != path) continue;
        if (it->device == status.st_dev && it->inode == status.st_ino && it->bytes == status.st_size &&
            it->modified_ns == modified_ns) {
            entries_.splice(entries_.begin(), entries_, it);
            return entries_.front().symbols;
        }
        entries_.erase(it);  // rebuilt since: read it again
        break;
    }
    entries_.push_front(Entry{path, status.st_dev, status.st_ino, status.st_size, modified_ns,
                              std::make_shared<const ModuleSymbols>(path)});
    while (entries_.size() > capacity_) entries_.pop_back();
    return entries_.front().symbols;
}

const LoadedModule *Symbolizer::module_of(uint64_t address) const {
    // The newest description of a range wins: a library unloaded and another loaded in its place.
    for (auto it = modules_.rbegin(); it != modules_.rend(); ++it)
        if (address >= it->start && address < it->end) return &*it;
    return nullptr;
}

CodeLocation Symbolizer::code(uint64_t pc, bool return_address) const {
    const LoadedModule *module = module_of(return_address && pc > 0 ? pc - 1 : pc);
    if (!module) return {};
    std::shared_ptr<const ModuleSymbols> symbols = cache_.get(module->path);
    if (!symbols) {
        CodeLocation location;
        location.module = base_name(module->path.c_str());
        location.module_offset = pc - module->bias;
        return location;
    }
    return symbols->code(pc - module->bias, return_address);
}

std::optional<std::string> Symbolizer::variable(uint64_t address) const {
    const LoadedModule *module = module_of(address);
    if (!module) return std::nullopt;
    std::shared_ptr<const ModuleSymbols> symbols = cache_.get(module->path);
    return symbols ? symbols->variable(address - module->bias) : std::nullopt;
}

std::string describe(const CodeLocation &location) {
    char buffer[64];
    std::string text;
    if (!location.function.empty()) {
        std::snprintf(buffer, sizeof buffer, "+0x%llx", static_cast<unsigned long long>(location.function_offset));
        text = location.function + buffer;
    } else {
        std::snprintf(buffer, sizeof buffer, "+0x%llx", static_cast<unsigned long long>(location.module_offset));
        text = (location.module.empty() ? std::string("?") : location.module) + buffer;
    }
    if (!location.file.empty()) {
        text += " (" + base_name(location.file.c_str()) + ":" + std::to_string(location.line) + ")";
    } else if (!location.function.empty() && !location.module.empty()) {
        text += " [" + location.module + "]";
    }
    return text;
}

}  // namespace heisen::symbolize
