// register_variables.h — `register T name asm("reg")` declarations, so that an operand whose
// expression is such a variable is bound to that register (AsmOperand::register_variable).
//
// GCC guarantees the register only for the operands of an asm statement, which is exactly what
// these variables are for (`register long a0 asm("a0") = arg; asm("ecall" : "+r"(a0))`). Without a
// compiler front end the declaration is found in the same token stream, before the statement; a
// C variable merely named like a register (`int ecx;`) is no such declaration.
#pragma once

#include <string>
#include <vector>

#include "asm/asm_statement.h"
#include "asm/source_lexer.h"

namespace heisen::asmcheck {

struct RegisterVariable {
    std::string name;      // the variable
    std::string reg;       // the register named in its asm label, without a leading '%'
    size_t offset = 0;     // where it is declared
};

// Reads tokens one at a time (the extractor's stream) and keeps the declarations it sees.
class RegisterVariableFinder {
public:
    void see(const Token &t);
    const std::vector<RegisterVariable> &found() const { return found_; }

private:
    bool in_register_declaration_ = false;  // `register` since the last ';', '{' or '}'
    std::vector<Token> last_;               // the last five tokens: name asm ( "reg" )
    std::vector<RegisterVariable> found_;
};

// Every register variable declared in `tokens` (one macro body), in order.
std::vector<RegisterVariable> find_register_variables(const std::vector<Token> &tokens);

// Sets register_variable on each operand whose expression is a variable declared before
// `offset` (the nearest such declaration wins).
void bind_register_variables(AsmStatement &statement, const std::vector<RegisterVariable> &variables, size_t offset);

}  // namespace heisen::asmcheck
