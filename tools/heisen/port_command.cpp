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
#include "layout/installed_layout.h"
#include "port_symbol_table.h"
#include "port_symbolize.h"
#include "port_text_file.h"
#include "port_xv6_hooks.h"

namespace fs = std::filesystem;
using heisen::port::TextFile;

namespace {

struct Options {
    bool undo = false, dry_run = false, symbolize = false;
    std::string tree, log, heisen_root = heisen::layout::kit_root_path();
};

constexpr const char *kUsage =
    "usage: heisen port xv6 [--undo] [--dry-run] [--heisen-root DIR] XV6_DIR\n"
    "       heisen port xv6 --symbolize XV6_DIR [LOG]\n"
    "       heisen port xv6 --symbol-table KERNEL_ELF|- OUTPUT.S\n"
    "  Adds heisen's lock validator to an xv6-riscv kernel tree (kernel/ and Makefile).\n"
    "  --undo         remove everything the port added, restoring the files exactly\n"
    "  --dry-run      print what would change, change nothing\n"
    "  --heisen-root  the kit to copy: an installed PREFIX/share/heisen or a heisen source tree\n"
    "                 (default: the kit installed with this heisen)\n"
    "  --symbolize    copy LOG (default: standard input) with every address in heisen's reports\n"
    "                 named from XV6_DIR/kernel/kernel: function and line, or kernel variable\n"
    "  --symbol-table write the symbol and line table heisen.mk links into the kernel (- : an\n"
    "                 empty one); run by the ported tree's build\n"
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

constexpr const char *kTreeManifest = "kernel/heisen/MANIFEST";
constexpr const char *kToolMakefile = "kernel/heisen/tool.mk";

// What kit.manifest says: files to copy (destination relative to the tree -> source) and files
// earlier versions copied.
struct Kit {
    std::map<std::string, fs::path> files;
    std::vector<std::string> formerly;
    std::string error;
};

Kit read_kit(const fs::path &root) {
    Kit kit;
    std::ifstream in(root / "ports/xv6/kit.manifest");
    if (!in) {
        kit.error = (root / "ports/xv6/kit.manifest").string() + " cannot be read";
        return kit;
    }
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string verb, source, dest;
        words >> verb;
        if (verb.empty() || verb[0] == '#') continue;
        if (verb == "formerly" && (words >> dest)) {
            kit.formerly.push_back(dest);
            continue;
        }
        if (verb != "copy" || !(words >> source >> dest)) {
            kit.error = "kit.manifest: cannot read line '" + line + "'";
            return kit;
        }
        const fs::path src(source);
        if (src.filename().string().find('*') == std::string::npos) {
            kit.files[dest.back() == '/' ? dest + src.filename().string() : dest] = root / src;
            continue;
        }
        // "DIR/*.ext": every regular file of DIR with that extension.
        const std::string pattern = src.filename().string();
        const std::string suffix = pattern.substr(pattern.find('*') + 1);
        std::error_code ec;
        for (const auto &e : fs::directory_iterator(root / src.parent_path(), ec)) {
            const std::string name = e.path().filename().string();
            if (e.is_regular_file() && name.size() > suffix.size() &&
                name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
                kit.files[dest + name] = e.path();
        }
    }
    return kit;
}

// The tree's record of what the port copied: one path per line.
std::string manifest_text(const std::map<std::string, std::string> &files) {
    std::string text = "# Copied by `heisen port xv6`; `heisen port xv6 --undo` removes these files.\n";
    for (const auto &entry : files) text += entry.first + "\n";
    return text;
}

// The heisen that ports the tree writes its symbol table at build time.
std::string tool_makefile_text() {
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return "# Written by `heisen port xv6`: the heisen heisen.mk runs to write the kernel's symbol table.\n"
           "HEISEN_TOOL ?= " + (ec ? std::string("heisen") : self.string()) + "\n";
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
    // The copied files as the tree's manifest lists them (or, from a port without one, as this
    // heisen's kit would have copied them), files of earlier versions, and the build's output.
    std::vector<std::string> remove;
    std::string listed;
    if (read_file(tree / kTreeManifest, listed)) {
        std::istringstream lines(listed);
        for (std::string line; std::getline(lines, line);)
            if (!line.empty() && line[0] != '#') remove.push_back(line);
    } else {
        Kit kit = read_kit(o.heisen_root);
        for (const auto &entry : kit.files) remove.push_back(entry.first);
    }
    for (const std::string &rel : read_kit(o.heisen_root).formerly) remove.push_back(rel);
    remove.push_back(kToolMakefile);
    remove.push_back(kTreeManifest);
    size_t removed = 0;
    for (const std::string &rel : remove) {
        if (rel.find("..") != std::string::npos || !fs::exists(tree / rel)) continue;
        if (!o.dry_run) fs::remove(tree / rel);
        ++removed;
    }
    if (fs::exists(tree / "kernel/heisen/build")) {
        if (!o.dry_run) fs::remove_all(tree / "kernel/heisen/build");
        ++removed;
    }
    // Folders the kit made, once empty (a folder holding a file of the user's stays).
    for (const char *dir : {"kernel/heisen/engine/core", "kernel/heisen/engine/ports/riscv", "kernel/heisen/engine/ports",
                            "kernel/heisen/engine/include/heisen", "kernel/heisen/engine/include", "kernel/heisen/engine",
                            "kernel/heisen"}) {
        std::error_code ec;
        if (!o.dry_run && fs::is_directory(tree / dir) && fs::is_empty(tree / dir, ec)) fs::remove(tree / dir, ec);
    }
    if (removed) {
        std::printf("kernel/heisen/: removed the kit (%zu files and its build output)\n", removed);
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
    if (o.heisen_root.empty()) {
        std::fprintf(stderr, "heisen port: no xv6 kit installed with this heisen (PREFIX/share/heisen); "
                             "use --heisen-root\n");
        return 1;
    }
    const Kit kit = read_kit(o.heisen_root);
    if (!kit.error.empty() || kit.files.empty()) {
        std::fprintf(stderr, "heisen port: %s has no usable xv6 kit (%s); use --heisen-root\n", o.heisen_root.c_str(),
                     kit.error.empty() ? "kit.manifest lists no file" : kit.error.c_str());
        return 1;
    }
    // Every file the tree gets: the kit's, and the two the port writes for it.
    std::map<std::string, std::string> contents;
    for (const auto &[rel, src] : kit.files) {
        if (!read_file(src, contents[rel])) {
            std::fprintf(stderr, "heisen port: cannot read %s\n", src.c_str());
            return 1;
        }
    }
    contents[kToolMakefile] = tool_makefile_text();
    contents[kTreeManifest] = "";
    contents[kTreeManifest] = manifest_text(contents);
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
    for (const auto &[rel, want] : contents) {
        std::string have;
        if (read_file(tree / rel, have) && have == want) continue;
        if (!o.dry_run) {
            fs::create_directories((tree / rel).parent_path());
            if (!write_file(tree / rel, want)) {
                std::fprintf(stderr, "heisen port: cannot write %s\n", (tree / rel).c_str());
                return 1;
            }
        }
        ++copied;
        ++changed;
    }
    // The formerly copied files of an older port go: the kit now lives in kernel/heisen/.
    for (const std::string &rel : kit.formerly) {
        if (!fs::exists(tree / rel)) continue;
        if (!o.dry_run) fs::remove(tree / rel);
        ++changed;
    }
    if (copied)
        std::printf("kernel/heisen/: %s %zu of the kit's %zu files (hooks, heisen.mk, validator engine, RISC-V port)\n",
                    o.dry_run ? "would write" : "wrote", copied, contents.size());
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
        else if (a == "--symbol-table") {
            if (i + 2 >= argc) {
                std::fprintf(stderr, "heisen port: --symbol-table needs KERNEL_ELF (or -) and OUTPUT.S\n%s", kUsage);
                return 2;
            }
            return heisen::port::write_symbol_table(argv[i + 1], argv[i + 2]);
        }
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
