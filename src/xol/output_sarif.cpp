// output_sarif.cpp — SARIF 2.1.0 through src/findings: one result per finding (at its source line
// when DWARF has one, else in the ELF file, with its address and function), and one per
// function that is not probe-safe, at the function's first line.
#include <filesystem>
#include <string>

#include "findings/write_sarif.h"
#include "xol/output_formats.h"

namespace heisen::xol {

namespace {

class SarifOutput final : public Output {
public:
    SarifOutput(const OutputOptions &options, const Analysis &analysis, Describer &describer, std::FILE *out)
        : options_(options), analysis_(analysis), describer_(describer), out_(out) {
        report_.tool_name = "heisen";
        report_.command = "heisen xol";
        report_.tool_version = "0.1.0";
        report_.rule_namespace = "heisen-xol";
        for (size_t c = 0; c < kClassCount; ++c) {
            const ClassInfo &info = class_info(static_cast<XolClass>(c));
            report_.rules.push_back({info.id, info.summary, "", info.unsafe ? Severity::Error : Severity::Warning});
        }
        report_.rules.push_back({"function-needs-fixup",
                                 "A probe can execute this function's instructions out of line only with the fix-ups named.",
                                 "", Severity::Warning});
        report_.rules.push_back({"function-unsafe",
                                 "Some instructions of this function must not be single-stepped out of line.", "",
                                 Severity::Error});
    }

    void begin(uint64_t) override {}

    void function(const FunctionResult &r) override {
        const Function &f = *r.function;
        if (r.verdict != Verdict::ProbeSafe) {
            Finding summary;
            summary.rule_id = r.verdict == Verdict::Unsafe ? "function-unsafe" : "function-needs-fixup";
            summary.severity = r.verdict == Verdict::Unsafe ? Severity::Error : Severity::Warning;
            summary.location = located(describer_.source(f.start));
            summary.message = "function " + f.name + ": " + describer_.verdict(r);
            summary.has_address = true;
            summary.address = f.start;
            summary.function = f.name;
            report_.findings.push_back(std::move(summary));
        }
        if (options_.summary_only) return;
        for (const InstructionFinding &finding : r.findings) {
            const FindingText text = describer_.describe(finding);
            Finding out;
            out.rule_id = class_info(finding.cls).id;
            out.severity = analysis_.severity(finding);
            out.location = located(text.source);
            out.message = text.message;
            out.instruction = text.instruction;
            out.has_address = true;
            out.address = finding.address;
            out.function = f.name;
            report_.findings.push_back(std::move(out));
        }
    }

    void end(const Totals &) override {
        std::string root = options_.source_root;
        if (root.empty()) {
            std::error_code ec;
            root = std::filesystem::current_path(ec).string();
            if (ec) root = "/";
        }
        const std::string text = write_sarif_report(report_, root);
        std::fwrite(text.data(), 1, text.size(), out_);
    }

private:
    // Without a source line, the result points into the ELF file itself.
    SourceLocation located(const SourceLocation &source) const {
        if (!source.file.empty()) return source;
        SourceLocation binary;
        binary.file = analysis_.file().path();
        return binary;
    }

    OutputOptions options_;
    const Analysis &analysis_;
    Describer &describer_;
    std::FILE *out_;
    ScanReport report_;
};

}  // namespace

std::unique_ptr<Output> make_sarif_output(const OutputOptions &options, const Analysis &analysis, Describer &describer,
                                          std::FILE *out) {
    return std::make_unique<SarifOutput>(options, analysis, describer, out);
}

}  // namespace heisen::xol
