// shell_command.cpp — run_shell() through popen(3) with stderr joined to stdout.
#include "shell_command.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>

CommandResult run_shell(const std::string &command) {
    CommandResult r{-1, ""};
    FILE *p = popen((command + " 2>&1").c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}
