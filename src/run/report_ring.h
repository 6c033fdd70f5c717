// report_ring.h — `heisen run`'s side of the report ring (ports/posix/wire_format.h).
//
// The runner creates the ring in a memfd it keeps to itself (close-on-exec: the program never
// sees a descriptor of heisen's), names it to the program as /proc/<runner>/fd/<n>, and drains
// it: every committed record of every area is copied out in order, its space zeroed and handed
// back. An area whose process has ended is drained a last time and freed for the next process.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "ports/posix/wire_format.h"

namespace heisen::run {

// One record as it was in the ring.
struct RingRecord {
    int32_t pid = 0;
    wire::RecordType type = wire::kText;
    std::vector<unsigned char> payload;
};

class ReportRing {
public:
    ReportRing() = default;
    ~ReportRing();
    ReportRing(const ReportRing &) = delete;
    ReportRing &operator=(const ReportRing &) = delete;

    // Creates and maps the ring. False, with `error` set, when it cannot.
    bool create(std::string &error);
    // What HEISEN_REPORT_RING holds for the program.
    std::string path_for_children() const;

    // Appends every record committed since the last call (area by area, each in order) to `out`,
    // and advances the heartbeat writers watch. Thread-safe with the calls below.
    void drain(std::vector<RingRecord> &out);
    // `pid` has ended: its areas are drained a last time into `out` (a record it never finished
    // is discarded), emptied and freed, and it leaves the process table.
    void finish_process(int32_t pid, std::vector<RingRecord> &out);

    // Processes in the process table, and owners of areas: whoever may still send something.
    std::vector<int32_t> known_processes() const;

    // What the ring could not carry, for a closing note.
    uint32_t unregistered_processes() const;
    uint32_t records_without_area() const;
    uint64_t records_dropped() const;

    // The ring's memory, for tests that write records as a process would.
    void *memory() const { return ring_; }

private:
    void drain_area(uint32_t area, std::vector<RingRecord> &out);

    int fd_ = -1;
    void *ring_ = nullptr;
    mutable std::mutex mutex_;
    uint64_t dropped_by_finished_ = 0;  // `dropped` of areas already freed
};

}  // namespace heisen::run
