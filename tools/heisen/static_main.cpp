// static_main.cpp — heisen-static: `heisen asm` and `heisen xol`, the commands that link LLVM.
// `heisen` execs it (static_commands.cpp) with the command's name and arguments.
#include <cstdio>
#include <cstring>

#include "commands.h"

int main(int argc, char **argv) {
    if (argc >= 2 && !std::strcmp(argv[1], "asm")) return heisen::cli::asm_command(argc - 1, argv + 1);
    if (argc >= 2 && !std::strcmp(argv[1], "xol")) return heisen::cli::xol_command(argc - 1, argv + 1);
    std::fprintf(stderr, "heisen-static: run it as 'heisen asm' or 'heisen xol'\n");
    return 2;
}
