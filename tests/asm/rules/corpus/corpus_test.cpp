// Runs `heisen asm --target TARGET FILE` on every corpus file and compares the findings with
// the file's `expect:` comments, line by line and both ways (see README.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using Expectations = std::map<unsigned, std::multiset<std::string>>;

struct CorpusFile {
    std::string target;  // the folder: x86_64, i386, riscv64
    fs::path path;
};

std::ostream &operator<<(std::ostream &out, const CorpusFile &f) { return out << f.path.string(); }

std::vector<CorpusFile> corpus_files() {
    std::vector<CorpusFile> files;
    for (const char *target : {"x86_64", "i386", "riscv64"}) {
        const fs::path dir = fs::path(HEISEN_CORPUS_DIR) / target;
        if (!fs::is_directory(dir)) continue;
        for (const auto &entry : fs::directory_iterator(dir))
            if (entry.path().extension() == ".c") files.push_back({target, entry.path()});
    }
    std::sort(files.begin(), files.end(), [](const CorpusFile &a, const CorpusFile &b) { return a.path < b.path; });
    return files;
}

Expectations read_expectations(const fs::path &path) {
    Expectations expected;
    std::ifstream in(path);
    std::string line;
    for (unsigned number = 1; std::getline(in, line); ++number) {
        const size_t at = line.find("expect:");
        if (at == std::string::npos) continue;
        std::istringstream words(line.substr(at + 7));
        for (std::string word; words >> word && word != "*/";) expected[number].insert(word);
    }
    return expected;
}

std::string run(const std::string &command, int &status) {
    std::string output;
    FILE *pipe = popen(command.c_str(), "r");
    if (!pipe) return output;
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    status = pclose(pipe);
    return output;
}

class Corpus : public ::testing::TestWithParam<CorpusFile> {};

TEST_P(Corpus, FindingsMatchExpectations) {
    const CorpusFile &file = GetParam();
    int status = 0;
    const std::string output =
        run(std::string(HEISEN_CLI) + " asm --target " + file.target + " '" + file.path.string() + "' 2>&1", status);
    // file:line:col: warning: message [heisen-asm:rule]   and   file:line:col: … could not analyse: why
    static const std::regex finding(R"(^(.*):(\d+):(\d+): [a-z ]+: .*\[heisen-asm:([a-z-]+)\]\s*$)");
    static const std::regex unanalysed(R"(^(.*):(\d+):(\d+): .*could not analyse.*$)");
    Expectations got;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (std::regex_match(line, m, finding) && fs::path(m[1].str()).filename() == file.path.filename())
            got[static_cast<unsigned>(std::stoul(m[2].str()))].insert(m[4].str());
        else if (std::regex_match(line, m, unanalysed))
            got[static_cast<unsigned>(std::stoul(m[2].str()))].insert("could-not-analyse");
    }
    const Expectations expected = read_expectations(file.path);
    std::set<unsigned> all;
    for (const auto &[line, rules] : expected) all.insert(line);
    for (const auto &[line, rules] : got) all.insert(line);
    for (unsigned line : all) {
        const auto want = expected.count(line) ? expected.at(line) : std::multiset<std::string>{};
        const auto have = got.count(line) ? got.at(line) : std::multiset<std::string>{};
        std::string w, h;
        for (const auto &r : want) w += " " + r;
        for (const auto &r : have) h += " " + r;
        EXPECT_EQ(w, h) << file.path.filename().string() << ":" << line << "\n" << output;
    }
}

std::string test_name(const ::testing::TestParamInfo<CorpusFile> &info) {
    std::string name = info.param.target + "_" + info.param.path.stem().string();
    for (char &c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

INSTANTIATE_TEST_SUITE_P(Files, Corpus, ::testing::ValuesIn(corpus_files()), test_name);

}  // namespace
