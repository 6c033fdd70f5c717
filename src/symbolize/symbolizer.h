// symbolizer.h — code and data addresses of a process (or a kernel), named through DWARF.
//
// The validated process may be gone by the time its report is printed (it crashed, aborted, or
// simply exited), so it describes the modules its addresses lie in (path, mapping, load bias) and
// the runner reopens the same files offline with libdw (elfutils). A file is read once and shared
// by every process that loaded it: a ModuleCache keeps a bounded number of them, so the memory
// symbolization takes does not grow with the number of processes.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct Dwfl;

namespace heisen::symbolize {

struct CodeLocation {
    std::string function;  // demangled where possible; empty if unknown
    uint64_t function_offset = 0;
    std::string file;      // source file; empty if no line information
    int line = 0;
    std::string module;    // base name of the ELF file
    uint64_t module_offset = 0;  // the address in the file, as `addr2line -e MODULE` takes it
};

// One ELF file, addressed as in the file itself (a run-time address minus the load bias).
class ModuleSymbols {
public:
    explicit ModuleSymbols(const std::string &path);
    ~ModuleSymbols();
    ModuleSymbols(const ModuleSymbols &) = delete;
    ModuleSymbols &operator=(const ModuleSymbols &) = delete;

    // A return address names the call instruction before it: line lookups use address - 1.
    CodeLocation code(uint64_t address, bool return_address) const;
    // The global or static variable containing `address`, e.g. "lock_a" or "table+0x40".
    std::optional<std::string> variable(uint64_t address) const;

private:
    Dwfl *dwfl_ = nullptr;
    std::string name_;  // base name of the file
};

// Files already read, at most `capacity` of them, the least recently used dropped first. A file
// that changed on disk (size, time, inode) is read again.
class ModuleCache {
public:
    explicit ModuleCache(size_t capacity = 16) : capacity_(capacity) {}
    std::shared_ptr<const ModuleSymbols> get(const std::string &path);
    size_t size() const { return entries_.size(); }

private:
    struct Entry {
        std::string path;
        dev_t device;
        ino_t inode;
        off_t bytes;
        int64_t modified_ns;
        std::shared_ptr<const ModuleSymbols> symbols;
    };
    size_t capacity_;
    std::list<Entry> entries_;  // most recently used first
};

// One module of an address space: where it was mapped and its load bias.
struct LoadedModule {
    uint64_t start = 0;  // [start, end): the mapping
    uint64_t end = 0;
    uint64_t bias = 0;   // run-time address minus address in the file
    std::string path;
};

// The modules of one address space, named through a shared cache.
class Symbolizer {
public:
    Symbolizer(std::vector<LoadedModule> modules, ModuleCache &cache) : modules_(std::move(modules)), cache_(cache) {}

    CodeLocation code(uint64_t pc, bool return_address) const;
    std::optional<std::string> variable(uint64_t address) const;

private:
    const LoadedModule *module_of(uint64_t address) const;

    std::vector<LoadedModule> modules_;
    ModuleCache &cache_;
};

// A symbol name as people read it: C++ demangled, without its "@GLIBC_2.34" version.
std::string demangle(const char *symbol);

// "function+0x1c (file.c:42)" / "module+0x1234": one line of a report stack.
std::string describe(const CodeLocation &location);

}  // namespace heisen::symbolize
