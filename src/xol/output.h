// output.h — `heisen xol` results as text, JSON ("heisen-xol/1") or SARIF 2.1.0.
//
// Text and JSON are written function by function as the analysis goes (a kernel image has tens
// of thousands of functions); SARIF goes through src/findings' writer at the end.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "xol/analysis.h"
#include "xol/describe.h"

namespace heisen::xol {

enum class OutputFormat { Text, Json, Sarif };

struct OutputOptions {
    OutputFormat format = OutputFormat::Text;
    bool summary_only = false;  // functions and totals, no per-instruction findings
    std::string source_root;    // SARIF: the directory URIs are relative to
};

class Output {
public:
    virtual ~Output() = default;
    virtual void begin(uint64_t function_count) = 0;
    virtual void function(const FunctionResult &result) = 0;
    virtual void end(const Totals &totals) = 0;
};

std::unique_ptr<Output> make_output(const OutputOptions &options, const Analysis &analysis, Describer &describer,
                                    std::FILE *out);

}  // namespace heisen::xol
