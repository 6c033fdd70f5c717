// elf_file.cpp — header checks, section table, relocatable layout, load bias.
#include "xol/elf_file.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace heisen::xol {

namespace {

constexpr uint32_t kRiscvRvcFlag = 0x1;  // EF_RISCV_RVC

void ensure_libelf() {
    static const unsigned version = elf_version(EV_CURRENT);
    (void)version;
}

std::string libelf_reason() {
    const char *message = elf_errmsg(-1);
    return message ? message : "unknown libelf error";
}

}  // namespace

const char *machine_name(Machine machine) { return machine == Machine::X86_64 ? "x86-64" : "riscv64"; }

const char *kind_name(ElfKind kind) {
    switch (kind) {
    case ElfKind::Executable: return "executable";
    case ElfKind::SharedObject: return "shared object";
    case ElfKind::Relocatable: return "relocatable object";
    }
    return "executable";
}

ElfFile::~ElfFile() {
    if (elf_) elf_end(elf_);
    if (mapping_) munmap(mapping_, size_);
}

std::unique_ptr<ElfFile> ElfFile::open(const std::string &path, std::optional<uint64_t> base, std::string &error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = path + ": " + std::strerror(errno);
        return nullptr;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        error = path + ": not a regular file";
        ::close(fd);
        return nullptr;
    }
    if (st.st_size == 0) {
        error = path + ": empty file, not ELF";
        ::close(fd);
        return nullptr;
    }
    // Private and writable: libelf may convert in place; the file never changes.
    void *mapping = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (mapping == MAP_FAILED) {
        error = path + ": cannot map: " + std::strerror(errno);
        return nullptr;
    }
    std::unique_ptr<ElfFile> file(new ElfFile());
    file->path_ = path;
    file->mapping_ = mapping;
    file->data_ = static_cast<const uint8_t *>(mapping);
    file->size_ = static_cast<size_t>(st.st_size);
    if (!file->load(base, error)) return nullptr;
    return file;
}

std::unique_ptr<ElfFile> ElfFile::from_bytes(std::vector<uint8_t> bytes, const std::string &display_path,
                                             std::optional<uint64_t> base, std::string &error) {
    std::unique_ptr<ElfFile> file(new ElfFile());
    file->path_ = display_path;
    file->owned_ = std::move(bytes);
    file->data_ = file->owned_.data();
    file->size_ = file->owned_.size();
    if (file->size_ == 0) {
        error = display_path + ": empty file, not ELF";
        return nullptr;
    }
    if (!file->load(base, error)) return nullptr;
    return file;
}

bool ElfFile::load(std::optional<uint64_t> base, std::string &error) {
    ensure_libelf();
    const auto fail = [&](const std::string &why) {
        error = path_ + ": " + why;
        return false;
    };
    if (size_ < EI_NIDENT || std::memcmp(data_, ELFMAG, SELFMAG) != 0) return fail("not an ELF file");
    if (data_[EI_CLASS] != ELFCLASS64) return fail("32-bit ELF; heisen xol reads x86-64 and riscv64 (64-bit) ELF");
    if (data_[EI_DATA] != ELFDATA2LSB) return fail("big-endian ELF; heisen xol reads x86-64 and riscv64");
    elf_ = elf_memory(reinterpret_cast<char *>(const_cast<uint8_t *>(data_)), size_);
    if (!elf_ || elf_kind(elf_) != ELF_K_ELF) return fail("not an ELF file (" + libelf_reason() + ")");
    GElf_Ehdr header;
    if (!gelf_getehdr(elf_, &header)) return fail("unreadable ELF header (" + libelf_reason() + ")");
    if (header.e_machine == EM_X86_64) machine_ = Machine::X86_64;
    else if (header.e_machine == EM_RISCV) machine_ = Machine::RISCV64;
    else return fail("ELF machine " + std::to_string(header.e_machine) + " is not x86-64 or riscv64");
    rvc_ = machine_ == Machine::RISCV64 && (header.e_flags & kRiscvRvcFlag);
    switch (header.e_type) {
    case ET_EXEC: kind_ = ElfKind::Executable; break;
    case ET_DYN: kind_ = ElfKind::SharedObject; break;
    case ET_REL: kind_ = ElfKind::Relocatable; break;
    default: return fail("ELF type " + std::to_string(header.e_type) + " holds no code to read (core file?)");
    }
    if (base && kind_ == ElfKind::Executable) return fail("--base applies to shared and relocatable objects; an executable runs at its link addresses");

    if (header.e_shoff && (header.e_shoff > size_ || size_ - header.e_shoff < sizeof(Elf64_Shdr) ||
                           header.e_shnum > (size_ - header.e_shoff) / sizeof(Elf64_Shdr)))
        return fail("the section headers lie beyond the end of the file (truncated?)");
    size_t count = 0;
    if (elf_getshdrnum(elf_, &count) != 0) return fail("unreadable section headers (" + libelf_reason() + ")");
    if (count > size_ / sizeof(Elf64_Shdr)) return fail("more section headers than the file can hold");
    if (count == 0) {
        if (!load_segments(error)) return false;
    } else if (!load_sections(count, error)) {
        return false;
    }
    if (!place(base, error)) return false;
    for (const Section &s : sections_)
        if (s.executable) executable_by_address_.push_back(s.index);
    std::sort(executable_by_address_.begin(), executable_by_address_.end(),
              [&](size_t a, size_t b) { return sections_[a].address < sections_[b].address; });
    return true;
}

// Without section headers (they are optional in executables), the loadable executable segments
// are the code.
bool ElfFile::load_segments(std::string &error) {
    size_t count = 0;
    if (elf_getphdrnum(elf_, &count) != 0) {
        error = path_ + ": neither section nor program headers can be read (" + libelf_reason() + ")";
        return false;
    }
    sections_.resize(1);
    for (size_t k = 0; k < count; ++k) {
        GElf_Phdr phdr;
        if (!gelf_getphdr(elf_, static_cast<int>(k), &phdr) || phdr.p_type != PT_LOAD) continue;
        Section s;
        s.index = sections_.size();
        s.name = "[PT_LOAD " + std::to_string(k) + "]";
        s.address = phdr.p_vaddr;
        s.size = phdr.p_filesz;
        s.allocated = true;
        if (phdr.p_offset <= size_ && s.size <= size_ - phdr.p_offset) s.bytes = data_ + phdr.p_offset;
        if ((phdr.p_flags & PF_X) && s.size) {
            if (!s.bytes) {
                error = path_ + ": segment " + std::to_string(k) + " extends beyond the end of the file (truncated?)";
                return false;
            }
            s.executable = true;
        }
        sections_.push_back(std::move(s));
    }
    return true;
}

bool ElfFile::load_sections(size_t count, std::string &error) {
    const auto fail = [&](const std::string &why) {
        error = path_ + ": " + why;
        return false;
    };
    size_t names = 0;
    if (elf_getshdrstrndx(elf_, &names) != 0) names = 0;
    sections_.resize(count);
    uint64_t layout = 0;  // next free address for a relocatable object's sections
    for (size_t index = 1; index < count; ++index) {
        Elf_Scn *scn = elf_getscn(elf_, index);
        GElf_Shdr shdr;
        if (!scn || !gelf_getshdr(scn, &shdr)) return fail("unreadable section header " + std::to_string(index));
        Section &s = sections_[index];
        s.index = index;
        const char *name = names ? elf_strptr(elf_, names, shdr.sh_name) : nullptr;
        s.name = name ? name : "";
        s.size = shdr.sh_size;
        s.allocated = (shdr.sh_flags & SHF_ALLOC) != 0;
        s.address = shdr.sh_addr;
        if (kind_ == ElfKind::Relocatable && s.allocated) {
            const uint64_t align = shdr.sh_addralign > 1 ? shdr.sh_addralign : 1;
            if ((align & (align - 1)) != 0) return fail("section " + s.name + " has alignment " + std::to_string(align) + ", not a power of two");
            const uint64_t at = (layout + align - 1) & ~(align - 1);
            if (at < layout || at + s.size < at) return fail("section " + s.name + " does not fit in the address space");
            s.address = at;
            layout = at + s.size;
        }
        const bool in_file = shdr.sh_type != SHT_NOBITS && shdr.sh_offset <= size_ && s.size <= size_ - shdr.sh_offset;
        if (in_file) s.bytes = data_ + shdr.sh_offset;
        if (s.allocated && (shdr.sh_flags & SHF_EXECINSTR) && shdr.sh_type != SHT_NOBITS && s.size > 0) {
            if (!in_file) return fail("section " + s.name + " extends beyond the end of the file (truncated?)");
            if (s.address + s.size < s.address) return fail("section " + s.name + " wraps around the address space");
            s.executable = true;
        }
    }
    return true;
}

// --base: a shared object's first loadable segment (where its mapping starts), or a
// relocatable object's first section, lands there.
bool ElfFile::place(std::optional<uint64_t> base, std::string &error) {
    if (!base) return true;
    uint64_t lowest = UINT64_MAX;
    size_t segments = 0;
    if (kind_ == ElfKind::SharedObject && elf_getphdrnum(elf_, &segments) == 0) {
        for (size_t k = 0; k < segments; ++k) {
            GElf_Phdr phdr;
            if (gelf_getphdr(elf_, static_cast<int>(k), &phdr) && phdr.p_type == PT_LOAD)
                lowest = std::min(lowest, phdr.p_vaddr & ~uint64_t(0xfff));
        }
    }
    if (lowest == UINT64_MAX)
        for (const Section &s : sections_)
            if (s.allocated && s.size) lowest = std::min(lowest, s.address);
    if (lowest == UINT64_MAX) return true;
    bias_ = *base - lowest;
    for (Section &s : sections_) {
        if (!s.allocated) continue;
        s.address += bias_;
        if (s.executable && s.address + s.size < s.address) {
            error = path_ + ": --base puts section " + s.name + " beyond the address space";
            return false;
        }
    }
    return true;
}

const Section *ElfFile::executable_section_at(uint64_t address) const {
    auto it = std::upper_bound(executable_by_address_.begin(), executable_by_address_.end(), address,
                               [&](uint64_t a, size_t index) { return a < sections_[index].address; });
    if (it == executable_by_address_.begin()) return nullptr;
    const Section &s = sections_[*(it - 1)];
    return address - s.address < s.size ? &s : nullptr;
}

}  // namespace heisen::xol
