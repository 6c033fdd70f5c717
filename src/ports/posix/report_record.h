// report_record.h — the payload of a kReport record (wire_format.h): the engine's heisen_report
// with its string pointers (names, variables) turned into offsets into the strings that follow it.
//
// Header-only and freestanding (no allocation, no libc): the preload encodes straight into the
// ring from any context, the runner decodes what it copied out.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/report.h"

namespace heisen::wire {

// Every lock a report names.
template <typename Report, typename Visit>
void for_each_report_lock(Report &report, Visit visit) {
    visit(report.subject);
    visit(report.other);
    for (auto &edge : report.chain) {
        visit(edge.from);
        visit(edge.to);
    }
    for (auto &held : report.held) visit(held);
}

// Every stack a report holds.
template <typename Report, typename Visit>
void for_each_report_stack(Report &report, Visit visit) {
    visit(report.site);
    visit(report.usage_first);
    visit(report.usage_second);
    for_each_report_lock(report, [&](auto &lock) { visit(lock.stack); });
}

inline size_t name_bytes(const char *name) {
    if (!name) return 0;
    size_t len = 0;
    while (name[len]) ++len;
    return len + 1;
}

// Bytes the record of `report` takes.
inline size_t report_record_bytes(const heisen_report &report) {
    size_t bytes = sizeof report + name_bytes(report.usage_first_name) + name_bytes(report.usage_second_name);
    for_each_report_lock(report, [&](const heisen_report_lock &lock) {
        bytes += name_bytes(lock.name) + name_bytes(lock.variable);
    });
    return bytes;
}

// Writes the record of `report` to `out` (report_record_bytes(report) bytes, 8-byte aligned).
// `instance_address` turns a lock's instance (the engine's map) into the address the program
// knows the lock by.
template <typename InstanceAddress>
void encode_report(const heisen_report &report, unsigned char *out, InstanceAddress instance_address) {
    auto *copy = reinterpret_cast<heisen_report *>(out);
    __builtin_memcpy(copy, &report, sizeof report);
    char *strings = reinterpret_cast<char *>(copy + 1);
    size_t used = 0;
    auto move_name = [&](const char *&name) {
        const size_t len = name_bytes(name);
        if (!len) return;
        __builtin_memcpy(strings + used, name, len);
        name = reinterpret_cast<const char *>(uintptr_t{used} + 1);
        used += len;
    };
    move_name(copy->usage_first_name);
    move_name(copy->usage_second_name);
    for_each_report_lock(*copy, [&](heisen_report_lock &lock) {
        lock.instance = instance_address(lock.instance);
        move_name(lock.name);
        move_name(lock.variable);
    });
}

// Reads a record back into `out`, its names pointing into `record`. False when the record is not
// one this heisen wrote (too short, an unknown kind, a name outside it). Counts are clamped to
// the arrays they index.
inline bool decode_report(const unsigned char *record, size_t len, heisen_report &out) {
    if (len < sizeof out) return false;
    __builtin_memcpy(&out, record, sizeof out);
    if (out.kind == 0 || out.kind >= HEISEN_REPORT_KIND_COUNT) return false;
    const char *strings = reinterpret_cast<const char *>(record) + sizeof out;
    const size_t strings_len = len - sizeof out;
    bool ok = true;
    auto resolve = [&](const char *&name) {
        const uintptr_t value = reinterpret_cast<uintptr_t>(name);
        if (value == 0) return;
        const size_t offset = value - 1;
        size_t end = offset;
        while (end < strings_len && strings[end]) ++end;
        if (offset >= strings_len || end >= strings_len) {
            ok = false;
            name = nullptr;
            return;
        }
        name = strings + offset;
    };
    if (out.chain_length > HEISEN_REPORT_MAX_CHAIN) out.chain_length = HEISEN_REPORT_MAX_CHAIN;
    if (out.held_count > HEISEN_REPORT_MAX_HELD) out.held_count = HEISEN_REPORT_MAX_HELD;
    resolve(out.usage_first_name);
    resolve(out.usage_second_name);
    for_each_report_lock(out, [&](heisen_report_lock &lock) {
        resolve(lock.name);
        resolve(lock.variable);
    });
    for_each_report_stack(out, [](heisen_report_stack &stack) {
        if (stack.depth > HEISEN_REPORT_STACK_DEPTH) stack.depth = HEISEN_REPORT_STACK_DEPTH;
    });
    return ok;
}

}  // namespace heisen::wire
