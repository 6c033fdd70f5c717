// report_channel.cpp — records into this process's area of the report ring (wire_format.h).
#include "report_channel.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "core/report.h"
#include "lock_table.h"
#include "raw_syscall.h"
#include "report_record.h"
#include "ring_writer.h"
#include "runtime.h"

namespace heisen::posix {
namespace {

void *g_ring;  // the mapped ring; null: no runner
// This process's area: kNoArea until its first record, kAreasTaken when none was free.
constexpr int32_t kNoArea = -1, kAreasTaken = -2;
int32_t g_area = kNoArea;

// The main program's path: its link map has no name.
char g_program_path[512];

// Modules already described to the runner by this process, by mapping start (open addressing,
// 0 = empty). Full: modules are described again with every record that needs them.
constexpr uint32_t kModuleSlots = 512;
uintptr_t g_modules_sent[kModuleSlots];

int32_t own_area() {
    int32_t area = __atomic_load_n(&g_area, __ATOMIC_ACQUIRE);
    if (area != kNoArea) return area;
    int32_t claimed = wire::claim_area(g_ring, runtime_pid());
    int32_t expected = kNoArea;
    if (__atomic_compare_exchange_n(&g_area, &expected, claimed < 0 ? kAreasTaken : claimed, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return claimed < 0 ? kAreasTaken : claimed;
    // Another thread claimed one first: give this one back untouched.
    if (claimed >= 0) __atomic_store_n(&wire::area_control(g_ring, static_cast<uint32_t>(claimed)).pid, 0, __ATOMIC_RELEASE);
    return expected;
}

// Reserves a record in this process's area; a null header when there is none or it stayed full.
wire::ReservedRecord reserve(uint32_t payload) {
    const int32_t area = own_area();
    if (area < 0) return {nullptr, nullptr};
    return wire::reserve_record(g_ring, static_cast<uint32_t>(area), payload);
}

bool module_sent(uintptr_t start) {
    uint32_t index = static_cast<uint32_t>((start >> 12) * 0x9e3779b1u) % kModuleSlots;
    for (uint32_t probe = 0; probe < kModuleSlots; ++probe, index = (index + 1) % kModuleSlots) {
        uintptr_t seen = __atomic_load_n(&g_modules_sent[index], __ATOMIC_ACQUIRE);
        if (seen == start) return true;
        if (seen == 0) return false;
    }
    return false;
}

// Called after the module's record is committed: a thread that finds it here reserves its own
// record later, so the runner always reads the module first.
void remember_module(uintptr_t start) {
    uint32_t index = static_cast<uint32_t>((start >> 12) * 0x9e3779b1u) % kModuleSlots;
    for (uint32_t probe = 0; probe < kModuleSlots; ++probe, index = (index + 1) % kModuleSlots) {
        uintptr_t seen = 0;
        if (__atomic_compare_exchange_n(&g_modules_sent[index], &seen, start, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE) ||
            seen == start)
            return;
    }
}

}  // namespace

void report_channel_open(const char *path) {
    if (!path || !*path) return;
    long fd = raw_syscall(SYS_openat, AT_FDCWD, reinterpret_cast<long>(path), O_RDWR | O_CLOEXEC);
    if (fd < 0) return;
    struct stat status;
    void *ring = nullptr;
    if (raw_syscall(SYS_fstat, fd, reinterpret_cast<long>(&status)) == 0 &&
        static_cast<size_t>(status.st_size) == wire::kRingBytes) {
        long mapped = raw_syscall6(SYS_mmap, 0, static_cast<long>(wire::kRingBytes), PROT_READ | PROT_WRITE,
                                   MAP_SHARED, fd, 0);
        if (mapped < -4095 || mapped >= 0) ring = reinterpret_cast<void *>(mapped);  // -4095..-1: an error
    }
    raw_syscall(SYS_close, fd);
    if (!ring) return;
    const wire::RingHeader &header = wire::ring_header(ring);
    if (header.magic != wire::kRingMagic || header.version != wire::kRingVersion) {
        raw_syscall(SYS_munmap, reinterpret_cast<long>(ring), static_cast<long>(wire::kRingBytes));
        return;
    }
    long len = raw_syscall(SYS_readlinkat, AT_FDCWD, reinterpret_cast<long>("/proc/self/exe"),
                           reinterpret_cast<long>(g_program_path), sizeof g_program_path - 1);
    g_program_path[len > 0 ? len : 0] = '\0';
    wire::register_process(ring, runtime_pid());
    __atomic_store_n(&g_ring, ring, __ATOMIC_RELEASE);
}

bool report_channel_is_open() { return __atomic_load_n(&g_ring, __ATOMIC_ACQUIRE) != nullptr; }

void report_channel_note_address(uintptr_t address) {
    if (!report_channel_is_open() || !address) return;
    struct dl_find_object object;
    if (_dl_find_object(reinterpret_cast<void *>(address), &object) != 0 || !object.dlfo_link_map) return;
    const uintptr_t start = reinterpret_cast<uintptr_t>(object.dlfo_map_start);
    if (module_sent(start)) return;
    const char *name = object.dlfo_link_map->l_name;
    const char *path = name && *name ? name : g_program_path;
    const uint32_t path_bytes = static_cast<uint32_t>(wire::name_bytes(path));
    const uint32_t payload = static_cast<uint32_t>(sizeof(wire::ModuleRecord)) + path_bytes;
    wire::ReservedRecord record = reserve(payload);
    if (!record.header) return;
    wire::ModuleRecord module{start, reinterpret_cast<uintptr_t>(object.dlfo_map_end), object.dlfo_link_map->l_addr};
    memcpy(record.body, &module, sizeof module);
    memcpy(record.body + sizeof module, path, path_bytes);
    wire::commit_record(record, wire::kModule, payload);
    remember_module(start);
}

bool report_channel_send(const heisen_report *report) {
    if (!report_channel_is_open()) return false;
    wire::for_each_report_stack(*report, [](const heisen_report_stack &stack) {
        for (uint32_t i = 0; i < stack.depth && i < HEISEN_REPORT_STACK_DEPTH; ++i)
            report_channel_note_address(stack.pcs[i]);
    });
    const uint32_t payload = static_cast<uint32_t>(wire::report_record_bytes(*report));
    wire::ReservedRecord record = reserve(payload);
    if (!record.header) return true;  // lost (the runner is gone, or every area is taken): counted there
    // The engine knows an unmodified program's lock by its map in the side table; the user knows
    // it by its own address.
    wire::encode_report(*report, record.body, lock_address);
    wire::commit_record(record, wire::kReport, payload);
    return true;
}

bool report_channel_write_text(const char *text, size_t len) {
    if (!report_channel_is_open()) return false;
    if (len > wire::kAreaBytes / 2) len = wire::kAreaBytes / 2;
    wire::ReservedRecord record = reserve(static_cast<uint32_t>(len));
    if (!record.header) return true;
    memcpy(record.body, text, len);
    wire::commit_record(record, wire::kText, static_cast<uint32_t>(len));
    return true;
}

bool report_channel_send_fact(const char *fact, const char *word, const char *text) {
    if (!report_channel_is_open()) return false;
    const char *words[] = {fact, word, text};
    uint32_t payload = 0;
    for (const char *each : words)
        if (each) payload += static_cast<uint32_t>(wire::name_bytes(each));
    if (payload > wire::kAreaBytes / 2) return true;  // a path no file system has: nothing to say
    wire::ReservedRecord record = reserve(payload);
    if (!record.header) return true;
    unsigned char *at = record.body;
    for (const char *each : words) {
        if (!each) continue;
        const size_t bytes = wire::name_bytes(each);
        memcpy(at, each, bytes);
        at += bytes;
    }
    wire::commit_record(record, wire::kFact, payload);
    return true;
}

void report_channel_child_started(int32_t child) {
    if (report_channel_is_open() && child > 0) wire::register_process(g_ring, child);
}

void report_channel_after_fork() {
    if (!report_channel_is_open()) return;
    __atomic_store_n(&g_area, kNoArea, __ATOMIC_RELEASE);
    for (uintptr_t &slot : g_modules_sent) slot = 0;
    wire::register_process(g_ring, runtime_pid());
}

}  // namespace heisen::posix
