// output.cpp — picks the writer.
#include "xol/output.h"

#include "xol/output_formats.h"

namespace heisen::xol {

std::unique_ptr<Output> make_output(const OutputOptions &options, const Analysis &analysis, Describer &describer,
                                    std::FILE *out) {
    switch (options.format) {
    case OutputFormat::Text: return make_text_output(options, analysis, describer, out);
    case OutputFormat::Json: return make_json_output(options, analysis, describer, out);
    case OutputFormat::Sarif: return make_sarif_output(options, analysis, describer, out);
    }
    return make_text_output(options, analysis, describer, out);
}

const char *verdict_id(Verdict v) {
    switch (v) {
    case Verdict::ProbeSafe: return "probe-safe";
    case Verdict::NeedsFixUp: return "needs-fixup";
    case Verdict::Unsafe: return "unsafe";
    }
    return "unsafe";
}

}  // namespace heisen::xol
