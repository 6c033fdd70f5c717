// source_text.cpp — line splicing with a map back to physical positions.
#include "asm/source_text.h"

#include <algorithm>

namespace heisen::asmcheck {

SourceText::SourceText(std::string_view physical, std::string file_name) : file_name_(std::move(file_name)) {
    if (physical.size() > kMaxBytes) physical = physical.substr(0, kMaxBytes);
    line_starts_.push_back(0);
    size_t first = 0;
    if (physical.substr(0, 3) == "\xEF\xBB\xBF") {  // a UTF-8 byte order mark is no column
        first = 3;
        splice_at_.push_back(0);
        skipped_.push_back(3);
        line_starts_[0] = 3;
    }
    // Physical ranges that make up the logical text; one range when nothing is spliced.
    std::vector<std::pair<size_t, size_t>> runs;
    size_t run_start = first;
    size_t logical_size = 0;
    for (size_t i = first; i < physical.size(); ++i) {
        const char c = physical[i];
        if (c == '\n') {
            line_starts_.push_back(static_cast<uint32_t>(i + 1));
        } else if (c == '\\') {
            // A backslash, optional trailing blanks (GCC accepts them with a warning), a newline.
            size_t j = i + 1;
            while (j < physical.size() && (physical[j] == ' ' || physical[j] == '\t')) ++j;
            if (j < physical.size() && physical[j] == '\r') ++j;
            if (j < physical.size() && physical[j] == '\n') {
                runs.emplace_back(run_start, i);
                logical_size += i - run_start;
                splice_at_.push_back(static_cast<uint32_t>(logical_size));
                skipped_.push_back(static_cast<uint32_t>(j + 1 - logical_size));
                line_starts_.push_back(static_cast<uint32_t>(j + 1));
                run_start = j + 1;
                i = j;
            }
        }
    }
    if (runs.empty()) {
        logical_ = physical.substr(first);
        return;
    }
    runs.emplace_back(run_start, physical.size());
    spliced_.reserve(logical_size + physical.size() - run_start);
    for (const auto &[begin, end] : runs) spliced_.append(physical.substr(begin, end - begin));
    logical_ = spliced_;
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
