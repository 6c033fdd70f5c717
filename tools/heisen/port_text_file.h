// port_text_file.h — a source file as lines, edited only by inserting whole marked lines.
//
// Every line `heisen port` adds ends with a marker, so removing the marked lines gives back
// the original bytes exactly: that is how --undo and re-running work without backups.
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace heisen::port {

struct Line {
    std::string text; // without its terminator
    std::string eol;  // "\n", "\r\n" or "" (a last line without newline)
};

class TextFile {
public:
    static TextFile parse(const std::string &bytes);
    std::string bytes() const;

    const std::vector<Line> &lines() const { return lines_; }
    // Inserts `text` (one line, marker already appended) before line `index`.
    void insert_before(size_t index, const std::string &text);
    // Removes every line ending with `marker`; returns how many.
    size_t remove_marked(const std::string &marker);
    bool has_marked(const std::string &marker) const;

    // Lines [open, close] of the definition of function `name`: `open` holds its '{',
    // `close` its matching '}'. A prototype (ends in ';' before any '{') is not a definition.
    struct Range {
        size_t signature, open, close;
    };
    std::optional<Range> find_function(const std::string &name) const;
    // First line in [from, to) matching `re`.
    std::optional<size_t> find_line(const std::regex &re, size_t from, size_t to) const;

private:
    std::vector<Line> lines_;
};

// The whitespace a line starts with.
std::string indentation_of(const std::string &line);

}  // namespace heisen::port
