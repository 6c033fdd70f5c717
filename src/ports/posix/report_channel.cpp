// report_channel.cpp — records to `heisen run` over the inherited socket (wire_format.h).
#include "report_channel.h"

#include <fcntl.h>

#include "core/report_render.h"
#include "lock_table.h"
#include "raw_syscall.h"
#include "runtime.h"
#include "text_format.h"
#include "wire_format.h"

namespace heisen::posix {
namespace {

uint64_t g_next_report;
bool g_broken;  // a write failed: the program closed or replaced the socket

// Builds one record at a time on the caller's stack and sends it as one message.
class RecordWriter {
public:
    RecordWriter(int fd, const char *prefix_kind, uint64_t seq, const char *tag, bool numbered)
        : fd_(fd), text_(buffer_, sizeof buffer_) {
        text_.append(prefix_kind).append_char(' ').append_signed(runtime_pid());
        if (numbered) text_.append_char(' ').append_decimal(seq);
        if (tag) text_.append_char(' ').append(tag);
        prefix_len_ = text_.size();
    }

    // Appends `len` bytes escaped, flushing full records; a record never splits an escape.
    bool append_escaped(const char *data, size_t len) {
        for (size_t i = 0; i < len; ++i) {
            if (text_.size() + 4 >= wire::kMaxRecord - 1 && !flush()) return false;
            if (text_.size() == prefix_len_) text_.append_char(' ');
            const unsigned char c = static_cast<unsigned char>(data[i]);
            if (wire::needs_escape(c)) {
                text_.append_char('%');
                text_.append_char("0123456789ABCDEF"[c >> 4]);
                text_.append_char("0123456789ABCDEF"[c & 15]);
            } else {
                text_.append_char(static_cast<char>(c));
            }
        }
        return true;
    }

    // Unescaped words after the prefix (null ones are left out), before any escaped text.
    void append_words(const char *first, const char *second) {
        text_.append_char(' ').append(first);
        if (second) text_.append_char(' ').append(second);
        prefix_len_ = text_.size();
    }

    // Writes the record (prefix + whatever was appended) and starts the next with the same prefix.
    bool flush() {
        text_.append_char('\n');
        const bool ok = raw_send_record(fd_, text_.data(), text_.size());
        if (!ok) __atomic_store_n(&g_broken, true, __ATOMIC_RELAXED);
        text_.truncate(prefix_len_);
        return ok;
    }

private:
    int fd_;
    char buffer_[wire::kMaxRecord];
    TextBuffer text_;
    size_t prefix_len_ = 0;
};

bool send_tag(int fd, const char *kind, uint64_t seq, const char *tag) {
    RecordWriter record(fd, kind, seq, tag, true);
    return record.flush();
}

// File-backed mappings (an absolute path as the last field) and the vDSO carry code and data
// the parent can name; anonymous memory (heaps, thread stacks) does not.
bool is_interesting_mapping(const char *line, size_t len) {
    static const char kVdso[] = "[vdso]";
    for (size_t i = 0; i < len; ++i) {
        if (line[i] == '/') return true;
        if (line[i] == '[') {
            if (len - i < sizeof kVdso - 1) return false;
            for (size_t k = 0; k + 1 < sizeof kVdso; ++k)
                if (line[i + k] != kVdso[k]) return false;
            return true;
        }
    }
    return false;
}

// Streams /proc/self/maps as "map" records of `kind`, read with raw system calls into a stack buffer.
bool send_module_map(int fd, const char *kind, uint64_t seq) {
    long maps = raw_syscall(SYS_openat, AT_FDCWD, reinterpret_cast<long>("/proc/self/maps"), O_RDONLY | O_CLOEXEC);
    if (maps < 0) return true;  // nothing to add; the parent falls back to addresses
    char chunk[2048];
    char line[1024];
    size_t line_len = 0;
    bool ok = true;
    for (;;) {
        long n = raw_syscall(SYS_read, maps, reinterpret_cast<long>(chunk), sizeof chunk);
        if (n == -4 /* EINTR */) continue;
        if (n <= 0) break;
        for (long i = 0; i < n && ok; ++i) {
            if (chunk[i] != '\n') {
                if (line_len < sizeof line) line[line_len++] = chunk[i];
                continue;
            }
            if (line_len < sizeof line && is_interesting_mapping(line, line_len)) {
                RecordWriter record(fd, kind, seq, "map", true);
                ok = record.append_escaped(line, line_len) && record.flush();
            }
            line_len = 0;
        }
    }
    raw_syscall(SYS_close, maps);
    return ok;
}

}  // namespace

bool report_channel_open() {
    return runtime_config().report_fd >= 0 && !__atomic_load_n(&g_broken, __ATOMIC_RELAXED);
}

bool report_channel_write_text(const char *text, size_t len) {
    if (!report_channel_open()) return false;
    const int fd = runtime_config().report_fd;
    RecordWriter record(fd, "T", 0, nullptr, false);
    return record.append_escaped(text, len) && record.flush();
}

namespace {

// The renderers' sink: rendered text goes out as escaped "out" records.
void append_rendered(void *writer, const char *text, size_t len) {
    static_cast<RecordWriter *>(writer)->append_escaped(text, len);
}

// The engine names a lock's instance by its heisen_lock_map, which for an unmodified program
// lives in the port's side table; the user knows the lock by its own address. One static copy
// (reports are rare; a second report racing for it is printed with map addresses).
heisen_report g_patched;
bool g_patched_busy;

void show_lock_address(heisen_report_lock &lock) {
    if (!lock.name) return;
    if (const LockEntry *entry = entry_of_map(reinterpret_cast<const heisen_lock_map *>(lock.instance)))
        lock.instance = entry->address;
}

const heisen_report *with_lock_addresses(const heisen_report *report) {
    if (__atomic_exchange_n(&g_patched_busy, true, __ATOMIC_ACQUIRE)) return report;
    g_patched = *report;
    show_lock_address(g_patched.subject);
    show_lock_address(g_patched.other);
    for (uint32_t i = 0; i < g_patched.chain_length && i < HEISEN_REPORT_MAX_CHAIN; ++i) {
        show_lock_address(g_patched.chain[i].from);
        show_lock_address(g_patched.chain[i].to);
    }
    for (uint32_t i = 0; i < g_patched.held_count && i < HEISEN_REPORT_MAX_HELD; ++i)
        show_lock_address(g_patched.held[i]);
    return &g_patched;
}

void release_patched(const heisen_report *shown) {
    if (shown == &g_patched) __atomic_store_n(&g_patched_busy, false, __ATOMIC_RELEASE);
}

// Code addresses become placeholders the parent symbolizes (wire_format.h).
size_t format_pc_placeholder(void *, uintptr_t pc, char *buffer, size_t len) {
    TextBuffer text(buffer, len);
    text.append(wire::kPcPlaceholder).append_hex_digits(pc).append(wire::kPlaceholderClose);
    return text.size();
}

}  // namespace

bool report_channel_send(const heisen_report *report) {
    if (!report_channel_open()) return false;
    const int fd = runtime_config().report_fd;
    const uint64_t seq = __atomic_fetch_add(&g_next_report, 1, __ATOMIC_RELAXED);
    if (!send_tag(fd, "R", seq, "begin")) return false;  // the channel is gone: let the engine print it
    send_module_map(fd, "R", seq);
    {
        RecordWriter out(fd, "R", seq, "out", true);
        const heisen_report *shown = with_lock_addresses(report);
        if (runtime_config().json)
            heisen_render_json(shown, append_rendered, format_pc_placeholder, &out);
        else
            heisen_render_text(shown, append_rendered, format_pc_placeholder, &out);
        release_patched(shown);
        out.flush();
    }
    send_tag(fd, "R", seq, "end");
    return true;
}

bool report_channel_send_fact(const char *fact, const char *word, const char *text, size_t len) {
    if (!report_channel_open()) return false;
    RecordWriter record(runtime_config().report_fd, "P", 0, nullptr, false);
    record.append_words(fact, word);
    return (len == 0 || record.append_escaped(text, len)) && record.flush();
}

bool report_channel_send_module_map() {
    if (!report_channel_open()) return false;
    const int fd = runtime_config().report_fd;
    const uint64_t seq = __atomic_fetch_add(&g_next_report, 1, __ATOMIC_RELAXED);
    if (!send_tag(fd, "M", seq, "begin")) return false;
    send_module_map(fd, "M", seq);
    return send_tag(fd, "M", seq, "end");
}

void report_channel_after_fork() { __atomic_store_n(&g_next_report, 0, __ATOMIC_RELAXED); }

}  // namespace heisen::posix
