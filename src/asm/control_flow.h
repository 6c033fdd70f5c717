// control_flow.h — the template's own control flow, as the interpreter resolved it:
// fall-through, local labels (1:, 1b, 1f), named labels, asm goto labels, returns and indirect
// jumps to labels whose address the template pushed or loaded, calls that come back, jumps and
// returns that leave the template — and, from those, the labels entered from outside.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "asm/interpreter.h"

namespace heisen::asmcheck {

class ControlFlow {
public:
    explicit ControlFlow(const Interpretation &interpretation);

    size_t size() const { return successors_.size(); }
    // Index size() is the normal exit (falling off the end of the template).
    size_t exit() const { return successors_.size(); }
    const std::vector<size_t> &successors(size_t i) const { return successors_[i]; }
    // True if instruction i leaves to an asm goto label (execution resumes in C code).
    bool leaves_to_goto_label(size_t i) const { return goto_exit_[i]; }

    // Instructions (and possibly exit()) reachable from i after executing it.
    std::vector<bool> reachable_after(size_t i) const;
    bool exit_reachable() const;
    // Execution can resume after the statement from instruction i (normal exit or goto label).
    bool resumes_after(size_t i) const;

    // Forward "must" analysis over bit masks: the value at entry of each instruction (index
    // size() = at the normal exit) is the intersection over predecessors of (in | gen).
    // Unreached points stay all-ones.
    template <typename Bits>
    std::vector<Bits> must_forward(const std::function<Bits(size_t)> &gen, Bits all, Bits none) const;

private:
    std::vector<std::vector<size_t>> successors_;
    std::vector<bool> goto_exit_;
};

template <typename Bits>
std::vector<Bits> ControlFlow::must_forward(const std::function<Bits(size_t)> &gen, Bits all, Bits none) const {
    std::vector<Bits> in(size() + 1, all);
    if (size() == 0) {
        in[0] = none;
        return in;
    }
    in[0] = none;
    bool changed = true;
    std::vector<bool> reached(size() + 1, false);
    reached[0] = true;
    while (changed) {
        changed = false;
        for (size_t i = 0; i < size(); ++i) {
            if (!reached[i]) continue;
            const Bits out = in[i] | gen(i);
            for (size_t s : successors_[i]) {
                Bits merged = reached[s] ? (in[s] & out) : out;
                if (s == 0) merged = merged & none;  // the entry never has anything written
                if (!reached[s] || !(merged == in[s])) {
                    in[s] = merged;
                    reached[s] = true;
                    changed = true;
                }
            }
        }
    }
    return in;
}

}  // namespace heisen::asmcheck
