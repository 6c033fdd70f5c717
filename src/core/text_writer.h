// text_writer.h — formatted output without libc: strings, decimal and hex numbers, JSON
// strings, into a small buffer flushed to a sink. Re-entrant: all state is on the caller's
// stack.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/json_string.h"
#include "core/report_render.h"

namespace heisen::core {

inline size_t string_length(const char *s) {
    size_t n = 0;
    while (s && s[n]) ++n;
    return n;
}

class TextWriter {
  public:
    TextWriter(heisen_sink_fn sink, void *context) : sink_(sink), context_(context) {}
    ~TextWriter() { flush(); }
    TextWriter(const TextWriter &) = delete;
    TextWriter &operator=(const TextWriter &) = delete;

    TextWriter &put(char c) {
        if (used_ == sizeof(buffer_)) flush();
        buffer_[used_++] = c;
        return *this;
    }
    TextWriter &put(const char *s) {
        if (!s) s = "(null)";
        while (*s) put(*s++);
        return *this;
    }
    TextWriter &put_bytes(const char *s, size_t n) {
        for (size_t i = 0; i < n; ++i) put(s[i]);
        return *this;
    }
    TextWriter &put_unsigned(uint64_t v) {
        char digits[20];
        int n = 0;
        do {
            digits[n++] = char('0' + v % 10);
            v /= 10;
        } while (v);
        while (n) put(digits[--n]);
        return *this;
    }
    TextWriter &put_hex(uint64_t v) {
        put("0x");
        char digits[16];
        int n = 0;
        do {
            digits[n++] = "0123456789abcdef"[v & 15];
            v >>= 4;
        } while (v);
        while (n) put(digits[--n]);
        return *this;
    }
    TextWriter &put_spaces(int n) {
        while (n-- > 0) put(' ');
        return *this;
    }
    // A JSON string literal, quotes included (core/json_string.h's escaping).
    TextWriter &put_json_string(const char *s) {
        put('"');
        escape_json_string(s, string_length(s), [this](const char *bytes, size_t n) { put_bytes(bytes, n); });
        return put('"');
    }
    void flush() {
        if (used_) sink_(context_, buffer_, used_);
        used_ = 0;
    }

  private:
    heisen_sink_fn sink_;
    void *context_;
    size_t used_ = 0;
    char buffer_[256];
};

inline bool strings_equal(const char *a, const char *b) {
    if (a == b) return true;
    if (!a || !b) return false;
    while (*a && *a == *b) ++a, ++b;
    return *a == *b;
}

}  // namespace heisen::core
