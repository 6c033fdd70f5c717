// translation_unit_codec.h — a ParsedTranslationUnit as bytes, from the parsing child process
// to the scanner (parse_isolated.h).
#pragma once

#include <string>
#include <string_view>

#include "asm_clang/parsed_translation_unit.h"

namespace heisen::asmcheck {

std::string encode_translation_unit(const ParsedTranslationUnit &unit);

// False when the bytes are cut short or malformed (the child died while writing).
bool decode_translation_unit(std::string_view bytes, ParsedTranslationUnit &unit);

}  // namespace heisen::asmcheck
