// Placeholder until the port subcommand lands (replaced by its area's author).
#include <cstdio>
#include "commands.h"
int heisen::cli::port_command(int, char **) { std::fprintf(stderr, "heisen port: not built yet\n"); return 2; }
