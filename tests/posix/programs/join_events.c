// pthread_join as a wait for the joined thread's end. argv[1]:
//   held       the worker takes registry_lock on its way out; main joins it holding registry_lock
//              (after the worker is done, so this run does not hang): reported
//   c11        the same with thrd_create / thrd_join
//   unrelated  main holds registry_lock while joining a worker that takes only stats_lock: no report
//   released   main takes and releases registry_lock, then joins the worker that takes it: no report
//   announced  the worker says it is done under registry_lock (a condition broadcast) and ends;
//              main joins it holding registry_lock once it said so (pigz's join_all): the worker
//              needs nothing more to end, so no report
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <unistd.h>

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int worker_done;
static pthread_cond_t done_changed = PTHREAD_COND_INITIALIZER;
static const char *scenario;

static void *unregister(void *unused) {
    pthread_mutex_t *lock = strcmp(scenario, "unrelated") ? &registry_lock : &stats_lock;
    pthread_mutex_lock(lock);
    if (!strcmp(scenario, "announced")) {
        __atomic_store_n(&worker_done, 1, __ATOMIC_RELEASE);
        pthread_cond_broadcast(&done_changed);
    }
    pthread_mutex_unlock(lock);
    __atomic_store_n(&worker_done, 1, __ATOMIC_RELEASE);
    return unused;
}

static int c11_unregister(void *unused) {
    unregister(unused);
    return 0;
}

static void wait_until_done(void) {
    while (!__atomic_load_n(&worker_done, __ATOMIC_ACQUIRE)) usleep(1000);
}

int main(int argc, char **argv) {
    scenario = argc > 1 ? argv[1] : "held";
    if (!strcmp(scenario, "c11")) {
        thrd_t worker;
        thrd_create(&worker, c11_unregister, NULL);
        wait_until_done();
        pthread_mutex_lock(&registry_lock);
        thrd_join(worker, NULL);
        pthread_mutex_unlock(&registry_lock);
    } else if (!strcmp(scenario, "announced")) {
        pthread_t worker;
        pthread_mutex_lock(&registry_lock);
        pthread_create(&worker, NULL, unregister, NULL);
        while (!__atomic_load_n(&worker_done, __ATOMIC_ACQUIRE)) pthread_cond_wait(&done_changed, &registry_lock);
        pthread_join(worker, NULL);
        pthread_mutex_unlock(&registry_lock);
    } else {
        pthread_t worker;
        pthread_create(&worker, NULL, unregister, NULL);
        wait_until_done();
        pthread_mutex_lock(&registry_lock);
        if (!strcmp(scenario, "released")) pthread_mutex_unlock(&registry_lock);
        pthread_join(worker, NULL);
        if (strcmp(scenario, "released")) pthread_mutex_unlock(&registry_lock);
    }
    printf("join_events: %s done\n", scenario);
    return 0;
}
