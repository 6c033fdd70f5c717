// asm_fuzzer.cpp — libFuzzer entry: any bytes through the whole `heisen asm` path for one file
// (encoding check, lexer, extractor, check_statement with LLVM MC, all three renderers).
// The input's length picks the target and whether the file counts as a header, so one corpus
// reaches every target model.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "asm/scan_file.h"
#include "findings/write_json.h"
#include "findings/write_sarif.h"
#include "findings/write_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    using namespace heisen::asmcheck;
    static const Target targets[] = {Target::X86_64, Target::I386, Target::RISCV64};
    SourceFile file;
    file.path = file.display_path = (size / 3) % 2 ? "fuzz.h" : "fuzz.c";
    file.options.target = targets[size % 3];
    file.options.intel_syntax = (size / 6) % 4 == 3;
    heisen::ScanReport report;
    report.tool_name = "heisen";
    scan_source_text(std::string_view(reinterpret_cast<const char *>(data), size), file, report);
    const size_t total = heisen::write_text_report(report).size() + heisen::write_json_report(report).size() +
                         heisen::write_sarif_report(report, "/src").size();
    return total == 0 ? -1 : 0;  // never 0: the summary line is always there
}
