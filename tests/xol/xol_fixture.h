// xol_fixture.h — builds test binaries in a temporary directory with the real toolchains, runs
// `heisen xol` on them and reads its JSON output; looks addresses up with nm, an oracle
// independent of heisen.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <llvm/Support/JSON.h>

namespace xoltest {

struct CommandResult {
    int status = -1;
    std::string out;
    std::string err;
};

// One finding of the JSON output, flattened.
struct JsonFinding {
    std::string function;
    uint64_t address = 0;
    std::string rule;
    std::string severity;
    std::string instruction;
    std::string message;
    std::string file;
    unsigned line = 0;
    bool has_target = false;
    uint64_t target = 0;
    std::string target_symbol;
    bool via_got = false;
    bool has_partner = false;
    uint64_t partner = 0;
    bool compressed = false;
    std::string reach;  // "" when not evaluated
    bool has_displacement = false;
    int64_t displacement = 0;
};

struct JsonFunction {
    std::string name;
    uint64_t start = 0;
    uint64_t end = 0;
    std::string verdict;
    std::string entry;
    std::vector<std::string> fixups;
    std::string file;
    unsigned line = 0;
};

struct JsonReport {
    std::vector<JsonFunction> functions;
    std::vector<JsonFinding> findings;
    uint64_t instructions = 0;
    std::string machine, type;

    const JsonFunction *function(const std::string &name) const;
    std::vector<JsonFinding> at(uint64_t address) const;
    std::vector<JsonFinding> in(const std::string &function) const;
};

class XolTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    std::string path(const std::string &name) const { return dir_ + "/" + name; }
    void write(const std::string &name, const std::string &text) const;
    // Runs a shell command in the test directory; fails the test if it does not exit 0.
    std::string sh(const std::string &command) const;
    CommandResult run(const std::string &command) const;
    // `heisen xol ARGS` in the test directory.
    CommandResult xol(const std::string &args) const;
    // `heisen xol --format json ARGS`, parsed; fails the test on bad JSON.
    JsonReport xol_json(const std::string &args) const;
    // Symbol addresses as nm prints them (`nm_tool` for cross files).
    std::map<std::string, uint64_t> symbols(const std::string &file, const std::string &nm_tool = "nm") const;

    std::string dir_;
};

JsonReport parse_report(const std::string &text);
std::string hex(uint64_t value);

}  // namespace xoltest
