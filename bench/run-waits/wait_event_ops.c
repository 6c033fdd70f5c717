// wait_event_ops.c — one kind of operation in a loop, single-threaded, for instruction counts of
// what `heisen run` adds to a wait or an event on the correct-program path. argv[1]:
//   lock       pthread_mutex_lock + unlock (the reference: one lock acquisition and release)
//   signal     lock, pthread_cond_signal (no waiter), unlock: an event with a lock held
//   barrier    pthread_barrier_wait on a barrier of one: an arrival (event) and a wait, nothing held
//   semaphore  sem_post + sem_wait on a counting semaphore: a wait, and the count given back
//   wait-held  lock, sem_post + sem_wait, unlock: a wait with a lock held
// argv[2]: iterations.
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t barrier;
static sem_t slots;

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "lock";
    const long iterations = argc > 2 ? atol(argv[2]) : 100000;
    pthread_barrier_init(&barrier, NULL, 1);
    sem_init(&slots, 0, 0);
    for (long i = 0; i < iterations; ++i) {
        if (!strcmp(mode, "lock")) {
            pthread_mutex_lock(&lock);
            pthread_mutex_unlock(&lock);
        } else if (!strcmp(mode, "signal")) {
            pthread_mutex_lock(&lock);
            pthread_cond_signal(&cond);
            pthread_mutex_unlock(&lock);
        } else if (!strcmp(mode, "barrier")) {
            pthread_barrier_wait(&barrier);
        } else if (!strcmp(mode, "semaphore")) {
            sem_post(&slots);
            sem_wait(&slots);
        } else if (!strcmp(mode, "wait-held")) {
            pthread_mutex_lock(&lock);
            sem_post(&slots);
            sem_wait(&slots);
            pthread_mutex_unlock(&lock);
        } else {
            fprintf(stderr, "wait_event_ops: unknown mode %s\n", mode);
            return 2;
        }
    }
    return 0;
}
