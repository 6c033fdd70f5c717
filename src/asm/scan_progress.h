// scan_progress.h — "[n/total] file" on one line, rewritten in place, for long scans on a
// terminal. Nothing at all is written when the stream is not a terminal (logs, CI, pipes).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace heisen::asmcheck {

class ScanProgress {
public:
    // `enabled` is normally isatty(fileno(stream)).
    ScanProgress(std::FILE *stream, bool enabled, size_t total);
    ~ScanProgress() { finish(); }
    ScanProgress(const ScanProgress &) = delete;
    ScanProgress &operator=(const ScanProgress &) = delete;

    // About to read file number `index` (0-based). Redraws at most every 100 ms, and only once
    // the scan has run for half a second: short scans never flash a progress line.
    void update(size_t index, const std::string &file);
    // Erases the line, so the report that follows starts on a clean line.
    void finish();

private:
    std::FILE *stream_;
    bool enabled_;
    size_t total_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace heisen::asmcheck
