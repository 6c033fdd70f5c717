// line_markers.cpp — `# N "file" flags` and `#line N "file"`, read once.
#include "asm/line_markers.h"

#include <algorithm>
#include <filesystem>
#include <unordered_map>

namespace heisen::asmcheck {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// "abc\"d" → abc"d (the preprocessor escapes '"' and '\' in file names).
std::string unquote(std::string_view quoted) {
    std::string out;
    for (size_t i = 0; i < quoted.size(); ++i) {
        if (quoted[i] == '\\' && i + 1 < quoted.size()) ++i;
        out.push_back(quoted[i]);
    }
    return out;
}

}  // namespace

LineMarkers::LineMarkers(std::string_view text, const std::string &directory) {
    std::unordered_map<std::string, uint32_t> file_index;
    uint32_t text_line = 1;
    for (size_t start = 0; start < text.size(); ++text_line) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        size_t i = 0;
        while (i < line.size() && is_blank(line[i])) ++i;
        if (i == line.size() || line[i] != '#') continue;
        ++i;
        while (i < line.size() && is_blank(line[i])) ++i;
        if (line.substr(i, 4) == "line") i += 4;
        while (i < line.size() && is_blank(line[i])) ++i;
        size_t digits = i;
        while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
        if (digits == i || digits - i > 9) continue;
        const uint32_t number = static_cast<uint32_t>(std::stoul(std::string(line.substr(i, digits - i))));
        i = digits;
        while (i < line.size() && is_blank(line[i])) ++i;
        Marker marker{text_line, number, markers_.empty() ? 0 : markers_.back().file, false};
        if (i < line.size() && line[i] == '"') {
            size_t close = i + 1;
            while (close < line.size() && line[close] != '"') close += line[close] == '\\' ? 2 : 1;
            if (close >= line.size()) continue;
            std::string name = unquote(line.substr(i + 1, close - i - 1));
            if (!directory.empty() && !name.empty() && name[0] != '/' && name[0] != '<')
                name = (std::filesystem::path(directory) / name).lexically_normal().string();
            const auto [it, added] = file_index.emplace(name, static_cast<uint32_t>(files_.size()));
            if (added) files_.push_back(name);
            marker.file = it->second;
            for (size_t flag = close + 1; flag < line.size(); ++flag)
                if (line[flag] == '3' && is_blank(line[flag - 1])) marker.system = true;
        } else if (markers_.empty()) {
            continue;  // a number with no file before any file is named
        }
        markers_.push_back(marker);
    }
}

const LineMarkers::Marker *LineMarkers::marker_for(unsigned line) const {
    const auto it = std::upper_bound(markers_.begin(), markers_.end(), line,
                                     [](unsigned l, const Marker &m) { return l < m.text_line; });
    return it == markers_.begin() ? nullptr : &*(it - 1);
}

SourceLocation LineMarkers::original(const SourceLocation &where) const {
    const Marker *m = marker_for(where.line);
    if (!m || where.line == 0) return where;
    SourceLocation out = where;
    out.file = files_[m->file];
    out.line = m->line + (where.line - m->text_line - 1);
    return out;
}

bool LineMarkers::from_system_header(unsigned line) const {
    const Marker *m = marker_for(line);
    return m && m->system;
}

void map_to_original_locations(ExtractedFile &file, const LineMarkers &markers) {
    std::vector<AsmStatement> kept;
    for (AsmStatement &s : file.statements) {
        if (markers.from_system_header(s.location.line)) continue;
        s.location = markers.original(s.location);
        for (AsmStatement::Piece &p : s.template_pieces) p.location = markers.original(p.location);
        for (std::vector<AsmOperand> *list : {&s.outputs, &s.inputs})
            for (AsmOperand &o : *list) o.location = markers.original(o.location);
        kept.push_back(std::move(s));
    }
    file.statements = std::move(kept);
    for (ExtractProblem &p : file.problems) p.location = markers.original(p.location);
}

}  // namespace heisen::asmcheck
