// fake_port.cpp — the test port (see fake_port.h).
#include "fake_port.h"

#include <execinfo.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>

extern "C" {
#include "core/port.h"
#include "core/report_render.h"
#include "core/reset.h"
}

namespace fake {

PortState &port() {
    static PortState state;
    return state;
}

void reset() {
    heisen_reset_for_testing();
    port() = PortState{};
}

std::vector<std::string> kinds() {
    std::vector<std::string> out;
    for (const Report &r : port().reports) out.push_back(r.kind);
    return out;
}

namespace {

void append(void *context, const char *text, size_t len) { static_cast<std::string *>(context)->append(text, len); }
size_t hex_pc(void *, uintptr_t pc, char *buf, size_t len) {
    int n = std::snprintf(buf, len, "%#lx", static_cast<unsigned long>(pc));
    return n < 0 ? 0 : static_cast<size_t>(n);
}

}  // namespace
}  // namespace fake

extern "C" {

uint32_t heisen_port_cpu_id(void) { return fake::port().cpu; }
uintptr_t heisen_port_task_id(void) { return fake::port().task; }
int heisen_port_irqs_enabled(void) { return fake::port().irqs_enabled; }
int heisen_port_irq_context_may_sleep(void) { return fake::port().irq_context_may_sleep; }
void heisen_port_write(const char *text, size_t len) { fake::port().written.append(text, len); }

size_t heisen_port_stack(uintptr_t *pcs, size_t max, size_t skip) {
    void *frames[64];
    int n = backtrace(frames, 64);
    size_t out = 0;
    for (int i = static_cast<int>(skip) + 1; i < n && out < max; ++i) pcs[out++] = reinterpret_cast<uintptr_t>(frames[i]);
    return out;
}

size_t heisen_port_format_pc(uintptr_t pc, char *buf, size_t len) { return fake::hex_pc(nullptr, pc, buf, len); }

uint64_t heisen_port_now_ns(void) {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
}

int heisen_port_report_made(const heisen_report *report) {
    fake::Report r;
    r.data = *report;
    r.kind = heisen_report_kind_id(report->kind);
    heisen_render_text(report, fake::append, fake::hex_pc, &r.text);
    heisen_render_json(report, fake::append, fake::hex_pc, &r.json);
    fake::port().reports.push_back(r);
    return fake::port().port_delivers ? 1 : 0;
}

// What the engine wrote goes to stderr as the program stops, where a death test reads it.
void heisen_port_abort(void) {
    const std::string &w = fake::port().written;
    if (!w.empty() && write(2, w.data(), w.size()) < 0) _exit(78);
    _exit(77);
}

}  // extern "C"
