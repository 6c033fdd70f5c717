// xol_fuzzer.cpp — libFuzzer entry: any bytes through the whole `heisen xol` path (ELF header
// and sections, relocations, symbols, .eh_frame, DWARF lines through libdwfl, LLVM decoding,
// classification, slots) and all three outputs. The input's length picks the format, the slot
// and whether the file is placed with a base, so one corpus reaches every path.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "xol/elf_file.h"
#include "xol/scan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    using namespace heisen::xol;
    static std::FILE *sink = std::fopen("/dev/null", "w");
    std::optional<uint64_t> base;
    if ((size / 3) % 4 == 1) base = 0xffffffffc0000000ull;
    std::string error;
    std::unique_ptr<ElfFile> file = ElfFile::from_bytes(std::vector<uint8_t>(data, data + size), "fuzz.elf", base, error);
    if (!file) return error.empty() ? -1 : 0;  // a rejected file always says why
    ScanOptions options;
    static const OutputFormat formats[] = {OutputFormat::Text, OutputFormat::Json, OutputFormat::Sarif};
    options.output.format = formats[size % 3];
    options.output.source_root = "/src";
    switch ((size / 12) % 3) {
    case 0: break;
    case 1: options.slot = {SlotSpec::Kind::Address, 0xc0401000ull, 0xc0401000ull}; break;
    case 2: options.slot = {SlotSpec::Kind::Range, 0x40000000ull, 0xffffffffull}; break;
    }
    Totals totals;
    scan_elf(*file, options, sink, totals, error);
    return 0;
}
