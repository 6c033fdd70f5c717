// source_location.h — a place in a source file, as findings and notes point at it.
#pragma once

#include <string>

namespace heisen {

struct SourceLocation {
    std::string file;
    unsigned line = 0;    // 1-based; 0 = unknown
    unsigned column = 0;  // 1-based; 0 = unknown
};

}  // namespace heisen
