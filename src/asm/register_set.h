// register_set.h — the registers one target model tracks, as small ids and bit sets.
//
// Every physical register the rules reason about is a "tracked register": the largest register
// of its family (rax for al/ax/eax/rax on x86-64, eax on i386, a0 on riscv64). Sub-register
// accesses are folded into the family, because a compiler allocates whole registers.
#pragma once

#include <bitset>
#include <cstdint>

namespace heisen::asmcheck {

using RegisterId = int16_t;
inline constexpr RegisterId kNoRegister = -1;
inline constexpr int kMaxTrackedRegisters = 128;

class RegisterSet {
public:
    void add(RegisterId id) {
        if (id >= 0) bits_.set(static_cast<size_t>(id));
    }
    void remove(RegisterId id) {
        if (id >= 0) bits_.reset(static_cast<size_t>(id));
    }
    bool contains(RegisterId id) const { return id >= 0 && bits_.test(static_cast<size_t>(id)); }
    bool empty() const { return bits_.none(); }
    RegisterSet &operator|=(const RegisterSet &other) {
        bits_ |= other.bits_;
        return *this;
    }
    RegisterSet &operator&=(const RegisterSet &other) {
        bits_ &= other.bits_;
        return *this;
    }
    RegisterSet minus(const RegisterSet &other) const {
        RegisterSet result;
        result.bits_ = bits_ & ~other.bits_;
        return result;
    }
    bool operator==(const RegisterSet &other) const { return bits_ == other.bits_; }
    friend RegisterSet operator|(RegisterSet a, const RegisterSet &b) { return a |= b; }
    friend RegisterSet operator&(RegisterSet a, const RegisterSet &b) { return a &= b; }

    template <typename F>
    void for_each(F &&visit) const {
        for (size_t i = 0; i < bits_.size(); ++i)
            if (bits_.test(i)) visit(static_cast<RegisterId>(i));
    }

    static RegisterSet all() {
        RegisterSet result;
        result.bits_.set();
        return result;
    }

private:
    std::bitset<kMaxTrackedRegisters> bits_;
};

}  // namespace heisen::asmcheck
