// 200 threads alive at once, each taking two shared locks in the same order and one of its own.
// Correct: no report, and every thread's slot is given back.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 200

static pthread_mutex_t outer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t inner_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t all_started;
static long counter;

static void *work(void *unused) {
    pthread_mutex_t own;
    pthread_mutex_init(&own, NULL);
    pthread_barrier_wait(&all_started);
    for (int i = 0; i < 50; ++i) {
        pthread_mutex_lock(&own);
        pthread_mutex_lock(&outer_lock);
        pthread_mutex_lock(&inner_lock);
        ++counter;
        pthread_mutex_unlock(&inner_lock);
        pthread_mutex_unlock(&outer_lock);
        pthread_mutex_unlock(&own);
    }
    pthread_mutex_destroy(&own);
    return unused;
}

int main(void) {
    pthread_t threads[THREADS];
    pthread_barrier_init(&all_started, NULL, THREADS);
    for (int i = 0; i < THREADS; ++i)
        if (pthread_create(&threads[i], NULL, work, NULL) != 0) return 1;
    for (int i = 0; i < THREADS; ++i) pthread_join(threads[i], NULL);
    printf("many_threads: %ld\n", counter);
    return counter == THREADS * 50 ? 0 : 1;
}
