// output_text.cpp — one line per function, one per finding under it, a totals line.
//
//   main 0x401126-0x40119f demo.c:10: needs fix-up (displacement): 1 rip-relative; entry probe-safe
//     0x40112a main+0x4 demo.c:11: warning: movl 0x2ef8(%rip), %eax: RIP-relative operand ... [rip-relative]
//   heisen xol: demo: x86-64 executable, no slot given: 12 functions: ...
#include "findings/scan_report.h"
#include "xol/output_formats.h"

namespace heisen::xol {

namespace {

std::string location_text(const SourceLocation &source) {
    if (source.file.empty()) return {};
    return " " + source.file + ":" + std::to_string(source.line);
}

class TextOutput final : public Output {
public:
    TextOutput(const OutputOptions &options, const Analysis &analysis, Describer &describer, std::FILE *out)
        : options_(options), analysis_(analysis), describer_(describer), out_(out) {}

    void begin(uint64_t) override {}

    void function(const FunctionResult &r) override {
        const Function &f = *r.function;
        std::string line = f.name + " " + hex_address(f.start) + "-" + hex_address(f.end) +
                           location_text(describer_.source(f.start)) + ": " + describer_.verdict(r);
        if (r.verdict != Verdict::ProbeSafe) line += std::string("; entry ") + verdict_name(r.entry);
        if (r.has_window && analysis_.slot().kind == SlotSpec::Kind::None) {
            line += r.window.empty ? "; no slot reaches all its RIP-relative targets"
                                   : "; slots " + hex_address(r.window.first) + "-" + hex_address(r.window.last) +
                                         " reach all its RIP-relative targets";
        }
        line += '\n';
        if (!options_.summary_only) {
            for (const InstructionFinding &finding : r.findings) {
                const FindingText text = describer_.describe(finding);
                const Severity severity = analysis_.severity(finding);
                line += "  " + hex_address(finding.address) + " " +
                        symbol_plus(f.name, static_cast<int64_t>(finding.address - f.start)) +
                        location_text(text.source) + ": " + severity_name(severity) + ": " + text.instruction + ": " +
                        text.message + " [" + class_info(finding.cls).id + "]\n";
            }
        }
        std::fputs(line.c_str(), out_);
    }

    void end(const Totals &t) override {
        const ElfFile &file = analysis_.file();
        std::string line = "heisen xol: " + file.path() + ": " + machine_name(file.machine()) + " " + kind_name(file.kind()) +
                           ", " + describer_.slot_text() + ": " + count(t.functions, "function", "functions") + " (" +
                           std::to_string(t.by_verdict[0]) + " probe-safe, " + std::to_string(t.by_verdict[1]) +
                           " need fix-up, " + std::to_string(t.by_verdict[2]) + " unsafe; " +
                           std::to_string(t.entry_probe_safe) + " with a probe-safe entry), " +
                           count(t.instructions, "instruction", "instructions");
        if (t.undecodable_bytes) line += ", " + count(t.undecodable_bytes, "undecodable byte", "undecodable bytes");
        const uint64_t errors = t.by_severity[static_cast<size_t>(Severity::Error)];
        const uint64_t warnings = t.by_severity[static_cast<size_t>(Severity::Warning)];
        line += ": " + (errors + warnings == 0 ? std::string("no findings")
                                               : count(errors, "error", "errors") + ", " + count(warnings, "warning", "warnings"));
        std::fputs((line + "\n").c_str(), out_);
    }

private:
    static std::string count(uint64_t n, const char *one, const char *many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    }

    OutputOptions options_;
    const Analysis &analysis_;
    Describer &describer_;
    std::FILE *out_;
};

}  // namespace

std::unique_ptr<Output> make_text_output(const OutputOptions &options, const Analysis &analysis, Describer &describer,
                                         std::FILE *out) {
    return std::make_unique<TextOutput>(options, analysis, describer, out);
}

}  // namespace heisen::xol
