// Placeholder until the run subcommand lands (replaced by its area's author).
#include <cstdio>
#include "commands.h"
int heisen::cli::run_command(int, char **) { std::fprintf(stderr, "heisen run: not built yet\n"); return 2; }
