// Robust mutexes, whose owner may die holding them. argv[1]:
//   owner-dies   a worker ends holding the robust job_lock; main's lock returns EOWNERDEAD, which
//                is an acquisition: main marks it consistent and unlocks it (correct: no report)
//   trylock      the same, main's trylock returns EOWNERDEAD (correct: no report)
//   cycle        two robust mutexes taken in opposite orders by two threads (reported)
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t job_lock, queue_lock;

static void *die_holding(void *unused) {
    pthread_mutex_lock(&job_lock);
    return unused;
}

static void *job_then_queue(void *unused) {
    pthread_mutex_lock(&job_lock);
    pthread_mutex_lock(&queue_lock);
    pthread_mutex_unlock(&queue_lock);
    pthread_mutex_unlock(&job_lock);
    return unused;
}

static void *queue_then_job(void *unused) {
    pthread_mutex_lock(&queue_lock);
    pthread_mutex_lock(&job_lock);
    pthread_mutex_unlock(&job_lock);
    pthread_mutex_unlock(&queue_lock);
    return unused;
}

static void in_turn(void *(*first)(void *), void *(*second)(void *)) {
    pthread_t thread;
    pthread_create(&thread, NULL, first, NULL);
    pthread_join(thread, NULL);
    if (second) {
        pthread_create(&thread, NULL, second, NULL);
        pthread_join(thread, NULL);
    }
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "owner-dies";
    pthread_mutexattr_t robust;
    pthread_mutexattr_init(&robust);
    pthread_mutexattr_setrobust(&robust, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&job_lock, &robust);
    pthread_mutex_init(&queue_lock, &robust);
    int rc = 0;
    if (!strcmp(scenario, "cycle")) {
        in_turn(job_then_queue, queue_then_job);
    } else {
        in_turn(die_holding, NULL);
        rc = !strcmp(scenario, "trylock") ? pthread_mutex_trylock(&job_lock) : pthread_mutex_lock(&job_lock);
        if (rc == EOWNERDEAD) pthread_mutex_consistent(&job_lock);
        pthread_mutex_unlock(&job_lock);
    }
    printf("robust_mutex: %s done%s\n", scenario, rc == EOWNERDEAD ? ", owner died" : "");
    return 0;
}
