// source_conditions.h — deciding `#if` conditions that depend only on the target.
//
// A header often holds one asm block per architecture under `#if defined(__x86_64__)`,
// `#elif defined(__riscv)` …; checking the riscv block as x86 code would only produce noise.
// The compiler defines those architecture macros from the target alone, so they can be decided
// without a preprocessor. Everything else (configuration macros, values, arithmetic) stays
// unknown, and unknown conditions keep their code live.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace heisen::asmcheck {

enum class Truth { False, True, Unknown };

// The architecture macros a compiler for one target defines, and those it certainly does not
// (each target's table: predefined_macros() in target_model.h).
struct PredefinedMacros {
    std::vector<std::string> defined;
    std::vector<std::string> undefined;
};

// `directive` is "if", "elif", "ifdef", "ifndef", "elifdef" or "elifndef"; `condition` the rest
// of its line, comments removed. Understands defined X, defined(X), bare macro names, integer
// literals, !, &&, || and parentheses; anything else makes the result Unknown.
// `file_macros`, when given, holds what the file itself established before this line: True for a
// `#define` reached unconditionally, False for such an `#undef`, Unknown for either under a
// condition that was not decided. It takes precedence over `macros`.
// A condition nesting more than kMaxConditionDepth parentheses and `!` is Unknown, and
// `*too_deep` (when given) is set: the evaluator recurses, and hostile input must not exhaust
// the stack.
inline constexpr int kMaxConditionDepth = 256;
Truth evaluate_condition(std::string_view directive, std::string_view condition, const PredefinedMacros &macros,
                         const std::unordered_map<std::string, Truth> *file_macros = nullptr,
                         bool *too_deep = nullptr);

}  // namespace heisen::asmcheck
