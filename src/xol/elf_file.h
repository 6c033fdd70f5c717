// elf_file.h — one x86-64 or riscv64 ELF file as `heisen xol` reads it: its kind, its sections
// at the addresses they run at, and the bytes of the executable ones.
//
// Executables, shared objects (PIE or library) and kernel images are read at their link
// addresses; relocatable objects (.o, kernel modules) have no addresses, so their allocated
// sections are laid out one after another in header order, each at its alignment, as elfutils
// does for them (and a module loader places them, close together). `base` moves a shared or
// relocatable object to where it is loaded: its first loadable segment (shared objects) or
// first section (relocatable objects) lands on `base`. A file without section headers is read
// through its executable PT_LOAD segments.
//
// Every offset and size is checked against the file: a truncated or corrupt file is rejected
// with a reason, never read out of bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct Elf;

namespace heisen::xol {

enum class Machine { X86_64, RISCV64 };
enum class ElfKind { Executable, SharedObject, Relocatable };

const char *machine_name(Machine machine);  // "x86-64", "riscv64"
const char *kind_name(ElfKind kind);        // "executable", "shared object", "relocatable object"

struct Section {
    std::string name;
    size_t index = 0;            // section header index
    uint64_t address = 0;        // where it runs (0 for sections not loaded)
    uint64_t size = 0;
    bool allocated = false;      // SHF_ALLOC
    bool executable = false;     // SHF_EXECINSTR with bytes in the file
    const uint8_t *bytes = nullptr;  // its bytes in the file (null for NOBITS or when cut off)
};

class ElfFile {
public:
    ~ElfFile();
    ElfFile(const ElfFile &) = delete;
    ElfFile &operator=(const ElfFile &) = delete;

    // Reads `path`. Null, with `error` set, when it is not a readable 64-bit little-endian ELF
    // for x86-64 or riscv64 of a kind heisen reads.
    static std::unique_ptr<ElfFile> open(const std::string &path, std::optional<uint64_t> base, std::string &error);
    // The same from bytes in memory (tests, fuzzing); `display_path` names it in messages.
    static std::unique_ptr<ElfFile> from_bytes(std::vector<uint8_t> bytes, const std::string &display_path,
                                               std::optional<uint64_t> base, std::string &error);

    const std::string &path() const { return path_; }
    Machine machine() const { return machine_; }
    ElfKind kind() const { return kind_; }
    uint64_t bias() const { return bias_; }  // added to every link-time address
    bool compressed_instructions() const { return rvc_; }  // riscv64 built with the C extension
    const std::vector<Section> &sections() const { return sections_; }  // indexed by header index
    const Section *section(size_t index) const { return index < sections_.size() ? &sections_[index] : nullptr; }
    const Section *executable_section_at(uint64_t address) const;
    Elf *elf() const { return elf_; }
    bool on_disk() const { return mapping_ != nullptr; }  // read from path() (not handed over as bytes)
    // The whole file (for readers of raw tables such as .eh_frame).
    const uint8_t *data() const { return data_; }
    size_t size() const { return size_; }

private:
    ElfFile() = default;
    bool load(std::optional<uint64_t> base, std::string &error);
    bool load_sections(size_t count, std::string &error);
    bool load_segments(std::string &error);
    bool place(std::optional<uint64_t> base, std::string &error);

    std::string path_;
    Machine machine_ = Machine::X86_64;
    ElfKind kind_ = ElfKind::Executable;
    uint64_t bias_ = 0;
    bool rvc_ = false;
    std::vector<Section> sections_;
    std::vector<size_t> executable_by_address_;  // indices of executable sections, by address
    Elf *elf_ = nullptr;
    const uint8_t *data_ = nullptr;
    size_t size_ = 0;
    void *mapping_ = nullptr;        // mmap of a file, or
    std::vector<uint8_t> owned_;     // bytes handed over
};

}  // namespace heisen::xol
