// json_writer.cpp — layout; the escaping is core/json_string.h's.
#include "json/json_writer.h"

#include "core/json_string.h"

namespace heisen {

std::string json_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    core::escape_json_string(text.data(), text.size(), [&](const char *bytes, size_t n) { out.append(bytes, n); });
    return out;
}

std::string json_quote(std::string_view text) { return '"' + json_escape(text) + '"'; }

void JsonWriter::newline() {
    out_ += '\n';
    out_.append(2 * has_members_.size(), ' ');
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (has_members_.empty()) return;
    if (has_members_.back()) out_ += ',';
    has_members_.back() = true;
    newline();
}

void JsonWriter::open(char bracket) {
    before_value();
    out_ += bracket;
    has_members_.push_back(false);
}

void JsonWriter::close(char bracket) {
    const bool had_members = has_members_.back();
    has_members_.pop_back();
    if (had_members) newline();
    out_ += bracket;
    if (has_members_.empty()) out_ += '\n';
}

void JsonWriter::key(std::string_view name) {
    before_value();
    out_ += json_quote(name);
    out_ += ": ";
    after_key_ = true;
}

void JsonWriter::value(std::string_view text) {
    before_value();
    out_ += json_quote(text);
}

void JsonWriter::value(uint64_t number) {
    before_value();
    out_ += std::to_string(number);
}

void JsonWriter::value(int64_t number) {
    before_value();
    out_ += std::to_string(number);
}

void JsonWriter::value(bool flag) {
    before_value();
    out_ += flag ? "true" : "false";
}

}  // namespace heisen
