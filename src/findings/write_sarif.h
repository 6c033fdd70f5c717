// write_sarif.h — the scan as SARIF 2.1.0, as GitHub code scanning accepts it.
//
// Locations are URIs relative to the %SRCROOT% base (the directory given as source_root,
// normally the working directory), so the upload maps them onto the repository; files outside
// it get absolute file:// URIs. Analysis gaps become tool execution notifications, which code
// scanning shows as tool diagnostics rather than alerts.
#pragma once

#include <string>

#include "findings/scan_report.h"

namespace heisen {

std::string write_sarif_report(const ScanReport &report, const std::string &source_root);

// The artifact URI of `file` for a given absolute source root: relative (percent-encoded) when
// the file is inside it, else an absolute file:// URI. `relative` says which one it is.
std::string sarif_artifact_uri(const std::string &file, const std::string &source_root, bool &relative);

}  // namespace heisen
