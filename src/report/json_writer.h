// json_writer.h — streaming JSON with two-space indentation, for the JSON and SARIF reports.
//
// Strings are escaped per RFC 8259 and always come out as valid UTF-8: bytes that are not
// (a template can hold any byte through "\x..") become U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace heisen {

class JsonWriter {
public:
    explicit JsonWriter(std::string &out) : out_(out) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    // The next value is this member's.
    void key(std::string_view name);

    void value(std::string_view text);
    void value(const char *text) { value(std::string_view(text)); }
    void value(const std::string &text) { value(std::string_view(text)); }
    void value(uint64_t number);
    void value(unsigned number) { value(static_cast<uint64_t>(number)); }
    void value(int64_t number);
    void value(bool flag);

    // Shorthands for "name": value.
    template <typename T>
    void member(std::string_view name, const T &v) {
        key(name);
        value(v);
    }

private:
    void open(char bracket);
    void close(char bracket);
    void before_value();
    void newline();

    std::string &out_;
    std::vector<bool> has_members_;  // per open container
    bool after_key_ = false;
};

std::string json_quote(std::string_view text);

}  // namespace heisen
