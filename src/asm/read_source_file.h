// read_source_file.h — reading one input file without ever blocking or exhausting memory.
//
// Only regular files are read: a FIFO named `x.c` would block the scan forever, a link to
// /dev/zero would never end. Their size is checked before reading so that one huge generated
// file cannot take the machine's memory.
#pragma once

#include <cstddef>
#include <string>

namespace heisen::asmcheck {

// The largest source file read (larger ones are a note, not an error).
inline constexpr size_t kMaxSourceFileBytes = size_t{128} << 20;

struct ReadFileResult {
    enum class Status {
        Read,         // `contents` holds the file
        NotReadable,  // does not exist, no permission, I/O error: `problem` says why (an error)
        Skipped,      // not a regular file, or larger than the limit: `problem` says why (a note)
    };
    Status status = Status::Read;
    std::string contents;
    std::string problem;  // e.g. "cannot read: Permission denied", "not a regular file (a FIFO); not read"
};

ReadFileResult read_source_file(const std::string &path, size_t max_bytes = kMaxSourceFileBytes);

// The same checks without reading: Read (with empty contents) when the file would be read.
ReadFileResult check_source_file(const std::string &path, size_t max_bytes = kMaxSourceFileBytes);

// "a FIFO", "a character device", "a directory" … for a stat() st_mode.
const char *file_type_name(unsigned mode);

}  // namespace heisen::asmcheck
