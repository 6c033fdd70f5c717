// source_text.cpp — line splicing with a map back to physical positions.
#include "asm/source_text.h"

#include <algorithm>

namespace heisen::asmcheck {

SourceText::SourceText(std::string_view physical, std::string file_name) : file_name_(std::move(file_name)) {
    logical_.reserve(physical.size());
    line_starts_.push_back(0);
    size_t skipped = 0;
    size_t first = 0;
    if (physical.substr(0, 3) == "\xEF\xBB\xBF") {  // a UTF-8 byte order mark is no column
        first = skipped = 3;
        splice_at_.push_back(0);
        skipped_.push_back(skipped);
        line_starts_[0] = 3;
    }
    for (size_t i = first; i < physical.size(); ++i) {
        const char c = physical[i];
        if (c == '\\') {
            // A backslash, optional trailing blanks (GCC accepts them with a warning), a newline.
            size_t j = i + 1;
            while (j < physical.size() && (physical[j] == ' ' || physical[j] == '\t')) ++j;
            if (j < physical.size() && physical[j] == '\r') ++j;
            if (j < physical.size() && physical[j] == '\n') {
                skipped += j + 1 - i;
                splice_at_.push_back(logical_.size());
                skipped_.push_back(skipped);
                line_starts_.push_back(j + 1);
                i = j;
                continue;
            }
        }
        logical_.push_back(c);
        if (c == '\n') line_starts_.push_back(i + 1);
    }
}

size_t SourceText::physical_offset(size_t offset) const {
    // The last splice strictly before or at this logical offset decides the shift.
    const auto it = std::upper_bound(splice_at_.begin(), splice_at_.end(), offset);
    if (it == splice_at_.begin()) return offset;
    return offset + skipped_[static_cast<size_t>(it - splice_at_.begin()) - 1];
}

SourceLocation SourceText::location(size_t offset) const {
    const size_t physical = physical_offset(offset);
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), physical);
    const size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
    SourceLocation where;
    where.file = file_name_;
    where.line = static_cast<unsigned>(line);
    where.column = static_cast<unsigned>(physical - line_starts_[line - 1] + 1);
    return where;
}

}  // namespace heisen::asmcheck
