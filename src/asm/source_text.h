// source_text.h — a C/C++ file as the lexer reads it: line splices removed, positions kept.
//
// Translation phase 2 deletes every backslash-newline, so a macro body written over several lines
// is one logical line. The lexer works on that logical text; every logical offset still maps back
// to the physical line and column a user sees in an editor (1-based, columns in bytes).
//
// The logical text is the caller's own buffer when the file has no splices (the common case),
// so a large file is not held twice; the physical text must outlive the SourceText.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "findings/source_location.h"

namespace heisen::asmcheck {

class SourceText {
public:
    // Offsets are kept in 32 bits: files are at most 4 GiB - 1 (the scanner reads far less).
    static constexpr size_t kMaxBytes = UINT32_MAX;

    SourceText(std::string_view physical, std::string file_name);
    SourceText(const SourceText &) = delete;
    SourceText &operator=(const SourceText &) = delete;

    std::string_view text() const { return logical_; }
    const std::string &file_name() const { return file_name_; }
    // The physical position of logical offset `offset` (offset == size() maps to the end).
    SourceLocation location(size_t offset) const;
    // The physical byte offset of logical offset `offset`.
    size_t physical_offset(size_t offset) const;

private:
    std::string file_name_;
    std::string spliced_;       // the logical text, when the file has splices
    std::string_view logical_;  // spliced_, or the physical text itself
    // Logical offsets at which a splice was removed, and how many physical bytes precede each
    // resulting run: physical = logical + skipped_[k] for the last splice at or before offset.
    std::vector<uint32_t> splice_at_;
    std::vector<uint32_t> skipped_;
    std::vector<uint32_t> line_starts_;  // physical offsets where each physical line starts
};

}  // namespace heisen::asmcheck
