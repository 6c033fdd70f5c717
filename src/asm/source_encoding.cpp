// source_encoding.cpp — binary and UTF-8 checks before lexing.
#include "asm/source_encoding.h"

#include <cstdio>

namespace heisen::asmcheck {

namespace {

// Length of the UTF-8 sequence starting at `i`, or 0 if it is not well formed (overlong forms,
// surrogates and code points above U+10FFFF are rejected, as RFC 3629 asks).
size_t utf8_sequence_length(std::string_view s, size_t i) {
    const auto byte = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
    const unsigned b0 = byte(i);
    const auto continuation = [&](size_t k) { return (byte(k) & 0xC0) == 0x80; };
    if (b0 < 0x80) return 1;
    if (b0 >= 0xC2 && b0 <= 0xDF) return continuation(i + 1) ? 2 : 0;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const unsigned b1 = byte(i + 1);
        if (b0 == 0xE0 && b1 < 0xA0) return 0;
        if (b0 == 0xED && b1 > 0x9F) return 0;
        return continuation(i + 1) && continuation(i + 2) ? 3 : 0;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const unsigned b1 = byte(i + 1);
        if (b0 == 0xF0 && b1 < 0x90) return 0;
        if (b0 == 0xF4 && b1 > 0x8F) return 0;
        return continuation(i + 1) && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
    }
    return 0;
}

}  // namespace

std::optional<EncodingProblem> check_source_encoding(std::string_view contents) {
    const size_t nul = contents.find('\0');
    if (nul != std::string_view::npos) return EncodingProblem{nul, "binary file (NUL byte), not C or C++ source"};
    size_t i = 0;
    // Skip a UTF-8 byte order mark; the compiler accepts it too.
    if (contents.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < contents.size()) {
        if (static_cast<unsigned char>(contents[i]) < 0x80) {
            ++i;
            continue;
        }
        const size_t length = utf8_sequence_length(contents, i);
        if (length == 0) {
            char reason[96];
            std::snprintf(reason, sizeof reason, "not valid UTF-8 (byte 0x%02x); convert the file to UTF-8",
                          static_cast<unsigned>(static_cast<unsigned char>(contents[i])));
            return EncodingProblem{i, reason};
        }
        i += length;
    }
    return std::nullopt;
}

}  // namespace heisen::asmcheck
