// lock_heavy — the workload of the `heisen run` overhead suite (bench/overhead/run.sh): THREADS
// threads each run ITERATIONS rounds of a nested critical section (one of 16 shard mutexes, then
// the thread's own statistics spinlock) plus, every 16th round, a reader/writer lookup, with a
// little work inside. Built by CMake against pthread locks (uninstrumented, `heisen run`,
// Helgrind), with clang-15 -fsanitize=thread, and with -DLOCK_HEAVY_ABSL against absl::Mutex
// with Abseil's deadlock detection reporting.
// Usage: lock_heavy [THREADS] [ITERATIONS]; prints the critical sections run, exits 0 when the
// counts add up.
#include <pthread.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#ifdef LOCK_HEAVY_ABSL
#include <absl/synchronization/mutex.h>
struct Mutex {
    absl::Mutex mu;
    void lock() { mu.Lock(); }
    void unlock() { mu.Unlock(); }
};
using Spinlock = Mutex;
struct ReaderLock {
    absl::Mutex mu;
    void read_lock() { mu.ReaderLock(); }
    void unlock() { mu.ReaderUnlock(); }
};
#else
struct Mutex {
    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    void lock() { pthread_mutex_lock(&mu); }
    void unlock() { pthread_mutex_unlock(&mu); }
};
struct Spinlock {
    pthread_spinlock_t lock_word;
    Spinlock() { pthread_spin_init(&lock_word, PTHREAD_PROCESS_PRIVATE); }
    void lock() { pthread_spin_lock(&lock_word); }
    void unlock() { pthread_spin_unlock(&lock_word); }
};
struct ReaderLock {
    pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
    void read_lock() { pthread_rwlock_rdlock(&rw); }
    void unlock() { pthread_rwlock_unlock(&rw); }
};
#endif

namespace {

constexpr unsigned kShards = 16;

Mutex shard_locks[kShards];
long shard_totals[kShards];
ReaderLock table_lock;
long table[64];
long iterations = 200000;

struct Worker {
    pthread_t thread;
    Spinlock stats_lock;
    long ops = 0;
    unsigned seed = 0;
};

void *run(void *raw) {
    Worker *w = static_cast<Worker *>(raw);
    for (long i = 0; i < iterations; ++i) {
        w->seed = w->seed * 1103515245u + 12345u;
        const unsigned shard = (w->seed >> 16) % kShards;
        shard_locks[shard].lock();
        w->stats_lock.lock();
        shard_totals[shard] += w->seed & 7;
        ++w->ops;
        w->stats_lock.unlock();
        shard_locks[shard].unlock();
        if ((i & 15) == 0) {
            table_lock.read_lock();
            const long v = table[w->seed & 63];
            table_lock.unlock();
            if (v < 0) std::abort();
        }
    }
    return nullptr;
}

}  // namespace

int main(int argc, char **argv) {
#ifdef LOCK_HEAVY_ABSL
    absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kReport);
#endif
    const int threads = argc > 1 ? std::atoi(argv[1]) : 4;
    if (argc > 2) iterations = std::atol(argv[2]);
    if (threads < 1 || threads > 256 || iterations < 1) {
        std::fprintf(stderr, "usage: lock_heavy [THREADS 1-256] [ITERATIONS]\n");
        return 2;
    }
    std::vector<Worker> workers(static_cast<size_t>(threads));
    for (int i = 0; i < threads; ++i) {
        workers[i].seed = static_cast<unsigned>(i) * 7919u + 1;
        pthread_create(&workers[i].thread, nullptr, run, &workers[i]);
    }
    long total = 0;
    for (Worker &w : workers) {
        pthread_join(w.thread, nullptr);
        total += w.ops;
    }
    std::printf("lock_heavy: %d threads, %ld critical sections\n", threads, total);
    return total == threads * iterations ? 0 : 1;
}
