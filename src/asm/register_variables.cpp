// register_variables.cpp — finds register variable declarations in a token stream.
#include "asm/register_variables.h"

#include <cctype>

#include "asm/extract_statement.h"

namespace heisen::asmcheck {

namespace {

bool is_punct(const Token &t, const char *spelling) { return t.kind == TokenKind::Punctuator && t.value == spelling; }

std::string trimmed(const std::string &text) {
    size_t begin = 0, end = text.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    std::string out = text.substr(begin, end - begin);
    while (out.size() >= 2 && out.front() == '(' && out.back() == ')') out = trimmed(out.substr(1, out.size() - 2));
    return out;
}

}  // namespace

void RegisterVariableFinder::see(const Token &t) {
    if (is_punct(t, ";") || is_punct(t, "{") || is_punct(t, "}")) {
        in_register_declaration_ = false;
        last_.clear();
        return;
    }
    if (t.kind == TokenKind::Identifier && t.value == "register") in_register_declaration_ = true;
    last_.push_back(t);
    if (last_.size() > 5) last_.erase(last_.begin());
    // name asm ( "reg" )
    if (!in_register_declaration_ || last_.size() < 5 || !is_punct(last_[4], ")")) return;
    const Token &name = last_[0], &keyword = last_[1], &open = last_[2], &reg = last_[3];
    if (name.kind != TokenKind::Identifier || !is_asm_keyword(keyword) || !is_punct(open, "(") ||
        (reg.kind != TokenKind::String && reg.kind != TokenKind::Identifier))
        return;
    // (An identifier is a macro naming the register, e.g. glibc's RSP_REG: the operand is a
    // register variable even where the register itself is not known.)
    std::string spelled = reg.value;
    if (!spelled.empty() && spelled.front() == '%') spelled.erase(spelled.begin());
    found_.push_back({name.value, spelled, name.begin});
}

std::vector<RegisterVariable> find_register_variables(const std::vector<Token> &tokens) {
    RegisterVariableFinder finder;
    for (const Token &t : tokens) finder.see(t);
    return finder.found();
}

void bind_register_variables(AsmStatement &statement, const std::vector<RegisterVariable> &variables, size_t offset) {
    auto bind = [&](AsmOperand &operand) {
        const std::string expression = trimmed(operand.expression);
        for (const RegisterVariable &v : variables)
            if (v.offset < offset && v.name == expression) operand.register_variable = v.reg;
    };
    for (AsmOperand &operand : statement.outputs) bind(operand);
    for (AsmOperand &operand : statement.inputs) bind(operand);
}

}  // namespace heisen::asmcheck
