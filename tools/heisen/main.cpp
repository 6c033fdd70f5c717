// main.cpp — `heisen`: dispatches to a subcommand.
#include <cstdio>
#include <cstring>

#include "commands.h"

namespace {

struct Subcommand {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
};

constexpr Subcommand kSubcommands[] = {
    {"run", heisen::cli::run_command, "validate the locking of an unmodified program"},
    {"asm", heisen::cli::run_static_command, "check inline-asm statements against their declared interface"},
    {"port", heisen::cli::port_command, "add the lock validator to a kernel tree (xv6)"},
    {"xol", heisen::cli::run_static_command, "find the instructions a probe cannot execute out of line"},
};

void print_usage(std::FILE *out) {
    std::fprintf(out, "usage: heisen COMMAND [options] ...\n\ncommands:\n");
    for (const Subcommand &c : kSubcommands) std::fprintf(out, "  %-6s %s\n", c.name, c.summary);
    std::fprintf(out, "\n'heisen COMMAND --help' describes a command; 'man heisen' all of them.\n");
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) {
        print_usage(stderr);
        return 2;
    }
    if (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
        print_usage(stdout);
        return 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::printf("heisen " HEISEN_VERSION "\n"
                    "Copyright (c) 2026 the heisen authors\n"
                    "License: MIT <https://opensource.org/licenses/MIT>\n"
                    "This is free software: you are free to change and redistribute it.\n"
                    "There is NO WARRANTY, to the extent permitted by law.\n");
        return 0;
    }
    for (const Subcommand &c : kSubcommands)
        if (!std::strcmp(argv[1], c.name)) return c.run(argc - 1, argv + 1);
    std::fprintf(stderr, "heisen: unknown command '%s'\n", argv[1]);
    print_usage(stderr);
    return 2;
}
