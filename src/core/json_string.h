// json_string.h — heisen's one JSON string escaper, freestanding (no libc, no heap).
//
// The engine's JSON renderer writes through it, and so does every hosted writer of JSON
// (src/json's json_quote() wraps it), so a string looks the same in every JSON heisen prints.
// Output is RFC 8259 and always valid UTF-8, whatever bytes come in: a lock name or a file path
// may hold any byte, and a byte that does not start a well-formed UTF-8 sequence becomes U+FFFD.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace heisen::core {

// Length of the well-formed UTF-8 sequence starting at s[i] (1 to 4), or 0 when none does
// (a stray continuation byte, an overlong form, a surrogate, a truncated sequence).
inline size_t utf8_sequence_length(const unsigned char *s, size_t n, size_t i) {
    const auto b = [&](size_t k) -> unsigned { return k < n ? s[k] : 0u; };
    const auto continues = [&](size_t k) { return (b(k) & 0xC0u) == 0x80u; };
    const unsigned c = b(i);
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return continues(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if ((c == 0xE0 && b(i + 1) < 0xA0) || (c == 0xED && b(i + 1) > 0x9F)) return 0;
        return continues(i + 1) && continues(i + 2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if ((c == 0xF0 && b(i + 1) < 0x90) || (c == 0xF4 && b(i + 1) > 0x8F)) return 0;
        return continues(i + 1) && continues(i + 2) && continues(i + 3) ? 4 : 0;
    }
    return 0;
}

// Writes the inside of a JSON string for the `n` bytes at `text` (no quotes) through
// `put(const char *bytes, size_t count)`.
template <typename Put>
void escape_json_string(const char *text, size_t n, Put &&put) {
    const unsigned char *s = reinterpret_cast<const unsigned char *>(text);
    for (size_t i = 0; i < n;) {
        const unsigned char c = s[i];
        if (c >= 0x80) {
            const size_t length = utf8_sequence_length(s, n, i);
            if (length == 0) {
                put("\xEF\xBF\xBD", 3);  // U+FFFD REPLACEMENT CHARACTER
                ++i;
            } else {
                put(text + i, length);
                i += length;
            }
            continue;
        }
        ++i;
        switch (c) {
        case '"': put("\\\"", 2); continue;
        case '\\': put("\\\\", 2); continue;
        case '\n': put("\\n", 2); continue;
        case '\t': put("\\t", 2); continue;
        case '\r': put("\\r", 2); continue;
        case '\b': put("\\b", 2); continue;
        case '\f': put("\\f", 2); continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            const char escaped[6] = {'\\', 'u', '0', '0', "0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15]};
            put(escaped, 6);
        } else {
            const char plain = static_cast<char>(c);
            put(&plain, 1);
        }
    }
}

}  // namespace heisen::core
