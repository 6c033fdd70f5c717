// port_xv6_hooks.h — where heisen's hooks go in an xv6-riscv kernel, found by pattern.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "port_text_file.h"

namespace heisen::port {

inline const std::string kCMarker = "/* heisen-port */";
inline const std::string kMakeMarker = "# heisen-port";

// The tree files the kit edits, relative to the tree's root.
const std::vector<std::string> &xv6_edited_files();
// The marker used in `file`.
const std::string &marker_for(const std::string &file);

struct Change {
    std::string file; // relative path
    std::string what; // what was added, for the user
};

struct HookPlan {
    std::map<std::string, TextFile> edited; // file -> text with the hooks inserted
    std::vector<Change> changes;
    std::string missing; // non-empty: the hook point that could not be found
};

// `originals` holds every file of xv6_edited_files() with no heisen lines.
HookPlan plan_xv6_hooks(const std::map<std::string, TextFile> &originals);

}  // namespace heisen::port
