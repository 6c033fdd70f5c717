// scan_database.cpp — translation units → statement definitions → checked once each → report.
#include "asm_clang/scan_database.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "asm/extract.h"
#include "asm/line_markers.h"
#include "asm/read_source_file.h"
#include "asm/scan_file.h"
#include "asm/scan_files.h"
#include "asm/scan_target.h"
#include "asm/target_model.h"
#include "asm_clang/child_process.h"
#include "asm_clang/clang_arguments.h"
#include "asm_clang/parse_isolated.h"
#include "asm_clang/parse_with_clang.h"

namespace heisen::asmcheck {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxPreprocessedBytes = size_t{512} << 20;
constexpr size_t kMaxListedSites = 10;  // expansion notes per finding; then one that counts the rest

std::string absolute_normal(const std::string &path) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    return (ec ? fs::path(path) : absolute).lexically_normal().string();
}

// Whether `file` (absolute, normal) is `root` or inside it.
bool is_under(const std::string &file, const std::string &root) {
    if (file.compare(0, root.size(), root) != 0) return false;
    return file.size() == root.size() || file[root.size()] == '/' || (!root.empty() && root.back() == '/');
}

std::string location_key(const SourceLocation &l) {
    return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

std::string line_key(const SourceLocation &l) { return l.file + ":" + std::to_string(l.line); }

// What makes two forms of one definition check the same: everything the binder and rules read.
std::string signature(const AsmStatement &s, const CheckOptions &options, const std::string &target_error) {
    std::string out = std::to_string(static_cast<int>(options.target)) + (options.intel_syntax ? "I" : "A") +
                      (options.red_zone ? "R" : "N") + target_error + '\x1f' + s.template_text + '\x1f';
    for (const std::vector<AsmOperand> *list : {&s.outputs, &s.inputs}) {
        for (const AsmOperand &o : *list)
            out += o.symbolic_name + '\x1e' + o.constraint + '\x1e' + o.expression + '\x1e' + o.register_variable +
                   '\x1e' + o.c_type + '\x1e' + std::to_string(o.type_size) + '\x1e' + o.constant_value + '\x1d';
        out += '\x1f';
    }
    for (const std::vector<std::string> *list : {&s.clobbers, &s.goto_labels, &s.unresolved}) {
        for (const std::string &c : *list) out += c + '\x1e';
        out += '\x1f';
    }
    return out;
}

// One statement as it is written, with every form and place it was met in.
struct Definition {
    SourceLocation location;
    std::string macro;              // the #define holding it, if any
    bool basic = false;             // basic asm (every form is)
    bool analysed = false;          // some form was checked
    bool not_analysed = false;      // some form could not be
    std::vector<SourceLocation> sites;        // distinct expansion sites, in the order met
    std::unordered_set<std::string> site_keys;
    std::unordered_set<std::string> instances;  // signature + site: each form at each place once
    std::unordered_map<std::string, StatementResult> results;  // per signature
    struct Aggregate {
        Finding finding;
        std::vector<SourceLocation> sites;
    };
    std::vector<Aggregate> findings;
    std::unordered_map<std::string, size_t> finding_index;
    std::vector<std::string> gaps;  // distinct reasons
};

class FrontEndScan {
public:
    FrontEndScan(const std::vector<CompileCommand> &database, const FrontEndOptions &options, ScanReport &report,
                 std::vector<std::string> &errors, ScanProgress &progress)
        : database_(database), options_(options), report_(report), errors_(errors), progress_(progress) {
        for (const std::string &p : options.paths) roots_.push_back(absolute_normal(p));
    }

    void run() {
        const std::vector<const CompileCommand *> units = translation_units_to_parse(database_, options_.paths);
        for (size_t k = 0; k < units.size(); ++k) {
            progress_.update(k, display(units[k]->file));
            scan_unit(*units[k]);
        }
        progress_.finish();
        report_definitions();
        scan_uncovered_paths();
        describe_mode(units.size());
    }

private:
    bool wanted(const std::string &absolute_file) const {
        if (roots_.empty()) return true;
        return std::any_of(roots_.begin(), roots_.end(), [&](const std::string &r) { return is_under(absolute_file, r); });
    }

    const std::string &display(const std::string &absolute_file) {
        auto it = display_.find(absolute_file);
        if (it == display_.end()) it = display_.emplace(absolute_file, display_path(absolute_file)).first;
        return it->second;
    }

    void localise(SourceLocation &l) {
        if (!l.file.empty()) l.file = display(l.file);
    }

    void localise(AsmStatement &s) {
        localise(s.location);
        for (AsmStatement::Piece &p : s.template_pieces) localise(p.location);
        for (std::vector<AsmOperand> *list : {&s.outputs, &s.inputs})
            for (AsmOperand &o : *list) localise(o.location);
    }

    void scan_unit(const CompileCommand &command) {
        const ReadFileResult readable = check_source_file(command.file);
        if (readable.status == ReadFileResult::Status::NotReadable) {
            errors_.push_back(display(command.file) + ": " + readable.problem);
            return;
        }
        if (readable.status == ReadFileResult::Status::Skipped) {
            files_read_.insert(command.file);
            file_note(command.file, readable.problem);
            return;
        }
        CheckOptions options = options_.defaults;
        std::string target_error;
        if (!target_from_command(command.arguments, options, target_error)) options = options_.defaults;

        ParsedTranslationUnit unit =
            parser_.parse(clang_arguments(command.arguments, command.file).arguments, command.directory,
                          options_.timeout_seconds);
        ++parsed_units_;
        for (const std::string &f : unit.files)
            if (wanted(f)) files_read_.insert(f);
        files_read_.insert(command.file);
        if (!unit.failure.empty() || unit.error_count) recover_lost_statements(command, options, unit);
        for (ParsedStatement &p : unit.statements) {
            if (p.statement.location.file.empty() || !wanted(p.statement.location.file)) continue;
            add_instance(std::move(p), options, target_error);
        }
    }

    // Clang could not parse all of the unit: statements in the code it gave up on are read from
    // the build's preprocessor output, or the source file itself.
    void recover_lost_statements(const CompileCommand &command, const CheckOptions &options, ParsedTranslationUnit &unit) {
        std::multiset<std::string> expansions;
        std::set<std::string> spellings;
        for (const ParsedStatement &p : unit.statements) {
            expansions.insert(line_key(p.expansion));
            spellings.insert(line_key(p.statement.location));
        }
        std::string why = unit.failure.empty()
                              ? "Clang could not parse all of this translation unit (" +
                                    std::to_string(unit.error_count) + (unit.error_count == 1 ? " error" : " errors") +
                                    (unit.errors.empty() ? std::string() : "; the first: " + unit.errors.front()) + ")"
                              : unit.failure;
        ExtractOptions extract;
        extract.target_macros = &predefined_macros(options.target);
        StatementOrigin origin = StatementOrigin::Preprocessor;
        ExtractedFile recovered;
        // The build's preprocessor would block on the FIFO Clang refused, or read the device.
        const bool refused = std::any_of(unit.errors.begin(), unit.errors.end(), [](const std::string &e) {
            return e.find(kRefusedNotRegular) != std::string::npos;
        });
        ChildResult preprocessed;
        if (refused) preprocessed.error = "was not run (an #include names a file that is not regular)";
        else
            preprocessed = run_command(preprocessor_arguments(command.arguments), command.directory,
                                       options_.timeout_seconds, kMaxPreprocessedBytes);
        if (preprocessed.succeeded()) {
            recovered = extract_asm_statements(preprocessed.output, command.file, extract);
            map_to_original_locations(recovered, LineMarkers(preprocessed.output, command.directory));
            recovered.problems.clear();  // the preprocessor's output is not the user's text
        } else {
            origin = StatementOrigin::Lexer;
            why += "; the build's preprocessor " + preprocessed.failure();
            const ReadFileResult source = read_source_file(command.file);
            if (source.status == ReadFileResult::Status::Read) {
                extract.is_header = is_header_file_name(command.file);
                recovered = extract_asm_statements(source.contents, command.file, extract);
                recovered.problems.clear();
            }
        }
        size_t found = 0;
        for (AsmStatement &s : recovered.statements) {
            const std::string key = line_key(s.location);
            const auto match = expansions.find(key);
            if (match != expansions.end()) {
                expansions.erase(match);
                continue;
            }
            if (spellings.count(key)) continue;
            ParsedStatement p;
            p.expansion = s.location;
            p.statement = std::move(s);
            p.origin = origin;
            unit.statements.push_back(std::move(p));
            ++found;
        }
        if (origin == StatementOrigin::Preprocessor) ++preprocessor_units_;
        else ++lexer_units_;
        const std::string source = origin == StatementOrigin::Preprocessor ? "the build's preprocessor output"
                                                                           : "the source file (lexer)";
        why += "; " + (found ? std::to_string(found) + (found == 1 ? " statement" : " statements") +
                                   " Clang lost " + (found == 1 ? "was" : "were") + " read from " + source
                             : "no statement Clang lost was found in " + source);
        if (wanted(command.file)) file_note(command.file, why);
    }

    void file_note(const std::string &file, const std::string &reason) {
        report_.gaps.push_back({SourceLocation{display(file), 0, 0}, reason});
        noted_files_.insert(file);
    }

    void add_instance(ParsedStatement parsed, const CheckOptions &options, const std::string &target_error) {
        localise(parsed.statement);
        localise(parsed.expansion);
        const AsmStatement &s = parsed.statement;
        const std::string key = std::to_string(static_cast<int>(options.target)) +
                                (parsed.definition.empty() ? location_key(s.location) : parsed.definition);
        auto [it, added] = index_.emplace(key, definitions_.size());
        if (added) {
            definitions_.emplace_back();
            definitions_.back().location = s.location;
            definitions_.back().macro = s.enclosing_macro;
            definitions_.back().basic = true;
        }
        Definition &d = definitions_[it->second];
        const SourceLocation site = parsed.expansion.file.empty() ? s.location : parsed.expansion;
        if (d.site_keys.insert(location_key(site)).second) d.sites.push_back(site);
        const std::string form = signature(s, options, target_error);
        if (!d.instances.insert(form + '\x1c' + location_key(site)).second) return;  // this form here: seen
        auto result = d.results.find(form);
        if (result == d.results.end()) {
            StatementResult r;
            if (s.is_basic) r.out_of_scope = true;
            else if (!target_error.empty()) r.could_not_analyse = target_error;
            else r = check_statement(s, options);
            result = d.results.emplace(form, std::move(r)).first;
        }
        const StatementResult &r = result->second;
        if (r.out_of_scope) return;
        d.basic = false;
        if (!r.could_not_analyse.empty()) {
            d.not_analysed = true;
            if (std::find(d.gaps.begin(), d.gaps.end(), r.could_not_analyse) == d.gaps.end())
                d.gaps.push_back(r.could_not_analyse);
            return;
        }
        d.analysed = true;
        for (const Finding &f : r.findings) {
            const std::string fkey = f.rule_id + '\x1f' + location_key(f.location) + '\x1f' + f.message + '\x1f' +
                                     f.instruction + '\x1f' + f.operand;
            auto [slot, fresh] = d.finding_index.emplace(fkey, d.findings.size());
            if (fresh) d.findings.push_back({f, {}});
            std::vector<SourceLocation> &sites = d.findings[slot->second].sites;
            if (std::none_of(sites.begin(), sites.end(), [&](const SourceLocation &l) {
                    return location_key(l) == location_key(site);
                }))
                sites.push_back(site);
        }
    }

    void report_definitions() {
        ScanSummary &sum = report_.summary;
        for (Definition &d : definitions_) {
            ++sum.statements;
            sites_ += d.sites.size();
            if (d.basic) {
                ++sum.out_of_scope;
                report_.out_of_scope.push_back(d.location);
                continue;
            }
            if (d.not_analysed) {
                ++sum.not_analysed;
                for (const std::string &reason : d.gaps) report_.gaps.push_back({d.location, reason});
            } else {
                ++sum.checked;
            }
            const bool expanded_elsewhere =
                !d.macro.empty() || std::any_of(d.sites.begin(), d.sites.end(), [&](const SourceLocation &l) {
                    return location_key(l) != location_key(d.location);
                });
            for (Definition::Aggregate &a : d.findings) {
                if (expanded_elsewhere) add_site_notes(a, d);
                report_.findings.push_back(std::move(a.finding));
            }
        }
        sum.files += files_read_.size();
        for (const std::string &f : noted_files_)
            if (files_read_.count(f)) ++sum.files_not_fully_read;
    }

    // GCC's way: "in expansion of macro 'M'" at each use, the first few of them.
    void add_site_notes(Definition::Aggregate &a, const Definition &d) {
        const std::string what = d.macro.empty() ? "reached from here" : "in expansion of macro '" + d.macro + "'";
        const size_t shown = std::min(a.sites.size(), kMaxListedSites);
        for (size_t k = 0; k < shown; ++k) a.finding.notes.push_back({a.sites[k], what});
        if (a.sites.size() > shown)
            a.finding.notes.push_back({a.sites[shown], "and at " + std::to_string(a.sites.size() - shown) +
                                                           " more expansion sites"});
        if (a.sites.size() < d.sites.size())
            a.finding.notes.push_back({d.location, "not at its other " + std::to_string(d.sites.size() - a.sites.size()) +
                                                       " expansion sites (the operand types differ there)"});
    }

    // PATH files no translation unit read (headers nothing includes, files not in the database):
    // the lexer, as without a database.
    void scan_uncovered_paths() {
        if (options_.paths.empty()) return;
        ScanList list = list_paths(options_.paths, database_, options_.defaults);
        errors_.insert(errors_.end(), list.errors.begin(), list.errors.end());
        for (const SourceFile &file : list.files) {
            if (files_read_.count(absolute_normal(file.path))) continue;
            std::string error;
            if (!scan_source_file(file, report_, error)) errors_.push_back(error);
            ++lexer_files_;
        }
    }

    void describe_mode(size_t units) {
        std::string mode = "clang: " + std::to_string(units) + (units == 1 ? " translation unit" : " translation units");
        if (preprocessor_units_)
            mode += ", " + std::to_string(preprocessor_units_) + " partly through the build's preprocessor";
        if (lexer_units_) mode += ", " + std::to_string(lexer_units_) + " partly through the lexer";
        mode += ", " + std::to_string(sites_) + (sites_ == 1 ? " expansion site" : " expansion sites");
        if (lexer_files_) mode += "; lexer: " + std::to_string(lexer_files_) + (lexer_files_ == 1 ? " file" : " files");
        report_.mode = mode;
    }

    const std::vector<CompileCommand> &database_;
    const FrontEndOptions &options_;
    ScanReport &report_;
    std::vector<std::string> &errors_;
    ScanProgress &progress_;
    IsolatedParser parser_;  // one child parses unit after unit
    std::vector<std::string> roots_;
    std::unordered_map<std::string, std::string> display_;
    std::vector<Definition> definitions_;
    std::unordered_map<std::string, size_t> index_;
    std::set<std::string> files_read_;
    std::set<std::string> noted_files_;
    size_t parsed_units_ = 0;
    size_t preprocessor_units_ = 0;
    size_t lexer_units_ = 0;
    size_t lexer_files_ = 0;
    size_t sites_ = 0;
};

}  // namespace

std::vector<const CompileCommand *> translation_units_to_parse(const std::vector<CompileCommand> &database,
                                                              const std::vector<std::string> &paths) {
    std::vector<std::string> roots;
    for (const std::string &p : paths) roots.push_back(absolute_normal(p));
    std::vector<const CompileCommand *> units;
    for (const CompileCommand &c : database)
        if (roots.empty() || std::any_of(roots.begin(), roots.end(), [&](const std::string &r) { return is_under(c.file, r); }))
            units.push_back(&c);
    return units;
}

void scan_with_front_end(const std::vector<CompileCommand> &database, const FrontEndOptions &options,
                         ScanReport &report, std::vector<std::string> &errors, ScanProgress &progress) {
    FrontEndScan(database, options, report, errors, progress).run();
}

}  // namespace heisen::asmcheck
