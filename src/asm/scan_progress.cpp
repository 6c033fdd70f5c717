// scan_progress.cpp — carriage return + erase-line redraws.
#include "asm/scan_progress.h"

namespace heisen::asmcheck {

using Clock = std::chrono::steady_clock;

ScanProgress::ScanProgress(std::FILE *stream, bool enabled, size_t total)
    : stream_(stream), enabled_(enabled), total_(total), start_(Clock::now()), last_draw_(start_) {}

void ScanProgress::update(size_t index, const std::string &file) {
    if (!enabled_) return;
    const Clock::time_point now = Clock::now();
    if (now - start_ < std::chrono::milliseconds(500)) return;
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    drawn_ = true;
    // Long paths are cut from the left: the file name is the informative end.
    std::string shown = file;
    if (shown.size() > 60) shown = "..." + shown.substr(shown.size() - 57);
    std::fprintf(stream_, "\r\x1b[Kheisen asm: [%zu/%zu] %s", index + 1, total_, shown.c_str());
    std::fflush(stream_);
}

void ScanProgress::finish() {
    if (!drawn_) return;
    std::fputs("\r\x1b[K", stream_);
    std::fflush(stream_);
    drawn_ = false;
}

}  // namespace heisen::asmcheck
