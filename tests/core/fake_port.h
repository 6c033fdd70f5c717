// fake_port.h — a port the test controls: which CPU and task run, whether interrupts are on,
// and every report the engine makes, kept as data and as rendered text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

extern "C" {
#include "core/report.h"
}

namespace fake {

struct Report {
    heisen_report data;
    std::string kind;   // heisen_report_kind_id
    std::string text;   // rendered lockdep-dialect text
    std::string json;   // rendered JSON
};

struct PortState {
    uint32_t cpu = 0;
    uintptr_t task = 0;
    bool irqs_enabled = true;
    bool irq_context_may_sleep = false;
    bool port_delivers = true;     // false: let the engine render through heisen_port_write
    std::string written;           // what the engine wrote through heisen_port_write
    std::vector<Report> reports;
};

PortState &port();
// Resets the engine and the fake port between scenarios.
void reset();
std::vector<std::string> kinds();

}  // namespace fake
