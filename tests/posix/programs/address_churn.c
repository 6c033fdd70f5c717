// A long-running program's mutexes come and go: 300,000 of them, each at an address of its own,
// more than heisen's side table has entries. argv[1] says how they go:
//   destroyed  each is initialised, used and destroyed; two mutexes created after all that are
//              then taken in both orders: still a reported cycle
//   unmapped   they live in memory that is mapped, used and unmapped batch by batch (never
//              destroyed, like locks in a freed object); then two locks in fresh memory are
//              nested one way, their memory unmapped and mapped again at the same place, and two
//              new statically initialised locks there nested the other way: new locks, no cycle
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "lock_patterns.h"

enum { kMutexes = 300000, kBatch = 1000 };

static void use(pthread_mutex_t *mutex) {
    pthread_mutex_lock(mutex);
    pthread_mutex_unlock(mutex);
}

static int destroyed(void) {
    static pthread_mutex_t mutexes[kMutexes + 2];
    for (int i = 0; i < kMutexes; ++i) {
        pthread_mutex_init(&mutexes[i], NULL);
        use(&mutexes[i]);
        pthread_mutex_destroy(&mutexes[i]);
    }
    pthread_mutex_t *late_a = &mutexes[kMutexes], *late_b = &mutexes[kMutexes + 1];
    pthread_mutex_init(late_a, NULL);
    pthread_mutex_init(late_b, NULL);
    take_in_both_orders(late_a, late_b);
    return 0;
}

// A batch of mutexes in memory of its own at `at` (inside the reserved range), zeroed: every
// mutex in it is statically initialised.
static pthread_mutex_t *map_batch(char *at, size_t bytes) {
    void *batch = mmap(at, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    return batch == MAP_FAILED ? NULL : (pthread_mutex_t *)batch;
}

static int unmapped(void) {
    const size_t batch_bytes = ((kBatch * sizeof(pthread_mutex_t)) + 4095) & ~(size_t)4095;
    const size_t batches = kMutexes / kBatch + 1;
    char *range = mmap(NULL, batch_bytes * batches, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (range == MAP_FAILED) return 3;
    for (size_t b = 0; b + 1 < batches; ++b) {
        pthread_mutex_t *mutexes = map_batch(range + b * batch_bytes, batch_bytes);
        if (!mutexes) return 3;
        for (int i = 0; i < kBatch; ++i) use(&mutexes[i]);
        munmap(mutexes, batch_bytes);
    }
    char *last = range + (batches - 1) * batch_bytes;
    pthread_mutex_t *old_locks = map_batch(last, batch_bytes);
    if (!old_locks) return 3;
    pthread_mutex_lock(&old_locks[0]);
    pthread_mutex_lock(&old_locks[1]);
    pthread_mutex_unlock(&old_locks[1]);
    pthread_mutex_unlock(&old_locks[0]);
    munmap(old_locks, batch_bytes);
    pthread_mutex_t *new_locks = map_batch(last, batch_bytes);
    if (!new_locks) return 3;
    pthread_mutex_lock(&new_locks[1]);
    pthread_mutex_lock(&new_locks[0]);
    pthread_mutex_unlock(&new_locks[0]);
    pthread_mutex_unlock(&new_locks[1]);
    return 0;
}

int main(int argc, char **argv) {
    const char *how = argc > 1 ? argv[1] : "destroyed";
    const int rc = strcmp(how, "unmapped") == 0 ? unmapped() : destroyed();
    if (rc == 0) printf("address_churn: %s done\n", how);
    return rc;
}
