// scan_file.cpp — extractor output into check_statement, results into the report.
#include "asm/scan_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "asm/check_statement.h"
#include "asm/extract.h"
#include "asm/target_model.h"

namespace heisen::asmcheck {

void scan_source_text(std::string_view contents, const SourceFile &file, ScanReport &report) {
    ExtractOptions extract_options;
    extract_options.is_header = is_header_file_name(file.display_path);
    extract_options.target_macros = &predefined_macros(file.options.target);
    ExtractedFile extracted = extract_asm_statements(contents, file.display_path, extract_options);
    ++report.summary.files;
    report.summary.statements += extracted.statements.size();
    for (ExtractProblem &p : extracted.problems) report.gaps.push_back({std::move(p.location), std::move(p.reason)});
    if (!file.target_error.empty() && !extracted.statements.empty()) {
        // The compile command names a target heisen cannot model: every statement is a gap.
        for (const AsmStatement &s : extracted.statements) report.gaps.push_back({s.location, file.target_error});
        return;
    }
    for (const AsmStatement &statement : extracted.statements) {
        StatementResult result = check_statement(statement, file.options);
        if (result.out_of_scope) {
            ++report.summary.out_of_scope;
            report.out_of_scope.push_back(statement.location);
        } else if (!result.could_not_analyse.empty()) {
            report.gaps.push_back({statement.location, std::move(result.could_not_analyse)});
        } else {
            ++report.summary.checked;
            for (Finding &f : result.findings) report.findings.push_back(std::move(f));
        }
    }
}

bool scan_source_file(const SourceFile &file, ScanReport &report, std::string &error) {
    std::ifstream in(file.path, std::ios::binary);
    if (!in) {
        error = file.display_path + ": cannot read: " + std::strerror(errno);
        return false;
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    if (in.bad()) {
        error = file.display_path + ": read error";
        return false;
    }
    scan_source_text(contents.str(), file, report);
    return true;
}

}  // namespace heisen::asmcheck
