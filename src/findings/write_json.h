// write_json.h — the scan as one JSON document (schema documented in docs/asm.md).
#pragma once

#include <string>

#include "findings/scan_report.h"

namespace heisen {

std::string write_json_report(const ScanReport &report);

}  // namespace heisen
