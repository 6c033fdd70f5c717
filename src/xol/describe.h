// describe.h — findings and functions in words: what the instruction does out of line, what
// the probe must do, and what the slot given changes. Shared by the text, JSON and SARIF output.
#pragma once

#include <string>

#include "findings/source_location.h"
#include "xol/address_names.h"
#include "xol/analysis.h"
#include "xol/source_lines.h"

namespace heisen::xol {

struct FindingText {
    std::string instruction;  // as objdump prints it: "movl 0x2ee8(%rip), %eax"
    std::string target;       // "0x404028 <counter>", "printk-0x4", "the GOT entry of errno"
    std::string message;      // the whole explanation, one line
    SourceLocation source;    // from DWARF; empty file when unknown
};

class Describer {
public:
    Describer(const Analysis &analysis, const AddressNames &names, SourceLines &lines);

    FindingText describe(const InstructionFinding &f);
    // "needs fix-up (displacement, emulation): 2 rip-relative, 1 relative-call"
    std::string verdict(const FunctionResult &r) const;
    // "main+0x1c" (or the address alone when nothing names it)
    std::string where(uint64_t address) const;
    std::string slot_text() const;  // "slot 0x...", "slots 0x...-0x...", "no slot given"
    SourceLocation source(uint64_t address) { return lines_.at(address); }

private:
    std::string target_text(const InstructionFinding &f) const;
    std::string reach_text(const InstructionFinding &f) const;

    const Analysis &analysis_;
    const AddressNames &names_;
    SourceLines &lines_;
};

std::string hex_address(uint64_t value);        // "0x401126"
std::string signed_hex(int64_t value);           // "-0xbfffcfe0", "+0x10"

}  // namespace heisen::xol
