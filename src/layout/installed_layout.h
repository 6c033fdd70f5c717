// installed_layout.h — where heisen's parts are, found from the running `heisen` binary.
//
// Installed or in its build tree, heisen has the same layout below one prefix: bin/heisen, the
// preload library and heisen-static (the commands that link LLVM) in libexec/heisen/, the xv6 kit
// in share/heisen/. Only these relative paths are
// compiled in (from CMake's install directories), never a path of the build or source tree, so
// a prefix can be moved or packaged as a whole.
#pragma once

#include <string>

namespace heisen::layout {

// The absolute, resolved path of `relative` (a path below the prefix, e.g. "share/heisen"), or ""
// when the running binary cannot be located (no /proc) or the path does not exist.
std::string installed_path(const std::string &relative);

// Below the prefix: libheisen_preload.so, heisen-static and the root of the xv6 kit (`heisen
// port`'s --heisen-root).
extern const char kPreloadLibrary[];  // "libexec/heisen/libheisen_preload.so"
extern const char kStaticTools[];     // "libexec/heisen/heisen-static"
extern const char kKitRoot[];         // "share/heisen"
std::string preload_library_path();
std::string static_tools_path();
std::string kit_root_path();

}  // namespace heisen::layout
