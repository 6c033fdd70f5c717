// xol_fixture.cpp — temporary directories, commands, JSON.
#include "xol_fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace xoltest {

namespace {

std::string slurp(const std::string &p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

uint64_t hex_value(const llvm::json::Object &o, const char *key) {
    const auto text = o.getString(key);
    return text ? std::strtoull(text->str().c_str(), nullptr, 16) : 0;
}

std::string string_of(const llvm::json::Object &o, const char *key) {
    const auto text = o.getString(key);
    return text ? text->str() : std::string();
}

}  // namespace

std::string hex(uint64_t value) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    return buffer;
}

const JsonFunction *JsonReport::function(const std::string &name) const {
    for (const JsonFunction &f : functions)
        if (f.name == name) return &f;
    return nullptr;
}

std::vector<JsonFinding> JsonReport::at(uint64_t address) const {
    std::vector<JsonFinding> out;
    for (const JsonFinding &f : findings)
        if (f.address == address) out.push_back(f);
    return out;
}

std::vector<JsonFinding> JsonReport::in(const std::string &function) const {
    std::vector<JsonFinding> out;
    for (const JsonFinding &f : findings)
        if (f.function == function) out.push_back(f);
    return out;
}

JsonReport parse_report(const std::string &text) {
    JsonReport report;
    llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
    if (!parsed) {
        ADD_FAILURE() << "not JSON: " << llvm::toString(parsed.takeError()) << "\n" << text.substr(0, 2000);
        return report;
    }
    const llvm::json::Object *root = parsed->getAsObject();
    if (!root || root->getString("format") != llvm::StringRef("heisen-xol/1")) {
        ADD_FAILURE() << "not heisen-xol/1";
        return report;
    }
    report.machine = string_of(*root, "machine");
    report.type = string_of(*root, "type");
    if (const llvm::json::Object *summary = root->getObject("summary"))
        report.instructions = static_cast<uint64_t>(summary->getInteger("instructions").value_or(0));
    for (const llvm::json::Value &fv : *root->getArray("functions")) {
        const llvm::json::Object &fo = *fv.getAsObject();
        JsonFunction f;
        f.name = string_of(fo, "name");
        f.start = hex_value(fo, "start");
        f.end = hex_value(fo, "end");
        f.verdict = string_of(fo, "verdict");
        f.entry = string_of(fo, "entry");
        f.file = string_of(fo, "file");
        f.line = static_cast<unsigned>(fo.getInteger("line").value_or(0));
        for (const llvm::json::Value &k : *fo.getArray("fixups")) f.fixups.push_back(k.getAsString()->str());
        report.functions.push_back(f);
        const llvm::json::Array *findings = fo.getArray("findings");
        if (!findings) continue;
        for (const llvm::json::Value &v : *findings) {
            const llvm::json::Object &o = *v.getAsObject();
            JsonFinding x;
            x.function = f.name;
            x.address = hex_value(o, "address");
            x.rule = string_of(o, "rule");
            x.severity = string_of(o, "severity");
            x.instruction = string_of(o, "instruction");
            x.message = string_of(o, "message");
            x.file = string_of(o, "file");
            x.line = static_cast<unsigned>(o.getInteger("line").value_or(0));
            x.has_target = o.getString("target").has_value();
            x.target = hex_value(o, "target");
            x.target_symbol = string_of(o, "target_symbol");
            x.via_got = o.getBoolean("via_got").value_or(false);
            x.has_partner = o.getString("partner").has_value();
            x.partner = hex_value(o, "partner");
            x.compressed = o.getBoolean("compressed").value_or(false);
            if (const llvm::json::Object *slot = o.getObject("slot")) {
                x.reach = string_of(*slot, "reach");
                if (auto d = slot->getInteger("displacement")) {
                    x.has_displacement = true;
                    x.displacement = *d;
                }
            }
            report.findings.push_back(x);
        }
    }
    return report;
}

void XolTest::SetUp() {
    dir_ = (std::filesystem::temp_directory_path() /
            ("heisen-xol-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
}

void XolTest::TearDown() { std::filesystem::remove_all(dir_); }

void XolTest::write(const std::string &name, const std::string &text) const {
    std::ofstream(path(name), std::ios::binary) << text;
}

CommandResult XolTest::run(const std::string &command) const {
    const std::string full = "cd '" + dir_ + "' && (" + command + ") >out.txt 2>err.txt";
    CommandResult r;
    const int raw = std::system(full.c_str());
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(path("out.txt"));
    r.err = slurp(path("err.txt"));
    return r;
}

std::string XolTest::sh(const std::string &command) const {
    const CommandResult r = run(command);
    EXPECT_EQ(r.status, 0) << command << "\n" << r.err;
    return r.out;
}

CommandResult XolTest::xol(const std::string &args) const { return run("'" HEISEN_BINARY "' xol " + args); }

JsonReport XolTest::xol_json(const std::string &args) const {
    const CommandResult r = xol("--format json --fail-on none " + args);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return parse_report(r.out);
}

std::map<std::string, uint64_t> XolTest::symbols(const std::string &file, const std::string &nm_tool) const {
    std::map<std::string, uint64_t> out;
    std::istringstream lines(sh(nm_tool + " '" + path(file) + "'"));
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string address, type, name;
        if (fields >> address >> type >> name) out[name] = std::strtoull(address.c_str(), nullptr, 16);
    }
    return out;
}

}  // namespace xoltest
