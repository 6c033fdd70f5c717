// lock_heavy — the lock-heavy microbenchmark of bench/compare: THREADS threads each take two
// locks in one fixed order ITERATIONS times and bump a shared counter. Built twice: against
// pthread mutexes (for no validator, heisen run, ThreadSanitizer and Helgrind) and, with
// -DLOCK_HEAVY_ABSL, against absl::Mutex with deadlock detection reporting.
// Usage: lock_heavy THREADS ITERATIONS; prints the nanoseconds per lock/unlock pair.
#include <pthread.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#ifdef LOCK_HEAVY_ABSL
#include <absl/synchronization/mutex.h>
struct Lock {
    absl::Mutex mu;
    void lock() { mu.Lock(); }
    void unlock() { mu.Unlock(); }
};
#else
struct Lock {
    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    void lock() { pthread_mutex_lock(&mu); }
    void unlock() { pthread_mutex_unlock(&mu); }
};
#endif

namespace {

Lock outer, inner;
long counter = 0;  // guarded by inner
long iterations = 0;

void *work(void *) {
    for (long i = 0; i < iterations; i++) {
        outer.lock();
        inner.lock();
        counter++;
        inner.unlock();
        outer.unlock();
    }
    return nullptr;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 3 || std::atoi(argv[1]) < 1 || std::atol(argv[2]) < 1) {
        std::fprintf(stderr, "usage: lock_heavy THREADS ITERATIONS\n");
        return 2;
    }
#ifdef LOCK_HEAVY_ABSL
    absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kReport);
#endif
    int threads = std::atoi(argv[1]);
    iterations = std::atol(argv[2]);
    std::vector<pthread_t> ids(threads);
    auto start = std::chrono::steady_clock::now();
    for (pthread_t &id : ids) pthread_create(&id, nullptr, work, nullptr);
    for (pthread_t id : ids) pthread_join(id, nullptr);
    double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    if (counter != threads * iterations) return 1;
    std::printf("lock_heavy: %d threads x %ld iterations: %.1f ns per lock/unlock pair\n", threads, iterations,
                ns / (2.0 * threads * iterations));
    return 0;
}
