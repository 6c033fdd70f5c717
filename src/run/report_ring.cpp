// report_ring.cpp — creating, draining and recycling the report ring.
#include "report_ring.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace heisen::run {

using namespace wire;

ReportRing::~ReportRing() {
    if (ring_) munmap(ring_, kRingBytes);
    if (fd_ >= 0) close(fd_);
}

bool ReportRing::create(std::string &error) {
    fd_ = memfd_create("heisen-reports", MFD_CLOEXEC);
    if (fd_ < 0 || ftruncate(fd_, static_cast<off_t>(kRingBytes)) != 0) {
        error = std::string("cannot create the report ring: ") + std::strerror(errno);
        return false;
    }
    void *mapped = mmap(nullptr, kRingBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
    if (mapped == MAP_FAILED) {
        error = std::string("cannot map the report ring: ") + std::strerror(errno);
        return false;
    }
    ring_ = mapped;
    RingHeader &header = ring_header(ring_);
    header.version = kRingVersion;
    __atomic_store_n(&header.magic, kRingMagic, __ATOMIC_RELEASE);
    return true;
}

std::string ReportRing::path_for_children() const {
    return "/proc/" + std::to_string(getpid()) + "/fd/" + std::to_string(fd_);
}

void ReportRing::drain_area(uint32_t area, std::vector<RingRecord> &out) {
    AreaControl &control = area_control(ring_, area);
    const int32_t pid = __atomic_load_n(&control.pid, __ATOMIC_ACQUIRE);
    if (pid == 0) return;
    unsigned char *data = area_data(ring_, area);
    uint64_t tail = __atomic_load_n(&control.tail, __ATOMIC_RELAXED);
    for (;;) {
        const uint64_t head = __atomic_load_n(&control.head, __ATOMIC_ACQUIRE);
        if (tail == head) break;
        auto *header_word = reinterpret_cast<uint64_t *>(data + tail % kAreaBytes);
        const uint64_t header = __atomic_load_n(header_word, __ATOMIC_ACQUIRE);
        if (header == 0) break;  // reserved, still being written
        const uint32_t payload = record_payload(header);
        const uint64_t bytes = record_bytes(payload);
        if (bytes > kAreaBytes - tail % kAreaBytes) break;  // cannot be: a writer never wraps a record
        if (record_type(header) != kPad) {
            const unsigned char *body = data + tail % kAreaBytes + 8;
            out.push_back(RingRecord{pid, record_type(header), std::vector<unsigned char>(body, body + payload)});
        }
        std::memset(data + tail % kAreaBytes, 0, bytes);
        tail += bytes;
        __atomic_store_n(&control.tail, tail, __ATOMIC_RELEASE);
    }
}

void ReportRing::drain(std::vector<RingRecord> &out) {
    std::lock_guard<std::mutex> hold(mutex_);
    for (uint32_t area = 0; area < kAreas; ++area) drain_area(area, out);
    __atomic_fetch_add(&ring_header(ring_).heartbeat, 1u, __ATOMIC_RELEASE);
}

void ReportRing::finish_process(int32_t pid, std::vector<RingRecord> &out) {
    std::lock_guard<std::mutex> hold(mutex_);
    for (uint32_t area = 0; area < kAreas; ++area) {
        AreaControl &control = area_control(ring_, area);
        if (__atomic_load_n(&control.pid, __ATOMIC_ACQUIRE) != pid) continue;
        drain_area(area, out);
        // Whatever is left was reserved by a thread that died before committing it. Punching the
        // area out gives its memory back, and it reads as zeroes again.
        if (fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                      static_cast<off_t>(kAreaDataOffset + area * kAreaBytes), static_cast<off_t>(kAreaBytes)) != 0)
            std::memset(area_data(ring_, area), 0, kAreaBytes);
        dropped_by_finished_ += __atomic_load_n(&control.dropped, __ATOMIC_RELAXED);
        control.dropped = 0;
        control.head = 0;
        control.tail = 0;
        __atomic_store_n(&control.pid, 0, __ATOMIC_RELEASE);
    }
    for (int32_t &slot : ring_header(ring_).processes) {
        int32_t expected = pid;
        __atomic_compare_exchange_n(&slot, &expected, 0, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    }
}

std::vector<int32_t> ReportRing::known_processes() const {
    std::lock_guard<std::mutex> hold(mutex_);
    std::vector<int32_t> pids;
    auto add = [&](int32_t pid) {
        if (pid <= 0) return;
        for (int32_t known : pids)
            if (known == pid) return;
        pids.push_back(pid);
    };
    for (const int32_t &slot : ring_header(ring_).processes) add(__atomic_load_n(&slot, __ATOMIC_ACQUIRE));
    for (uint32_t area = 0; area < kAreas; ++area) add(__atomic_load_n(&area_control(ring_, area).pid, __ATOMIC_ACQUIRE));
    return pids;
}

uint32_t ReportRing::unregistered_processes() const {
    return __atomic_load_n(&ring_header(ring_).unregistered, __ATOMIC_RELAXED);
}

uint32_t ReportRing::records_without_area() const {
    return __atomic_load_n(&ring_header(ring_).without_area, __ATOMIC_RELAXED);
}

uint64_t ReportRing::records_dropped() const {
    std::lock_guard<std::mutex> hold(mutex_);
    uint64_t dropped = dropped_by_finished_;
    for (uint32_t area = 0; area < kAreas; ++area)
        dropped += __atomic_load_n(&area_control(ring_, area).dropped, __ATOMIC_RELAXED);
    return dropped;
}

}  // namespace heisen::run
