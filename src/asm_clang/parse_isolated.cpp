// parse_isolated.cpp — a parsing child that takes unit after unit over a socket.
//
// Request: the directory and the Clang arguments, each as a 32-bit length and its bytes, after a
// 32-bit count. Reply: the encoded unit (translation_unit_codec.h) after a 64-bit length.
#include "asm_clang/parse_isolated.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>

#include "asm_clang/child_process.h"
#include "asm_clang/parse_with_clang.h"
#include "asm_clang/translation_unit_codec.h"

namespace heisen::asmcheck {

namespace {

constexpr size_t kParseStackBytes = size_t{256} << 20;   // address space only, until touched
constexpr uint64_t kMaxResultBytes = uint64_t{1} << 30;

bool write_all(int fd, const void *data, size_t size) {
    const char *bytes = static_cast<const char *>(data);
    for (size_t done = 0; done < size;) {
        const ssize_t n = ::send(fd, bytes + done, size - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

// Blocking read of exactly `size` bytes; false on end of file or error.
bool read_all(int fd, void *data, size_t size) {
    char *bytes = static_cast<char *>(data);
    for (size_t done = 0; done < size;) {
        const ssize_t n = ::read(fd, bytes + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

// ---- the child ---------------------------------------------------------------------------------

struct ParseJob {
    const std::vector<std::string> *arguments;
    std::string encoded;
};

void *parse_thread(void *argument) {
    auto *job = static_cast<ParseJob *>(argument);
    try {
        job->encoded = encode_translation_unit(parse_with_clang(*job->arguments));
    } catch (const std::bad_alloc &) {
        ParsedTranslationUnit failed;
        failed.failure = "Clang ran out of memory";
        job->encoded = encode_translation_unit(failed);
    }
    return nullptr;
}

std::string parse_one(const std::vector<std::string> &arguments, const std::string &directory, int start_directory) {
    if (::fchdir(start_directory) != 0 || ::chdir(directory.c_str()) != 0) {
        ParsedTranslationUnit failed;
        failed.failure = "cannot enter the compile command's directory " + directory;
        return encode_translation_unit(failed);
    }
    ParseJob job{&arguments, {}};
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, kParseStackBytes);
    pthread_t thread;
    if (pthread_create(&thread, &attributes, parse_thread, &job) == 0) pthread_join(thread, nullptr);
    else parse_thread(&job);  // no room for a big stack: this one will do for ordinary code
    pthread_attr_destroy(&attributes);
    return std::move(job.encoded);
}

bool read_request(int fd, std::string &directory, std::vector<std::string> &arguments) {
    uint32_t count = 0;
    if (!read_all(fd, &count, sizeof count) || count == 0) return false;
    std::vector<std::string> strings(count);
    for (std::string &s : strings) {
        uint32_t size = 0;
        if (!read_all(fd, &size, sizeof size)) return false;
        s.resize(size);
        if (size && !read_all(fd, s.data(), size)) return false;
    }
    directory = std::move(strings.front());
    arguments.assign(std::make_move_iterator(strings.begin() + 1), std::make_move_iterator(strings.end()));
    return true;
}

[[noreturn]] void serve(int fd) {
    const int start_directory = ::open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    std::string directory;
    std::vector<std::string> arguments;
    while (read_request(fd, directory, arguments)) {
        const std::string reply = parse_one(arguments, directory, start_directory);
        const uint64_t size = reply.size();
        if (!write_all(fd, &size, sizeof size) || !write_all(fd, reply.data(), reply.size())) break;
    }
    ::_exit(0);
}

std::string encode_request(const std::string &directory, const std::vector<std::string> &arguments) {
    std::string out;
    auto put = [&](uint32_t n) { out.append(reinterpret_cast<const char *>(&n), sizeof n); };
    put(static_cast<uint32_t>(arguments.size() + 1));
    put(static_cast<uint32_t>(directory.size()));
    out += directory;
    for (const std::string &a : arguments) {
        put(static_cast<uint32_t>(a.size()));
        out += a;
    }
    return out;
}

// Reads exactly `size` bytes before the deadline. 1: done, 0: end of file or error, -1: timed out.
int read_by(int fd, char *data, size_t size, std::chrono::steady_clock::time_point deadline) {
    for (size_t done = 0; done < size;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return -1;
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno != EINTR) return 0;
        if (ready <= 0) continue;
        const ssize_t n = ::read(fd, data + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 0;
        done += static_cast<size_t>(n);
    }
    return 1;
}

ParsedTranslationUnit failed_unit(const std::string &reason) {
    ParsedTranslationUnit unit;
    unit.failure = "Clang's parser " + reason;
    return unit;
}

}  // namespace

// ---- the parent --------------------------------------------------------------------------------

IsolatedParser::~IsolatedParser() { stop(false); }

bool IsolatedParser::start() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        start_error_ = std::string("could not be started: cannot create a socket: ") + std::strerror(errno);
        return false;
    }
    std::string error;
    const pid_t pid = fork_isolated(fds[0], fds[1], error);
    if (pid < 0) {
        start_error_ = "could not be started: " + error;
        return false;
    }
    if (pid == 0) serve(fds[1]);
    child_ = pid;
    socket_ = fds[0];
    ++children_started_;
    return true;
}

void IsolatedParser::stop(bool kill_it) {
    if (child_ < 0) return;
    if (kill_it) ::kill(-child_, SIGKILL);
    ::close(socket_);  // an idle child reads the end of its requests and exits
    int status = 0;
    while (::waitpid(child_, &status, 0) < 0 && errno == EINTR) {
    }
    child_ = -1;
    socket_ = -1;
}

std::string IsolatedParser::reap_reason() {
    ::close(socket_);
    int status = 0;
    while (::waitpid(child_, &status, 0) < 0 && errno == EINTR) {
    }
    child_ = -1;
    socket_ = -1;
    ChildResult ended;  // says "crashed (SIGSEGV)", "exited with status 1" as for any child
    if (WIFSIGNALED(status)) ended.signal = WTERMSIG(status);
    if (WIFEXITED(status)) ended.exit_status = WEXITSTATUS(status);
    return ended.succeeded() ? "stopped without an answer" : ended.failure();
}

ParsedTranslationUnit IsolatedParser::parse(const std::vector<std::string> &clang_arguments,
                                            const std::string &directory, int timeout_seconds) {
    const std::string request = encode_request(directory, clang_arguments);
    // A child that died after its last answer (memory, a signal) fails the write: one fresh try.
    bool sent = false;
    for (int attempt = 0; attempt < 2 && !sent; ++attempt) {
        if (child_ < 0 && !start()) return failed_unit(start_error_);
        sent = write_all(socket_, request.data(), request.size());
        if (!sent) stop(true);
    }
    if (!sent) return failed_unit("could not be sent the unit");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    uint64_t size = 0;
    int got = read_by(socket_, reinterpret_cast<char *>(&size), sizeof size, deadline);
    std::string reply;
    if (got == 1) {
        if (size > kMaxResultBytes) {
            stop(true);
            return failed_unit("wrote more than the output limit");
        }
        reply.resize(size);
        got = read_by(socket_, reply.data(), reply.size(), deadline);
    }
    if (got < 0) {
        stop(true);
        return failed_unit("took longer than " + std::to_string(timeout_seconds) + " s");
    }
    if (got == 0) return failed_unit(reap_reason());
    ParsedTranslationUnit unit;
    if (decode_translation_unit(reply, unit)) return unit;
    stop(true);
    return failed_unit("sent a broken result");
}

ParsedTranslationUnit parse_isolated(const std::vector<std::string> &clang_arguments, const std::string &directory,
                                     int timeout_seconds) {
    IsolatedParser parser;
    return parser.parse(clang_arguments, directory, timeout_seconds);
}

}  // namespace heisen::asmcheck
