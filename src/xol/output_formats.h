// output_formats.h — the three writers behind make_output() (one file each).
#pragma once

#include "xol/output.h"

namespace heisen::xol {

std::unique_ptr<Output> make_text_output(const OutputOptions &options, const Analysis &analysis, Describer &describer,
                                         std::FILE *out);
std::unique_ptr<Output> make_json_output(const OutputOptions &options, const Analysis &analysis, Describer &describer,
                                         std::FILE *out);
std::unique_ptr<Output> make_sarif_output(const OutputOptions &options, const Analysis &analysis, Describer &describer,
                                          std::FILE *out);

// "probe-safe", "needs-fixup", "unsafe": the JSON and SARIF spelling.
const char *verdict_id(Verdict v);

}  // namespace heisen::xol
