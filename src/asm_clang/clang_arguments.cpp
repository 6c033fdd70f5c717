// clang_arguments.cpp — a GCC or Clang command line, read by Clang's own option table.
#include "asm_clang/clang_arguments.h"

#include <clang/Driver/Options.h>
#include <clang/Driver/ToolChain.h>
#include <llvm/Option/ArgList.h>
#include <llvm/Option/OptTable.h>
#include <llvm/Support/TargetSelect.h>

#include "asm/scan_target.h"

namespace heisen::asmcheck {

namespace {

namespace options = clang::driver::options;

std::string base_name(const std::string &path) {
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Options that name outputs or actions: the parse writes nothing and only parses.
bool is_output_or_action(const llvm::opt::Arg &arg) {
    const llvm::opt::Option option = arg.getOption();
    if (option.matches(options::OPT_M_Group)) return true;  // -MD, -MF f, -MT t …
    switch (option.getID()) {
    case options::OPT_c:
    case options::OPT_S:
    case options::OPT_E:
    case options::OPT_o:
    case options::OPT_fsyntax_only:
    case options::OPT_save_temps:
    case options::OPT_save_temps_EQ:
    case options::OPT__HASH_HASH_HASH:
    case options::OPT_v:
    case options::OPT_Wp_COMMA:  // -Wp,-MD,file (Linux's dependency files)
    case options::OPT_pipe:
        return true;
    default:
        return false;
    }
}

// GCC reads these through -Wp: its own preprocessor's dependency output.
bool is_dependency_flag(const std::string &a) {
    return a == "-M" || a == "-MM" || a == "-MD" || a == "-MMD" || a == "-MG" || a == "-MP";
}

bool takes_dependency_file(const std::string &a) { return a == "-MF" || a == "-MT" || a == "-MQ"; }

}  // namespace

std::string compiler_of(const std::vector<std::string> &command) {
    const size_t first = compiler_index(command);
    return first < command.size() ? command[first] : std::string();
}

ClangArguments clang_arguments(const std::vector<std::string> &command, const std::string &file) {
    ClangArguments out;
    out.arguments.push_back(HEISEN_CLANG_EXECUTABLE);
    const size_t first = compiler_index(command);
    if (first >= command.size()) {
        out.arguments.insert(out.arguments.end(), {"-fsyntax-only", file});
        return out;
    }
    const std::string name = base_name(command[first]);
    // A target prefix counts when LLVM knows the target, which it does once its target infos are
    // registered (all of them: an aarch64 command is parsed too, and reported as unsupported).
    static const bool registered = (llvm::InitializeAllTargetInfos(), true);
    (void)registered;
    const clang::driver::ParsedClangName parsed = clang::driver::ToolChain::getTargetAndModeFromProgramName(name);
    if (parsed.DriverMode) out.arguments.push_back(parsed.DriverMode);
    if (parsed.TargetIsValid) out.arguments.push_back("--target=" + parsed.TargetPrefix);
    const bool is_gcc = name.find("gcc") != std::string::npos || name.find("g++") != std::string::npos ||
                        name == "cc" || name == "c++";
    if (is_gcc) out.arguments.push_back(kGccAttributeSyntax);

    std::vector<const char *> raw;
    for (size_t i = first + 1; i < command.size(); ++i) raw.push_back(command[i].c_str());
    unsigned missing_index = 0, missing_count = 0;
    const llvm::opt::OptTable &table = clang::driver::getDriverOptTable();
    // As Clang's driver in its GCC mode reads them: clang-cl's /options are no options here.
    const llvm::opt::InputArgList args = table.ParseArgs(raw, missing_index, missing_count, /*FlagsToInclude=*/0,
                                                         options::CLOption | options::NoDriverOption);
    bool has_gnuc_version = false;
    for (const llvm::opt::Arg *arg : args) {
        const llvm::opt::Option option = arg->getOption();
        if (option.getKind() == llvm::opt::Option::UnknownClass) {
            out.dropped.push_back(arg->getAsString(args));
            continue;
        }
        if (option.getKind() == llvm::opt::Option::InputClass || is_output_or_action(*arg)) continue;
        if (option.matches(options::OPT_fgnuc_version_EQ)) has_gnuc_version = true;
        llvm::opt::ArgStringList rendered;
        arg->render(args, rendered);
        for (const char *a : rendered) out.arguments.emplace_back(a);
    }
    if (is_gcc && !has_gnuc_version) out.arguments.push_back(kGccVersion);
    // Warnings are the compiler's business; errors are counted (they may have cost statements).
    // What GCC only warns about, Clang 15 makes errors by default in C: not here.
    out.arguments.insert(out.arguments.end(),
                         {"-fsyntax-only", "-w", "-ferror-limit=0", "-fno-color-diagnostics",
                          "-Wno-error=int-conversion", "-Wno-error=implicit-function-declaration",
                          "-Wno-error=implicit-int", "-Wno-error=incompatible-function-pointer-types",
                          "-Wno-error=return-type", file});
    return out;
}

std::vector<std::string> preprocessor_arguments(const std::vector<std::string> &command) {
    const size_t first = compiler_index(command);
    if (first >= command.size()) return {};
    std::vector<std::string> out{command[first]};
    for (size_t i = first + 1; i < command.size(); ++i) {
        const std::string &a = command[i];
        if (a == "-c" || a == "-S" || a == "-E" || a == "-pipe" || is_dependency_flag(a) ||
            a.rfind("-save-temps", 0) == 0 || a.rfind("-Wp,-M", 0) == 0)
            continue;
        if (a == "-o" || takes_dependency_file(a)) {
            ++i;  // and its value
            continue;
        }
        if ((a.rfind("-o", 0) == 0 && a.size() > 2) || a.rfind("-MF", 0) == 0 || a.rfind("-MT", 0) == 0 ||
            a.rfind("-MQ", 0) == 0)
            continue;
        out.push_back(a);
    }
    out.push_back("-E");
    return out;
}

}  // namespace heisen::asmcheck
