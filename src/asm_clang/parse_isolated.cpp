// parse_isolated.cpp — fork, parse on a big stack, encode, decode.
#include "asm_clang/parse_isolated.h"

#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <new>

#include "asm_clang/child_process.h"
#include "asm_clang/parse_with_clang.h"
#include "asm_clang/translation_unit_codec.h"

namespace heisen::asmcheck {

namespace {

constexpr size_t kParseStackBytes = size_t{256} << 20;   // address space only, until touched
constexpr size_t kMaxResultBytes = size_t{1} << 30;

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

bool write_all(int fd, const std::string &bytes) {
    for (size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

int parse_in_child(const std::vector<std::string> &arguments, const std::string &directory, int out_fd) {
    if (::chdir(directory.c_str()) != 0) {
        ParsedTranslationUnit failed;
        failed.failure = "cannot enter the compile command's directory " + directory;
        return write_all(out_fd, encode_translation_unit(failed)) ? 0 : 1;
    }
    ParseJob job{&arguments, {}};
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, kParseStackBytes);
    pthread_t thread;
    if (pthread_create(&thread, &attributes, parse_thread, &job) == 0) pthread_join(thread, nullptr);
    else parse_thread(&job);  // no room for a big stack: this one will do for ordinary code
    return write_all(out_fd, job.encoded) ? 0 : 1;
}

}  // namespace

ParsedTranslationUnit parse_isolated(const std::vector<std::string> &clang_arguments, const std::string &directory,
                                     int timeout_seconds) {
    const ChildResult child = run_in_child(
        [&](int out_fd) { return parse_in_child(clang_arguments, directory, out_fd); }, timeout_seconds,
        kMaxResultBytes);
    ParsedTranslationUnit unit;
    if (child.succeeded() && decode_translation_unit(child.output, unit)) return unit;
    unit = ParsedTranslationUnit{};
    unit.failure = "Clang's parser " + (child.succeeded() ? std::string("sent a broken result") : child.failure());
    return unit;
}

}  // namespace heisen::asmcheck
