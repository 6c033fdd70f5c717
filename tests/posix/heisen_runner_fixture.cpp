// heisen_runner_fixture.cpp — process handling for the end-to-end tests.
#include "heisen_runner_fixture.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace heisen::test {
namespace {

double now_seconds() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string temporary_file() {
    char name[] = "/tmp/heisen-posix-test-XXXXXX";
    int fd = mkstemp(name);
    if (fd >= 0) close(fd);
    return name;
}

}  // namespace

std::string read_file(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

size_t count_of(const std::string &haystack, const std::string &needle) {
    size_t count = 0;
    for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size()))
        ++count;
    return count;
}

bool has_any_report(const std::string &text) {
    return text.find("WARNING: ") != std::string::npos || text.find("BUG: ") != std::string::npos;
}

CommandResult run_command(const std::vector<std::string> &argv, double timeout_seconds) {
    CommandResult result;
    const std::string out_path = temporary_file(), err_path = temporary_file();
    pid_t child = fork();
    if (child == 0) {
        setpgid(0, 0);
        int out = open(out_path.c_str(), O_WRONLY | O_TRUNC);
        int err = open(err_path.c_str(), O_WRONLY | O_TRUNC);
        dup2(out, 1);
        dup2(err, 2);
        std::vector<char *> args;
        for (const std::string &arg : argv) args.push_back(const_cast<char *>(arg.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    const double deadline = now_seconds() + timeout_seconds;
    int status = 0;
    bool term_sent = false;
    double kill_at = 0;
    struct rusage usage {};
    for (;;) {
        pid_t waited = wait4(child, &status, WNOHANG, &usage);
        if (waited == child) break;
        const double now = now_seconds();
        if (!term_sent && now > deadline) {
            result.timed_out = true;
            kill(child, SIGTERM);  // heisen itself: it forwards to the program and prints reports
            term_sent = true;
            kill_at = now + 5;
        } else if (term_sent && now > kill_at) {
            kill(-child, SIGKILL);
        }
        usleep(10000);
    }
    kill(-child, SIGKILL);  // anything the program left behind
    result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.max_rss_kb = usage.ru_maxrss;
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    std::remove(out_path.c_str());
    std::remove(err_path.c_str());
    return result;
}

std::string program_path(const std::string &name) { return std::string(HEISEN_TEST_PROGRAM_DIR) + "/" + name; }

CommandResult heisen_run(const std::vector<std::string> &options, const std::string &program,
                         const std::vector<std::string> &program_args, double timeout_seconds) {
    std::vector<std::string> argv = {HEISEN_BINARY, "run"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back("--");
    argv.push_back(program_path(program));
    argv.insert(argv.end(), program_args.begin(), program_args.end());
    return run_command(argv, timeout_seconds);
}

}  // namespace heisen::test
