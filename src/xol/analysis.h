// analysis.h — decodes each function and decides, per instruction and per function, whether a
// probe can execute it out of line.
//
// Per instruction: the findings of the target rules, each with a severity (warning: the probe
// must fix it up; error: it must not be single-stepped out of line, or cannot run at the slot
// given). Per function: probe-safe (no finding), needs fix-up (which kinds), or unsafe.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "findings/finding.h"
#include "xol/disassembler.h"
#include "xol/elf_file.h"
#include "xol/functions.h"
#include "xol/instruction_finding.h"
#include "xol/relocations.h"
#include "xol/slot.h"
#include "xol/target_rules.h"

namespace heisen::xol {

enum class Verdict : uint8_t { ProbeSafe, NeedsFixUp, Unsafe };
constexpr size_t kVerdictCount = 3;
const char *verdict_name(Verdict v);  // "probe-safe", "needs fix-up", "unsafe"

struct FunctionResult {
    const Function *function = nullptr;
    uint64_t instructions = 0;
    uint64_t undecodable_bytes = 0;
    std::vector<InstructionFinding> findings;  // by address
    Verdict verdict = Verdict::ProbeSafe;
    Verdict entry = Verdict::ProbeSafe;        // of the first instruction alone (function-entry probes)
    std::array<uint32_t, kClassCount> counts{};
    std::array<uint32_t, 3> severities{};      // findings by heisen::Severity
    uint32_t out_of_reach = 0;                 // RIP-relative operands the slot given cannot reach
    std::array<bool, kFixUpCount> fixups{};
    // x86-64: the slots from which every RIP-relative target of the function is reachable.
    bool has_window = false;
    Window window;
    bool padding_only = false;  // only alignment fill (nops, int3): no function, left out
};

struct Totals {
    uint64_t functions = 0;
    std::array<uint64_t, kVerdictCount> by_verdict{};
    uint64_t entry_probe_safe = 0;
    uint64_t instructions = 0;
    uint64_t undecodable_bytes = 0;
    std::array<uint64_t, kClassCount> by_class{};
    std::array<uint64_t, kClassCount> functions_by_class{};  // functions with at least one
    std::array<uint64_t, 3> by_severity{};                   // indexed by heisen::Severity

    void add(const FunctionResult &result);
};

class Analysis {
public:
    static std::unique_ptr<Analysis> create(const ElfFile &file, const SlotSpec &slot, std::string &error);

    // Fills `result` (its vectors are reused) for one function of the file.
    void analyse(const Function &function, FunctionResult &result);

    Severity severity(const InstructionFinding &f) const;
    const ElfFile &file() const { return file_; }
    const SlotSpec &slot() const { return slot_; }
    const Disassembler &disassembler() const { return *disassembler_; }

private:
    Analysis(const ElfFile &file, const SlotSpec &slot) : file_(file), slot_(slot), relocations_(file) {}

    const ElfFile &file_;
    SlotSpec slot_;
    CodeRelocations relocations_;
    const Disassembler *disassembler_ = nullptr;
    std::unique_ptr<TargetRules> rules_;
    std::vector<uint64_t> branch_targets_;   // of the function being analysed
    std::vector<size_t> padding_traps_;      // findings on instructions fill may consist of (int3)
    std::vector<bool> padding_after_flow_;   // ... each after a ret or jmp (or fill after one)
};

}  // namespace heisen::xol
