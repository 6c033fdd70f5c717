// source_text.h — a C/C++ file as the lexer reads it: line splices removed, positions kept.
//
// Translation phase 2 deletes every backslash-newline, so a macro body written over several lines
// is one logical line. The lexer works on that logical text; every logical offset still maps back
// to the physical line and column a user sees in an editor (1-based, columns in bytes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "report/source_location.h"

namespace heisen::asmcheck {

class SourceText {
public:
    SourceText(std::string_view physical, std::string file_name);

    const std::string &text() const { return logical_; }
    const std::string &file_name() const { return file_name_; }
    // The physical position of logical offset `offset` (offset == size() maps to the end).
    SourceLocation location(size_t offset) const;
    // The physical byte offset of logical offset `offset`.
    size_t physical_offset(size_t offset) const;

private:
    std::string file_name_;
    std::string logical_;
    // Logical offsets at which a splice was removed, and how many physical bytes precede each
    // resulting run: physical = logical + skipped_[k] for the last splice at or before offset.
    std::vector<size_t> splice_at_;
    std::vector<size_t> skipped_;
    std::vector<size_t> line_starts_;  // physical offsets where each physical line starts
};

}  // namespace heisen::asmcheck
