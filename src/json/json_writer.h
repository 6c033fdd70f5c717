// json_writer.h — JSON out of hosted code: a streaming writer with two-space indentation (the
// static checkers' JSON and SARIF), and quoting for code that assembles JSON itself (`heisen
// run`'s output).
//
// Strings go through core/json_string.h, the escaper the engine's own JSON renderer uses: RFC
// 8259, always valid UTF-8 (bytes that are not, e.g. from a template's "\x.." or a file name,
// become U+FFFD).
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

// `text` as a JSON string literal, quotes included.
std::string json_quote(std::string_view text);
// The inside of that literal: `text` escaped, without the quotes.
std::string json_escape(std::string_view text);

}  // namespace heisen
