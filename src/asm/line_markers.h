// line_markers.h — locations in preprocessed text (`gcc -E` output) mapped back to the files and
// lines it came from, through its line markers (`# 12 "src/x.h" 1 3`) and #line directives.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "asm/extract.h"
#include "findings/source_location.h"

namespace heisen::asmcheck {

class LineMarkers {
public:
    // Relative file names in the markers are taken relative to `directory` (where the
    // preprocessor ran); empty keeps them as written.
    LineMarkers(std::string_view text, const std::string &directory);

    // Where line `where.line` of the preprocessed text came from (the column is kept: the
    // preprocessor lays out expanded code on the line of the macro use).
    SourceLocation original(const SourceLocation &where) const;
    // Whether that line came from a system header (flag 3 of its marker).
    bool from_system_header(unsigned line) const;

private:
    struct Marker {
        uint32_t text_line;  // the line of the marker itself
        uint32_t line;       // the original line of the next text line
        uint32_t file;       // index into files_
        bool system;
    };
    const Marker *marker_for(unsigned line) const;

    std::vector<Marker> markers_;
    std::vector<std::string> files_;
};

// Rewrites every location of `file` (statements, pieces, operands, problems) to the original
// files, and drops the statements that came from system headers.
void map_to_original_locations(ExtractedFile &file, const LineMarkers &markers);

}  // namespace heisen::asmcheck
