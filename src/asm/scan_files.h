// scan_files.h — which files `heisen asm` reads, and the target each one is checked for.
#pragma once

#include <string>
#include <vector>

#include "asm/check_statement.h"
#include "asm/compilation_database.h"

namespace heisen::asmcheck {

struct SourceFile {
    std::string path;          // as opened
    std::string display_path;  // as reported: relative to the working directory when inside it
    CheckOptions options;
    std::string target_error;  // non-empty: the file's command names an unsupported target
};

struct ScanList {
    std::vector<SourceFile> files;
    std::vector<std::string> errors;  // paths that do not exist or cannot be read
};

// The C/C++ extensions a directory walk picks up: .c .h .cc .cpp .cxx .c++ .hh .hpp .hxx .h++
// .inl, and preprocessed .i .ii (never .S/.s: assembler sources have no GNU asm statements).
bool is_c_or_cxx_file_name(const std::string &file_name);

// A path as reports show it: relative to the working directory when inside it, else as given
// (lexically normalised).
std::string display_path(const std::string &path);

// Files named on the command line (any extension) and the C/C++ files under directories,
// recursively, in sorted order. A file that also appears in `database` takes its target from
// its compile command; every other file takes `defaults`.
ScanList list_paths(const std::vector<std::string> &paths, const std::vector<CompileCommand> &database,
                    const CheckOptions &defaults);

// Every file of the compilation database once, with the target its command gives.
ScanList list_database(const std::vector<CompileCommand> &database, const CheckOptions &defaults);

}  // namespace heisen::asmcheck
