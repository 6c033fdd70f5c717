// analysis.cpp — the linear sweep over one function, alignment fill, slots, verdicts.
#include "xol/analysis.h"

#include <algorithm>

namespace heisen::xol {

const char *verdict_name(Verdict v) {
    switch (v) {
    case Verdict::ProbeSafe: return "probe-safe";
    case Verdict::NeedsFixUp: return "needs fix-up";
    case Verdict::Unsafe: return "unsafe";
    }
    return "unsafe";
}

void Totals::add(const FunctionResult &result) {
    ++functions;
    ++by_verdict[static_cast<size_t>(result.verdict)];
    if (result.entry == Verdict::ProbeSafe) ++entry_probe_safe;
    instructions += result.instructions;
    undecodable_bytes += result.undecodable_bytes;
    for (size_t c = 0; c < kClassCount; ++c) {
        by_class[c] += result.counts[c];
        if (result.counts[c]) ++functions_by_class[c];
    }
    for (size_t k = 0; k < by_severity.size(); ++k) by_severity[k] += result.severities[k];
}

std::unique_ptr<Analysis> Analysis::create(const ElfFile &file, const SlotSpec &slot, std::string &error) {
    std::unique_ptr<Analysis> a(new Analysis(file, slot));
    a->disassembler_ = Disassembler::for_machine(file.machine(), error);
    if (!a->disassembler_) return nullptr;
    a->rules_ = file.machine() == Machine::X86_64 ? make_x86_64_rules(*a->disassembler_, a->relocations_)
                                                  : make_riscv64_rules(*a->disassembler_, a->relocations_);
    return a;
}

Severity Analysis::severity(const InstructionFinding &f) const {
    if (class_info(f.cls).unsafe) return Severity::Error;
    if (f.cls == XolClass::RipRelative && (f.reach.reach == Reach::None || f.reach.reach == Reach::Some))
        return Severity::Error;
    return Severity::Warning;
}

void Analysis::analyse(const Function &function, FunctionResult &result) {
    result.function = &function;
    result.instructions = 0;
    result.undecodable_bytes = 0;
    result.findings.clear();
    result.counts.fill(0);
    result.severities.fill(0);
    result.out_of_reach = 0;
    result.fixups.fill(false);
    result.has_window = false;
    result.window = Window{};
    result.padding_only = false;
    branch_targets_.clear();
    padding_traps_.clear();

    const Section &section = *function.section;
    const uint64_t section_end = section.address + section.size;
    std::vector<InstructionFinding> &findings = result.findings;
    llvm::MCInst inst;
    rules_->begin_function();
    bool after_flow_end = false;  // the previous instruction does not fall through (or is fill after one)
    bool only_padding = true;
    uint64_t fill_from = function.end;  // where the trailing run of fill instructions starts
    padding_after_flow_.clear();
    for (uint64_t address = function.start; address < function.end;) {
        const uint8_t *bytes = section.bytes + (address - section.address);
        const uint64_t available = section_end - address;
        uint64_t size = 0;
        const size_t before = findings.size();
        InstructionFacts facts;
        if (disassembler_->decode(bytes, available, address, inst, size)) {
            facts = rules_->classify(inst, address, size, findings);
        } else {
            facts = rules_->classify_undecodable(bytes, available, address, size, findings);
            if (findings.size() > before && findings.back().cls == XolClass::Undecodable) result.undecodable_bytes += size;
        }
        if (size == 0) break;  // nothing left to read
        ++result.instructions;
        only_padding = only_padding && facts.padding;
        if (!facts.padding) fill_from = function.end;
        else if (fill_from == function.end) fill_from = address;
        if (facts.padding && findings.size() == before + 1) {
            padding_traps_.push_back(before);
            padding_after_flow_.push_back(after_flow_end);
        }
        after_flow_end = facts.ends_flow || (facts.padding && after_flow_end);
        if (facts.has_branch_target) branch_targets_.push_back(facts.branch_target);
        address += size;
    }
    rules_->end_function(findings);
    // Alignment fill (a marker symbol before it, or no symbol at all) is no function.
    result.padding_only = only_padding;

    // int3 after a ret or jmp, or in the fill that ends a function, is never executed unless a
    // branch goes there: fill or a speculation barrier.
    if (!padding_traps_.empty()) {
        std::sort(branch_targets_.begin(), branch_targets_.end());
        std::vector<bool> drop(findings.size(), false);
        for (size_t k = 0; k < padding_traps_.size(); ++k) {
            const InstructionFinding &trap = findings[padding_traps_[k]];
            const bool fill = padding_after_flow_[k] || trap.address >= fill_from;
            drop[padding_traps_[k]] =
                fill && !std::binary_search(branch_targets_.begin(), branch_targets_.end(), trap.address);
        }
        size_t kept = 0;
        for (size_t k = 0; k < findings.size(); ++k)
            if (!drop[k]) findings[kept++] = findings[k];
        findings.resize(kept);
    }
    const auto by_address = [](const InstructionFinding &a, const InstructionFinding &b) { return a.address < b.address; };
    if (!std::is_sorted(findings.begin(), findings.end(), by_address))  // riscv64 lr/sc windows come late
        std::stable_sort(findings.begin(), findings.end(), by_address);

    bool any_warning = false, any_error = false, entry_warning = false, entry_error = false;
    for (InstructionFinding &f : findings) {
        const bool known = f.target_kind == InstructionFinding::Target::Address ||
                           (f.target_kind == InstructionFinding::Target::Symbol && f.relocation && f.relocation->defined);
        if (file_.machine() == Machine::X86_64 && known) {
            // A short jump's copy must be re-encoded with a 32-bit displacement: jmp 5 bytes, jcc 6.
            uint64_t length = f.size;
            if (f.short_form && f.cls == XolClass::RelativeJump) length = 5;
            else if (f.short_form && f.cls == XolClass::ConditionalJump) length = 6;
            const bool re_encodable = f.cls == XolClass::RipRelative || f.cls == XolClass::RelativeJump ||
                                      f.cls == XolClass::ConditionalJump || f.cls == XolClass::RelativeCall ||
                                      f.cls == XolClass::TransactionBegin;
            if (re_encodable) f.reach = evaluate_slot(slot_, f.target, length);
            if (f.cls == XolClass::RipRelative) {
                const Window w = reach_window(f.target, f.size);
                result.window = result.has_window ? intersect(result.window, w) : w;
                result.has_window = true;
            }
        }
        ++result.counts[static_cast<size_t>(f.cls)];
        const Severity s = severity(f);
        ++result.severities[static_cast<size_t>(s)];
        const bool at_entry = f.address == function.start;
        if (s == Severity::Error) {
            if (f.cls == XolClass::RipRelative) ++result.out_of_reach;
            any_error = true;
            entry_error = entry_error || at_entry;
        } else {
            any_warning = true;
            entry_warning = entry_warning || at_entry;
            result.fixups[static_cast<size_t>(class_info(f.cls).fixup)] = true;
        }
    }
    result.verdict = any_error ? Verdict::Unsafe : any_warning ? Verdict::NeedsFixUp : Verdict::ProbeSafe;
    result.entry = entry_error ? Verdict::Unsafe : entry_warning ? Verdict::NeedsFixUp : Verdict::ProbeSafe;
}

}  // namespace heisen::xol
