// installed_layout.cpp — the prefix is the parent of the directory holding the running binary.
#include "layout/installed_layout.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

namespace heisen::layout {

std::string installed_path(const std::string &relative) {
    char self[PATH_MAX];
    const ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0) return {};
    std::string path(self, static_cast<size_t>(len));
    path.erase(path.rfind('/'));                        // PREFIX/BINDIR
    path.append("/").append(HEISEN_BINDIR_TO_PREFIX);   // PREFIX
    path.append("/").append(relative);
    char resolved[PATH_MAX];
    if (!realpath(path.c_str(), resolved)) return {};
    return resolved;
}

const char kPreloadLibrary[] = HEISEN_PRELOAD_DIR "/libheisen_preload.so";
const char kStaticTools[] = HEISEN_PRELOAD_DIR "/heisen-static";
const char kKitRoot[] = HEISEN_KIT_DIR;

std::string preload_library_path() { return installed_path(kPreloadLibrary); }

std::string static_tools_path() { return installed_path(kStaticTools); }

std::string kit_root_path() { return installed_path(kKitRoot); }

}  // namespace heisen::layout
