// control_flow.cpp — successor lists for the template's instructions.
#include "asm/control_flow.h"

#include "asm/operand_binder.h"

namespace heisen::asmcheck {

ControlFlow::ControlFlow(const std::vector<DecodedInstruction> &instructions)
    : successors_(instructions.size()), goto_exit_(instructions.size(), false) {
    const size_t n = instructions.size();
    // Labels whose address the template takes (leaq 1f(%rip), %rax) are entry points: a
    // return or indirect jump may land there, as a context switch resumes another thread at
    // the label it saved.
    std::vector<size_t> address_taken;
    for (const DecodedInstruction &in : instructions)
        if (!in.is_branch && !in.is_call && in.target >= 0) address_taken.push_back(static_cast<size_t>(in.target));
    for (size_t i = 0; i < n; ++i) {
        const DecodedInstruction &in = instructions[i];
        if (in.is_return || (in.is_branch && in.is_indirect))
            successors_[i].insert(successors_[i].end(), address_taken.begin(), address_taken.end());
        if (in.is_branch && in.target >= 0) successors_[i].push_back(static_cast<size_t>(in.target));
        if (in.is_branch && in.external_target.rfind(kGotoLabelPrefix, 0) == 0) goto_exit_[i] = true;
        if (!in.ends_flow) successors_[i].push_back(i + 1);  // i + 1 == n is the normal exit
    }
}

std::vector<bool> ControlFlow::reachable_after(size_t i) const {
    std::vector<bool> seen(size() + 1, false);
    std::vector<size_t> work(successors_[i].begin(), successors_[i].end());
    while (!work.empty()) {
        const size_t s = work.back();
        work.pop_back();
        if (seen[s]) continue;
        seen[s] = true;
        if (s < size()) work.insert(work.end(), successors_[s].begin(), successors_[s].end());
    }
    return seen;
}

bool ControlFlow::exit_reachable() const {
    if (size() == 0) return true;
    std::vector<bool> seen(size() + 1, false);
    std::vector<size_t> work{0};
    while (!work.empty()) {
        const size_t s = work.back();
        work.pop_back();
        if (seen[s]) continue;
        seen[s] = true;
        if (s < size()) work.insert(work.end(), successors_[s].begin(), successors_[s].end());
    }
    return seen[size()];
}

bool ControlFlow::resumes_after(size_t i) const {
    if (goto_exit_[i]) return true;
    const std::vector<bool> seen = reachable_after(i);
    if (seen[size()]) return true;
    for (size_t s = 0; s < size(); ++s)
        if (seen[s] && goto_exit_[s]) return true;
    return false;
}

}  // namespace heisen::asmcheck
