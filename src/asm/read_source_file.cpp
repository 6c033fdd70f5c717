// read_source_file.cpp — open without blocking, check the type and size, then read.
#include "asm/read_source_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace heisen::asmcheck {

namespace {

ReadFileResult failure(ReadFileResult::Status status, std::string problem) {
    ReadFileResult r;
    r.status = status;
    r.problem = std::move(problem);
    return r;
}

std::string cannot_read(int error) {
    if (error == ELOOP) return "symlink loop";
    return std::string("cannot read: ") + std::strerror(error);
}

ReadFileResult not_regular(const struct stat &st) {
    return failure(ReadFileResult::Status::Skipped,
                   std::string("not a regular file (") + file_type_name(st.st_mode) + "); not read");
}

ReadFileResult too_large(const struct stat &st, size_t max_bytes) {
    return failure(ReadFileResult::Status::Skipped,
                   std::to_string(static_cast<unsigned long long>(st.st_size) >> 20) + " MiB, more than the " +
                       std::to_string(max_bytes >> 20) + " MiB a source file may have; not read");
}

// What stat() says about reading the file.
ReadFileResult check(const struct stat &st, size_t max_bytes) {
    if (!S_ISREG(st.st_mode)) return not_regular(st);
    if (static_cast<unsigned long long>(st.st_size) > max_bytes) return too_large(st, max_bytes);
    return {};
}

}  // namespace

const char *file_type_name(unsigned mode) {
    switch (mode & S_IFMT) {
    case S_IFREG: return "a regular file";
    case S_IFDIR: return "a directory";
    case S_IFIFO: return "a FIFO";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFSOCK: return "a socket";
    default: return "of an unknown type";
    }
}

ReadFileResult check_source_file(const std::string &path, size_t max_bytes) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return failure(ReadFileResult::Status::NotReadable, cannot_read(errno));
    return check(st, max_bytes);
}

ReadFileResult read_source_file(const std::string &path, size_t max_bytes) {
    // Look before opening: opening a FIFO (even without O_NONBLOCK's effect on reads) or a
    // socket is already a side effect on someone else's file.
    ReadFileResult r = check_source_file(path, max_bytes);
    if (r.status != ReadFileResult::Status::Read) return r;
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return failure(ReadFileResult::Status::NotReadable, cannot_read(errno));
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        r = failure(ReadFileResult::Status::NotReadable, cannot_read(errno));
    } else if (r = check(st, max_bytes); r.status != ReadFileResult::Status::Read) {  // replaced since stat()
    } else {
        // The file may grow while it is read: never past the limit.
        r.contents.resize(static_cast<size_t>(st.st_size));
        size_t done = 0;
        for (;;) {
            if (done == r.contents.size()) {
                if (r.contents.size() >= max_bytes) break;
                r.contents.resize(std::min(max_bytes, r.contents.size() + 4096));
            }
            const ssize_t n = ::read(fd, r.contents.data() + done, r.contents.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                r = failure(ReadFileResult::Status::NotReadable, cannot_read(errno));
                break;
            }
            if (n == 0) break;
            done += static_cast<size_t>(n);
        }
        if (r.status == ReadFileResult::Status::Read) r.contents.resize(done);
    }
    ::close(fd);
    return r;
}

}  // namespace heisen::asmcheck
