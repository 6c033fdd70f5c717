// report_reader.cpp — parsing of the record stream.
#include "report_reader.h"

#include <cstdlib>
#include <sstream>

namespace heisen::run {
namespace {

std::vector<std::string> split(const std::string &line) {
    std::vector<std::string> tokens;
    std::istringstream stream(line);
    for (std::string token; stream >> token;) tokens.push_back(std::move(token));
    return tokens;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string unescape(const std::string &token) {
    std::string out;
    out.reserve(token.size());
    for (size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '%' && i + 2 < token.size() && hex_digit(token[i + 1]) >= 0 &&
            hex_digit(token[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_digit(token[i + 1]) * 16 + hex_digit(token[i + 2])));
            i += 2;
        } else {
            out.push_back(token[i]);
        }
    }
    return out;
}

void ReportReader::feed(const char *data, size_t len) {
    partial_.append(data, len);
    size_t start = 0;
    for (size_t newline; (newline = partial_.find('\n', start)) != std::string::npos; start = newline + 1)
        handle_record(partial_.substr(start, newline - start));
    partial_.erase(0, start);
}

void ReportReader::finish() {
    if (!partial_.empty()) handle_record(partial_);
    partial_.clear();
    for (auto &[key, report] : in_progress_) on_report_(std::move(report));
    in_progress_.clear();
    for (auto &[pid, text] : text_)
        if (!text.empty()) on_text_(pid, text);
    text_.clear();
}

void ReportReader::handle_record(const std::string &line) {
    std::vector<std::string> tokens = split(line);
    if (tokens.size() < 2) return;
    const int32_t pid = static_cast<int32_t>(std::strtol(tokens[1].c_str(), nullptr, 10));
    if (tokens[0] == "T") {
        std::string &pending = text_[pid];
        pending += tokens.size() > 2 ? unescape(tokens[2]) : std::string();
        for (size_t newline; (newline = pending.find('\n')) != std::string::npos;) {
            on_text_(pid, pending.substr(0, newline));
            pending.erase(0, newline + 1);
        }
        return;
    }
    if (tokens[0] == "P" && tokens.size() >= 3) {
        if (!on_fact_) return;
        std::vector<std::string> words(tokens.begin() + 2, tokens.end());
        words.back() = unescape(words.back());
        on_fact_(pid, words);
        return;
    }
    if (tokens[0] == "M" && tokens.size() >= 4) {
        const auto key = std::make_pair(pid, std::strtoull(tokens[2].c_str(), nullptr, 10));
        if (tokens[3] == "begin") {
            modules_[key].clear();
        } else if (tokens[3] == "map" && tokens.size() > 4) {
            modules_[key] += unescape(tokens[4]) + "\n";
        } else if (tokens[3] == "end") {
            auto found = modules_.find(key);
            if (found == modules_.end()) return;
            std::string maps = std::move(found->second);
            modules_.erase(found);
            if (on_modules_) on_modules_(pid, std::move(maps));
        }
        return;
    }
    if (tokens[0] != "R" || tokens.size() < 4) return;
    const uint64_t seq = std::strtoull(tokens[2].c_str(), nullptr, 10);
    const std::string &tag = tokens[3];
    const auto key = std::make_pair(pid, seq);
    if (tag == "begin") {
        WireReport &report = in_progress_[key];
        report = WireReport{};
        report.pid = pid;
        report.seq = seq;
        return;
    }
    auto found = in_progress_.find(key);
    if (found == in_progress_.end()) return;  // a fragment without its beginning: nothing to attach it to
    WireReport &report = found->second;
    if (tag == "end") {
        WireReport done = std::move(report);
        in_progress_.erase(found);
        on_report_(std::move(done));
    } else if (tag == "map") {
        // The map line travels escaped as one token (paths may contain spaces).
        if (tokens.size() > 4) report.maps += unescape(tokens[4]) + "\n";
    } else {
        std::vector<std::string> field;
        field.reserve(tokens.size() - 3);
        for (size_t i = 3; i < tokens.size(); ++i) field.push_back(unescape(tokens[i]));
        report.fields.push_back(std::move(field));
    }
}

}  // namespace heisen::run
