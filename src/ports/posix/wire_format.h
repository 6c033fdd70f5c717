// wire_format.h — how the preload runtime hands reports to `heisen run`: a shared-memory ring.
//
// `heisen run` creates the ring (a memfd it keeps to itself) and names it to the program in
// HEISEN_REPORT_RING as /proc/<heisen pid>/fd/<n>. Each validated process maps it when it starts
// and closes the descriptor again, so the channel depends on no descriptor of the program: a
// program that closes, dup2s over or reuses every descriptor still reports, and nothing is ever
// written into one of its descriptors. Reporting is plain stores into the mapping — no system
// call — so a program in seccomp strict mode, or in a signal handler, reports too.
//
// The ring has three parts:
//   - a header, with a heartbeat the runner advances while it reads;
//   - a process table: every validated process enters its pid when it starts (or is forked), so
//     the runner knows whom to wait for after the program itself has exited;
//   - kAreas record areas. A process claims one the first time it has something to send and
//     keeps it until it ends; the runner drains it and, once the process is gone, frees it.
//
// An area is a byte ring with monotonic `head` (bytes reserved by the process's threads, by
// compare-exchange) and `tail` (bytes the runner has consumed). A record is an 8-byte header —
// its type and payload length, stored last with release order, so a zero header means "not
// written yet" — followed by the payload, padded to 8 bytes. A record never wraps: the space up
// to the area's end is taken by a padding record instead. The runner zeroes what it consumed
// before it advances `tail`.
//
// Records:
//   kModule  one loaded module the process's later records refer to (ModuleRecord + its path),
//            sent once per process before the first record that needs it;
//   kReport  one report: the engine's heisen_report with every name pointer replaced by
//            1 + its offset into the strings that follow the structure (0: none), and lock
//            instances given as the program's lock addresses;
//   kText    text the engine printed (limit notes, held-lock dumps, statistics);
//   kFact    a fact about the process as a whole, for what `heisen run` says about it: words,
//            each ending in a NUL —
//              "threads" <program name>   the process started a second thread
//              "locks"                    heisen saw a lock operation in it
//              "unvalidated" <why> <path> it executes <path>, which heisen cannot validate;
//                                         <why> is program_kind_word() of the reason
//                                         (program_kind.h)
// The runner renders reports (text or JSON) and names addresses; the program never formats a
// stack frame or opens a file to make a report.
//
// Names in reports and text may hold placeholders the runner resolves once it knows the modules:
//   @@pc:<hex>@@                          a code address (a return address of a stack)
//   @@lock:<kind>:<hex addr>:<hex site>@@ a lock: its address and where it was initialised
//   @@class:<kind>:<hex addr>:<hex site>@@ the same for a class of locks (--classes=site): named
//                                         by its init site, the address is the first instance's
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace heisen::wire {

// Environment variables `heisen run` sets for the program.
inline constexpr const char kReportRingVariable[] = "HEISEN_REPORT_RING";
inline constexpr const char kClassesVariable[] = "HEISEN_CLASSES";
inline constexpr const char kOnReportVariable[] = "HEISEN_ON_REPORT";
inline constexpr const char kStatsVariable[] = "HEISEN_STATS";
inline constexpr const char kConditionWaitsVariable[] = "HEISEN_CONDITION_WAITS";
inline constexpr const char kOnDeadlockVariable[] = "HEISEN_ON_DEADLOCK";

inline constexpr const char kPlaceholderOpen[] = "@@";
inline constexpr const char kPlaceholderClose[] = "@@";
inline constexpr const char kPcPlaceholder[] = "@@pc:";
inline constexpr const char kLockPlaceholder[] = "@@lock:";
inline constexpr const char kClassPlaceholder[] = "@@class:";

inline constexpr uint64_t kRingMagic = 0x3147'4e49'524e'5348ull;  // "HSNRING1"
inline constexpr uint32_t kRingVersion = 1;
// Validated processes alive at once that the runner keeps track of.
inline constexpr uint32_t kProcessSlots = 4096;
// Processes with records in flight at once, and the bytes each may have in flight.
inline constexpr uint32_t kAreas = 128;
inline constexpr uint64_t kAreaBytes = 128 * 1024;

struct RingHeader {
    uint64_t magic;
    uint32_t version;
    uint32_t heartbeat;        // advanced by the runner every time it reads the ring
    uint32_t unregistered;     // processes that found the process table full
    uint32_t without_area;     // records lost because every area was taken
    uint32_t reserved[10];
    int32_t processes[kProcessSlots];  // pid of a validated process; 0: free
};

struct alignas(64) AreaControl {
    int32_t pid;      // the process that owns the area; 0: free (claimed by compare-exchange)
    uint32_t reserved;
    uint64_t head;    // bytes reserved by the owner's threads
    uint64_t tail;    // bytes the runner has consumed
    uint64_t dropped; // records the owner dropped (the area stayed full while the runner was away)
};

inline constexpr size_t kAreaControlOffset = (sizeof(RingHeader) + 63) & ~size_t{63};
inline constexpr size_t kAreaDataOffset = kAreaControlOffset + kAreas * sizeof(AreaControl);
inline constexpr size_t kRingBytes = kAreaDataOffset + kAreas * kAreaBytes;

enum RecordType : uint32_t { kPad = 1, kModule = 2, kReport = 3, kText = 4, kFact = 5 };

// A record's header word: type in the high half, payload bytes in the low half.
inline uint64_t record_header(RecordType type, uint32_t payload) { return (uint64_t{type} << 32) | payload; }
inline RecordType record_type(uint64_t header) { return static_cast<RecordType>(header >> 32); }
inline uint32_t record_payload(uint64_t header) { return static_cast<uint32_t>(header); }
// Bytes a record occupies in its area.
inline uint64_t record_bytes(uint32_t payload) { return 8 + ((uint64_t{payload} + 7) & ~uint64_t{7}); }

// The payload of a kModule record, followed by the module's path and a NUL.
struct ModuleRecord {
    uint64_t start;  // the module's mapping, [start, end)
    uint64_t end;
    uint64_t bias;   // load bias: an address minus bias is the address in the file
};

// The first word of a kFact record.
inline constexpr const char kFactThreads[] = "threads";
inline constexpr const char kFactLocks[] = "locks";
inline constexpr const char kFactUnvalidated[] = "unvalidated";

inline unsigned char *area_data(void *ring, uint32_t area) {
    return static_cast<unsigned char *>(ring) + kAreaDataOffset + area * kAreaBytes;
}
inline AreaControl &area_control(void *ring, uint32_t area) {
    return reinterpret_cast<AreaControl *>(static_cast<unsigned char *>(ring) + kAreaControlOffset)[area];
}
inline RingHeader &ring_header(void *ring) { return *static_cast<RingHeader *>(ring); }

}  // namespace heisen::wire
