// slot.h — where a probe would execute a copied instruction, and what a 32-bit displacement
// reaches from there.
//
// x86-64 RIP-relative operands, jumps and calls encode target - (slot + length) in 32 bits, so
// a copy reaches its target only from slots within about ±2 GiB of it.
#pragma once

#include <cstdint>
#include <string>

namespace heisen::xol {

struct SlotSpec {
    enum class Kind { None, Address, Range } kind = Kind::None;
    uint64_t first = 0;  // Address: the slot; Range: the lowest slot address
    uint64_t last = 0;   // Address: == first; Range: the highest (inclusive)
};

// "0xffffffffc0000000" (or decimal) for --slot; "LO-HI" for --slot-range, a slot anywhere in
// [LO, HI). False with `error` set on malformed text or an empty range.
bool parse_slot(const std::string &text, SlotSpec &slot, std::string &error);
bool parse_slot_range(const std::string &text, SlotSpec &slot, std::string &error);
bool parse_address(const std::string &text, uint64_t &value);

// The slot addresses [first, last] from which a copy of `length` bytes reaches `target` with a
// signed 32-bit displacement (clamped to the address space).
struct Window {
    uint64_t first = 0;
    uint64_t last = 0;
    bool empty = false;
};
Window reach_window(uint64_t target, uint64_t length);
Window intersect(const Window &a, const Window &b);

enum class Reach : uint8_t {
    NotEvaluated,  // no slot given, or the target is not known
    All,           // from the slot (every slot of the range)
    Some,          // from part of the range only
    None,          // from no slot given
};

struct SlotReach {
    Reach reach = Reach::NotEvaluated;
    int64_t displacement = 0;  // Address slots: target - (slot + length), saturated at the int64 range
    Window reachable;          // Range slots with Reach::Some: the part of the range that reaches
};

SlotReach evaluate_slot(const SlotSpec &slot, uint64_t target, uint64_t length);

// "1.00 GiB", "-3.00 GiB", "640 KiB", "12 B".
std::string human_distance(int64_t bytes);

}  // namespace heisen::xol
