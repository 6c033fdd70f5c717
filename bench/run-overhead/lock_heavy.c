// A lock-heavy multithreaded workload for the `heisen run` overhead benchmark: THREADS threads
// each run ITERATIONS rounds of a nested critical section (a shard mutex, then a per-thread
// statistics spinlock) plus an occasional reader/writer lookup, with a little work inside.
// Usage: lock_heavy [THREADS] [ITERATIONS]
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define SHARDS 16

static pthread_mutex_t shard_locks[SHARDS];
static long shard_totals[SHARDS];
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static long table[64];
static long iterations = 200000;

struct worker {
    pthread_t thread;
    pthread_spinlock_t stats_lock;
    long ops;
    unsigned seed;
};

static void *run(void *raw) {
    struct worker *w = raw;
    for (long i = 0; i < iterations; ++i) {
        w->seed = w->seed * 1103515245u + 12345u;
        unsigned shard = (w->seed >> 16) % SHARDS;
        pthread_mutex_lock(&shard_locks[shard]);
        pthread_spin_lock(&w->stats_lock);
        shard_totals[shard] += w->seed & 7;
        ++w->ops;
        pthread_spin_unlock(&w->stats_lock);
        pthread_mutex_unlock(&shard_locks[shard]);
        if ((i & 15) == 0) {
            pthread_rwlock_rdlock(&table_lock);
            long v = table[w->seed & 63];
            pthread_rwlock_unlock(&table_lock);
            if (v < 0) abort();
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 4;
    if (argc > 2) iterations = atol(argv[2]);
    if (threads < 1 || threads > 256 || iterations < 1) return 2;
    for (int i = 0; i < SHARDS; ++i) pthread_mutex_init(&shard_locks[i], NULL);
    struct worker *workers = calloc((size_t)threads, sizeof *workers);
    for (int i = 0; i < threads; ++i) {
        pthread_spin_init(&workers[i].stats_lock, PTHREAD_PROCESS_PRIVATE);
        workers[i].seed = (unsigned)i * 7919u + 1;
        pthread_create(&workers[i].thread, NULL, run, &workers[i]);
    }
    long total = 0;
    for (int i = 0; i < threads; ++i) {
        pthread_join(workers[i].thread, NULL);
        total += workers[i].ops;
    }
    printf("lock_heavy: %d threads, %ld critical sections\n", threads, total);
    free(workers);
    return total == threads * iterations ? 0 : 1;
}
