// compilation_database.cpp — compile_commands.json through llvm::json.
#include "asm/compilation_database.h"

#include <filesystem>

#include <llvm/Support/Error.h>
#include <llvm/Support/JSON.h>

#include "asm/read_source_file.h"

namespace heisen::asmcheck {

namespace fs = std::filesystem;

std::vector<std::string> split_command_line(std::string_view command) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    for (size_t i = 0; i < command.size(); ++i) {
        const char c = command[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) words.push_back(std::move(word));
            word.clear();
            in_word = false;
        } else if (c == '\'') {
            in_word = true;
            while (++i < command.size() && command[i] != '\'') word.push_back(command[i]);
        } else if (c == '"') {
            in_word = true;
            while (++i < command.size() && command[i] != '"') {
                if (command[i] == '\\' && i + 1 < command.size() &&
                    (command[i + 1] == '"' || command[i + 1] == '\\' || command[i + 1] == '$' || command[i + 1] == '`'))
                    ++i;
                word.push_back(command[i]);
            }
        } else if (c == '\\' && i + 1 < command.size()) {
            in_word = true;
            word.push_back(command[++i]);
        } else {
            in_word = true;
            word.push_back(c);
        }
    }
    if (in_word) words.push_back(std::move(word));
    return words;
}

namespace {

// llvm::json::parse recurses once per nesting level: a hostile file nested 50,000 deep would
// overflow the stack. A compilation database nests three levels.
constexpr size_t kMaxJsonDepth = 512;

bool nests_too_deep(std::string_view json) {
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

}  // namespace

bool parse_compilation_database(std::string_view json, const std::string &origin, std::vector<CompileCommand> &out,
                                std::string &error) {
    if (nests_too_deep(json)) {
        error = origin + ": nested deeper than " + std::to_string(kMaxJsonDepth) + " levels; not read";
        return false;
    }
    llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(llvm::StringRef(json.data(), json.size()));
    if (!parsed) {
        error = origin + ": not valid JSON: " + llvm::toString(parsed.takeError());
        return false;
    }
    const llvm::json::Array *entries = parsed->getAsArray();
    if (!entries) {
        error = origin + ": expected a JSON array of compile commands";
        return false;
    }
    size_t index = 0;
    for (const llvm::json::Value &value : *entries) {
        ++index;
        const llvm::json::Object *entry = value.getAsObject();
        const auto field = [&](const char *name) -> std::string {
            if (!entry) return {};
            const auto s = entry->getString(name);
            return s ? s->str() : std::string();
        };
        const std::string file = field("file");
        const std::string directory = field("directory");
        if (!entry || file.empty() || directory.empty()) {
            error = origin + ": entry " + std::to_string(index) + " lacks \"file\" or \"directory\"";
            return false;
        }
        CompileCommand command;
        fs::path dir(directory);
        if (dir.is_relative()) dir = fs::path(origin).parent_path() / dir;  // not in the spec; be lenient
        command.directory = dir.lexically_normal().string();
        fs::path path(file);
        if (path.is_relative()) path = dir / path;
        command.file = path.lexically_normal().string();
        if (const llvm::json::Array *arguments = entry->getArray("arguments")) {
            for (const llvm::json::Value &argument : *arguments)
                if (const auto s = argument.getAsString()) command.arguments.push_back(s->str());
        } else {
            command.arguments = split_command_line(field("command"));
        }
        out.push_back(std::move(command));
    }
    return true;
}

bool load_compilation_database(const std::string &path, std::vector<CompileCommand> &out, std::string &error) {
    ReadFileResult read = read_source_file(path, kMaxDatabaseBytes);
    if (read.status == ReadFileResult::Status::NotReadable && read.problem.rfind("cannot read", 0) == 0) {
        error = path + ": cannot read the compilation database";
        return false;
    }
    if (read.status != ReadFileResult::Status::Read) {
        error = path + ": " + read.problem;
        return false;
    }
    return parse_compilation_database(read.contents, path, out, error);
}

}  // namespace heisen::asmcheck
