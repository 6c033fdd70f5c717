// text_format.h — bounded, allocation-free text building for the report path.
//
// snprintf is not async-signal-safe and may allocate; reports are built in signal handlers.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace heisen::posix {

// Appends into a caller-provided buffer, always NUL-terminated, silently truncating.
class TextBuffer {
public:
    TextBuffer(char *data, size_t capacity) : data_(data), capacity_(capacity) {
        if (capacity_) data_[0] = '\0';
    }

    TextBuffer &append(const char *text) {
        while (text && *text) put(*text++);
        return *this;
    }
    TextBuffer &append(const char *text, size_t len) {
        for (size_t i = 0; i < len; ++i) put(text[i]);
        return *this;
    }
    TextBuffer &append_char(char c) {
        put(c);
        return *this;
    }
    TextBuffer &append_hex(uint64_t value) {
        append("0x");
        return append_hex_digits(value);
    }
    TextBuffer &append_hex_digits(uint64_t value) {
        char digits[16];
        size_t n = 0;
        do {
            digits[n++] = "0123456789abcdef"[value & 15];
            value >>= 4;
        } while (value);
        while (n) put(digits[--n]);
        return *this;
    }
    TextBuffer &append_decimal(uint64_t value) {
        char digits[20];
        size_t n = 0;
        do {
            digits[n++] = static_cast<char>('0' + value % 10);
            value /= 10;
        } while (value);
        while (n) put(digits[--n]);
        return *this;
    }
    TextBuffer &append_signed(int64_t value) {
        if (value < 0) {
            put('-');
            return append_decimal(static_cast<uint64_t>(-(value + 1)) + 1);
        }
        return append_decimal(static_cast<uint64_t>(value));
    }

    // Keeps the first `len` characters (no-op if shorter).
    void truncate(size_t len) {
        if (len < size_) {
            size_ = len;
            data_[size_] = '\0';
            truncated_ = false;
        }
    }

    const char *data() const { return data_; }
    size_t size() const { return size_; }
    bool truncated() const { return truncated_; }

private:
    void put(char c) {
        if (size_ + 1 < capacity_) {
            data_[size_++] = c;
            data_[size_] = '\0';
        } else {
            truncated_ = true;
        }
    }

    char *data_;
    size_t capacity_;
    size_t size_ = 0;
    bool truncated_ = false;
};

}  // namespace heisen::posix
