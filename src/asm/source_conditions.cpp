// source_conditions.cpp — a three-valued evaluator for target-only #if conditions.
#include "asm/source_conditions.h"

#include <algorithm>
#include <cctype>

namespace heisen::asmcheck {

namespace {

Truth truth_of(bool b) { return b ? Truth::True : Truth::False; }

Truth negate(Truth t) { return t == Truth::Unknown ? t : truth_of(t == Truth::False); }

class ConditionParser {
public:
    ConditionParser(std::string_view text, const PredefinedMacros &macros,
                    const std::unordered_map<std::string, Truth> *file_macros)
        : text_(text), macros_(macros), file_macros_(file_macros) {}

    Truth parse() {
        const Truth t = parse_or();
        skip_space();
        return failed_ || pos_ != text_.size() ? Truth::Unknown : t;
    }

    bool too_deep() const { return too_deep_; }

    Truth defined(std::string_view name) const {
        if (file_macros_) {
            const auto it = file_macros_->find(std::string(name));
            if (it != file_macros_->end()) return it->second;
        }
        const auto has = [&](const std::vector<std::string> &list) {
            return std::find(list.begin(), list.end(), name) != list.end();
        };
        if (has(macros_.defined)) return Truth::True;
        if (has(macros_.undefined)) return Truth::False;
        return Truth::Unknown;
    }

private:
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    bool eat(std::string_view op) {
        skip_space();
        if (text_.substr(pos_, op.size()) != op) return false;
        pos_ += op.size();
        return true;
    }
    std::string_view identifier() {
        skip_space();
        const size_t start = pos_;
        while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
            ++pos_;
        return text_.substr(start, pos_ - start);
    }

    Truth parse_or() {
        Truth t = parse_and();
        while (!failed_ && eat("||")) {
            const Truth r = parse_and();
            t = (t == Truth::True || r == Truth::True) ? Truth::True
                : (t == Truth::False && r == Truth::False) ? Truth::False : Truth::Unknown;
        }
        return t;
    }
    Truth parse_and() {
        Truth t = parse_unary();
        while (!failed_ && eat("&&")) {
            const Truth r = parse_unary();
            t = (t == Truth::False || r == Truth::False) ? Truth::False
                : (t == Truth::True && r == Truth::True) ? Truth::True : Truth::Unknown;
        }
        return t;
    }
    // A comparison or arithmetic (`__GNUC__ >= 4`) is not evaluated: the operand up to the next
    // top-level && or || is Unknown, so `X >= 4 && defined(__riscv)` is still false on x86.
    Truth parse_unary() {
        const Truth t = parse_primary();
        skip_space();
        if (failed_ || pos_ == text_.size() || text_[pos_] == ')' || text_.substr(pos_, 2) == "&&" ||
            text_.substr(pos_, 2) == "||")
            return t;
        for (int depth = 0; pos_ < text_.size(); ++pos_) {
            const char c = text_[pos_];
            if (depth == 0 && (c == ')' || text_.substr(pos_, 2) == "&&" || text_.substr(pos_, 2) == "||")) break;
            if (c == '(') ++depth;
            else if (c == ')') --depth;
        }
        return Truth::Unknown;
    }

    Truth parse_primary() {
        skip_space();
        const bool negation = text_.substr(pos_, 2) != "!=" && text_.substr(pos_, 1) == "!";
        if (negation || text_.substr(pos_, 1) == "(") {
            if (depth_ == kMaxConditionDepth) {
                too_deep_ = failed_ = true;
                pos_ = text_.size();
                return Truth::Unknown;
            }
            ++depth_;
            ++pos_;
            Truth t;
            if (negation) {
                t = negate(parse_primary());
            } else {
                t = parse_or();
                if (!eat(")")) failed_ = true;
            }
            --depth_;
            return t;
        }
        skip_space();
        if (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
            const std::string_view number = identifier();  // digits and suffixes (1L, 0x0)
            if (number == "0" || number == "0L" || number == "0U" || number == "0x0") return Truth::False;
            if (number.find_first_not_of("0123456789") == std::string_view::npos) return Truth::True;
            failed_ = true;
            return Truth::Unknown;
        }
        const std::string_view name = identifier();
        if (name.empty()) {
            failed_ = true;
            return Truth::Unknown;
        }
        if (name == "defined") {
            const bool parenthesised = eat("(");
            const std::string_view macro = identifier();
            if (macro.empty() || (parenthesised && !eat(")"))) failed_ = true;
            return defined(macro);
        }
        if (name == "true") return Truth::True;  // C++ and C23
        if (name == "false") return Truth::False;
        // A bare name: 0 when certainly undefined; an architecture macro is defined as 1.
        const Truth d = defined(name);
        return d == Truth::True ? Truth::True : d == Truth::False ? Truth::False : Truth::Unknown;
    }

    std::string_view text_;
    const PredefinedMacros &macros_;
    const std::unordered_map<std::string, Truth> *file_macros_;
    size_t pos_ = 0;
    int depth_ = 0;  // '!' and '(' being parsed
    bool failed_ = false;
    bool too_deep_ = false;
};

}  // namespace

Truth evaluate_condition(std::string_view directive, std::string_view condition, const PredefinedMacros &macros,
                         const std::unordered_map<std::string, Truth> *file_macros, bool *too_deep) {
    ConditionParser parser(condition, macros, file_macros);
    if (directive == "ifdef" || directive == "elifdef" || directive == "ifndef" || directive == "elifndef") {
        size_t start = condition.find_first_not_of(" \t");
        if (start == std::string_view::npos) return Truth::Unknown;
        size_t end = start;
        while (end < condition.size() && (std::isalnum(static_cast<unsigned char>(condition[end])) || condition[end] == '_'))
            ++end;
        const Truth d = parser.defined(condition.substr(start, end - start));
        return directive.find("ndef") != std::string_view::npos ? negate(d) : d;
    }
    const Truth t = parser.parse();
    if (too_deep) *too_deep = parser.too_deep();
    return t;
}

}  // namespace heisen::asmcheck
