// launcher.cpp — fork/exec with LD_PRELOAD, the report ring, and signal forwarding.
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "layout/installed_layout.h"
#include "ports/posix/wire_format.h"
#include "process_watch.h"
#include "report_ring.h"

namespace heisen::run {
namespace {

volatile sig_atomic_t g_child_pid;
volatile sig_atomic_t g_stop_waiting;  // the user asked heisen to stop waiting for left-behind processes

// SIGTERM/SIGHUP to `heisen run` go to the program; heisen itself stays to print its reports.
// Once the program has exited, they (and Ctrl-C) end the wait for processes it left behind.
void forward_signal(int sig) {
    if (g_child_pid > 0) kill(g_child_pid, sig);
    else g_stop_waiting = 1;
}

void stop_waiting(int) { g_stop_waiting = 1; }

void set_environment(const std::string &ring_path, const RunOptions &options, const std::string &preload_library) {
    std::string preload = preload_library;
    if (const char *existing = std::getenv("LD_PRELOAD"); existing && *existing) preload.append(":").append(existing);
    setenv("LD_PRELOAD", preload.c_str(), 1);
    setenv(wire::kReportRingVariable, ring_path.c_str(), 1);
    setenv(wire::kClassesVariable, options.classes_by_site ? "site" : "instance", 1);
    setenv(wire::kOnReportVariable, options.abort_on_report ? "abort" : "continue", 1);
    setenv(wire::kStatsVariable, options.stats ? "1" : "0", 1);
    setenv(wire::kConditionWaitsVariable, options.condition_waits ? "1" : "0", 1);
    setenv(wire::kOnDeadlockVariable, options.deadlock_report_only ? "report" : "exit", 1);
}

// The dispositions heisen run itself was started with, which the program inherits as they were
// (a program started with SIGINT ignored — `cmd &`, nohup — keeps it ignored).
struct InheritedDispositions {
    struct sigaction interrupt, quit;
};

[[noreturn]] void exec_child(const std::string &ring_path, const std::string &path, const std::vector<std::string> &args,
                             const RunOptions &options, const std::string &preload_library,
                             const InheritedDispositions &inherited) {
    set_environment(ring_path, options, preload_library);
    sigaction(SIGINT, &inherited.interrupt, nullptr);
    sigaction(SIGQUIT, &inherited.quit, nullptr);
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

// Copies records out of the ring while the main thread prints: a slow symbolization never keeps
// the program's writers waiting for room.
class RingDrainer {
public:
    explicit RingDrainer(ReportRing &ring) : ring_(ring), thread_([this] { run(); }) {}
    ~RingDrainer() {
        {
            std::lock_guard<std::mutex> hold(mutex_);
            stop_ = true;
        }
        ready_.notify_all();
        thread_.join();
    }

    // Waits up to `timeout` for records and takes them all.
    std::vector<RingRecord> take(std::chrono::milliseconds timeout) {
        std::unique_lock<std::mutex> hold(mutex_);
        ready_.wait_for(hold, timeout, [this] { return !records_.empty(); });
        return std::move(records_);
    }

    // `pid` has ended: every record copied out so far (of any process), then its last ones
    // (ReportRing::finish_process), in that order, so that nothing of it is handled after the
    // runner forgot it.
    std::vector<RingRecord> finish_process(int32_t pid) {
        std::lock_guard<std::mutex> draining(drain_mutex_);
        std::vector<RingRecord> out;
        {
            std::lock_guard<std::mutex> hold(mutex_);
            out = std::move(records_);
            records_.clear();
        }
        ring_.finish_process(pid, out);
        return out;
    }

private:
    void run() {
        std::vector<RingRecord> drained;
        std::unique_lock<std::mutex> hold(mutex_);
        while (!stop_) {
            hold.unlock();
            {
                std::lock_guard<std::mutex> draining(drain_mutex_);
                ring_.drain(drained);
                hold.lock();
            }
            if (!drained.empty()) {
                for (RingRecord &record : drained) records_.push_back(std::move(record));
                drained.clear();
                ready_.notify_all();
            }
            ready_.wait_for(hold, std::chrono::milliseconds(3), [this] { return stop_; });
        }
    }

    ReportRing &ring_;
    std::mutex drain_mutex_;  // held from copying records out until they are queued
    std::mutex mutex_;
    std::condition_variable ready_;
    std::vector<RingRecord> records_;
    bool stop_ = false;
    std::thread thread_;
};

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
                    const std::string &preload_library, ReportReader &reader,
                    const std::function<void(int32_t)> &process_ended) {
    LaunchResult result;
    ReportRing ring;
    if (!ring.create(result.error)) return result;
    // Like system(): the terminal's Ctrl-C / Ctrl-\ reach the program (same process group); heisen
    // outlives it to print what it reported.
    struct sigaction ignore {}, forward {}, old_term {}, old_hup {};
    InheritedDispositions inherited{};
    ignore.sa_handler = SIG_IGN;
    forward.sa_handler = forward_signal;
    sigaction(SIGINT, &ignore, &inherited.interrupt);
    sigaction(SIGQUIT, &ignore, &inherited.quit);

    const std::string ring_path = ring.path_for_children();
    pid_t child = fork();
    if (child < 0) {
        result.error = std::string("cannot fork: ") + std::strerror(errno);
        sigaction(SIGINT, &inherited.interrupt, nullptr);
        sigaction(SIGQUIT, &inherited.quit, nullptr);
        return result;
    }
    if (child == 0) exec_child(ring_path, path, argv, options, preload_library, inherited);
    g_child_pid = child;
    g_stop_waiting = 0;
    sigaction(SIGTERM, &forward, &old_term);
    sigaction(SIGHUP, &forward, &old_hup);
    result.started = true;

    // Read until the program has exited and no process it left behind can still report: the
    // processes in the ring's table that still run with the ring mapped. A process that has
    // ended is drained a last time and its area freed.
    bool exited = false;
    int quiet_checks = 0;
    auto handle = [&](std::vector<RingRecord> &&records) {
        for (const RingRecord &record : records) reader.record(record);
    };
    auto next_check = std::chrono::steady_clock::now();
    {
        RingDrainer drainer(ring);
        for (;;) {
            handle(drainer.take(std::chrono::milliseconds(20)));
            if (!exited) {
                int wait_status = 0;
                if (waitpid(child, &wait_status, WNOHANG) == child) {
                    exited = true;
                    result.exit_status = status_of(wait_status);
                    g_child_pid = 0;
                    struct sigaction stop {};
                    stop.sa_handler = stop_waiting;
                    sigaction(SIGINT, &stop, nullptr);
                    next_check = std::chrono::steady_clock::now();
                }
            }
            if (std::chrono::steady_clock::now() < next_check) continue;
            next_check = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
            bool can_report = false;
            for (int32_t pid : ring.known_processes()) {
                if (pid != child && process_running(pid)) {
                    can_report = can_report || (exited && process_can_report(pid));
                    continue;
                }
                if (pid == child && !exited) continue;  // reaped above, never by kill(0) alone
                handle(drainer.finish_process(pid));
                reader.finish_process(pid);
                process_ended(pid);
            }
            if (!exited) continue;
            // Two looks 100 ms apart: a process forked just before its parent ended enters the
            // table right after the fork.
            quiet_checks = can_report ? 0 : quiet_checks + 1;
            if (quiet_checks >= 2 || g_stop_waiting) break;
        }
    }
    std::vector<RingRecord> last;
    ring.drain(last);
    handle(std::move(last));
    reader.finish();
    result.unfollowed_processes = ring.unregistered_processes();
    result.lost_records = ring.records_without_area() + ring.records_dropped();
    g_child_pid = 0;
    sigaction(SIGINT, &inherited.interrupt, nullptr);
    sigaction(SIGQUIT, &inherited.quit, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    sigaction(SIGHUP, &old_hup, nullptr);
    return result;
}

}  // namespace heisen::run
