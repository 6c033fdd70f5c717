// source_encoding.h — is this file text the lexer can read? (not binary, valid UTF-8)
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace heisen::asmcheck {

struct EncodingProblem {
    size_t offset = 0;   // of the first offending byte
    std::string reason;  // e.g. "binary file (NUL byte)", "not valid UTF-8 (byte 0xe9)"
};

// C and C++ sources are text; a NUL byte means a binary file, and bytes that are not UTF-8
// mean an encoding the lexer cannot map to columns or identifiers reliably.
std::optional<EncodingProblem> check_source_encoding(std::string_view contents);

}  // namespace heisen::asmcheck
