// Counting semaphores as events. main waits on `items` (created with 0) and a poster thread
// posts. argv[1]:
//   counting   the poster takes pool_lock on its way to posting; main holds pool_lock across its
//              wait: had main taken it first, the poster could never post. Reported. (In this
//              run the poster is done first, so nothing hangs.)
//   binary     the same with a semaphore created with 1 and used as a signal (CPython's
//              pattern: taken once to arm it, waited on again by the same thread): no event, no
//              report (interpose_semaphore.cpp says why)
//   correct    main waits holding nothing: no report
//   pool       a semaphore created with 2 is a pool of slots: main and a worker each take one
//              and give it back, both holding pool_lock while they do: no report
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t items;
static int posted;

static void *poster(void *unused) {
    pthread_mutex_lock(&pool_lock);
    pthread_mutex_unlock(&pool_lock);
    sem_post(&items);
    __atomic_store_n(&posted, 1, __ATOMIC_RELEASE);
    return unused;
}

static void use_a_slot(void) {
    pthread_mutex_lock(&pool_lock);
    sem_wait(&items);
    sem_post(&items);
    pthread_mutex_unlock(&pool_lock);
}

static void *slot_user(void *unused) {
    use_a_slot();
    return unused;
}

static void pool(void) {
    sem_init(&items, 0, 2);
    pthread_t worker;
    pthread_create(&worker, NULL, slot_user, NULL);
    use_a_slot();
    pthread_join(worker, NULL);
    use_a_slot();
    sem_destroy(&items);
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "counting";
    if (!strcmp(scenario, "pool")) {
        pool();
        puts("semaphore_events: pool done");
        return 0;
    }
    const int holding = strcmp(scenario, "correct") != 0;
    sem_init(&items, 0, !strcmp(scenario, "binary") ? 1 : 0);
    if (!strcmp(scenario, "binary")) sem_wait(&items);  // arm it
    pthread_t thread;
    pthread_create(&thread, NULL, poster, NULL);
    while (!__atomic_load_n(&posted, __ATOMIC_ACQUIRE)) usleep(1000);
    if (holding) pthread_mutex_lock(&pool_lock);
    const int taken = sem_wait(&items) == 0;
    if (holding) pthread_mutex_unlock(&pool_lock);
    pthread_join(thread, NULL);
    sem_destroy(&items);
    printf("semaphore_events: %s %s\n", scenario, taken ? "posted" : "failed");
    return 0;
}
