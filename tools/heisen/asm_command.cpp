// Placeholder until the asm subcommand lands (replaced by its area's author).
#include <cstdio>
#include "commands.h"
int heisen::cli::asm_command(int, char **) { std::fprintf(stderr, "heisen asm: not built yet\n"); return 2; }
