// compilation_database.h — reading compile_commands.json (the JSON Compilation Database).
//
// Each entry gives a file, the directory the compiler ran in, and its command line either as
// "arguments" (a list) or "command" (one string with shell quoting). Only these are needed:
// the file to scan and the flags that decide its target.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace heisen::asmcheck {

struct CompileCommand {
    std::string file;       // absolute, lexically normalised
    std::string directory;  // absolute
    std::vector<std::string> arguments;
};

// Databases of large projects are tens of megabytes; a file past this is not read.
inline constexpr size_t kMaxDatabaseBytes = size_t{1} << 30;

// Reads `path` (a compile_commands.json). On failure returns false with a one-line reason.
bool load_compilation_database(const std::string &path, std::vector<CompileCommand> &out, std::string &error);

// Same, from text already in memory (`origin` names it in errors).
bool parse_compilation_database(std::string_view json, const std::string &origin, std::vector<CompileCommand> &out,
                                std::string &error);

// Splits a "command" string as a POSIX shell would for plain words: blanks separate, single
// quotes are literal, double quotes allow \" \\ \$ \`, a backslash outside quotes escapes.
std::vector<std::string> split_command_line(std::string_view command);

}  // namespace heisen::asmcheck
