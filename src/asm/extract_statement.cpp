// extract_statement.cpp — template, operands, clobbers and labels of one asm statement.
#include "asm/extract_statement.h"

#include <algorithm>

namespace heisen::asmcheck {

namespace {

bool is_punct(const Token &t, const char *spelling) { return t.kind == TokenKind::Punctuator && t.value == spelling; }

bool qualifier(const Token &t, bool &is_volatile, bool &is_inline, bool &is_goto) {
    if (t.kind != TokenKind::Identifier) return false;
    const std::string &v = t.value;
    if (v == "volatile" || v == "__volatile" || v == "__volatile__") return is_volatile = true;
    if (v == "inline" || v == "__inline" || v == "__inline__") return is_inline = true;
    if (v == "goto") return is_goto = true;
    return false;
}

struct Range {
    size_t begin;
    size_t end;  // exclusive
    bool empty() const { return begin == end; }
};

// Splits [r.begin, r.end) at top-level `separator` tokens (parentheses, brackets, braces nest).
std::vector<Range> split_top_level(const std::vector<Token> &tokens, Range r, const char *separator) {
    std::vector<Range> parts;
    int depth = 0;
    size_t start = r.begin;
    for (size_t i = r.begin; i < r.end; ++i) {
        const Token &t = tokens[i];
        if (t.kind == TokenKind::Punctuator) {
            if (t.value == "(" || t.value == "[" || t.value == "{") ++depth;
            else if (t.value == ")" || t.value == "]" || t.value == "}") --depth;
            else if (depth == 0 && t.value == separator) {
                parts.push_back({start, i});
                start = i + 1;
            }
        }
    }
    parts.push_back({start, r.end});
    return parts;
}

class StatementParser {
public:
    StatementParser(const StatementTokens &in, AsmStatement &out) : in_(in), tokens_(in.tokens), out_(out) {}

    // Appends the string literals of `r` to `text` (with pieces when `pieces` is set). Returns
    // false, with a reason in out_.unresolved, when a token is not a usable literal.
    bool literal_text(Range r, std::string &text, std::vector<AsmStatement::Piece> *pieces, const char *what,
                      const std::vector<Token> &tokens, int macro_depth = 0) {
        if (r.empty()) return true;
        for (size_t i = r.begin; i < r.end; ++i) {
            const Token &t = tokens[i];
            if (t.kind == TokenKind::String) {
                if (!t.problem.empty()) return unresolved(std::string(what) + ": " + t.problem);
                if (!t.prefix.empty() && t.prefix != "u8" && t.prefix != "R" && t.prefix != "u8R")
                    return unresolved(std::string(what) + ": wide string literal (prefix " + t.prefix + ")");
                if (pieces) pieces->push_back({text.size(), in_.source.location(t.begin)});
                text += t.value;
                continue;
            }
            if (is_punct(t, "#") && i + 1 < r.end && tokens[i + 1].kind == TokenKind::Identifier)
                return unresolved(std::string(what) + " uses the stringized macro argument '#" + tokens[i + 1].value +
                                  "'");
            if (t.kind == TokenKind::Identifier) {
                if (macro_depth == 0 && is_parameter(t.value))
                    return unresolved(std::string(what) + " comes from the macro argument '" + t.value + "'");
                const auto macro = in_.object_macros.find(t.value);
                const bool callable = i + 1 < r.end && is_punct(tokens[i + 1], "(");
                if (macro != in_.object_macros.end() && !callable && macro_depth < 8) {
                    // A budget keeps macros that name each other many times from exploding.
                    expanded_tokens_ += macro->second->body.size();
                    if (expanded_tokens_ > kExpansionBudget)
                        return unresolved(std::string(what) + " expands macros to more than " +
                                          std::to_string(kExpansionBudget) + " tokens");
                    // Expanded when its body is literals and further such macros only.
                    const std::vector<Token> &body = macro->second->body;
                    if (!body.empty() && std::all_of(body.begin(), body.end(), [](const Token &b) {
                            return b.kind == TokenKind::String || b.kind == TokenKind::Identifier;
                        })) {
                        if (!literal_text({0, body.size()}, text, pieces, what, body, macro_depth + 1)) return false;
                        continue;
                    }
                }
                return unresolved(std::string(what) + " uses the macro '" + t.value + "'" +
                                  (macro == in_.object_macros.end() ? ", which is not defined in this file"
                                                                    : ", which is not a string literal"));
            }
            return unresolved(std::string(what) + " is not a string literal (at '" + spelling(t) + "')");
        }
        return true;
    }

    size_t parse(size_t keyword) {
        out_.location = in_.source.location(tokens_[keyword].begin);
        out_.keyword = tokens_[keyword].value;
        size_t i = keyword + 1;
        while (i < tokens_.size() && qualifier(tokens_[i], out_.is_volatile, out_.is_inline, out_.is_goto)) ++i;
        if (i == tokens_.size() || !is_punct(tokens_[i], "(")) return keyword;
        const size_t open = i;
        const size_t close = in_.closing[open];
        if (close == tokens_.size()) {
            unresolved(std::string("unbalanced parentheses: no ')' closes this asm statement") +
                       (in_.macro ? " before the end of the macro" : ""));
            return keyword + 1;
        }
        std::vector<Range> sections = split_top_level(tokens_, {open + 1, close}, ":");
        if (sections.size() > 5) {
            unresolved("more than four ':' sections");
            return close + 1;
        }
        out_.is_basic = sections.size() == 1;
        if (sections[0].empty()) unresolved("the template is empty");
        else literal_text(sections[0], out_.template_text, &out_.template_pieces, "the template", tokens_);
        if (sections.size() > 1) operands(sections[1], out_.outputs, "output");
        if (sections.size() > 2) operands(sections[2], out_.inputs, "input");
        if (sections.size() > 3) clobbers(sections[3]);
        if (sections.size() > 4) labels(sections[4]);
        return close + 1;
    }

private:
    bool unresolved(std::string reason) {
        if (std::find(out_.unresolved.begin(), out_.unresolved.end(), reason) == out_.unresolved.end())
            out_.unresolved.push_back(std::move(reason));
        return false;
    }

    bool is_parameter(const std::string &name) const {
        return in_.macro && std::find(in_.macro->parameters.begin(), in_.macro->parameters.end(), name) !=
                                in_.macro->parameters.end();
    }

    std::string spelling(const Token &t) const { return std::string(in_.source.text().substr(t.begin, t.end - t.begin)); }

    // The verbatim source text between two tokens, blanks at both ends trimmed.
    std::string verbatim(size_t from, size_t to) const {
        const std::string s(in_.source.text().substr(from, to - from));
        const size_t first = s.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) return {};
        const size_t last = s.find_last_not_of(" \t\r\n");
        return s.substr(first, last - first + 1);
    }

    void operands(Range section, std::vector<AsmOperand> &list, const char *kind) {
        if (section.empty()) return;
        for (Range item : split_top_level(tokens_, section, ",")) {
            const std::string what = std::string(kind) + " operand " + std::to_string(list.size() + 1);
            if (item.empty()) {
                unresolved(what + " is empty");
                continue;
            }
            AsmOperand op;
            size_t i = item.begin;
            if (is_punct(tokens_[i], "[")) {
                if (i + 2 < item.end && tokens_[i + 1].kind == TokenKind::Identifier && is_punct(tokens_[i + 2], "]")) {
                    op.symbolic_name = tokens_[i + 1].value;
                    i += 3;
                } else {
                    unresolved(what + " has a malformed [name]");
                    continue;
                }
            }
            size_t paren = i;
            while (paren < item.end && !is_punct(tokens_[paren], "(")) ++paren;
            if (paren == i || paren == item.end) {
                unresolved(what + " is not of the form \"constraint\" (expression)" +
                           (tokens_[i].kind == TokenKind::Identifier ? " (macro '" + tokens_[i].value + "'?)" : ""));
                continue;
            }
            op.location = in_.source.location(tokens_[i].begin);
            if (!literal_text({i, paren}, op.constraint, nullptr, (what + " constraint").c_str(), tokens_)) continue;
            const size_t close = in_.closing[paren];
            if (close >= item.end || close + 1 != item.end) {
                unresolved(what + " has text after its (expression)");
                continue;
            }
            op.expression = verbatim(tokens_[paren].end, tokens_[close].begin);
            list.push_back(std::move(op));
        }
    }

    void clobbers(Range section) { clobber_list(tokens_, section, 0); }

    // A clobber item may name an object-like macro of this file holding a list of clobbers
    // (`#define CALLER_SAVED "rcx", "rdx", "rsi"`): its items are spliced in.
    void clobber_list(const std::vector<Token> &tokens, Range section, int macro_depth) {
        if (section.empty()) return;
        for (Range item : split_top_level(tokens, section, ",")) {
            if (item.empty()) {
                unresolved("an empty clobber");
                continue;
            }
            if (item.end - item.begin == 1 && tokens[item.begin].kind == TokenKind::Identifier && macro_depth < 8) {
                const auto macro = in_.object_macros.find(tokens[item.begin].value);
                if (macro != in_.object_macros.end() && macro->second->body_kept) {
                    const std::vector<Token> &body = macro->second->body;
                    expanded_tokens_ += body.size();
                    if (expanded_tokens_ > kExpansionBudget) {
                        unresolved("a clobber expands macros to more than " + std::to_string(kExpansionBudget) + " tokens");
                        return;
                    }
                    if (body.empty() && macro_depth == 0) continue;  // an empty list, e.g. configured out
                    clobber_list(body, {0, body.size()}, macro_depth + 1);
                    continue;
                }
            }
            std::string clobber;
            if (literal_text(item, clobber, nullptr, "a clobber", tokens, macro_depth)) out_.clobbers.push_back(clobber);
        }
    }

    void labels(Range section) {
        if (section.empty()) return;
        for (Range item : split_top_level(tokens_, section, ",")) {
            if (item.end - item.begin == 1 && tokens_[item.begin].kind == TokenKind::Identifier)
                out_.goto_labels.push_back(tokens_[item.begin].value);
            else unresolved("a goto label is not a plain identifier");
        }
    }

    static constexpr size_t kExpansionBudget = 4096;

    const StatementTokens &in_;
    const std::vector<Token> &tokens_;
    AsmStatement &out_;
    size_t expanded_tokens_ = 0;
};

}  // namespace

bool is_asm_qualifier(const Token &token) {
    bool is_volatile = false, is_inline = false, is_goto = false;
    return qualifier(token, is_volatile, is_inline, is_goto);
}

std::vector<size_t> match_parentheses(const std::vector<Token> &tokens) {
    std::vector<size_t> closing(tokens.size(), tokens.size());
    std::vector<size_t> open;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (is_punct(tokens[i], "(")) {
            open.push_back(i);
        } else if (is_punct(tokens[i], ")") && !open.empty()) {
            closing[open.back()] = i;
            open.pop_back();
        }
    }
    return closing;
}

size_t parse_asm_statement(const StatementTokens &in, size_t keyword, AsmStatement &out) {
    return StatementParser(in, out).parse(keyword);
}

}  // namespace heisen::asmcheck
