// target_rules.cpp — what both machines do with bytes LLVM rejects.
#include "xol/target_rules.h"

namespace heisen::xol {

InstructionFacts TargetRules::classify_undecodable(const uint8_t *, uint64_t, uint64_t address, uint64_t &size,
                                                   std::vector<InstructionFinding> &out) {
    InstructionFinding f;
    f.address = address;
    f.size = static_cast<uint8_t>(size);
    f.cls = XolClass::Undecodable;
    out.push_back(f);
    return {};
}

}  // namespace heisen::xol
