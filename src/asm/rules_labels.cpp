// rules_labels.cpp — global-label: a named label in a template that can be emitted twice
// (a macro, an inline function, a header) makes the assembler reject the second copy.
#include <cctype>

#include "asm/rule_context.h"

namespace heisen::asmcheck {

namespace {

bool is_label_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$'; }

}  // namespace

void check_label_rules(const RuleContext &c, std::vector<Finding> &findings) {
    if (!c.statement.may_be_duplicated) return;
    const std::string &text = c.bound.text;
    size_t line = 0;
    bool statement_start = true;
    for (size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (ch == '\n' || ch == ';') {
            if (ch == '\n') ++line;
            statement_start = true;
            continue;
        }
        if (ch == ' ' || ch == '\t' || !statement_start) continue;
        if (ch == '#') {  // comment to the end of the line
            while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
            continue;
        }
        size_t end = i;
        while (end < text.size() && is_label_char(text[end])) ++end;
        if (end > i && end < text.size() && text[end] == ':') {
            const std::string name = text.substr(i, end - i);
            const bool numeric = name.find_first_not_of("0123456789") == std::string::npos;
            if (!numeric && !(line < c.bound.unique_label_lines.size() && c.bound.unique_label_lines[line])) {
                DecodedInstruction at;
                at.offset = i;
                at.line = line;
                at.text = name + ":";
                Finding f = c.finding("global-label", Severity::Warning, &at,
                                      "label '" + name + "' is defined in a statement that can be emitted more than once" +
                                          (c.statement.enclosing_macro.empty() ? std::string(" (inline function or header)")
                                                                               : " (macro " + c.statement.enclosing_macro + ")") +
                                          "; the assembler rejects the second definition");
                f.operand = name;
                f.suggested_fix = "use a numeric local label (1: with 1b/1f) or make the name unique with %= (" + name + "%=:)";
                findings.push_back(std::move(f));
            }
            i = end;  // "name:" may be followed by an instruction on the same line
            continue;
        }
        statement_start = false;
        i = end > i ? end - 1 : i;
    }
}

}  // namespace heisen::asmcheck
