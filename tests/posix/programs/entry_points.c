// Locking entry points besides the classic pthread ones. argv[1]:
//   clock-rwlock   pthread_rwlock_clockrdlock / clockwrlock and their unlocks (correct)
//   clock-cycle    clockwrlock then a mutex in one thread, the mutex then clockwrlock in another
//   c11            C11 mtx_* and cnd_* used correctly (a producer and a consumer)
//   c11-cycle      two C11 mutexes taken in opposite orders by two threads
//   old-names      two mutexes in opposite orders through glibc's old exported names
//                  (__pthread_mutex_lock@GLIBC_2.2.5), as binaries built long ago call them
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <time.h>

static pthread_rwlock_t index_rwlock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t index_mutex = PTHREAD_MUTEX_INITIALIZER;

static struct timespec in_one_second(void) {
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += 1;
    return deadline;
}

static void clock_rwlock(void) {
    struct timespec deadline = in_one_second();
    pthread_rwlock_clockrdlock(&index_rwlock, CLOCK_MONOTONIC, &deadline);
    pthread_rwlock_unlock(&index_rwlock);
    pthread_rwlock_clockwrlock(&index_rwlock, CLOCK_MONOTONIC, &deadline);
    pthread_rwlock_unlock(&index_rwlock);
}

static void *write_then_mutex(void *unused) {
    struct timespec deadline = in_one_second();
    pthread_rwlock_clockwrlock(&index_rwlock, CLOCK_MONOTONIC, &deadline);
    pthread_mutex_lock(&index_mutex);
    pthread_mutex_unlock(&index_mutex);
    pthread_rwlock_unlock(&index_rwlock);
    return unused;
}

static void *mutex_then_write(void *unused) {
    struct timespec deadline = in_one_second();
    pthread_mutex_lock(&index_mutex);
    pthread_rwlock_clockwrlock(&index_rwlock, CLOCK_MONOTONIC, &deadline);
    pthread_rwlock_unlock(&index_rwlock);
    pthread_mutex_unlock(&index_mutex);
    return unused;
}

static void in_turn(void *(*first)(void *), void *(*second)(void *)) {
    pthread_t thread;
    pthread_create(&thread, NULL, first, NULL);
    pthread_join(thread, NULL);
    pthread_create(&thread, NULL, second, NULL);
    pthread_join(thread, NULL);
}

static mtx_t jobs_mtx, stats_mtx;
static cnd_t jobs_cnd;
static int jobs;

static int consume_jobs(void *unused) {
    (void)unused;
    for (int taken = 0; taken < 50; ++taken) {
        mtx_lock(&jobs_mtx);
        while (jobs == 0) cnd_wait(&jobs_cnd, &jobs_mtx);
        --jobs;
        mtx_unlock(&jobs_mtx);
    }
    return 0;
}

static void c11(void) {
    thrd_t consumer;
    thrd_create(&consumer, consume_jobs, NULL);
    for (int i = 0; i < 50; ++i) {
        mtx_lock(&jobs_mtx);
        ++jobs;
        cnd_signal(&jobs_cnd);
        mtx_unlock(&jobs_mtx);
    }
    thrd_join(consumer, NULL);
    if (mtx_trylock(&stats_mtx) == thrd_success) mtx_unlock(&stats_mtx);
}

static int jobs_then_stats(void *unused) {
    (void)unused;
    mtx_lock(&jobs_mtx);
    mtx_lock(&stats_mtx);
    mtx_unlock(&stats_mtx);
    mtx_unlock(&jobs_mtx);
    return 0;
}

static int stats_then_jobs(void *unused) {
    (void)unused;
    mtx_lock(&stats_mtx);
    mtx_lock(&jobs_mtx);
    mtx_unlock(&jobs_mtx);
    mtx_unlock(&stats_mtx);
    return 0;
}

static void c11_cycle(void) {
    thrd_t thread;
    thrd_create(&thread, jobs_then_stats, NULL);
    thrd_join(thread, NULL);
    thrd_create(&thread, stats_then_jobs, NULL);
    thrd_join(thread, NULL);
}

// glibc still exports these for binaries linked before glibc 2.34 merged libpthread into libc.
extern int old_mutex_lock(pthread_mutex_t *);
extern int old_mutex_unlock(pthread_mutex_t *);
__asm__(".symver old_mutex_lock,__pthread_mutex_lock@GLIBC_2.2.5");
__asm__(".symver old_mutex_unlock,__pthread_mutex_unlock@GLIBC_2.2.5");

static pthread_mutex_t old_lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t old_lock_b = PTHREAD_MUTEX_INITIALIZER;

static void old_names(void) {
    old_mutex_lock(&old_lock_a);
    old_mutex_lock(&old_lock_b);
    old_mutex_unlock(&old_lock_b);
    old_mutex_unlock(&old_lock_a);
    old_mutex_lock(&old_lock_b);
    old_mutex_lock(&old_lock_a);
    old_mutex_unlock(&old_lock_a);
    old_mutex_unlock(&old_lock_b);
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "clock-rwlock";
    mtx_init(&jobs_mtx, mtx_plain);
    mtx_init(&stats_mtx, mtx_plain);
    cnd_init(&jobs_cnd);
    if (!strcmp(scenario, "clock-rwlock")) clock_rwlock();
    if (!strcmp(scenario, "clock-cycle")) in_turn(write_then_mutex, mutex_then_write);
    if (!strcmp(scenario, "c11")) c11();
    if (!strcmp(scenario, "c11-cycle")) c11_cycle();
    if (!strcmp(scenario, "old-names")) old_names();
    printf("entry_points: %s done\n", scenario);
    return 0;
}
