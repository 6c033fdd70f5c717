// port_text_file.cpp — line-preserving parse, marked insertions, function lookup.
#include "port_text_file.h"

namespace heisen::port {

TextFile TextFile::parse(const std::string &bytes) {
    TextFile f;
    size_t start = 0;
    while (start < bytes.size()) {
        size_t nl = bytes.find('\n', start);
        Line line;
        if (nl == std::string::npos) {
            line.text = bytes.substr(start);
            start = bytes.size();
        } else {
            size_t end = nl;
            if (end > start && bytes[end - 1] == '\r') {
                --end;
                line.eol = "\r\n";
            } else {
                line.eol = "\n";
            }
            line.text = bytes.substr(start, end - start);
            start = nl + 1;
        }
        f.lines_.push_back(std::move(line));
    }
    return f;
}

std::string TextFile::bytes() const {
    std::string out;
    for (const Line &l : lines_) out += l.text + l.eol;
    return out;
}

void TextFile::insert_before(size_t index, const std::string &text) {
    // Match the file's line ending; an inserted line always has one.
    std::string eol = "\n";
    if (index < lines_.size() && !lines_[index].eol.empty()) eol = lines_[index].eol;
    lines_.insert(lines_.begin() + static_cast<long>(index), Line{text, eol});
}

static bool ends_with(const std::string &s, const std::string &suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

size_t TextFile::remove_marked(const std::string &marker) {
    size_t before = lines_.size();
    std::erase_if(lines_, [&](const Line &l) { return ends_with(l.text, marker); });
    return before - lines_.size();
}

bool TextFile::has_marked(const std::string &marker) const {
    for (const Line &l : lines_)
        if (ends_with(l.text, marker)) return true;
    return false;
}

// Brace depth change of one line, ignoring braces in comments, strings and char literals.
static int brace_delta(const std::string &s, bool &in_block_comment) {
    int delta = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if (in_block_comment) {
            if (s.compare(i, 2, "*/") == 0) {
                in_block_comment = false;
                ++i;
            }
            continue;
        }
        if (s.compare(i, 2, "//") == 0) break;
        if (s.compare(i, 2, "/*") == 0) {
            in_block_comment = true;
            ++i;
            continue;
        }
        if (s[i] == '"' || s[i] == '\'') {
            char q = s[i];
            for (++i; i < s.size() && s[i] != q; ++i)
                if (s[i] == '\\') ++i;
            continue;
        }
        if (s[i] == '{') ++delta;
        if (s[i] == '}') --delta;
    }
    return delta;
}

std::optional<TextFile::Range> TextFile::find_function(const std::string &name) const {
    // xv6 puts the return type on its own line ("void\nacquire(...)"); accept both styles.
    const std::regex signature("^(?:[A-Za-z_][A-Za-z0-9_ \\t\\*]*[ \\t\\*])?" + name + "\\s*\\(");
    for (size_t i = 0; i < lines_.size(); ++i) {
        if (!std::regex_search(lines_[i].text, signature)) continue;
        // Find the body's '{' before any ';' (a ';' first means a prototype or a call).
        std::optional<size_t> open;
        for (size_t j = i; j < lines_.size() && j < i + 4; ++j) {
            const std::string &t = lines_[j].text;
            size_t brace = t.find('{'), semi = t.find(';');
            if (semi != std::string::npos && (brace == std::string::npos || semi < brace)) break;
            if (brace != std::string::npos) {
                open = j;
                break;
            }
        }
        if (!open) continue;
        bool in_comment = false;
        int depth = 0;
        for (size_t j = *open; j < lines_.size(); ++j) {
            depth += brace_delta(lines_[j].text, in_comment);
            if (depth == 0) return Range{i, *open, j};
        }
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<size_t> TextFile::find_line(const std::regex &re, size_t from, size_t to) const {
    for (size_t i = from; i < to && i < lines_.size(); ++i)
        if (std::regex_search(lines_[i].text, re)) return i;
    return std::nullopt;
}

std::string indentation_of(const std::string &line) {
    return line.substr(0, line.find_first_not_of(" \t"));
}

}  // namespace heisen::port
