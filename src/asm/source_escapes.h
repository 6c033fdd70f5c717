// source_escapes.h — decoding C escape sequences in string and character literals.
#pragma once

#include <string>
#include <string_view>

namespace heisen::asmcheck {

// Decodes the body of a literal (between the quotes): \n \t \\ \" \' \? \a \b \f \v \r, octal
// (up to three digits), \x (any number of hex digits, last byte kept), \u and \U (as UTF-8).
// An unknown escape keeps the character after the backslash, as GCC does after its warning.
std::string decode_escapes(std::string_view body);

}  // namespace heisen::asmcheck
