// child_process.cpp — fork, a pipe, poll with a deadline, kill the group on a timeout.
#include "asm_clang/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

namespace heisen::asmcheck {

std::string ChildResult::failure() const {
    if (!error.empty()) return error;
    if (timed_out) return "took longer than " + std::to_string(timeout_seconds) + " s";
    if (output_too_large) return "wrote more than the output limit";
    if (signal) {
        const char *name = sigabbrev_np(signal);
        return std::string("crashed (") + (name ? std::string("SIG") + name : "signal " + std::to_string(signal)) + ")";
    }
    if (exit_status == 127) return "could not be started";  // run_command: execvp failed
    if (exit_status == 126) return "could not enter its directory";
    if (exit_status != 0) return "exited with status " + std::to_string(exit_status);
    return {};
}

pid_t fork_isolated(int parent_end, int child_end, std::string &error) {
    std::fflush(nullptr);  // nothing buffered here may be written twice
    const pid_t pid = ::fork();
    if (pid < 0) {
        error = std::string("cannot start a process: ") + std::strerror(errno);
        ::close(parent_end);
        ::close(child_end);
        return -1;
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        ::close(parent_end);
        const int null = ::open("/dev/null", O_RDWR);
        if (null >= 0) {
            ::dup2(null, STDIN_FILENO);
            ::dup2(null, STDERR_FILENO);
        }
        return 0;
    }
    ::setpgid(pid, pid);  // also here: no race with the child's own call
    ::close(child_end);
    return pid;
}

ChildResult run_in_child(const std::function<int(int out_fd)> &body, int timeout_seconds, size_t max_output) {
    ChildResult result;
    result.timeout_seconds = timeout_seconds;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        result.error = std::string("cannot create a pipe: ") + std::strerror(errno);
        return result;
    }
    const pid_t pid = fork_isolated(fds[0], fds[1], result.error);
    if (pid < 0) return result;
    if (pid == 0) ::_exit(body(fds[1]));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    std::vector<char> buffer(1 << 16);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            result.timed_out = true;
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) continue;  // the deadline is checked above
        const ssize_t n = ::read(fds[0], buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (result.output.size() + static_cast<size_t>(n) > max_output) {
            result.output_too_large = true;
            break;
        }
        result.output.append(buffer.data(), static_cast<size_t>(n));
    }
    ::close(fds[0]);
    if (result.timed_out || result.output_too_large) ::kill(-pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    return result;
}

ChildResult run_command(const std::vector<std::string> &argv, const std::string &directory, int timeout_seconds,
                        size_t max_output) {
    return run_in_child(
        [&](int out_fd) {
            if (!directory.empty() && ::chdir(directory.c_str()) != 0) return 126;
            ::dup2(out_fd, STDOUT_FILENO);
            std::vector<char *> args;
            for (const std::string &a : argv) args.push_back(const_cast<char *>(a.c_str()));
            args.push_back(nullptr);
            ::execvp(args[0], args.data());
            return 127;
        },
        timeout_seconds, max_output);
}

}  // namespace heisen::asmcheck
