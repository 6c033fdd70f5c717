// slot.cpp — reach arithmetic in 128 bits, so no address wraps.
#include "xol/slot.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace heisen::xol {

namespace {

using Wide = __int128;
constexpr Wide kMin32 = -(Wide(1) << 31);
constexpr Wide kMax32 = (Wide(1) << 31) - 1;
constexpr Wide kTop = (Wide(1) << 64) - 1;

uint64_t clamp(Wide v) { return v < 0 ? 0 : v > kTop ? UINT64_MAX : static_cast<uint64_t>(v); }

}  // namespace

bool parse_address(const std::string &text, uint64_t &value) {
    if (text.empty() || text[0] == '-' || text[0] == '+' || text[0] == ' ') return false;
    char *end = nullptr;
    errno = 0;
    const unsigned long long parsed = std::strtoull(text.c_str(), &end, 0);
    if (errno || !end || *end) return false;
    value = parsed;
    return true;
}

bool parse_slot(const std::string &text, SlotSpec &slot, std::string &error) {
    uint64_t value = 0;
    if (!parse_address(text, value)) {
        error = "--slot needs an address (0x... or decimal), not '" + text + "'";
        return false;
    }
    slot = {SlotSpec::Kind::Address, value, value};
    return true;
}

bool parse_slot_range(const std::string &text, SlotSpec &slot, std::string &error) {
    const size_t dash = text.find('-');
    uint64_t lo = 0, hi = 0;
    if (dash == std::string::npos || !parse_address(text.substr(0, dash), lo) || !parse_address(text.substr(dash + 1), hi)) {
        error = "--slot-range needs LO-HI (two addresses), not '" + text + "'";
        return false;
    }
    if (hi <= lo) {
        error = "--slot-range " + text + " is empty (HI must be above LO)";
        return false;
    }
    slot = {SlotSpec::Kind::Range, lo, hi - 1};
    return true;
}

Window reach_window(uint64_t target, uint64_t length) {
    const Wide lowest = Wide(target) - Wide(length) - kMax32;
    const Wide highest = Wide(target) - Wide(length) - kMin32;
    Window w;
    if (highest < 0 || lowest > kTop) {
        w.empty = true;
        return w;
    }
    w.first = clamp(lowest);
    w.last = clamp(highest);
    return w;
}

Window intersect(const Window &a, const Window &b) {
    if (a.empty || b.empty) return {0, 0, true};
    Window w{a.first > b.first ? a.first : b.first, a.last < b.last ? a.last : b.last, false};
    if (w.first > w.last) w = {0, 0, true};
    return w;
}

SlotReach evaluate_slot(const SlotSpec &slot, uint64_t target, uint64_t length) {
    SlotReach r;
    if (slot.kind == SlotSpec::Kind::None) return r;
    if (slot.kind == SlotSpec::Kind::Address) {
        const Wide d = Wide(target) - (Wide(slot.first) + Wide(length));
        r.displacement = d > INT64_MAX ? INT64_MAX : d < INT64_MIN ? INT64_MIN : static_cast<int64_t>(d);
        r.reach = d >= kMin32 && d <= kMax32 ? Reach::All : Reach::None;
        return r;
    }
    const Window part = intersect(reach_window(target, length), Window{slot.first, slot.last, false});
    if (part.empty) r.reach = Reach::None;
    else if (part.first == slot.first && part.last == slot.last) r.reach = Reach::All;
    else r.reach = Reach::Some;
    r.reachable = part;
    return r;
}

std::string human_distance(int64_t bytes) {
    const bool negative = bytes < 0;
    const double magnitude = negative ? -static_cast<double>(bytes) : static_cast<double>(bytes);
    char buffer[48];
    if (magnitude >= double(1ull << 30)) std::snprintf(buffer, sizeof buffer, "%.2f GiB", magnitude / double(1ull << 30));
    else if (magnitude >= double(1ull << 20)) std::snprintf(buffer, sizeof buffer, "%.2f MiB", magnitude / double(1ull << 20));
    else if (magnitude >= 1024) std::snprintf(buffer, sizeof buffer, "%.2f KiB", magnitude / 1024);
    else std::snprintf(buffer, sizeof buffer, "%.0f B", magnitude);
    return (negative ? "-" : "") + std::string(buffer);
}

}  // namespace heisen::xol
