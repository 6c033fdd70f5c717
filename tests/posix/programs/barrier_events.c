// pthread_barrier_wait as a wait for every participant. Two rounds of a two-thread barrier;
// argv[1]:
//   held      the helper takes table_lock on its way to the barrier (round 1); main holds
//             table_lock at the barrier (round 2): the helper could not arrive while main waits
//             for it. Reported (no hang in this run: the rounds are in the safe order).
//   correct   main holds table_lock at the barrier, the helper never takes it; both take and
//             let go of index_lock before arriving: no report
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t round_done;
static const char *scenario;

static void *helper(void *unused) {
    pthread_mutex_t *lock = strcmp(scenario, "held") ? &index_lock : &table_lock;
    pthread_mutex_lock(lock);
    pthread_mutex_unlock(lock);
    pthread_barrier_wait(&round_done);  // round 1
    pthread_barrier_wait(&round_done);  // round 2
    return unused;
}

int main(int argc, char **argv) {
    scenario = argc > 1 ? argv[1] : "held";
    pthread_barrier_init(&round_done, NULL, 2);
    pthread_t thread;
    pthread_create(&thread, NULL, helper, NULL);
    pthread_mutex_lock(&index_lock);
    pthread_mutex_unlock(&index_lock);
    pthread_barrier_wait(&round_done);  // round 1
    pthread_mutex_lock(&table_lock);
    pthread_barrier_wait(&round_done);  // round 2, holding table_lock
    pthread_mutex_unlock(&table_lock);
    pthread_join(thread, NULL);
    pthread_barrier_destroy(&round_done);
    printf("barrier_events: %s done\n", scenario);
    return 0;
}
