// launcher.cpp — fork/exec with LD_PRELOAD, the report socket, and signal forwarding.
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "layout/installed_layout.h"
#include "ports/posix/wire_format.h"

namespace heisen::run {
namespace {

// The report channel sits at a high descriptor so programs that dup2 onto 0..2 or close a few low
// descriptors leave it alone.
constexpr int kReportFdFloor = 200;

volatile sig_atomic_t g_child_pid;

// SIGTERM/SIGHUP to `heisen run` go to the program; heisen itself stays to print its reports.
void forward_signal(int sig) {
    if (g_child_pid > 0) kill(g_child_pid, sig);
}

void set_environment(int report_fd, const RunOptions &options, const std::string &preload_library) {
    std::string preload = preload_library;
    if (const char *existing = std::getenv("LD_PRELOAD"); existing && *existing) preload.append(":").append(existing);
    setenv("LD_PRELOAD", preload.c_str(), 1);
    setenv(wire::kReportFdVariable, std::to_string(report_fd).c_str(), 1);
    setenv(wire::kClassesVariable, options.classes_by_site ? "site" : "instance", 1);
    setenv(wire::kOnReportVariable, options.abort_on_report ? "abort" : "continue", 1);
    setenv(wire::kFormatVariable, options.format == OutputFormat::kJson ? "json" : "text", 1);
    setenv(wire::kStatsVariable, options.stats ? "1" : "0", 1);
}

[[noreturn]] void exec_child(int channel_write, const std::string &path, const std::vector<std::string> &args,
                             const RunOptions &options, const std::string &preload_library) {
    int report_fd = fcntl(channel_write, F_DUPFD, kReportFdFloor);  // no FD_CLOEXEC: survives exec
    if (report_fd < 0) report_fd = channel_write;
    else close(channel_write);
    fcntl(report_fd, F_SETFD, 0);
    set_environment(report_fd, options, preload_library);
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    std::vector<char *> argv;
    for (const std::string &arg : args) argv.push_back(const_cast<char *>(arg.c_str()));
    argv.push_back(nullptr);
    execv(path.c_str(), argv.data());
    const char *reason = std::strerror(errno);
    dprintf(2, "heisen run: cannot execute '%s': %s\n", path.c_str(), reason);
    _exit(errno == ENOENT ? 127 : 126);
}

int status_of(int wait_status) {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
    return 1;
}

bool is_readable_file(const std::string &path) { return !path.empty() && access(path.c_str(), R_OK) == 0; }

}  // namespace

std::string find_preload_library(std::string &error) {
    if (const char *chosen = std::getenv("HEISEN_PRELOAD"); chosen && *chosen) {
        char resolved[PATH_MAX];
        if (realpath(chosen, resolved) && is_readable_file(resolved)) return resolved;
        error = std::string("HEISEN_PRELOAD names '") + chosen + "', which cannot be read";
        return {};
    }
    const std::string installed = layout::preload_library_path();
    if (is_readable_file(installed)) return installed;
    error = std::string("cannot find PREFIX/") + layout::kPreloadLibrary + " installed with heisen (set HEISEN_PRELOAD)";
    return {};
}

LaunchResult launch(const std::string &path, const std::vector<std::string> &argv, const RunOptions &options,
                    const std::string &preload_library, ReportReader &reader) {
    LaunchResult result;
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0) {
        result.error = std::string("cannot create the report channel: ") + std::strerror(errno);
        return result;
    }
    // Like system(): the terminal's Ctrl-C / Ctrl-\ reach the program (same process group); heisen
    // outlives it to print what it reported.
    struct sigaction ignore {}, forward {}, old_int {}, old_quit {}, old_term {}, old_hup {};
    ignore.sa_handler = SIG_IGN;
    forward.sa_handler = forward_signal;
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);

    pid_t child = fork();
    if (child < 0) {
        result.error = std::string("cannot fork: ") + std::strerror(errno);
        close(fds[0]);
        close(fds[1]);
        return result;
    }
    if (child == 0) {
        close(fds[0]);
        exec_child(fds[1], path, argv, options, preload_library);
    }
    g_child_pid = child;
    sigaction(SIGTERM, &forward, &old_term);
    sigaction(SIGHUP, &forward, &old_hup);
    close(fds[1]);
    result.started = true;

    // Read until the channel closes. Once the program has exited, a process it left behind may
    // still hold the channel open: wait for it only while it keeps sending.
    bool exited = false;
    int idle_polls_after_exit = 0;
    char buffer[65536];
    for (;;) {
        struct pollfd pfd = {fds[0], POLLIN, 0};
        int ready = poll(&pfd, 1, 50);
        if (ready > 0) {
            ssize_t n = read(fds[0], buffer, sizeof buffer);
            if (n > 0) {
                reader.feed(buffer, static_cast<size_t>(n));
                idle_polls_after_exit = 0;
                continue;
            }
            if (n == 0) break;  // every writer is gone
            if (errno != EINTR && errno != EAGAIN) break;
        }
        if (!exited) {
            int wait_status = 0;
            pid_t waited = waitpid(child, &wait_status, WNOHANG);
            if (waited == child) {
                exited = true;
                result.exit_status = status_of(wait_status);
            }
        } else if (ready == 0 && ++idle_polls_after_exit >= 10) {
            break;
        }
    }
    if (!exited) {
        int wait_status = 0;
        while (waitpid(child, &wait_status, 0) < 0 && errno == EINTR) {
        }
        result.exit_status = status_of(wait_status);
    }
    close(fds[0]);
    reader.finish();
    g_child_pid = 0;
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGQUIT, &old_quit, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    sigaction(SIGHUP, &old_hup, nullptr);
    return result;
}

}  // namespace heisen::run
