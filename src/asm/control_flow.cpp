// control_flow.cpp — reachability over the successor lists the interpreter resolved.
#include "asm/control_flow.h"

namespace heisen::asmcheck {

ControlFlow::ControlFlow(const Interpretation &interpretation)
    : successors_(interpretation.successors), goto_exit_(interpretation.goto_exit) {}

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
