// What reports say about held locks. argv[1]:
//   released-elsewhere  a worker locks job_lock and main unlocks it (reported once: released by
//                       a context that does not own it); the worker then ends holding nothing
//   many                main holds 60 mutexes at once and releases them oldest first (correct)
//   many-bad            the same, plus one unlock of a mutex nobody holds (reported once)
//   short-names         two globals called m and rw taken in opposite orders (reported, with
//                       their names as written, not read as mangled C++ types)
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t job_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int locked, unlocked;

static void *lock_and_wait(void *unused) {
    pthread_mutex_lock(&job_lock);
    locked = 1;
    while (!unlocked) usleep(1000);
    return unused;
}

static void released_elsewhere(void) {
    pthread_t worker;
    pthread_create(&worker, NULL, lock_and_wait, NULL);
    while (!locked) usleep(1000);
    pthread_mutex_unlock(&job_lock);
    unlocked = 1;
    pthread_join(worker, NULL);
}

#define MANY 60
static pthread_mutex_t table[MANY];
static pthread_mutex_t never_locked;

static void many(int with_bad_unlock) {
    for (int i = 0; i < MANY; ++i) pthread_mutex_init(&table[i], NULL);
    pthread_mutex_init(&never_locked, NULL);
    for (int i = 0; i < MANY; ++i) pthread_mutex_lock(&table[i]);
    if (with_bad_unlock) pthread_mutex_unlock(&never_locked);
    for (int i = 0; i < MANY; ++i) pthread_mutex_unlock(&table[i]);
}

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static void short_names(void) {
    pthread_mutex_lock(&m);
    pthread_rwlock_wrlock(&rw);
    pthread_rwlock_unlock(&rw);
    pthread_mutex_unlock(&m);
    pthread_rwlock_wrlock(&rw);
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    pthread_rwlock_unlock(&rw);
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "released-elsewhere";
    if (!strcmp(scenario, "released-elsewhere")) released_elsewhere();
    if (!strcmp(scenario, "many")) many(0);
    if (!strcmp(scenario, "many-bad")) many(1);
    if (!strcmp(scenario, "short-names")) short_names();
    printf("held_listing: %s done\n", scenario);
    return 0;
}
