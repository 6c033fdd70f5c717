// write_text.h — the scan as GCC-style diagnostics, the format editors and CI logs already understand.
//
//   file:line:col: warning: MESSAGE [heisen-asm:RULE]
//   file:line:col: note: instruction: movq $1, %rax
//   file:line:col: note: operand: rax
//   file:line:col: note: NOTE (one per Finding::notes)
//   file:line:col: note: suggested fix: clobbers: "rax", "memory"
//   file:line:col: note: could not analyse: WHY
//   heisen asm: 3 files, 5 asm statements (3 checked, 1 not analysed, 1 basic asm out of scope): 2 warnings, 1 note
#pragma once

#include <string>

#include "findings/scan_report.h"

namespace heisen {

struct TextReportOptions {
    bool list_out_of_scope = false;  // one note per basic asm statement (--verbose)
    bool summary = true;
};

std::string write_text_report(const ScanReport &report, const TextReportOptions &options = {});

// "file:line:col" (line and column left out when unknown).
std::string format_location(const SourceLocation &location);

}  // namespace heisen
