// scan_target.cpp — compiler name and flags → CheckOptions.
#include "asm/scan_target.h"

#include <algorithm>
#include <string_view>

#include "asm/target_model.h"

namespace heisen::asmcheck {

namespace {

std::string_view base_name(std::string_view path) {
    const size_t slash = path.find_last_of('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Launchers that run the real compiler given as their next argument.
bool is_compiler_launcher(std::string_view name) {
    return name == "ccache" || name == "sccache" || name == "distcc" || name == "icecc";
}

bool apply_target_text(const std::string &text, CheckOptions &options, std::string &error) {
    Target target;
    if (!parse_target(text, target)) {
        error = "target '" + text + "' is not supported (x86_64, i386 and riscv64 are)";
        return false;
    }
    options.target = target;
    return true;
}

// A cross compiler's name starts with its triple: riscv64-unknown-elf-gcc, i686-linux-gnu-g++.
bool apply_compiler_name(std::string_view name, CheckOptions &options, std::string &error) {
    const size_t dash = name.find('-');
    if (dash == std::string_view::npos) return true;  // gcc, clang, cc, c++: the default target
    const std::string_view arch = name.substr(0, dash);
    if (arch == "clang" || arch == "gcc" || arch == "g++" || arch == "c++" || arch == "cc") return true;  // gcc-12
    if (const TargetModel *model = model_for_architecture(arch)) options.target = model->target;
    else if (std::count(name.begin(), name.end(), '-') < 2) return true;  // musl-gcc: not a triple
    else {
        error = "compiler '" + std::string(name) + "' targets '" + std::string(arch) +
                "', which is not supported (x86_64, i386 and riscv64 are)";
        return false;
    }
    return true;
}

// -m32, -m64 (within the x86 family), -march=rv64…: the target a flag selects, or nullptr.
const TargetModel *selected_by_flag(std::string_view flag, Target current) {
    for (const TargetModel *model : all_target_models())
        if (model->selected_by_flag(flag, target_model(current))) return model;
    return nullptr;
}

}  // namespace

bool target_from_command(const std::vector<std::string> &arguments, CheckOptions &options, std::string &error) {
    const size_t first = compiler_index(arguments);
    if (first < arguments.size() && !apply_compiler_name(base_name(arguments[first]), options, error)) return false;
    for (size_t i = first + 1; i < arguments.size(); ++i) {
        const std::string &a = arguments[i];
        if (starts_with(a, "--target=")) {
            if (!apply_target_text(a.substr(9), options, error)) return false;
        } else if ((a == "-target" || a == "--target") && i + 1 < arguments.size()) {
            if (!apply_target_text(arguments[++i], options, error)) return false;
        } else if (const TargetModel *selected = selected_by_flag(a, options.target)) {
            options.target = selected->target;
        } else if (a == "-masm=intel") {
            options.intel_syntax = true;
        } else if (a == "-masm=att") {
            options.intel_syntax = false;
        } else if (a == "-mno-red-zone") {
            options.red_zone = false;
        } else if (a == "-mred-zone") {
            options.red_zone = true;
        }
    }
    return true;
}

size_t compiler_index(const std::vector<std::string> &arguments) {
    size_t first = 0;
    while (first < arguments.size() && is_compiler_launcher(base_name(arguments[first]))) ++first;
    return first;
}

}  // namespace heisen::asmcheck
