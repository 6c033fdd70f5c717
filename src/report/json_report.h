// json_report.h — the scan as one JSON document (schema documented in docs/asm.md).
#pragma once

#include <string>

#include "report/scan_report.h"

namespace heisen {

std::string render_json_report(const ScanReport &report);

}  // namespace heisen
