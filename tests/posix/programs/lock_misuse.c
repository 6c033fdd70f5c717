// Lock calls on locks that are not there. argv[1]:
//   destroyed     lock a mutex after pthread_mutex_destroy (reported; glibc refuses with EINVAL)
//   reinit        destroy, pthread_mutex_init again, lock (correct)
//   freed         lock a mutex whose heap memory was freed (reported before the lock hangs on
//                 what the allocator wrote there)
//   sem-destroyed sem_wait on a destroyed semaphore (reported)
//   cond-unheld   pthread_cond_timedwait with a mutex the thread does not hold (reported)
//   cond-unseen   the same with a mutex never initialised or locked before (reported)
//   cond-refused  two waits glibc refuses on an error-checking mutex the thread does not hold
//                 (EPERM; reported at each: the first refusal leaves the mutex unheld)
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t cache_lock;
static pthread_cond_t cache_ready = PTHREAD_COND_INITIALIZER;

static struct timespec soon(void) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 10 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec += 1;
        deadline.tv_nsec -= 1000000000;
    }
    return deadline;
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "destroyed";
    setvbuf(stdout, NULL, _IONBF, 0);
    int rc = 0;
    if (!strcmp(scenario, "destroyed") || !strcmp(scenario, "reinit")) {
        pthread_mutex_init(&cache_lock, NULL);
        pthread_mutex_lock(&cache_lock);
        pthread_mutex_unlock(&cache_lock);
        pthread_mutex_destroy(&cache_lock);
        if (!strcmp(scenario, "reinit")) pthread_mutex_init(&cache_lock, NULL);
        rc = pthread_mutex_lock(&cache_lock);
        if (rc == 0) pthread_mutex_unlock(&cache_lock);
    } else if (!strcmp(scenario, "freed")) {
        pthread_mutex_t *volatile lock = malloc(sizeof *lock);  // volatile: no compiler warning
        pthread_mutex_init(lock, NULL);
        pthread_mutex_lock(lock);
        pthread_mutex_unlock(lock);
        free(lock);
        puts("lock_misuse: locking freed memory");
        rc = pthread_mutex_lock(lock);
    } else if (!strcmp(scenario, "sem-destroyed")) {
        sem_t slots;
        sem_init(&slots, 0, 1);
        sem_destroy(&slots);
        rc = sem_wait(&slots);
    } else if (!strcmp(scenario, "cond-refused")) {
        pthread_mutexattr_t errorcheck;
        pthread_mutexattr_init(&errorcheck);
        pthread_mutexattr_settype(&errorcheck, PTHREAD_MUTEX_ERRORCHECK);
        pthread_mutex_init(&cache_lock, &errorcheck);
        rc = pthread_cond_wait(&cache_ready, &cache_lock);
        struct timespec deadline = soon();
        rc = pthread_cond_timedwait(&cache_ready, &cache_lock, &deadline);
    } else if (!strcmp(scenario, "cond-unheld") || !strcmp(scenario, "cond-unseen")) {
        if (!strcmp(scenario, "cond-unheld")) {
            pthread_mutex_init(&cache_lock, NULL);
            pthread_mutex_lock(&cache_lock);
            pthread_mutex_unlock(&cache_lock);
        } else {
            memset(&cache_lock, 0, sizeof cache_lock);
        }
        struct timespec deadline = soon();
        rc = pthread_cond_timedwait(&cache_ready, &cache_lock, &deadline);
        pthread_mutex_unlock(&cache_lock);  // the wait returns with the mutex taken
    }
    printf("lock_misuse: %s done, %s\n", scenario, rc == 0 ? "0" : rc == EINVAL ? "EINVAL" : rc == ETIMEDOUT ? "ETIMEDOUT" : rc == EPERM ? "EPERM" : "other");
    return 0;
}
