// ring_writer.h — a process's side of the report ring (wire_format.h): claiming an area,
// reserving a record in it, committing the record.
//
// Lock-free and free of system calls: any thread, in a signal handler or in seccomp strict mode,
// may write. Threads of one process reserve space in their shared area by compare-exchange on
// `head`; the runner consumes from `tail`. A writer that finds the area full waits for the runner
// while the runner's heartbeat moves, and gives the record up (counted in `dropped`) once the
// heartbeat has stood still for a few seconds: a writer never waits forever for a runner that is
// gone.
#pragma once

#include <stdint.h>

#include "wire_format.h"

namespace heisen::wire {

inline void ring_pause() {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

// Enters `pid` in the ring's process table unless it is there already. False when the table is
// full (then the runner does not wait for the process after the program exits).
inline bool register_process(void *ring, int32_t pid) {
    RingHeader &header = ring_header(ring);
    for (int32_t &slot : header.processes)
        if (__atomic_load_n(&slot, __ATOMIC_ACQUIRE) == pid) return true;
    for (int32_t &slot : header.processes) {
        int32_t expected = 0;
        if (__atomic_compare_exchange_n(&slot, &expected, pid, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return true;
    }
    __atomic_fetch_add(&header.unregistered, 1u, __ATOMIC_RELAXED);
    return false;
}

// Claims a free area for `pid`; returns its index, or -1 when every area is taken.
inline int32_t claim_area(void *ring, int32_t pid) {
    for (uint32_t area = 0; area < kAreas; ++area) {
        int32_t expected = 0;
        if (__atomic_compare_exchange_n(&area_control(ring, area).pid, &expected, pid, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            return static_cast<int32_t>(area);
    }
    __atomic_fetch_add(&ring_header(ring).without_area, 1u, __ATOMIC_RELAXED);
    return -1;
}

// A record reserved in an area: write `payload` bytes at `body`, then commit.
struct ReservedRecord {
    uint64_t *header;
    unsigned char *body;
};

// Pause instructions between two looks at the runner's heartbeat while the area is full, and how
// many looks without a beat make a writer give up (about four seconds in all).
inline constexpr uint32_t kSpinsPerLook = 1u << 16;
inline constexpr uint32_t kLooksWithoutBeat = 256;

// Reserves a record of `payload` bytes in `area`. Returns a null header when the area stayed full
// while the runner made no progress.
inline ReservedRecord reserve_record(void *ring, uint32_t area, uint32_t payload) {
    AreaControl &control = area_control(ring, area);
    unsigned char *data = area_data(ring, area);
    const uint64_t bytes = record_bytes(payload);
    if (bytes > kAreaBytes) return {nullptr, nullptr};
    uint32_t beat = __atomic_load_n(&ring_header(ring).heartbeat, __ATOMIC_RELAXED);
    uint32_t looks = 0;
    for (uint64_t spins = 0;; ++spins) {
        uint64_t head = __atomic_load_n(&control.head, __ATOMIC_RELAXED);
        const uint64_t tail = __atomic_load_n(&control.tail, __ATOMIC_ACQUIRE);
        const uint64_t offset = head % kAreaBytes;
        const uint64_t pad = offset + bytes > kAreaBytes ? kAreaBytes - offset : 0;
        if (head + pad + bytes - tail <= kAreaBytes) {
            if (__atomic_compare_exchange_n(&control.head, &head, head + pad + bytes, true, __ATOMIC_ACQ_REL,
                                            __ATOMIC_RELAXED)) {
                if (pad) {
                    auto *filler = reinterpret_cast<uint64_t *>(data + offset);
                    __atomic_store_n(filler, record_header(kPad, static_cast<uint32_t>(pad - 8)), __ATOMIC_RELEASE);
                }
                auto *header = reinterpret_cast<uint64_t *>(data + (head + pad) % kAreaBytes);
                return {header, reinterpret_cast<unsigned char *>(header + 1)};
            }
            continue;
        }
        // Full: the runner is behind. Wait while it is alive.
        ring_pause();
        if (spins % kSpinsPerLook != 0) continue;
        const uint32_t now = __atomic_load_n(&ring_header(ring).heartbeat, __ATOMIC_RELAXED);
        if (now != beat) {
            beat = now;
            looks = 0;
        } else if (++looks >= kLooksWithoutBeat) {
            __atomic_fetch_add(&control.dropped, uint64_t{1}, __ATOMIC_RELAXED);
            return {nullptr, nullptr};
        }
    }
}

inline void commit_record(const ReservedRecord &record, RecordType type, uint32_t payload) {
    __atomic_store_n(record.header, record_header(type, payload), __ATOMIC_RELEASE);
}

}  // namespace heisen::wire
