// scan_file.cpp — extractor output into check_statement, results into the report.
#include "asm/scan_file.h"

#include "asm/check_statement.h"
#include "asm/extract.h"
#include "asm/read_source_file.h"
#include "asm/target_model.h"

namespace heisen::asmcheck {

namespace {

// A part of a file that was not read: one note, and the file counts as not fully read.
void add_file_problems(std::vector<ExtractProblem> &problems, ScanReport &report) {
    if (problems.empty()) return;
    ++report.summary.files_not_fully_read;
    for (ExtractProblem &p : problems) report.gaps.push_back({std::move(p.location), std::move(p.reason)});
}

}  // namespace

void scan_source_text(std::string_view contents, const SourceFile &file, ScanReport &report) {
    ExtractOptions extract_options;
    extract_options.is_header = is_header_file_name(file.display_path);
    extract_options.target_macros = &predefined_macros(file.options.target);
    ++report.summary.files;
    ExtractedFile extracted = extract_asm_statements(contents, file.display_path, extract_options);
    add_file_problems(extracted.problems, report);
    if (!file.target_error.empty() && !extracted.statements.empty()) {
        // The compile command names a target heisen cannot model: every statement is a gap.
        for (const AsmStatement &s : extracted.statements) report.gaps.push_back({s.location, file.target_error});
        report.summary.statements += extracted.statements.size();
        report.summary.not_analysed += extracted.statements.size();
        return;
    }
    // Counted one by one, so that the counts still add up if memory runs out half way.
    for (const AsmStatement &statement : extracted.statements) {
        StatementResult result = check_statement(statement, file.options);
        ++report.summary.statements;
        if (result.out_of_scope) {
            ++report.summary.out_of_scope;
            report.out_of_scope.push_back(statement.location);
        } else if (!result.could_not_analyse.empty()) {
            ++report.summary.not_analysed;
            report.gaps.push_back({statement.location, std::move(result.could_not_analyse)});
        } else {
            ++report.summary.checked;
            for (Finding &f : result.findings) report.findings.push_back(std::move(f));
            for (StatementResult::Gap &gap : result.partial)
                report.gaps.push_back({std::move(gap.location), std::move(gap.reason)});
        }
    }
}

bool scan_source_file(const SourceFile &file, ScanReport &report, std::string &error) {
    ReadFileResult read = read_source_file(file.path);
    switch (read.status) {
    case ReadFileResult::Status::NotReadable:
        error = file.display_path + ": " + read.problem;
        return false;
    case ReadFileResult::Status::Skipped: {
        ++report.summary.files;
        std::vector<ExtractProblem> problems{{SourceLocation{file.display_path, 0, 0}, std::move(read.problem)}};
        add_file_problems(problems, report);
        return true;
    }
    case ReadFileResult::Status::Read: break;
    }
    scan_source_text(read.contents, file, report);
    return true;
}

}  // namespace heisen::asmcheck
