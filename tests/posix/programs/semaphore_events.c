// Semaphores as events. main waits on `items` and a poster thread posts. argv[1]:
//   counting   created with 0; the poster takes pool_lock on its way to posting; main holds
//              pool_lock across its wait: had main taken it first, the poster could never post.
//              Reported. (In this run the poster is done first, so nothing hangs.)
//   binary     the same with a semaphore created with 1 and used as a signal (CPython's
//              pattern: main takes it once to arm it — a lock so far — and another thread
//              posts it): an event from that post on, reported like `counting`, and no lock
//              report for main's "held" arming
//   binary-correct  the binary signal waited for holding nothing: no report
//   correct    main waits holding nothing: no report
//   pool       a semaphore created with 2 is a pool of slots: main and a worker each take one
//              and give it back, both holding pool_lock while they do: no report
//   self       one thread posts `items` itself under pool_lock (a flush that announces its own
//              completion), and later waits for it holding pool_lock: had it waited first, the
//              only poster — itself — could never take pool_lock to post. Reported without
//              hanging: the count posted earlier lets the wait return.
//   self-correct    the same thread waits after letting go of pool_lock: no report
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

static void flush_and_announce(void) {
    pthread_mutex_lock(&pool_lock);
    sem_post(&items);
    pthread_mutex_unlock(&pool_lock);
}

// Waits for the flush this thread announced itself; holding pool_lock unless `correct`.
static int wait_for_own_flush(int correct) {
    sem_init(&items, 0, 0);
    flush_and_announce();
    if (!correct) pthread_mutex_lock(&pool_lock);
    const int taken = sem_wait(&items) == 0;
    if (!correct) pthread_mutex_unlock(&pool_lock);
    sem_destroy(&items);
    return taken;
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "counting";
    if (!strcmp(scenario, "pool")) {
        pool();
        puts("semaphore_events: pool done");
        return 0;
    }
    if (!strncmp(scenario, "self", 4)) {
        const int taken = wait_for_own_flush(!strcmp(scenario, "self-correct"));
        printf("semaphore_events: %s %s\n", scenario, taken ? "posted" : "failed");
        return 0;
    }
    const int binary = !strncmp(scenario, "binary", 6);
    const int holding = strcmp(scenario, "correct") != 0 && strcmp(scenario, "binary-correct") != 0;
    sem_init(&items, 0, binary ? 1 : 0);
    if (binary) sem_wait(&items);  // arm it
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
