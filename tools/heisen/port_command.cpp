// port_command.cpp — `heisen port xv6 [--undo] [--dry-run] [--heisen-root DIR] DIR`.
//
// Ports in two steps: plan every edit on the pristine text (refusing, with nothing written, if
// any hook point is missing), then write. Pristine text is recovered by dropping marked lines,
// so a second run compares and changes nothing, and --undo is exact.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "port_symbolize.h"
#include "port_text_file.h"
#include "port_xv6_hooks.h"

namespace fs = std::filesystem;
using heisen::port::TextFile;

namespace {

struct Options {
    bool undo = false, dry_run = false, symbolize = false;
    std::string tree, log, heisen_root = HEISEN_SOURCE_ROOT;
};

constexpr const char *kUsage =
    "usage: heisen port xv6 [--undo] [--dry-run] [--heisen-root DIR] XV6_DIR\n"
    "       heisen port xv6 --symbolize XV6_DIR [LOG]\n"
    "  Adds heisen's lock validator to an xv6-riscv kernel tree (kernel/ and Makefile).\n"
    "  --undo         remove everything the port added, restoring the files exactly\n"
    "  --dry-run      print what would change, change nothing\n"
    "  --heisen-root  heisen source tree to copy the engine from (default: " HEISEN_SOURCE_ROOT ")\n"
    "  --symbolize    copy LOG (default: standard input) with every address in heisen's reports\n"
    "                 named from XV6_DIR/kernel/kernel: function and line, or kernel variable\n"
    "  --help         show this text\n";

bool read_file(const fs::path &p, std::string &out) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return true;
}

bool write_file(const fs::path &p, const std::string &bytes) {
    fs::path tmp = p;
    tmp += ".heisen-tmp";
    {
        std::ofstream out(tmp, std::ios::binary);
        if (!out || !(out << bytes)) return false;
    }
    std::error_code ec;
    fs::rename(tmp, p, ec);
    return !ec;
}

// Files the kit installs: destination (relative to the tree) -> source (absolute).
std::map<std::string, fs::path> kit_files(const fs::path &root) {
    std::map<std::string, fs::path> files;
    files["kernel/heisen_xv6.c"] = root / "ports/xv6/heisen_xv6.c";
    files["kernel/heisen_xv6.h"] = root / "ports/xv6/heisen_xv6.h";
    files["kernel/heisen/include/heisen/heisen.h"] = root / "include/heisen/heisen.h";
    for (const char *dir : {"src/core", "src/ports/riscv"}) {
        std::error_code ec;
        for (const auto &e : fs::directory_iterator(root / dir, ec)) {
            std::string ext = e.path().extension().string();
            if (ext == ".cpp" || ext == ".h" || ext == ".c")
                files["kernel/heisen/" + std::string(dir) + "/" + e.path().filename().string()] = e.path();
        }
    }
    return files;
}

int undo_port(const Options &o) {
    const fs::path tree(o.tree);
    int changed = 0;
    for (const std::string &rel : heisen::port::xv6_edited_files()) {
        std::string bytes;
        if (!read_file(tree / rel, bytes)) continue;
        TextFile f = TextFile::parse(bytes);
        size_t n = f.remove_marked(heisen::port::marker_for(rel));
        if (n == 0) continue;
        if (!o.dry_run && !write_file(tree / rel, f.bytes())) {
            std::fprintf(stderr, "heisen port: cannot write %s\n", (tree / rel).c_str());
            return 1;
        }
        std::printf("%s: removed %zu heisen line%s\n", rel.c_str(), n, n == 1 ? "" : "s");
        ++changed;
    }
    // The kit's own files, and what the kernel's build made of them.
    for (const char *rel : {"kernel/heisen_xv6.c", "kernel/heisen_xv6.h", "kernel/heisen_xv6.o", "kernel/heisen_xv6.d"}) {
        if (!fs::exists(tree / rel)) continue;
        if (!o.dry_run) fs::remove(tree / rel);
        std::printf("%s: removed\n", rel);
        ++changed;
    }
    if (fs::exists(tree / "kernel/heisen")) {
        if (!o.dry_run) fs::remove_all(tree / "kernel/heisen");
        std::printf("kernel/heisen/: removed (validator engine)\n");
        ++changed;
    }
    if (changed == 0) std::printf("%s: no heisen port found; nothing changed\n", o.tree.c_str());
    return 0;
}

int port_tree(const Options &o) {
    const fs::path tree(o.tree);
    // Plan on the pristine text of every edited file.
    std::map<std::string, TextFile> pristine, current;
    for (const std::string &rel : heisen::port::xv6_edited_files()) {
        std::string bytes;
        if (!read_file(tree / rel, bytes)) {
            std::fprintf(stderr,
                         "heisen port: %s is not an xv6-riscv tree heisen recognises: cannot read %s; nothing was changed\n",
                         o.tree.c_str(), rel.c_str());
            return 1;
        }
        TextFile f = TextFile::parse(bytes);
        current.emplace(rel, f);
        f.remove_marked(heisen::port::marker_for(rel));
        pristine.emplace(rel, std::move(f));
    }
    heisen::port::HookPlan plan = heisen::port::plan_xv6_hooks(pristine);
    if (!plan.missing.empty()) {
        std::fprintf(stderr,
                     "heisen port: %s is not an xv6-riscv tree heisen recognises: cannot find %s; nothing was changed\n",
                     o.tree.c_str(), plan.missing.c_str());
        return 1;
    }
    const auto kit = kit_files(o.heisen_root);
    if (!fs::exists(kit.at("kernel/heisen_xv6.c")) || !fs::exists(kit.at("kernel/heisen/include/heisen/heisen.h"))) {
        std::fprintf(stderr, "heisen port: %s has no heisen sources (ports/xv6, include/heisen); use --heisen-root\n",
                     o.heisen_root.c_str());
        return 1;
    }
    const char *verb = o.dry_run ? "would add" : "added";
    int changed = 0;
    for (const auto &[rel, edited] : plan.edited) {
        if (edited.bytes() == current.at(rel).bytes()) continue;
        if (!o.dry_run && !write_file(tree / rel, edited.bytes())) {
            std::fprintf(stderr, "heisen port: cannot write %s\n", (tree / rel).c_str());
            return 1;
        }
        for (const auto &c : plan.changes)
            if (c.file == rel) std::printf("%s: %s %s\n", rel.c_str(), verb, c.what.c_str());
        ++changed;
    }
    size_t copied = 0;
    for (const auto &[rel, src] : kit) {
        std::string want, have;
        if (!read_file(src, want)) {
            std::fprintf(stderr, "heisen port: cannot read %s\n", src.c_str());
            return 1;
        }
        if (read_file(tree / rel, have) && have == want) continue;
        if (!o.dry_run) {
            fs::create_directories((tree / rel).parent_path());
            if (!write_file(tree / rel, want)) {
                std::fprintf(stderr, "heisen port: cannot write %s\n", (tree / rel).c_str());
                return 1;
            }
        }
        if (rel.rfind("kernel/heisen/", 0) == 0) ++copied;
        else std::printf("%s: %s (xv6 hooks)\n", rel.c_str(), o.dry_run ? "would copy" : "copied");
        ++changed;
    }
    if (copied) std::printf("kernel/heisen/: %s %zu engine and port files\n", o.dry_run ? "would copy" : "copied", copied);
    if (changed == 0) {
        std::printf("%s: already ported; nothing changed\n", o.tree.c_str());
        return 0;
    }
    if (!o.dry_run)
        std::printf("ported %s: build and run it with 'make qemu'; 'heisen port xv6 --undo %s' removes the port\n",
                    o.tree.c_str(), o.tree.c_str());
    return 0;
}

}  // namespace

int heisen::cli::port_command(int argc, char **argv) {
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            std::fputs(kUsage, stdout);
            return 0;
        }
    }
    if (argc < 2) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    if (std::strcmp(argv[1], "xv6") != 0) {
        std::fprintf(stderr, "heisen port: unknown kernel '%s' (supported: xv6)\n%s", argv[1], kUsage);
        return 2;
    }
    Options o;
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--undo") o.undo = true;
        else if (a == "--dry-run") o.dry_run = true;
        else if (a == "--symbolize") o.symbolize = true;
        else if (a == "--heisen-root" && i + 1 < argc) o.heisen_root = argv[++i];
        else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "heisen port: unknown option '%s'\n%s", a.c_str(), kUsage);
            return 2;
        } else if (o.tree.empty()) o.tree = a;
        else if (o.symbolize && o.log.empty()) o.log = a;
        else {
            std::fprintf(stderr, "heisen port: one tree at a time ('%s' and '%s')\n", o.tree.c_str(), a.c_str());
            return 2;
        }
    }
    if (o.tree.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    if (!fs::is_directory(o.tree)) {
        std::fprintf(stderr, "heisen port: %s is not a directory\n", o.tree.c_str());
        return 1;
    }
    if (o.symbolize) return heisen::port::symbolize_kernel_log((fs::path(o.tree) / "kernel/kernel").string(), o.log);
    return o.undo ? undo_port(o) : port_tree(o);
}
