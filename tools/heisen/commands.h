// commands.h — the subcommands of the `heisen` command. Each lives in its own file and gets the
// arguments that follow its name (argv[0] is the subcommand name). Returns the exit status.
#pragma once

namespace heisen::cli {

int run_command(int argc, char **argv);  // heisen run [options] -- PROGRAM ARGS...
int asm_command(int argc, char **argv);  // heisen asm [options] PATH...
int port_command(int argc, char **argv); // heisen port xv6 [--undo] [--dry-run] DIR
int xol_command(int argc, char **argv);  // heisen xol [options] ELF
// `heisen asm` and `heisen xol` from the `heisen` binary: execs heisen-static with the same
// arguments (static_commands.cpp); returns only when that fails.
int run_static_command(int argc, char **argv);

}  // namespace heisen::cli
