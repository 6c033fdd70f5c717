// extract.cpp — finds asm statements in live code and #define bodies and tracks whether each
// can be emitted more than once (macro, inline function, header).
#include "asm/extract.h"

#include <algorithm>

#include "asm/extract_statement.h"
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

class Extractor {
public:
    Extractor(const SourceText &source, const LexedSource &lexed, const ExtractOptions &options)
        : source_(source), lexed_(lexed), options_(options) {
        for (const MacroDefinition &m : lexed.macros)
            if (!m.function_like) object_macros_[m.name] = &m;
    }

    ExtractedFile run() {
        for (const LexProblem &p : lexed_.problems) out_.problems.push_back({source_.location(p.offset), p.reason});
        scan_file_tokens();
        for (const MacroDefinition &m : lexed_.macros) scan_macro(m);
        sort_by_location();
        return std::move(out_);
    }

private:
    void scan_file_tokens() {
        const std::vector<Token> &tokens = lexed_.tokens;
        std::vector<Scope> scopes{{true, false, false}};
        Head head;
        const std::vector<size_t> closing = match_parentheses(tokens);
        const StatementTokens in{source_, tokens, nullptr, object_macros_, closing};
        for (size_t i = 0; i < tokens.size();) {
            const Token &t = tokens[i];
            if (!t.problem.empty()) {
                out_.problems.push_back({source_.location(t.begin), t.problem});
            } else if (is_asm_keyword(t) && at_statement_position(i ? &tokens[i - 1] : nullptr, scopes.back().file_scope)) {
                AsmStatement statement;
                const size_t next = parse_asm_statement(in, i, statement);
                if (next != i) {
                    statement.may_be_duplicated = options_.is_header || scopes.back().duplicated;
                    out_.statements.push_back(std::move(statement));
                    i = next;
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
                scopes.push_back(scope);
                head = Head{};
            } else if (is_punct(t, "}")) {
                if (scopes.size() > 1) scopes.pop_back();
                head = Head{};
            } else if (is_punct(t, ";")) {
                head = Head{};
            } else {
                head.note(t);
            }
            ++i;
        }
    }

    void scan_macro(const MacroDefinition &macro) {
        const std::vector<size_t> closing = match_parentheses(macro.body);
        const StatementTokens in{source_, macro.body, &macro, object_macros_, closing};
        for (size_t i = 0; i < macro.body.size();) {
            const Token &t = macro.body[i];
            if (!t.problem.empty()) out_.problems.push_back({source_.location(t.begin), t.problem});
            if (is_asm_keyword(t) && at_statement_position(i ? &macro.body[i - 1] : nullptr, false)) {
                AsmStatement statement;
                const size_t next = parse_asm_statement(in, i, statement);
                if (next != i) {
                    statement.may_be_duplicated = true;
                    statement.enclosing_macro = macro.name;
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
    const LexedSource &lexed_;
    const ExtractOptions &options_;
    ObjectMacros object_macros_;
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
    const SourceText source(contents, file_name);
    const LexedSource lexed = lex_source(source, options.target_macros);
    return Extractor(source, lexed, options).run();
}

bool is_header_file_name(std::string_view file_name) {
    const size_t dot = file_name.rfind('.');
    if (dot == std::string_view::npos) return false;
    const std::string_view ext = file_name.substr(dot + 1);
    return ext == "h" || ext == "hh" || ext == "hpp" || ext == "hxx" || ext == "h++" || ext == "inc" ||
           ext == "inl" || ext == "ipp" || ext == "tcc";
}

}  // namespace heisen::asmcheck
