// static_commands.cpp — `heisen asm` and `heisen xol` run in heisen-static, a second executable
// beside the preload library: they link LLVM and Clang, whose loading and start-up (about 0.1 s)
// every `heisen run` would otherwise pay before the program it watches even starts.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "commands.h"
#include "layout/installed_layout.h"

namespace heisen::cli {

int run_static_command(int argc, char **argv) {
    const std::string tools = layout::static_tools_path();
    if (tools.empty()) {
        std::fprintf(stderr, "heisen %s: cannot find PREFIX/%s installed with heisen\n", argv[0],
                     layout::kStaticTools);
        return 2;
    }
    // heisen-static COMMAND ARGS...: the command's name first, as `heisen` got it.
    std::vector<char *> args{const_cast<char *>(tools.c_str())};
    for (int i = 0; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    execv(tools.c_str(), args.data());
    std::fprintf(stderr, "heisen %s: cannot run %s: %s\n", argv[0], tools.c_str(), std::strerror(errno));
    return 2;
}

}  // namespace heisen::cli
