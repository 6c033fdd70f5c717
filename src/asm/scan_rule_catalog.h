// scan_rule_catalog.h — the rule ids `heisen asm` reports, for SARIF's rule table and --help.
// The full text of every rule, with examples and fixes, is docs/asm-rules.md.
#pragma once

#include <vector>

#include "findings/scan_report.h"

namespace heisen::asmcheck {

extern const char *const kHeisenHomepage;

const std::vector<RuleDescription> &asm_rule_catalog();

}  // namespace heisen::asmcheck
