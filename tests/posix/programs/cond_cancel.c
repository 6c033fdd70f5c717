// A thread cancelled while it waits. argv[1]:
//   cleanup     cancelled inside pthread_cond_wait; its cleanup handler unlocks the mutex glibc
//               re-acquired for it (correct: no report)
//   no-cleanup  cancelled inside pthread_cond_wait without a cleanup handler: the thread ends
//               holding the mutex (reported as exiting with locks held)
//   sleeping    cancelled in sleep() while holding a mutex (reported as exiting with locks held)
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static volatile int waiting;

static void unlock_queue(void *unused) {
    (void)unused;
    pthread_mutex_unlock(&queue_lock);
}

static void *wait_with_cleanup(void *unused) {
    pthread_mutex_lock(&queue_lock);
    pthread_cleanup_push(unlock_queue, NULL);
    waiting = 1;
    for (;;) pthread_cond_wait(&queue_ready, &queue_lock);
    pthread_cleanup_pop(1);
    return unused;
}

static void *wait_without_cleanup(void *unused) {
    pthread_mutex_lock(&queue_lock);
    waiting = 1;
    for (;;) pthread_cond_wait(&queue_ready, &queue_lock);
    return unused;
}

static void *sleep_holding(void *unused) {
    pthread_mutex_lock(&queue_lock);
    waiting = 1;
    for (;;) sleep(1);
    return unused;
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "cleanup";
    void *(*body)(void *) = !strcmp(scenario, "no-cleanup") ? wait_without_cleanup
                            : !strcmp(scenario, "sleeping") ? sleep_holding
                                                            : wait_with_cleanup;
    pthread_t thread;
    pthread_create(&thread, NULL, body, NULL);
    while (!waiting) usleep(1000);
    usleep(20 * 1000);  // into the wait
    pthread_cancel(thread);
    pthread_join(thread, NULL);
    if (!strcmp(scenario, "cleanup")) {  // the lock is free again
        pthread_mutex_lock(&queue_lock);
        pthread_mutex_unlock(&queue_lock);
    }
    printf("cond_cancel: %s done\n", scenario);
    return 0;
}
