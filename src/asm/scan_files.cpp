// scan_files.cpp — directory walk and the per-file target.
#include "asm/scan_files.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include "asm/scan_target.h"

namespace heisen::asmcheck {

namespace fs = std::filesystem;

std::string display_path(const std::string &path_text) {
    const fs::path path(path_text);
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    if (ec || path.is_relative()) return path.lexically_normal().string();
    const fs::path inside = path.lexically_normal().lexically_relative(cwd);
    if (inside.empty() || *inside.begin() == "..") return path.lexically_normal().string();
    return inside.string();
}

namespace {

std::string absolute_normal(const fs::path &path) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    return (ec ? path : absolute).lexically_normal().string();
}

SourceFile make_file(const fs::path &path, const CompileCommand *command, const CheckOptions &defaults) {
    SourceFile file;
    file.path = path.string();
    file.display_path = display_path(path.string());
    file.options = defaults;
    if (command && !target_from_command(command->arguments, file.options, file.target_error)) file.options = defaults;
    return file;
}

bool is_symlink_loop(const std::error_code &ec) { return ec == std::errc::too_many_symbolic_link_levels; }

// Directory by directory, so one unreadable folder is reported and the rest is still walked.
// Symbolic links to directories are not followed (no loops); links to files are read, dangling
// links skipped, and a link that loops is named. Entries with a C/C++ name that are not regular
// files (a FIFO `x.c`) are kept: reading them says what they are.
void walk_directory(const fs::path &root, std::vector<fs::path> &found, std::vector<std::string> &errors) {
    std::vector<fs::path> pending{root};
    while (!pending.empty()) {
        const fs::path directory = std::move(pending.back());
        pending.pop_back();
        std::error_code ec;
        fs::directory_iterator it(directory, ec);
        if (ec) {
            errors.push_back(directory.string() + ": " + ec.message());
            continue;
        }
        std::vector<std::string> loops;
        for (const fs::directory_iterator end; it != end; it.increment(ec)) {
            const fs::directory_entry &entry = *it;
            std::error_code type_ec;
            const bool link = entry.is_symlink(type_ec);
            if (!link && entry.is_directory(type_ec)) {
                pending.push_back(entry.path());
                continue;
            }
            if (!is_c_or_cxx_file_name(entry.path().filename().string())) continue;
            if (link) {
                std::error_code target_ec;
                const fs::file_status target = fs::status(entry.path(), target_ec);
                if (is_symlink_loop(target_ec)) loops.push_back(entry.path().string() + ": symlink loop");
                if (target_ec || fs::is_directory(target)) continue;
            }
            found.push_back(entry.path());
        }
        std::sort(loops.begin(), loops.end());
        errors.insert(errors.end(), loops.begin(), loops.end());
        if (ec) errors.push_back(directory.string() + ": " + ec.message());
    }
}

}  // namespace

bool is_c_or_cxx_file_name(const std::string &file_name) {
    const size_t dot = file_name.rfind('.');
    if (dot == std::string::npos) return false;
    const std::string ext = file_name.substr(dot + 1);
    static const char *const extensions[] = {"c",   "h",   "cc",  "cpp", "cxx", "c++", "hh",
                                             "hpp", "hxx", "h++", "inl", "i",   "ii"};
    return std::any_of(std::begin(extensions), std::end(extensions), [&](const char *e) { return ext == e; });
}

ScanList list_paths(const std::vector<std::string> &paths, const std::vector<CompileCommand> &database,
                    const CheckOptions &defaults) {
    std::unordered_map<std::string, const CompileCommand *> by_file;
    for (const CompileCommand &c : database) by_file.emplace(c.file, &c);
    ScanList list;
    std::unordered_set<std::string> seen;
    for (const std::string &p : paths) {
        std::error_code ec;
        const fs::file_status status = fs::status(p, ec);
        std::vector<fs::path> found;
        if (is_symlink_loop(ec)) {
            list.errors.push_back(p + ": symlink loop");
            continue;
        }
        if (ec || !fs::exists(status)) {
            list.errors.push_back(p + ": no such file or directory");
            continue;
        }
        if (fs::is_directory(status)) {
            walk_directory(p, found, list.errors);
            std::sort(found.begin(), found.end());
        } else {
            found.push_back(p);  // named explicitly: read whatever its extension
        }
        for (const fs::path &path : found) {
            const std::string key = absolute_normal(path);
            if (!seen.insert(key).second) continue;
            const auto command = by_file.find(key);
            list.files.push_back(make_file(path, command == by_file.end() ? nullptr : command->second, defaults));
        }
    }
    return list;
}

ScanList list_database(const std::vector<CompileCommand> &database, const CheckOptions &defaults) {
    ScanList list;
    std::unordered_set<std::string> seen;
    for (const CompileCommand &c : database)
        if (seen.insert(c.file).second) list.files.push_back(make_file(c.file, &c, defaults));
    return list;
}

}  // namespace heisen::asmcheck
