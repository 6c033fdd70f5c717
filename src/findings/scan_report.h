// scan_report.h — everything one run of a static checker reports, ready for a writer.
//
// Findings are problems in the user's code. Analysis gaps ("could not analyse: WHY") are places
// the checker could not read; they are reported at note level so that a gap is never mistaken
// for a clean bill of health, yet does not fail a build unless --fail-on note is asked for.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "findings/finding.h"
#include "findings/source_location.h"

namespace heisen {

struct RuleDescription {
    std::string id;          // e.g. "undeclared-write"
    std::string summary;     // one sentence
    std::string help_uri;    // where the rule is documented
    Severity default_severity = Severity::Warning;
};

struct AnalysisGap {
    SourceLocation location;
    std::string reason;  // rendered as "could not analyse: REASON"
};

// statements == checked + not_analysed + out_of_scope, always.
struct ScanSummary {
    size_t files = 0;                 // files looked at
    size_t files_not_fully_read = 0;  // of those, files with a part that could not be read
    size_t statements = 0;            // asm statements found
    size_t checked = 0;               // statements analysed by the rules
    size_t not_analysed = 0;          // statements with a "could not analyse" note instead
    size_t out_of_scope = 0;          // basic asm (no operands)
};

struct ScanReport {
    std::string tool_name;        // "heisen"
    std::string command;          // "heisen asm": names the run in the summary line
    std::string tool_version;     // "0.1.0"
    std::string information_uri;  // the project's home page
    std::string rule_namespace;   // "heisen-asm": text output tags findings [heisen-asm:RULE]
    std::string mode;             // how the input was read, e.g. "lexer"; shown in the summary
    std::vector<RuleDescription> rules;
    std::vector<Finding> findings;
    std::vector<AnalysisGap> gaps;  // statements not analysed, and parts of files not read
    std::vector<SourceLocation> out_of_scope;  // basic asm statements
    ScanSummary summary;
};

const char *severity_name(Severity severity);  // "note", "warning", "error"

}  // namespace heisen
