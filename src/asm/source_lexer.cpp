// source_lexer.cpp — tokens of live code, one at a time, and the #defines that matter, with
// `#if 0` groups skipped.
#include "asm/source_lexer.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "asm/source_escapes.h"

namespace heisen::asmcheck {

namespace {

bool is_identifier_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
}
bool is_identifier_char(char c) { return is_identifier_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

bool is_string_prefix(std::string_view id) {
    return id == "L" || id == "u" || id == "U" || id == "u8" || id == "R" || id == "LR" || id == "uR" ||
           id == "UR" || id == "u8R";
}

// How a conditional group was entered: the `#else` of a group known to be taken is dead code.
enum class Conditional { Unknown, KnownTaken };

enum class GroupEnd { Else, Elif, Endif, EndOfFile };

}  // namespace

bool is_asm_keyword(const Token &token) {
    return token.kind == TokenKind::Identifier &&
           (token.value == "asm" || token.value == "__asm" || token.value == "__asm__");
}

class TokenStream::Lexer {
public:
    Lexer(const SourceText &source, const PredefinedMacros &macros, bool keep_macros)
        : text_(source.text()), macros_(macros), keep_macros_(keep_macros) {}

    bool next_live(Token &token) {
        if (!next(token, /*in_directive=*/false)) return false;
        ++live_tokens_;
        return true;
    }

    const std::vector<MacroDefinition> &macros() const { return macros_kept_; }

    std::vector<LexProblem> take_problems() {
        if (problems_dropped_)
            problems_.push_back({last_dropped_offset_, std::to_string(problems_dropped_) +
                                                           " more problems of this kind in the file are not listed"});
        problems_dropped_ = 0;
        return std::move(problems_);
    }

private:
    void problem(size_t offset, std::string reason) {
        if (!keep_macros_) return;
        if (problems_.size() < kMaxProblems) {
            problems_.push_back({offset, std::move(reason)});
        } else {
            ++problems_dropped_;
            last_dropped_offset_ = offset;
        }
    }

    char peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
    bool at_end() const { return pos_ >= text_.size(); }

    // Skips one comment starting at pos_, if any. Returns false when the comment never ends.
    bool skip_comment(bool &skipped) {
        skipped = false;
        if (peek() == '/' && peek(1) == '/') {
            while (!at_end() && peek() != '\n') ++pos_;
            skipped = true;
        } else if (peek() == '/' && peek(1) == '*') {
            const size_t start = pos_;
            const size_t close = text_.find("*/", pos_ + 2);
            if (close == std::string_view::npos) {
                problem(start, "unterminated /* comment; the rest of the file is not checked");
                pos_ = text_.size();
                return false;
            }
            pos_ = close + 2;
            skipped = true;
        }
        return true;
    }

    // Skips blanks and comments; in a directive, stops before the newline that ends it.
    void skip_space(bool in_directive) {
        while (!at_end()) {
            const char c = peek();
            if (is_blank(c)) {
                ++pos_;
            } else if (c == '\n') {
                if (in_directive) return;
                ++pos_;
                line_start_ = true;
            } else {
                bool skipped = false;
                if (!skip_comment(skipped) || !skipped) return;
            }
        }
    }

    // Skips the rest of a directive line: comments may span lines, literals are not required
    // to be well formed (`#error don't`).
    void skip_to_end_of_line() {
        while (!at_end() && peek() != '\n') {
            bool skipped = false;
            if (!skip_comment(skipped)) return;
            if (!skipped) ++pos_;
        }
    }

    std::string identifier_here() {
        const size_t start = pos_;
        while (!at_end() && is_identifier_char(peek())) ++pos_;
        return std::string(text_.substr(start, pos_ - start));
    }

    bool next(Token &token, bool in_directive) {
        for (;;) {
            skip_space(in_directive);
            if (at_end() || (in_directive && peek() == '\n')) return false;
            if (!in_directive && line_start_ && peek() == '#') {
                directive();
                continue;
            }
            line_start_ = false;
            lex_token(token);
            return true;
        }
    }

    void lex_token(Token &token) {
        token = Token{};
        token.begin = pos_;
        const char c = peek();
        if (is_identifier_start(c)) {
            std::string id = identifier_here();
            if ((peek() == '"' || (peek() == '\'' && id.find('R') == std::string::npos)) && is_string_prefix(id)) {
                const bool raw = id.back() == 'R';
                token.prefix = id;
                if (raw && peek() == '"') lex_raw_string(token);
                else lex_quoted(token, peek());
            } else {
                token.kind = TokenKind::Identifier;
                token.value = std::move(id);
            }
        } else if (is_digit(c) || (c == '.' && is_digit(peek(1)))) {
            lex_number(token);
        } else if (c == '"' || c == '\'') {
            lex_quoted(token, c);
        } else {
            token.kind = TokenKind::Punctuator;
            const size_t length = (c == '#' && peek(1) == '#') ? 2 : 1;
            token.value = std::string(text_.substr(pos_, length));
            pos_ += length;
        }
        token.end = pos_;
    }

    void lex_number(Token &token) {
        token.kind = TokenKind::Number;
        const size_t start = pos_;
        ++pos_;
        while (!at_end()) {
            const char c = peek();
            if ((c == '+' || c == '-') && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E' ||
                                           text_[pos_ - 1] == 'p' || text_[pos_ - 1] == 'P')) {
                ++pos_;
            } else if (c == '\'' && is_identifier_char(peek(1))) {  // digit separator 1'000
                pos_ += 2;
            } else if (is_identifier_char(c) || c == '.') {
                ++pos_;
            } else {
                break;
            }
        }
        token.value = std::string(text_.substr(start, pos_ - start));
    }

    void lex_quoted(Token &token, char quote) {
        token.kind = quote == '"' ? TokenKind::String : TokenKind::Character;
        ++pos_;
        const size_t body = pos_;
        while (!at_end() && peek() != quote && peek() != '\n') pos_ += (peek() == '\\' && peek(1) != '\n') ? 2 : 1;
        if (pos_ > text_.size()) pos_ = text_.size();
        if (at_end() || peek() != quote) {
            token.problem = quote == '"' ? "unterminated string literal" : "unterminated character literal";
            token.value = decode_escapes(text_.substr(body, pos_ - body));
            return;  // resume at the newline
        }
        token.value = decode_escapes(text_.substr(body, pos_ - body));
        ++pos_;
    }

    // R"delimiter( ... )delimiter" — contents verbatim, may span lines.
    void lex_raw_string(Token &token) {
        token.kind = TokenKind::String;
        ++pos_;
        // The delimiter is at most 16 characters, on the same line, before '('.
        size_t open = pos_;
        while (open < text_.size() && open - pos_ <= 16 && text_[open] != '(' && text_[open] != '\n' &&
               text_[open] != '"' && text_[open] != ' ')
            ++open;
        if (open >= text_.size() || text_[open] != '(') {
            token.problem = "malformed raw string literal";
            while (!at_end() && peek() != '\n') ++pos_;
            return;
        }
        const std::string closing = ")" + std::string(text_.substr(pos_, open - pos_)) + "\"";
        // A delimiter once found missing stays missing further on: no rescans of the file.
        const auto known = raw_delimiter_missing_after_.find(closing);
        const size_t close = known != raw_delimiter_missing_after_.end() && known->second <= open
                                 ? std::string_view::npos
                                 : text_.find(closing, open + 1);
        if (close == std::string_view::npos) {
            raw_delimiter_missing_after_.emplace(closing, open);
            token.problem = "unterminated raw string literal";
            while (!at_end() && peek() != '\n') ++pos_;
            return;
        }
        token.value = std::string(text_.substr(open + 1, close - open - 1));
        pos_ = close + closing.size();
    }

    // At '#' first on a line.
    // evaluate_condition, with a note when the condition nests too deep to be read.
    Truth evaluate(const std::string &directive, const std::string &condition, size_t directive_offset) {
        bool too_deep = false;
        const Truth truth = evaluate_condition(directive, condition, macros_, &file_macros_, &too_deep);
        if (too_deep)
            problem(directive_offset, "this #" + directive + " condition nests deeper than " +
                                          std::to_string(kMaxConditionDepth) + " levels; every branch of it is checked");
        return truth;
    }

    void directive() {
        const size_t start = pos_;
        ++pos_;
        skip_space(true);
        const std::string name = is_identifier_start(peek()) ? identifier_here() : std::string();
        if (name == "define") {
            define();
        } else if (name == "if" || name == "ifdef" || name == "ifndef") {
            const std::string condition = rest_of_line();
            Truth truth = evaluate(name, condition, start);
            if (name == "ifndef" && !seen_conditional_ && live_tokens_ == 0 && is_include_guard(condition))
                truth = Truth::True;  // the guarded text is what every includer compiles first
            seen_conditional_ = true;
            if (truth == Truth::False) after_dead_group(skip_group(/*until_endif=*/false), /*all_false=*/true);
            else conditionals_.push_back(truth == Truth::True ? Conditional::KnownTaken : Conditional::Unknown);
        } else if (name == "else" || name.rfind("elif", 0) == 0) {
            const std::string condition = rest_of_line();
            if (conditionals_.empty()) {
                // A stray #else/#elif: nothing to decide.
            } else if (conditionals_.back() == Conditional::KnownTaken) {
                skip_group(/*until_endif=*/true);
                conditionals_.pop_back();
            } else if (name != "else" && evaluate(name, condition, start) == Truth::False) {
                conditionals_.pop_back();
                after_dead_group(skip_group(/*until_endif=*/false), /*all_false=*/false);
            }
        } else if (name == "endif") {
            skip_to_end_of_line();
            if (!conditionals_.empty()) conditionals_.pop_back();
        } else if (name == "undef") {
            skip_space(true);
            if (is_identifier_start(peek())) record_macro(identifier_here(), Truth::False);
            skip_to_end_of_line();
        } else {
            skip_to_end_of_line();  // include, pragma, error, line markers …
        }
        line_start_ = true;
    }

    void define() {
        skip_space(true);
        MacroDefinition macro;
        macro.name_offset = pos_;
        if (!is_identifier_start(peek())) {
            skip_to_end_of_line();
            return;
        }
        macro.name = identifier_here();
        record_macro(macro.name, Truth::True);
        if (peek() == '(') {  // function-like only when '(' follows the name directly
            macro.function_like = true;
            ++pos_;
            for (;;) {
                skip_space(true);
                if (at_end() || peek() == '\n') break;
                if (peek() == ')') {
                    ++pos_;
                    break;
                }
                if (peek() == ',') {
                    ++pos_;
                } else if (peek() == '.' && peek(1) == '.' && peek(2) == '.') {
                    macro.parameters.push_back("__VA_ARGS__");
                    pos_ += 3;
                } else if (is_identifier_start(peek())) {
                    macro.parameters.push_back(identifier_here());
                } else {
                    ++pos_;
                }
            }
        }
        Token token;
        bool has_asm = false;
        bool template_material = true;  // string literals, identifiers and commas only
        while (next(token, /*in_directive=*/true)) {
            if (!keep_macros_) continue;
            has_asm = has_asm || is_asm_keyword(token);
            template_material = template_material && (token.kind == TokenKind::String ||
                                                      token.kind == TokenKind::Identifier ||
                                                      (token.kind == TokenKind::Punctuator && token.value == ","));
            // (All of it: declarations before the asm keyword, such as a register variable
            // the statement uses, matter too. A body that turns out not to is dropped below.)
            macro.body.push_back(std::move(token));
        }
        if (!keep_macros_ || (macro.function_like && !has_asm)) return;
        if (!has_asm && !template_material) {
            macro.body.clear();
            macro.body.shrink_to_fit();
            macro.body_kept = false;
        }
        macros_kept_.push_back(std::move(macro));
    }

    // `#ifndef NAME` directly followed by `#define NAME` (only blanks and comments between).
    bool is_include_guard(const std::string &condition) {
        const size_t first = condition.find_first_not_of(" \t");
        if (first == std::string::npos) return false;
        const size_t last = condition.find_last_not_of(" \t");
        const std::string guard = condition.substr(first, last - first + 1);
        const size_t saved = pos_;
        const bool saved_line_start = line_start_;
        skip_space(false);
        bool guard_follows = false;
        if (peek() == '#') {
            ++pos_;
            skip_space(true);
            if (is_identifier_start(peek()) && identifier_here() == "define") {
                skip_space(true);
                guard_follows = is_identifier_start(peek()) && identifier_here() == guard;
            }
        }
        pos_ = saved;
        line_start_ = saved_line_start;
        return guard_follows;
    }

    // What later conditions may assume about `name`: only a #define or #undef reached on every
    // path (all enclosing conditionals decided true) is certain.
    void record_macro(const std::string &name, Truth state) {
        const bool certain = std::all_of(conditionals_.begin(), conditionals_.end(),
                                         [](Conditional c) { return c == Conditional::KnownTaken; });
        file_macros_[name] = certain ? state : Truth::Unknown;
    }

    // The text of the directive line from pos_, comments dropped; pos_ ends at the newline.
    std::string rest_of_line() {
        std::string out;
        while (!at_end() && peek() != '\n') {
            bool skipped = false;
            if (!skip_comment(skipped)) break;
            if (skipped) out += ' ';
            else out += text_[pos_++];
        }
        return out;
    }

    // After a group known to be dead, ended by `end`: decides what follows. `all_false` says
    // every earlier branch of this conditional was known false, so an #else (or an #elif known
    // true) is known taken.
    void after_dead_group(GroupEnd end, bool all_false) {
        for (;;) {
            if (end == GroupEnd::Endif || end == GroupEnd::EndOfFile) return;
            if (end == GroupEnd::Else) {
                conditionals_.push_back(all_false ? Conditional::KnownTaken : Conditional::Unknown);
                return;
            }
            const Truth truth = evaluate(skipped_directive_, skipped_condition_, skipped_offset_);
            if (truth != Truth::False) {
                conditionals_.push_back(truth == Truth::True && all_false ? Conditional::KnownTaken
                                                                          : Conditional::Unknown);
                return;
            }
            end = skip_group(/*until_endif=*/false);
        }
    }

    // Skips a dead group line by line, honouring nested conditionals and comments; stops after
    // the directive that ends it (#else/#elif at this level unless until_endif, or #endif).
    GroupEnd skip_group(bool until_endif) {
        int depth = 0;
        bool line_start = true;
        while (!at_end()) {
            const char c = peek();
            if (c == '\n') {
                ++pos_;
                line_start = true;
            } else if (is_blank(c)) {
                ++pos_;
            } else if (line_start && c == '#') {
                const size_t directive_offset = pos_;
                ++pos_;
                skip_space(true);
                const std::string name = is_identifier_start(peek()) ? identifier_here() : std::string();
                const std::string condition = rest_of_line();
                if (name == "if" || name == "ifdef" || name == "ifndef") {
                    ++depth;
                } else if (name == "endif") {
                    if (depth == 0) return GroupEnd::Endif;
                    --depth;
                } else if (depth == 0 && !until_endif && name == "else") {
                    return GroupEnd::Else;
                } else if (depth == 0 && !until_endif && name.rfind("elif", 0) == 0) {
                    skipped_directive_ = name;
                    skipped_condition_ = condition;
                    skipped_offset_ = directive_offset;
                    return GroupEnd::Elif;
                }
            } else {
                line_start = false;
                bool skipped = false;
                if (!skip_comment(skipped)) return GroupEnd::EndOfFile;
                if (skipped) continue;
                if (c == '"') {  // a string may hold "/*"; an apostrophe in prose is harmless
                    ++pos_;
                    while (!at_end() && peek() != '"' && peek() != '\n') pos_ += peek() == '\\' ? 2 : 1;
                    if (!at_end() && peek() == '"') ++pos_;
                } else {
                    ++pos_;
                }
            }
        }
        if (pos_ > text_.size()) pos_ = text_.size();
        return GroupEnd::EndOfFile;
    }

    std::string_view text_;
    size_t pos_ = 0;
    bool line_start_ = true;
    const PredefinedMacros &macros_;
    const bool keep_macros_;
    std::vector<Conditional> conditionals_;
    std::string skipped_directive_;  // the #elif that ended the last skipped group, its condition and offset
    std::string skipped_condition_;
    size_t skipped_offset_ = 0;
    std::unordered_map<std::string, size_t> raw_delimiter_missing_after_;
    std::unordered_map<std::string, Truth> file_macros_;
    bool seen_conditional_ = false;
    size_t live_tokens_ = 0;
    std::vector<MacroDefinition> macros_kept_;
    std::vector<LexProblem> problems_;
    size_t problems_dropped_ = 0;
    size_t last_dropped_offset_ = 0;
};

namespace {
const PredefinedMacros kNoMacros;
}

TokenStream::TokenStream(const SourceText &source, const PredefinedMacros *target_macros, bool keep_macros)
    : lexer_(std::make_unique<Lexer>(source, target_macros ? *target_macros : kNoMacros, keep_macros)) {}

TokenStream::~TokenStream() = default;

bool TokenStream::next(Token &token) { return lexer_->next_live(token); }

const std::vector<MacroDefinition> &TokenStream::macros() const { return lexer_->macros(); }

std::vector<LexProblem> TokenStream::take_problems() { return lexer_->take_problems(); }

}  // namespace heisen::asmcheck
