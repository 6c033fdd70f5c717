// scan_file.h — one file through the whole checker: extract, check every statement, report.
#pragma once

#include <string>
#include <string_view>

#include "asm/scan_files.h"
#include "findings/scan_report.h"

namespace heisen::asmcheck {

// Reads `file` and appends its findings, analysis gaps and out-of-scope statements to `report`
// (and counts it in report.summary). Returns false with `error` set when it cannot be read.
bool scan_source_file(const SourceFile &file, ScanReport &report, std::string &error);

// The same for contents already in memory (tests, the fuzzer).
void scan_source_text(std::string_view contents, const SourceFile &file, ScanReport &report);

}  // namespace heisen::asmcheck
