// extract.cpp — finds asm statements in live code and #define bodies and tracks whether each
// can be emitted more than once (macro, inline function, header).
#include "asm/extract.h"

#include <algorithm>

#include "asm/extract_statement.h"
#include "asm/register_variables.h"
#include "asm/source_encoding.h"
#include "asm/source_lexer.h"
#include "asm/source_text.h"

namespace heisen::asmcheck {

namespace {

bool is_punct(const Token &t, const char *spelling) { return t.kind == TokenKind::Punctuator && t.value == spelling; }

// Whether an asm keyword after `previous` starts a statement. `int f(void) asm("g");` and
// `register long r asm("r10")` are asm labels of declarations, not statements: they follow a
// declarator (an identifier, or ')' / ']' at file scope).
bool at_statement_position(const Token *previous, bool file_scope) {
    if (!previous) return true;
    if (previous->kind == TokenKind::Identifier)
        return previous->value == "else" || previous->value == "do" || previous->value == "__extension__";
    if (previous->kind != TokenKind::Punctuator) return false;
    const std::string &p = previous->value;
    if (p == "." || p == ">") return false;  // member access: s.asm, p->asm
    if (p == ")" || p == "]") return !file_scope;
    return true;
}

// Braces: what a `{` opens decides whether code in it can be emitted more than once.
struct Scope {
    bool file_scope;   // file, namespace or extern "C" block: declarations, not statements
    bool class_body;   // C++ member functions defined here are implicitly inline
    bool duplicated;   // inline function (or inside one)
};

// What the tokens since the last ';', '{' or '}' said about the next '{'.
struct Head {
    bool has_inline = false;
    bool has_class = false;
    bool has_paren = false;
    bool has_namespace = false;
    bool has_template = false;
    bool has_extern_string = false;
    bool has_assign = false;
    void note(const Token &t) {
        if (t.kind == TokenKind::Identifier) {
            const std::string &v = t.value;
            if (v == "inline" || v == "__inline" || v == "__inline__" || v == "__always_inline" ||
                v == "__forceinline" || v == "always_inline" || v == "constexpr" || v == "consteval")
                has_inline = true;
            else if (v == "class" || v == "struct" || v == "union") has_class = true;
            else if (v == "namespace") has_namespace = true;
            else if (v == "template") has_template = true;
        } else if (t.kind == TokenKind::String) {
            has_extern_string = true;  // extern "C" {
        } else if (is_punct(t, "(")) {
            has_paren = true;
        } else if (is_punct(t, "=")) {
            has_assign = true;
        }
    }
};

// Pass 1: where the parenthesis after each asm keyword closes, found by reading the stream once
// without keeping it. Pass 2 then knows, when it meets a statement, whether to collect its tokens
// up to that point or to treat it as unbalanced — linear in the file, and memory only for the
// statements.
struct StatementEnds {
    std::vector<size_t> opens;   // stream index of each '(' following an asm keyword and qualifiers
    std::vector<size_t> closes;  // the index of its ')', or kNone
    static constexpr size_t kNone = static_cast<size_t>(-1);
};

StatementEnds find_statement_ends(const SourceText &source, const PredefinedMacros *macros) {
    StatementEnds ends;
    TokenStream stream(source, macros, /*keep_macros=*/false);
    std::vector<std::pair<size_t, size_t>> open;  // (depth, position in ends.opens) of unclosed ones
    size_t depth = 0;
    bool after_keyword = false;
    Token t;
    for (size_t index = 0; stream.next(t); ++index) {
        if (is_punct(t, "(")) {
            ++depth;
            if (after_keyword) {
                ends.opens.push_back(index);
                ends.closes.push_back(StatementEnds::kNone);
                open.emplace_back(depth, ends.opens.size() - 1);
            }
        } else if (is_punct(t, ")") && depth > 0) {  // a stray ')' closes nothing
            if (!open.empty() && open.back().first == depth) {
                ends.closes[open.back().second] = index;
                open.pop_back();
            }
            --depth;
        }
        after_keyword = is_asm_keyword(t) || (after_keyword && is_asm_qualifier(t));
    }
    return ends;
}

// Nested scopes, stored as runs: a file of 50 million '{' is one entry, not 50 million.
class ScopeStack {
public:
    explicit ScopeStack(Scope file) { runs_.push_back({file, 1}); }
    const Scope &back() const { return runs_.back().first; }
    void push(const Scope &s) {
        const Scope &top = runs_.back().first;
        if (top.file_scope == s.file_scope && top.class_body == s.class_body && top.duplicated == s.duplicated)
            ++runs_.back().second;
        else
            runs_.push_back({s, 1});
    }
    void pop() {  // never below the file scope
        if (runs_.size() == 1 && runs_.back().second == 1) return;
        if (--runs_.back().second == 0) runs_.pop_back();
    }

private:
    std::vector<std::pair<Scope, size_t>> runs_;
};

class Extractor {
public:
    Extractor(const SourceText &source, const ExtractOptions &options)
        : source_(source), options_(options), ends_(find_statement_ends(source, options.target_macros)),
          stream_(source, options.target_macros) {}

    ExtractedFile run() {
        scan_file_tokens();
        for (const LexProblem &p : stream_.take_problems()) add_problem(source_.location(p.offset), p.reason);
        // Statements are parsed once the whole file is read: a template may use a macro the
        // file defines further down (a statement in a #define body is expanded later).
        for (const MacroDefinition &m : stream_.macros())
            if (!m.function_like) object_macros_[m.name] = &m;
        for (PendingStatement &p : pending_) parse_pending(p);
        pending_.clear();
        for (const MacroDefinition &m : stream_.macros()) scan_macro(m);
        if (problems_dropped_)
            out_.problems.push_back({last_dropped_, std::to_string(problems_dropped_) +
                                                        " more problems in this file are not listed"});
        sort_by_location();
        return std::move(out_);
    }

private:
    // The tokens of one statement of live code, from its keyword to its ')' (or only up to the
    // '(' when nothing closes it).
    struct PendingStatement {
        std::vector<Token> tokens;
        bool duplicated;
    };

    // At most kMaxProblems notes per file; then one that says how many more there were.
    void add_problem(SourceLocation where, std::string reason) {
        if (out_.problems.size() < TokenStream::kMaxProblems) {
            out_.problems.push_back({std::move(where), std::move(reason)});
        } else {
            ++problems_dropped_;
            last_dropped_ = std::move(where);
        }
    }

    // The next token with its stream index: replayed ones first.
    bool next(Token &t, size_t &index) {
        if (!replay_.empty()) {
            t = std::move(replay_.back().first);
            index = replay_.back().second;
            replay_.pop_back();
            return true;
        }
        if (!stream_.next(t)) return false;
        index = read_++;
        return true;
    }

    // Where the '(' at stream index `index` closes, if it follows an asm keyword.
    size_t close_of(size_t index) {
        while (next_open_ < ends_.opens.size() && ends_.opens[next_open_] < index) ++next_open_;
        if (next_open_ < ends_.opens.size() && ends_.opens[next_open_] == index) return ends_.closes[next_open_];
        return StatementEnds::kNone;
    }

    // At an asm keyword in statement position: collects the statement. Returns false when the
    // keyword starts none (no '(' after the qualifiers); the tokens read are then replayed.
    // `last` is then the statement's last token, which the code after it follows.
    bool collect_statement(Token keyword, bool duplicated, Token &last) {
        std::vector<std::pair<Token, size_t>> head;
        Token t;
        size_t index = 0;
        while (next(t, index)) {
            const bool qualifier = is_asm_qualifier(t);
            const bool open = is_punct(t, "(");
            head.emplace_back(std::move(t), index);
            if (!qualifier) {
                if (!open) break;
                PendingStatement statement{{std::move(keyword)}, duplicated};
                const size_t close = close_of(index);
                if (close == StatementEnds::kNone) {
                    // Unbalanced: the statement is reported as such, and everything after its
                    // keyword is read again as code.
                    last = statement.tokens.front();
                    for (const auto &h : head) statement.tokens.push_back(h.first);
                    pending_.push_back(std::move(statement));
                    replay(head);
                    return true;
                }
                for (auto &h : head) statement.tokens.push_back(std::move(h.first));
                while (index < close && next(t, index)) statement.tokens.push_back(std::move(t));
                last = statement.tokens.back();
                pending_.push_back(std::move(statement));
                return true;
            }
        }
        replay(head);
        return false;
    }

    void replay(std::vector<std::pair<Token, size_t>> &tokens) {
        for (size_t k = tokens.size(); k-- > 0;) replay_.push_back(std::move(tokens[k]));
    }

    void scan_file_tokens() {
        ScopeStack scopes({true, false, false});
        Head head;
        Token previous;
        bool has_previous = false;
        Token t;
        size_t index = 0;
        while (next(t, index)) {
            register_variables_.see(t);
            if (!t.problem.empty()) {
                add_problem(source_.location(t.begin), t.problem);
            } else if (is_asm_keyword(t) && at_statement_position(has_previous ? &previous : nullptr,
                                                                  scopes.back().file_scope)) {
                if (collect_statement(t, options_.is_header || scopes.back().duplicated, previous)) {
                    has_previous = true;
                    head = Head{};
                    continue;
                }
            }
            if (is_punct(t, "{")) {
                const Scope &parent = scopes.back();
                Scope scope{false, false, parent.duplicated};
                if (head.has_namespace || (head.has_extern_string && !head.has_paren)) {
                    scope.file_scope = true;
                } else if (head.has_class && !head.has_paren && !head.has_assign) {
                    scope.class_body = true;
                    scope.file_scope = true;  // declarations: `int f() asm("g");` is a label here
                } else if (head.has_inline || head.has_template || (parent.class_body && head.has_paren)) {
                    scope.duplicated = true;
                }
                scopes.push(scope);
                head = Head{};
            } else if (is_punct(t, "}")) {
                scopes.pop();
                head = Head{};
            } else if (is_punct(t, ";")) {
                head = Head{};
            } else {
                head.note(t);
            }
            previous = std::move(t);
            has_previous = true;
        }
    }

    void parse_pending(PendingStatement &p) {
        const std::vector<size_t> closing = match_parentheses(p.tokens);
        const StatementTokens in{source_, p.tokens, nullptr, object_macros_, closing};
        AsmStatement statement;
        parse_asm_statement(in, 0, statement);
        statement.may_be_duplicated = p.duplicated;
        bind_register_variables(statement, register_variables_.found(), p.tokens.front().begin);
        out_.statements.push_back(std::move(statement));
        p.tokens = {};
    }

    void scan_macro(const MacroDefinition &macro) {
        const std::vector<size_t> closing = match_parentheses(macro.body);
        const StatementTokens in{source_, macro.body, &macro, object_macros_, closing};
        // A macro's own declarations, else those of the file before the macro.
        std::vector<RegisterVariable> variables = register_variables_.found();
        for (RegisterVariable &v : find_register_variables(macro.body)) variables.push_back(std::move(v));
        for (size_t i = 0; i < macro.body.size();) {
            const Token &t = macro.body[i];
            if (!t.problem.empty()) add_problem(source_.location(t.begin), t.problem);
            if (is_asm_keyword(t) && at_statement_position(i ? &macro.body[i - 1] : nullptr, false)) {
                AsmStatement statement;
                const size_t next = parse_asm_statement(in, i, statement);
                if (next != i) {
                    statement.may_be_duplicated = true;
                    statement.enclosing_macro = macro.name;
                    bind_register_variables(statement, variables, t.begin);
                    out_.statements.push_back(std::move(statement));
                    i = next;
                    continue;
                }
            }
            ++i;
        }
    }

    void sort_by_location() {
        const auto before = [](const SourceLocation &a, const SourceLocation &b) {
            return a.line != b.line ? a.line < b.line : a.column < b.column;
        };
        std::stable_sort(out_.statements.begin(), out_.statements.end(),
                         [&](const AsmStatement &a, const AsmStatement &b) { return before(a.location, b.location); });
        std::stable_sort(out_.problems.begin(), out_.problems.end(),
                         [&](const ExtractProblem &a, const ExtractProblem &b) { return before(a.location, b.location); });
    }

    const SourceText &source_;
    const ExtractOptions &options_;
    const StatementEnds ends_;
    TokenStream stream_;
    size_t read_ = 0;       // tokens taken from stream_
    size_t next_open_ = 0;  // first entry of ends_.opens not yet passed
    std::vector<std::pair<Token, size_t>> replay_;  // read but not yet consumed, last first
    std::vector<PendingStatement> pending_;
    ObjectMacros object_macros_;
    RegisterVariableFinder register_variables_;
    size_t problems_dropped_ = 0;
    SourceLocation last_dropped_;
    ExtractedFile out_;
};

}  // namespace

ExtractedFile extract_asm_statements(std::string_view contents, const std::string &file_name,
                                     const ExtractOptions &options) {
    if (const auto problem = check_source_encoding(contents)) {
        ExtractedFile out;
        const SourceText prefix(contents.substr(0, problem->offset), file_name);
        out.problems.push_back({prefix.location(prefix.text().size()), problem->reason});
        return out;
    }
    if (contents.size() > SourceText::kMaxBytes) {
        ExtractedFile out;
        out.problems.push_back({SourceLocation{file_name, 0, 0}, "larger than 4 GiB; not read"});
        return out;
    }
    const SourceText source(contents, file_name);
    return Extractor(source, options).run();
}

bool is_header_file_name(std::string_view file_name) {
    const size_t dot = file_name.rfind('.');
    if (dot == std::string_view::npos) return false;
    const std::string_view ext = file_name.substr(dot + 1);
    return ext == "h" || ext == "hh" || ext == "hpp" || ext == "hxx" || ext == "h++" || ext == "inc" ||
           ext == "inl" || ext == "ipp" || ext == "tcc";
}

}  // namespace heisen::asmcheck
